"""
gumroad.tokens
~~~~~~~~~~~~~~

Where a seller's OAuth token lives between requests and between processes.

Gumroad rotates refresh tokens: the old pair dies the moment a new one is
issued. A store shared by several processes therefore offers a lock; the client
takes it around a refresh, reloads the stored token inside it, and uses a token
another process already rotated instead of refreshing again.

Usage::

    from gumroad import FileTokenStore, GumroadClient

    store = FileTokenStore("~/.config/myapp/gumroad-token.json")
    store.save(token)                       # once, after the OAuth callback
    client = GumroadClient(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_store=store)
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ContextManager, Protocol, runtime_checkable

from .errors import ConfigurationError

if TYPE_CHECKING:
    from .contrib.redis import RedisTokenStore  # noqa: F401

__all__ = ["CallbackTokenStore", "FileTokenStore", "MemoryTokenStore", "Token", "TokenStore"]

Token = dict[str, Any]
"""An OAuth token as the token endpoint returns it (``access_token``, ``refresh_token``, ...)."""


@runtime_checkable
class TokenStore(Protocol):
    """Loads, saves and locks one seller's token.

    ``lock()`` must exclude every other holder of the same token, in this
    process and (for shared stores) in others, for as long as a refresh runs.
    """

    def load(self) -> Token | None:
        """Return the stored token, or ``None`` when there is none."""

    def save(self, token: Token) -> None:
        """Store *token*, durably, before returning. Raise if it cannot."""

    def lock(self) -> ContextManager[object]:
        """A context manager held around a refresh."""


class MemoryTokenStore:
    """A token kept in this process only; the lock is a :class:`threading.RLock`."""

    def __init__(self, token: Mapping[str, Any] | None = None) -> None:
        self._token: Token | None = dict(token) if token else None
        self._lock = threading.RLock()

    def load(self) -> Token | None:
        with self._lock:
            return dict(self._token) if self._token else None

    def save(self, token: Token) -> None:
        with self._lock:
            self._token = dict(token)

    def lock(self) -> ContextManager[object]:
        return self._lock

    def __repr__(self) -> str:
        return f"<MemoryTokenStore {'holding a token' if self._token else 'empty'}>"


class CallbackTokenStore:
    """A store made of two callables, e.g. reading and writing a database row.

    *lock*, when given, is a callable returning a context manager (say, one
    that takes a row lock); without it a process-local lock is used.
    """

    def __init__(
        self,
        load: Callable[[], Token | None],
        save: Callable[[Token], None],
        lock: Callable[[], ContextManager[object]] | None = None,
    ) -> None:
        self._load = load
        self._save = save
        self._lock_factory = lock
        self._local = threading.RLock()

    def load(self) -> Token | None:
        return self._load()

    def save(self, token: Token) -> None:
        self._save(token)

    def lock(self) -> ContextManager[object]:
        if self._lock_factory is not None:
            return self._lock_factory()
        return self._local

    def __repr__(self) -> str:
        return "<CallbackTokenStore>"


class FileTokenStore:
    """A token in a JSON file: mode 0600, replaced atomically, locked across processes.

    The lock is an OS advisory lock (``fcntl.flock``; ``msvcrt.locking`` on
    Windows) on a sidecar file ``<path>.lock``, so the token file itself can be
    replaced atomically while the lock is held.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.path.abspath(os.path.expanduser(os.fspath(path)))
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._lock_fd: int | None = None

    def load(self) -> Token | None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return None
        except ValueError as exc:
            raise ConfigurationError(
                f"token file {self.path} is not valid JSON; delete it and connect again"
            ) from exc
        if not isinstance(data, dict):
            raise ConfigurationError(f"token file {self.path} does not hold a JSON object")
        return data

    def save(self, token: Token) -> None:
        directory = os.path.dirname(self.path)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gumroad-token-", dir=directory)
        try:
            os.chmod(tmp, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(token, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def lock(self) -> Iterator[object]:
        with self._thread_lock:
            if self._depth == 0:
                self._lock_fd = _os_lock(self.path + ".lock")
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
                if self._depth == 0 and self._lock_fd is not None:
                    _os_unlock(self._lock_fd)
                    self._lock_fd = None

    def __repr__(self) -> str:
        return f"<FileTokenStore {self.path!r}>"


def _os_lock(path: str) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _os_unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def __getattr__(name: str) -> Any:
    # RedisTokenStore lives in gumroad.contrib.redis (extra "redis"); importing it
    # here lazily keeps redis out of `import gumroad`.
    if name == "RedisTokenStore":
        from .contrib.redis import RedisTokenStore

        return RedisTokenStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
