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
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
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

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ContextManager, Union

from flask import Blueprint, Flask, Response, current_app, redirect, request, session, url_for
from markupsafe import escape
from werkzeug.wrappers import Response as BaseResponse

from .. import oauth
from ..client import GumroadClient
from ..errors import ConfigurationError
from ..oauth import GumroadScope
from ..tokens import CallbackTokenStore, Token
from ..webhooks import Ping
from . import NotConnectedError, _dance, _pings
from ._dance import SESSION_KEY, OAuthSettings
from ._pings import MemoryPingLog, PingLog

__all__ = ["GumroadOAuth", "MemoryPingLog", "NotConnectedError", "PingLog"]

DEFAULT_SCOPES: tuple[str, ...] = (GumroadScope.VIEW_PROFILE.value, GumroadScope.VIEW_SALES.value)

LoadToken = Callable[[Any], Token | None]
SaveToken = Callable[[Any, Token], None]
DeleteToken = Callable[[Any], None]
LockToken = Callable[[Any], ContextManager[object]]
OnPing = Callable[[Ping, Mapping[str, Any] | None], None]
ScopesArg = Union[str, Iterable[Union[str, GumroadScope]]]


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
        500 and Gumroad's retry is handled again; if it raises
        :class:`~gumroad.webhooks.InvalidPingError` or :class:`NotConnectedError`,
        the ping is refused with a 400 (not retried, not marked handled).
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
        settings = OAuthSettings(
            client_id=client_id,
            client_secret=pick("client_secret", "GUMROAD_CLIENT_SECRET") or None,
            scopes=oauth.normalize_scopes(scopes if scopes is not None else DEFAULT_SCOPES),
            redirect_uri=pick("redirect_url", "GUMROAD_REDIRECT_URI") or None,
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
    def _settings() -> OAuthSettings:
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
        return settings.client(self.token_store(seller))

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
        pending, url = _dance.begin(
            settings,
            owner=seller,
            redirect_uri=self._redirect_uri(settings),
            next_url=_safe_next(request.args.get("next")),
            owner_field="seller",
        )
        session[SESSION_KEY] = pending
        return redirect(url)

    def _callback(self) -> BaseResponse:
        settings = self._settings()
        outcome = _dance.finish(
            session.pop(SESSION_KEY, None),  # first: a replayed callback finds nothing
            request.args,
            owner=self.seller_key,
            settings=settings,
            redirect_uri=lambda: self._redirect_uri(settings),
            owner_field="seller",
        )
        if isinstance(outcome, _dance.Failure):
            link = (url_for("gumroad.login"), _dance.RETRY_LABEL) if outcome.retry else None
            return _page(outcome.status, outcome.title, outcome.message, link=link)
        self.save_token(outcome.owner, outcome.token)
        return redirect(outcome.next_url or _target(self.after_connect))

    def _disconnect(self) -> BaseResponse:
        settings = self._settings()
        seller = self.seller_key()
        if seller is None:
            return _page(401, "Log in first", "Log in to disconnect Gumroad.")
        _dance.disconnect(
            settings, self.token_store(seller), lambda: self.delete_token(seller), owner=f"seller {seller!r}"
        )
        return redirect(_target(self.after_disconnect))

    def _ping(self) -> Response:
        desk = _pings.LogDesk(self.ping_log, confirm=self._confirm, handle=self.on_ping)
        answer = _pings.receive(request.get_data(), request.content_type, desk)
        return Response(answer.text, status=answer.status, mimetype="text/plain")

    def _confirm(self, ping: Ping) -> Mapping[str, Any] | None:
        if not self.confirm_pings:
            return None
        seller = self.seller_for_ping(ping) if self.seller_for_ping is not None else None
        if seller is None:
            raise NotConnectedError("no connected seller matches this ping")
        return _pings.confirm(self.client_for(seller), ping)

    @staticmethod
    def _redirect_uri(settings: OAuthSettings) -> str:
        return settings.redirect_uri or url_for("gumroad.callback", _external=True)


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
