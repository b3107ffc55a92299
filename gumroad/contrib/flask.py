"""
gumroad.contrib.flask
~~~~~~~~~~~~~~~~~~~~~

Connect Gumroad sellers to a Flask app: the OAuth dance with ``state`` and
PKCE, one token per seller kept by your own storage, refreshes that go back to
it, disconnect, and a ping receiver.

Usage::

    from flask import Flask
    from gumroad.contrib.flask import GumroadOAuth

    app = Flask(__name__)
    app.secret_key = ...                     # the OAuth state lives in the session

    gumroad_oauth = GumroadOAuth(
        app,
        client_id=GUMROAD_CLIENT_ID,
        client_secret=GUMROAD_CLIENT_SECRET,
        scopes=["view_profile", "view_sales"],
        seller_key=lambda: current_user.id,            # who is connecting
        load_token=lambda seller: db.load(seller),     # -> token dict or None
        save_token=lambda seller, token: db.save(seller, token),
        delete_token=lambda seller: db.delete(seller),
    )

    @app.get("/dashboard")
    def dashboard():
        client = gumroad_oauth.client_for_current_seller()
        return {"name": client.user.get()["name"]}

Routes, under ``url_prefix`` (default ``/gumroad``), in the blueprint ``gumroad``:

- ``GET /login`` (``gumroad.login``): a fresh ``state`` and PKCE pair in the
  session, then a redirect to Gumroad (a local ``?next=/path`` is kept).
- ``GET /callback`` (``gumroad.callback``): check ``state``, exchange the code
  once, call ``save_token``.
- ``POST /disconnect`` (``gumroad.disconnect``): revoke at Gumroad, call ``delete_token``.
- ``POST /ping`` (``gumroad.ping``): parse, skip redeliveries, optionally
  confirm, call ``on_ping(ping, confirmed)``.

Settings not passed to the constructor are read from ``app.config``:
``GUMROAD_CLIENT_ID``, ``GUMROAD_CLIENT_SECRET``, ``GUMROAD_SCOPES``,
``GUMROAD_REDIRECT_URI``, ``GUMROAD_API_BASE_URL``, ``GUMROAD_OAUTH_BASE_URL``.

The ``state`` and PKCE verifier sit in :data:`flask.session`; with Flask's
default signed-cookie session they travel in the seller's own browser cookie
(signed, readable by that browser only). Use a server-side session (say,
Flask-Session) to keep them off the wire entirely.

Install with ``pip install 'gumroad[flask]'``.
"""

from __future__ import annotations

import collections
import logging
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ContextManager, Optional, Protocol, Union

from flask import Blueprint, Flask, Response, current_app, redirect, request, session, url_for
from markupsafe import escape
from werkzeug.wrappers import Response as BaseResponse

from .. import oauth
from ..client import GumroadClient
from ..errors import APIConnectionError, ConfigurationError, GumroadClientError
from ..oauth import GumroadScope
from ..tokens import CallbackTokenStore, Token
from ..webhooks import InvalidPingError, Ping, confirm_sale, confirm_subscription, parse_ping
from . import NotConnectedError

__all__ = ["GumroadOAuth", "MemoryPingLog", "NotConnectedError", "PingLog"]

log = logging.getLogger("gumroad")

SESSION_KEY = "_gumroad_oauth"
DEFAULT_SCOPES: tuple[str, ...] = (GumroadScope.VIEW_PROFILE.value, GumroadScope.VIEW_SALES.value)

LoadToken = Callable[[Any], Optional[Token]]
SaveToken = Callable[[Any, Token], None]
DeleteToken = Callable[[Any], None]
LockToken = Callable[[Any], ContextManager[object]]
OnPing = Callable[[Ping, Optional[Mapping[str, Any]]], None]
ScopesArg = Union[str, Iterable[Union[str, GumroadScope]]]


class PingLog(Protocol):
    """Remembers which ping events were handled, so a redelivery is handled once."""

    def claim(self, key: str) -> bool:
        """Atomically mark *key* taken; ``False`` if it already was."""

    def release(self, key: str) -> None:
        """Forget *key* (handling failed; Gumroad's retry should be handled again)."""


class MemoryPingLog:
    """A :class:`PingLog` in this process's memory, keeping the last *size* keys.

    Good for one process; with several workers use shared storage (a unique
    database column, Redis ``SET NX``).
    """

    def __init__(self, size: int = 10_000) -> None:
        self._keys: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            while len(self._keys) > self._size:
                self._keys.popitem(last=False)
            return True

    def release(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)


@dataclass(frozen=True)
class _Settings:
    client_id: str
    client_secret: str | None
    scopes: list[str]
    redirect_url: str | None
    api_base_url: str | None
    oauth_base_url: str | None

    def endpoint(self, path: str) -> str | None:
        return self.oauth_base_url.rstrip("/") + path if self.oauth_base_url else None


class GumroadOAuth:
    """The Flask extension: registers the blueprint and builds per-seller clients.

    :param app: the app, or ``None`` and call :meth:`init_app` later.
    :param client_id: your Gumroad OAuth app's id (else ``GUMROAD_CLIENT_ID``).
    :param client_secret: its secret; ``None`` for a public app (PKCE is used anyway).
    :param scopes: scopes to ask for (default ``view_profile view_sales``).
    :param redirect_url: the callback URL registered at Gumroad; by default the
        absolute URL of ``gumroad.callback`` on the current host.
    :param seller_key: returns the logged-in user's id (``None`` when nobody is
        logged in); tokens are stored under it.
    :param load_token: ``load_token(seller) -> token dict | None``.
    :param save_token: ``save_token(seller, token)``: store durably before returning.
    :param delete_token: ``delete_token(seller)``.
    :param lock_token: ``lock_token(seller) -> context manager`` held around a
        refresh. Default: a lock shared by this process's threads. With several
        processes pass one that excludes them too (a row lock, a Redis lock).
    :param on_ping: ``on_ping(ping, confirmed)`` for each new ping event;
        *confirmed* is the API's copy of the sale or subscription when
        *confirm_pings* is on, else ``None``. If it raises, the ping is answered
        500 and Gumroad's retry is handled again.
    :param confirm_pings: fetch the ping's sale or subscription through the API
        with the seller's token before calling *on_ping* (needs *seller_for_ping*).
    :param seller_for_ping: ``seller_for_ping(ping) -> seller key | None``,
        e.g. by looking up ``ping["seller_id"]``.
    :param ping_log: where handled ping keys are remembered (default
        :class:`MemoryPingLog`).
    :param after_connect: URL or endpoint to go to after connecting (default ``/``).
    :param after_disconnect: URL or endpoint to go to after disconnecting.
    :param url_prefix: where the routes live (default ``/gumroad``).
    :param api_base_url: the API base (else ``GUMROAD_API_BASE_URL``, else Gumroad).
    :param oauth_base_url: moves authorize, token and revoke (else
        ``GUMROAD_OAUTH_BASE_URL``, else Gumroad).
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        seller_key: Callable[[], Any],
        load_token: LoadToken,
        save_token: SaveToken,
        delete_token: DeleteToken,
        client_id: str | None = None,
        client_secret: str | None = None,
        scopes: ScopesArg | None = None,
        redirect_url: str | None = None,
        lock_token: LockToken | None = None,
        on_ping: OnPing | None = None,
        confirm_pings: bool = False,
        seller_for_ping: Callable[[Ping], Any] | None = None,
        ping_log: PingLog | None = None,
        after_connect: str = "/",
        after_disconnect: str = "/",
        url_prefix: str = "/gumroad",
        api_base_url: str | None = None,
        oauth_base_url: str | None = None,
    ) -> None:
        if confirm_pings and seller_for_ping is None:
            raise ConfigurationError("confirm_pings=True needs seller_for_ping= to find the seller's token")
        self.seller_key = seller_key
        self.load_token = load_token
        self.save_token = save_token
        self.delete_token = delete_token
        self.lock_token = lock_token
        self.on_ping = on_ping
        self.confirm_pings = confirm_pings
        self.seller_for_ping = seller_for_ping
        self.ping_log: PingLog = ping_log if ping_log is not None else MemoryPingLog()
        self.after_connect = after_connect
        self.after_disconnect = after_disconnect
        self.url_prefix = url_prefix
        self._given = {
            "client_id": client_id,
            "client_secret": client_secret,
            "scopes": scopes,
            "redirect_url": redirect_url,
            "api_base_url": api_base_url,
            "oauth_base_url": oauth_base_url,
        }
        # Striped process-wide locks: every client of one seller in this process
        # shares one, so threads rotate once (a per-client lock would not).
        self._locks = [threading.RLock() for _ in range(64)]
        if app is not None:
            self.init_app(app)

    # -- setup -----------------------------------------------------------------

    def init_app(self, app: Flask) -> None:
        """Read settings from ``app.config`` and register the ``gumroad`` blueprint."""
        config = app.config

        def pick(name: str, key: str) -> Any:
            value = self._given[name]
            return value if value is not None else config.get(key)

        client_id = pick("client_id", "GUMROAD_CLIENT_ID")
        if not isinstance(client_id, str) or not client_id:
            raise ConfigurationError("GumroadOAuth needs client_id= or app.config['GUMROAD_CLIENT_ID']")
        scopes = pick("scopes", "GUMROAD_SCOPES")
        settings = _Settings(
            client_id=client_id,
            client_secret=pick("client_secret", "GUMROAD_CLIENT_SECRET") or None,
            scopes=oauth.normalize_scopes(scopes if scopes is not None else DEFAULT_SCOPES),
            redirect_url=pick("redirect_url", "GUMROAD_REDIRECT_URI") or None,
            api_base_url=pick("api_base_url", "GUMROAD_API_BASE_URL") or None,
            oauth_base_url=pick("oauth_base_url", "GUMROAD_OAUTH_BASE_URL") or None,
        )
        app.extensions["gumroad"] = (self, settings)
        app.register_blueprint(self._blueprint(), url_prefix=self.url_prefix)

    def _blueprint(self) -> Blueprint:
        bp = Blueprint("gumroad", __name__)
        bp.add_url_rule("/login", "login", self._login, methods=["GET"])
        bp.add_url_rule("/callback", "callback", self._callback, methods=["GET"])
        bp.add_url_rule("/disconnect", "disconnect", self._disconnect, methods=["POST"])
        bp.add_url_rule("/ping", "ping", self._ping, methods=["POST"])
        return bp

    @staticmethod
    def _settings() -> _Settings:
        try:
            _ext, settings = current_app.extensions["gumroad"]
        except KeyError:
            raise ConfigurationError("GumroadOAuth.init_app(app) was not called for this app") from None
        return settings  # type: ignore[no-any-return]

    # -- clients ---------------------------------------------------------------

    def _lock_for(self, seller: Any) -> ContextManager[object]:
        if self.lock_token is not None:
            return self.lock_token(seller)
        return self._locks[hash(str(seller)) % len(self._locks)]

    def token_store(self, seller: Any) -> CallbackTokenStore:
        """A :class:`~gumroad.tokens.CallbackTokenStore` over your callables for *seller*."""
        return CallbackTokenStore(
            load=lambda: self.load_token(seller),
            save=lambda token: self.save_token(seller, token),
            lock=lambda: self._lock_for(seller),
        )

    def client_for(self, seller: Any) -> GumroadClient:
        """A :class:`~gumroad.GumroadClient` for *seller* whose refreshes are saved back.

        :raises NotConnectedError: *seller* has no stored token.
        """
        settings = self._settings()
        if not self.load_token(seller):
            raise NotConnectedError(f"seller {seller!r} has not connected Gumroad")
        return GumroadClient(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            token_store=self.token_store(seller),
            base_url=settings.api_base_url,
            auto_refresh_url=oauth.token_endpoint(settings.endpoint("/oauth/token")),
        )

    def client_for_current_seller(self) -> GumroadClient:
        """:meth:`client_for` the logged-in user (``seller_key()``).

        :raises NotConnectedError: nobody is logged in, or they have not connected.
        """
        seller = self.seller_key()
        if seller is None:
            raise NotConnectedError("nobody is logged in, so there is no seller to act for")
        return self.client_for(seller)

    def is_connected(self, seller: Any = None) -> bool:
        """Whether *seller* (default: the logged-in user) has a stored token."""
        seller = self.seller_key() if seller is None else seller
        return seller is not None and bool(self.load_token(seller))

    # -- views -----------------------------------------------------------------

    def _login(self) -> BaseResponse:
        settings = self._settings()
        seller = self.seller_key()
        if seller is None:
            return _page(401, "Log in first", "Log in to this site before connecting Gumroad.")
        verifier, challenge = oauth.generate_pkce_pair()
        state = oauth.generate_state()
        session[SESSION_KEY] = {
            "state": state,
            "verifier": verifier,
            "seller": str(seller),
            "next": _safe_next(request.args.get("next")),
        }
        url = oauth.get_authorization_url(
            settings.client_id,
            self._redirect_url(settings),
            settings.scopes,
            state,
            code_challenge=challenge,
            authorize_url=settings.endpoint("/oauth/authorize"),
        )
        return redirect(url)

    def _callback(self) -> BaseResponse:
        settings = self._settings()
        # Taken out of the session before anything else: a replayed callback
        # (or a second tab) finds nothing and fails, and nothing is stored.
        pending = session.pop(SESSION_KEY, None)
        error = request.args.get("error")
        if error == "access_denied":
            return _page(
                403,
                "Gumroad was not connected",
                "You declined access on Gumroad, so nothing was connected. "
                "You can try again whenever you like.",
                link=(url_for("gumroad.login"), "Connect Gumroad"),
            )
        if error:
            description = request.args.get("error_description") or error
            return _page(400, "Gumroad was not connected", f"Gumroad answered: {description}")
        state = request.args.get("state", "")
        if not isinstance(pending, dict) or not state or not secrets.compare_digest(
            str(pending.get("state", "")), state
        ):
            return _page(
                400,
                "This link has expired",
                "The sign-in could not be matched to this browser session (missing or "
                "mismatched state). Nothing was connected; start again.",
                link=(url_for("gumroad.login"), "Connect Gumroad"),
            )
        seller = self.seller_key()
        if seller is None or str(seller) != pending.get("seller"):
            return _page(400, "Wrong account", "Log in as the user who started connecting Gumroad.")
        code = request.args.get("code")
        if not code:
            return _page(400, "Gumroad was not connected", "Gumroad sent no authorization code.")
        try:
            token = oauth.exchange_code_for_token(
                settings.client_id,
                settings.client_secret,
                code,
                self._redirect_url(settings),
                code_verifier=pending.get("verifier"),
                token_url=settings.endpoint("/oauth/token"),
            )
        except APIConnectionError:
            log.warning("could not reach Gumroad to exchange the code", exc_info=True)
            return _page(502, "Gumroad is unreachable", "Could not reach Gumroad; try again shortly.")
        except GumroadClientError as exc:
            log.warning("Gumroad refused the authorization code: %s", exc)
            return _page(
                400,
                "Gumroad was not connected",
                "Gumroad refused the authorization code (it was used already or has "
                "expired). Nothing was connected; start again.",
                link=(url_for("gumroad.login"), "Connect Gumroad"),
            )
        self.save_token(seller, token)
        return redirect(pending.get("next") or _target(self.after_connect))

    def _disconnect(self) -> BaseResponse:
        settings = self._settings()
        seller = self.seller_key()
        if seller is None:
            return _page(401, "Log in first", "Log in to disconnect Gumroad.")
        with self._lock_for(seller):
            token = self.load_token(seller)
            try:
                if token and token.get("access_token"):
                    oauth.revoke_token(
                        settings.client_id,
                        settings.client_secret,
                        token["access_token"],
                        revoke_url=settings.endpoint("/oauth/revoke"),
                    )
            except GumroadClientError:
                # The seller asked to disconnect: forget the token anyway, and
                # leave a trace, since Gumroad may still consider it live.
                log.warning("revoking the Gumroad token of seller %r failed", seller, exc_info=True)
            finally:
                self.delete_token(seller)
        return redirect(_target(self.after_disconnect))

    def _ping(self) -> tuple[str, int]:
        try:
            ping = parse_ping(request.get_data(), request.content_type)
            key = str(ping.idempotency_key)
        except InvalidPingError as exc:
            return f"invalid ping: {exc}", 400
        if not self.ping_log.claim(key):
            return "duplicate", 200
        try:
            confirmed = self._confirm(ping) if self.confirm_pings else None
            if self.on_ping is not None:
                self.on_ping(ping, confirmed)
        except (InvalidPingError, NotConnectedError) as exc:
            self.ping_log.release(key)
            log.warning("refused a Gumroad ping %r: %s", ping, exc)
            return f"refused: {exc}", 400
        except BaseException:
            self.ping_log.release(key)  # a 500: Gumroad retries, and the retry is handled
            raise
        return "ok", 200

    def _confirm(self, ping: Ping) -> Mapping[str, Any]:
        seller = self.seller_for_ping(ping) if self.seller_for_ping is not None else None
        if seller is None:
            raise NotConnectedError("no connected seller matches this ping")
        client = self.client_for(seller)
        try:
            # PingMismatchError is an InvalidPingError: answered 400, never acted on.
            if ping.is_subscription_event:
                return confirm_subscription(client, ping)
            return confirm_sale(client, ping)
        finally:
            client.close()

    @staticmethod
    def _redirect_url(settings: _Settings) -> str:
        return settings.redirect_url or url_for("gumroad.callback", _external=True)


def _target(value: str) -> str:
    if value.startswith(("/", "http://", "https://")):
        return value
    return url_for(value)


def _safe_next(value: str | None) -> str | None:
    """A local path only: ``?next=`` must not become an open redirect."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    return value


def _page(status: int, title: str, message: str, *, link: tuple[str, str] | None = None) -> Response:
    extra = f'<p><a href="{escape(link[0])}">{escape(link[1])}</a></p>' if link else ""
    html = (
        f"<!doctype html><title>{escape(title)}</title>"
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p>{extra}"
    )
    return Response(html, status=status, mimetype="text/html")
