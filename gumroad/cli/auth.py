"""
gumroad.cli.auth
~~~~~~~~~~~~~~~~

``gumroad auth login|status|logout``.

``login`` runs the OAuth browser flow with PKCE against a one-shot redirect
server on ``127.0.0.1`` (see :mod:`gumroad.cli.callback`), or, with
``--token``, stores a personal access token pasted on stdin. Either way the
token is checked against ``GET /user`` and saved to the token file with mode
0600. ``logout`` revokes an OAuth token at Gumroad, then deletes the file.
No token is ever printed.
"""

from __future__ import annotations

import getpass
import os
import webbrowser
from collections.abc import Callable
from typing import Any

from .. import oauth
from ..errors import AuthenticationError, GumroadClientError
from .callback import CallbackServer, LoginFailed
from .config import (
    API_ENV,
    CLIENT_ID_ENV,
    CLIENT_SECRET_ENV,
    OAUTH_ENV,
    TOKEN_ENV,
    CLITokenStore,
    Credentials,
    NeedsLogin,
    iter_meta,
    load_credentials,
    make_client,
    oauth_url,
    token_path,
)
from .context import Context, UsageError
from .options import Parents, Subparsers
from .output import isatty, write_one

__all__ = ["DEFAULT_SCOPES", "register"]

#: What ``auth login`` asks for: enough for every command of the CLI.
DEFAULT_SCOPES = ("view_profile", "edit_products", "view_sales", "view_payouts",
                  "mark_sales_as_shipped", "edit_sales")

#: Opens a URL in a browser; a test may replace it.
open_browser: Callable[[str], bool] = webbrowser.open


def _where() -> dict[str, str]:
    """The non-default servers in use, saved with the token so it keeps talking to them."""
    where = {}
    for env, key in ((API_ENV, "api_base_url"), (OAUTH_ENV, "oauth_base_url")):
        value = os.environ.get(env, "").strip()
        if value:
            where[key] = value.rstrip("/")
    return where


def _read_token(ctx: Context, given: str) -> str:
    if given != "-":
        return given.strip()
    if isatty(ctx.stdin):
        return getpass.getpass("Paste your Gumroad access token (input hidden): ").strip()
    return ctx.stdin.readline().strip()


def _greet(ctx: Context, record: dict[str, Any]) -> None:
    """Check the new token with ``GET /user`` and say whose it is."""
    meta = {k: v for k, v in record.items() if "token" not in k}
    client = make_client(Credentials("env", record, meta=meta))
    try:
        user = client.user.get()
    finally:
        client.close()
    name = user.get("name") or user.get("display_name") or user.get("id") or "?"
    email = user.get("email")
    ctx.note(f"Logged in as {name}" + (f" <{email}>" if email else ""))


def _save(ctx: Context, record: dict[str, Any]) -> None:
    store = CLITokenStore(token_path())
    store.file.save(record)
    ctx.note(f"Token saved to {store.path} (mode 0600).")
    if os.environ.get(TOKEN_ENV, "").strip():
        ctx.note(f"note: {TOKEN_ENV} is set and takes precedence over the saved token.")


def login(ctx: Context) -> int:
    """``gumroad auth login``: the browser flow, or ``--token`` for a personal token."""
    args = ctx.args
    if args.token is not None:
        value = _read_token(ctx, args.token)
        if not value:
            raise UsageError("no token given: paste it on stdin or pass --token VALUE")
        record: dict[str, Any] = {"access_token": value, "token_type": "Bearer",
                                  "source": "personal", **_where()}
        try:
            _greet(ctx, record)
        except AuthenticationError as exc:
            raise NeedsLogin(f"the token was refused ({exc.message}); nothing was saved") from exc
        _save(ctx, record)
        return 0
    client_id = args.client_id or os.environ.get(CLIENT_ID_ENV, "").strip()
    if not client_id:
        raise UsageError(f"auth login needs an OAuth app's client id: pass --client-id or set "
                         f"{CLIENT_ID_ENV} (or use --token for a personal access token)")
    secret = args.client_secret or os.environ.get(CLIENT_SECRET_ENV, "").strip() or None
    scopes = " ".join(args.scope) if args.scope else " ".join(DEFAULT_SCOPES)
    verifier, challenge = oauth.generate_pkce_pair()
    state = oauth.generate_state()
    try:
        server = CallbackServer(state, port=args.port, timeout=args.timeout)
    except OSError as exc:
        raise UsageError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}") from exc
    try:
        url = oauth.get_authorization_url(client_id, server.redirect_uri, scopes.replace(",", " "),
                                          state, code_challenge=challenge)
        server.start()
        if args.no_browser:
            ctx.note("Open this URL in a browser to authorize the gumroad command line:")
            ctx.stdout.write(url + "\n")
            ctx.stdout.flush()
        else:
            ctx.note("Opening your browser to authorize the gumroad command line.")
            ctx.note(f"If it does not open, visit:\n  {url}")
            open_browser(url)
        ctx.note(f"Waiting for the redirect to {server.redirect_uri} ...")
        code = server.wait()
    except LoginFailed as exc:
        raise NeedsLogin(f"login failed: {exc}") from exc
    finally:
        server.close()
    token = oauth.exchange_code_for_token(client_id, secret, code, server.redirect_uri,
                                          code_verifier=verifier)
    record = {**token, "source": "oauth", "client_id": client_id, **_where()}
    if secret:
        record["client_secret"] = secret
    _save(ctx, record)
    try:
        _greet(ctx, record)
    except GumroadClientError as exc:
        ctx.note(f"warning: the token was saved but GET /user failed: {exc.message}")
    return 0


def status(ctx: Context) -> int:
    """``gumroad auth status``: where the token comes from, and whose it is."""
    creds = load_credentials()
    if creds is None:
        raise NeedsLogin(f"not logged in: no {TOKEN_ENV} and no token file at {token_path()}")
    info: dict[str, Any] = dict(iter_meta(creds))
    client = make_client(creds)
    try:
        info["api_base_url"] = client.base_url
        if not ctx.args.offline:
            user = client.user.get()
            info["user"] = {k: user.get(k) for k in ("id", "name", "email") if user.get(k)}
    finally:
        client.close()
    write_one(ctx, info, "status")
    return 0


def logout(ctx: Context) -> int:
    """``gumroad auth logout``: revoke an OAuth token at Gumroad, then delete the file."""
    store = CLITokenStore(token_path())
    if not os.path.exists(store.path):
        if os.environ.get(TOKEN_ENV, "").strip():
            ctx.note(f"No token file; {TOKEN_ENV} is set in your environment: unset it yourself.")
        else:
            ctx.note("Not logged in; nothing to do.")
        return 0
    failed: str | None = None
    try:
        data = store.file.load() or {}
    except GumroadClientError:
        data = {}
    access, client_id = data.get("access_token"), data.get("client_id")
    if data.get("source") == "oauth" and isinstance(access, str) and isinstance(client_id, str):
        creds = Credentials("file", data, meta={k: v for k, v in data.items() if "token" not in k})
        try:
            oauth.revoke_token(client_id, data.get("client_secret"), access,
                               revoke_url=oauth_url(creds, "/oauth/revoke"))
            ctx.note("Token revoked at Gumroad.")
        except GumroadClientError as exc:
            failed = exc.message
    store.delete()
    ctx.note(f"Deleted {store.path}.")
    if failed:
        raise RevokeFailed(f"could not revoke the token at Gumroad ({failed}); it was deleted "
                           "here, but revoke the app's access in Gumroad's settings to be sure")
    return 0


class RevokeFailed(GumroadClientError):
    """``auth logout`` deleted the file but could not revoke the token (exit 1)."""


def register(sub: Subparsers, parents: Parents) -> None:
    """Add ``auth`` to the top-level subparsers *sub*."""
    p = sub.add_parser("auth", help="log in, show the login, log out")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = acts.add_parser("login", help="authorize this computer (browser + PKCE, or --token)")
    q.add_argument("--token", nargs="?", const="-", metavar="VALUE",
                   help="store a personal access token; without VALUE it is read from stdin")
    q.add_argument("--client-id", help=f"your OAuth app's id (or {CLIENT_ID_ENV})")
    q.add_argument("--client-secret", help=f"its secret, for confidential apps ({CLIENT_SECRET_ENV})")
    q.add_argument("--scope", action="append", metavar="SCOPES",
                   help=f"scopes to ask for (default: {' '.join(DEFAULT_SCOPES)})")
    q.add_argument("--no-browser", action="store_true", help="print the URL instead of opening it")
    q.add_argument("--port", type=int, default=0, help="callback port on 127.0.0.1 (default: free)")
    q.add_argument("--timeout", type=float, default=300.0, help="seconds to wait (default 300)")
    q.set_defaults(handler=login)
    q = acts.add_parser("status", parents=[parents.output], help="show where the token comes from")
    q.add_argument("--offline", action="store_true", help="do not check the token with the API")
    q.set_defaults(handler=status)
    q = acts.add_parser("logout", help="revoke the saved token and delete it")
    q.set_defaults(handler=logout)

