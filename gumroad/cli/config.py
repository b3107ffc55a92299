"""
gumroad.cli.config
~~~~~~~~~~~~~~~~~~

Where the command line finds its credentials and which server it talks to.

1. ``GUMROAD_ACCESS_TOKEN`` wins (no refresh; nothing is written).
2. Otherwise the token file ``$XDG_CONFIG_HOME/gumroad/token.json`` (default
   ``~/.config/gumroad/token.json``), written by ``gumroad auth login`` with
   mode 0600 through :class:`~gumroad.tokens.FileTokenStore`. A file that group
   or others can access is refused: the token in it may already have leaked.

The file holds the token response plus what a refresh needs (``client_id``,
``client_secret`` when one was given) and where the token belongs
(``api_base_url``, ``oauth_base_url`` when they were not Gumroad's), so a token
saved against the sandbox keeps talking to the sandbox.
``GUMROAD_API_BASE_URL`` and ``GUMROAD_OAUTH_BASE_URL`` override those.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ContextManager

from ..tokens import FileTokenStore, Token

if TYPE_CHECKING:
    from ..client import GumroadClient

__all__ = [
    "API_ENV",
    "CLIENT_ID_ENV",
    "CLIENT_SECRET_ENV",
    "OAUTH_ENV",
    "TOKEN_ENV",
    "CLITokenStore",
    "Credentials",
    "NeedsLogin",
    "load_credentials",
    "make_client",
    "token_path",
]

TOKEN_ENV = "GUMROAD_ACCESS_TOKEN"
API_ENV = "GUMROAD_API_BASE_URL"
OAUTH_ENV = "GUMROAD_OAUTH_BASE_URL"
CLIENT_ID_ENV = "GUMROAD_CLIENT_ID"
CLIENT_SECRET_ENV = "GUMROAD_CLIENT_SECRET"

#: Keys kept in the token file beside the token response itself.
META_KEYS = ("source", "client_id", "client_secret", "api_base_url", "oauth_base_url")


class NeedsLogin(Exception):
    """No usable credentials: not logged in, token refused, or token file unsafe (exit 3)."""


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/gumroad``, or ``~/.config/gumroad``."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".config"
    return root / "gumroad"


def token_path() -> Path:
    """The token file written by ``gumroad auth login``."""
    return config_dir() / "token.json"


def check_private(path: str | os.PathLike[str]) -> None:
    """Refuse a token file that group or others can access.

    :raises NeedsLogin: with the ``chmod`` that fixes it.
    """
    if os.name == "nt":  # pragma: no cover - POSIX modes do not apply
        return
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise NeedsLogin(
            f"refusing to use token file {os.fspath(path)}: group or others can access it "
            f"(mode {stat.S_IMODE(mode):04o}); run `chmod 600 {os.fspath(path)}` "
            "or `gumroad auth login` again"
        )


class CLITokenStore:
    """A :class:`~gumroad.tokens.FileTokenStore` that checks the file's mode and
    keeps the CLI's extra keys (``client_id``...) when the client saves a refreshed token.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.file = FileTokenStore(path)
        self.path = self.file.path
        self._meta: dict[str, Any] = {}

    def load(self) -> Token | None:
        check_private(self.path)
        data = self.file.load()
        if data is not None:
            self._meta = {k: data[k] for k in META_KEYS if data.get(k)}
        return data

    def save(self, token: Token) -> None:
        merged = dict(token)
        for key, value in self._meta.items():
            merged.setdefault(key, value)
        self._meta = {k: merged[k] for k in META_KEYS if merged.get(k)}
        self.file.save(merged)

    def lock(self) -> ContextManager[object]:
        return self.file.lock()

    def delete(self) -> bool:
        """Remove the token file and its lock file; whether a token file was there."""
        existed = os.path.exists(self.path)
        for name in (self.path, self.path + ".lock"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
        return existed

    def __repr__(self) -> str:
        return f"<CLITokenStore {self.path!r}>"


@dataclass
class Credentials:
    """The token the CLI will use and where it came from."""

    source: str  # "env" or "file"
    token: Token
    path: str | None = None
    store: CLITokenStore | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def client_id(self) -> str | None:
        """The OAuth app's id (``GUMROAD_CLIENT_ID`` wins over the file)."""
        value = os.environ.get(CLIENT_ID_ENV, "").strip() or self.meta.get("client_id")
        return value if isinstance(value, str) and value else None

    @property
    def client_secret(self) -> str | None:
        """The OAuth app's secret, if one was given (most apps are public)."""
        value = os.environ.get(CLIENT_SECRET_ENV, "").strip() or self.meta.get("client_secret")
        return value if isinstance(value, str) and value else None

    @property
    def refreshable(self) -> bool:
        """Whether a refused token can be refreshed."""
        return bool(self.source == "file" and self.client_id and self.token.get("refresh_token"))


def load_credentials() -> Credentials | None:
    """The credentials to use, or ``None`` when there are none.

    :raises NeedsLogin: the token file is unsafe or unreadable.
    """
    env = os.environ.get(TOKEN_ENV, "").strip()
    if env:
        return Credentials("env", {"access_token": env, "token_type": "Bearer"})
    store = CLITokenStore(token_path())
    try:
        data = store.load()
    except NeedsLogin:
        raise
    except Exception as exc:  # unreadable JSON, a directory in the way...
        raise NeedsLogin(f"cannot read token file {store.path}: {exc}") from exc
    if not data or not isinstance(data.get("access_token"), str):
        return None
    meta = {k: data[k] for k in META_KEYS if data.get(k)}
    return Credentials("file", data, path=store.path, store=store, meta=meta)


def api_base_url(creds: Credentials | None = None) -> str | None:
    """``GUMROAD_API_BASE_URL``, else the server the saved token belongs to, else ``None``."""
    env = os.environ.get(API_ENV, "").strip()
    if env:
        return env
    saved = creds.meta.get("api_base_url") if creds is not None else None
    return saved if isinstance(saved, str) and saved else None


def oauth_base_url(creds: Credentials | None = None) -> str | None:
    """``GUMROAD_OAUTH_BASE_URL``, else the one saved with the token, else ``None`` (Gumroad's)."""
    env = os.environ.get(OAUTH_ENV, "").strip()
    if env:
        return env.rstrip("/")
    saved = creds.meta.get("oauth_base_url") if creds is not None else None
    return saved.rstrip("/") if isinstance(saved, str) and saved else None


def oauth_url(creds: Credentials | None, path: str) -> str | None:
    """The OAuth endpoint *path* (``/oauth/token``) on the chosen OAuth host, or ``None``."""
    base = oauth_base_url(creds)
    return base + path if base else None


def make_client(
    creds: Credentials | None, *, anonymous: bool = False, placeholder: str | None = None
) -> GumroadClient:
    """A client for *creds* (refreshing through the token file when it can).

    :param anonymous: with no credentials, a client that sends no token.
    :param placeholder: with no credentials, use this token instead (``--dry-run``).
    """
    from ..client import GumroadClient

    base_url = api_base_url(creds)
    refresh_url = oauth_url(creds, "/oauth/token")
    if creds is None:
        if placeholder is not None:
            return GumroadClient(access_token=placeholder, base_url=base_url)
        if anonymous:
            return GumroadClient.unauthenticated(base_url=base_url)
        raise NeedsLogin("not logged in: run `gumroad auth login` or set GUMROAD_ACCESS_TOKEN")
    if creds.source == "env" or creds.store is None:
        return GumroadClient(access_token=creds.token["access_token"], base_url=base_url)
    return GumroadClient(
        token_store=creds.store,
        client_id=creds.client_id,
        client_secret=creds.client_secret,
        base_url=base_url,
        auto_refresh_url=refresh_url,
    )


def iter_meta(creds: Credentials) -> Iterator[tuple[str, Any]]:
    """The non-secret facts about *creds*, for ``auth status``."""
    yield "source", creds.source
    if creds.path:
        yield "token_file", creds.path
    yield "kind", creds.meta.get("source", "environment" if creds.source == "env" else "unknown")
    yield "client_id", creds.client_id
    yield "refreshable", creds.refreshable
    scope = creds.token.get("scope")
    yield "scopes", scope.split() if isinstance(scope, str) else None
