"""
gumroad.client
~~~~~~~~~~~~~~

:class:`GumroadClient`, the one choke point every API call goes through.

Usage::

    import gumroad

    client = gumroad.GumroadClient()                      # reads GUMROAD_ACCESS_TOKEN
    products = client.get("products").json()["products"]  # requests semantics
    user = client.request_json("GET", "user")["user"]      # parsed, typed errors

It is a :class:`requests_oauthlib.OAuth2Session`, so anything that takes a
session takes it. The parent holds the token, the OAuth client, the
``auto_refresh_url`` and the ``token_updater``; this class places the token,
refreshes on a 401 (Gumroad tokens never expire, so expiry-based refresh would
never fire) and replays the request once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests_oauthlib import OAuth2Session

from . import oauth
from .__version__ import __version__
from ._params import QueryTable, check_encodable, encode_value
from ._redact import MASK, install_urllib3_filter, redact, redact_exception
from ._transport import DEFAULT_MAX_RETRIES, make_adapter
from ._urls import LoopbackAwareSession, check_transport, origin
from .errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ReauthorizationRequired,
    error_from_response,
    is_timeout,
)
from .resources import Resources
from .tokens import Token, TokenStore

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "GumroadClient"]

log = logging.getLogger("gumroad")

DEFAULT_BASE_URL = "https://api.gumroad.com/v2"
#: (connect, read) seconds.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
TOKEN_ENV = "GUMROAD_ACCESS_TOKEN"
BASE_URL_ENV = "GUMROAD_API_BASE_URL"
#: Refresh this many seconds before a token's ``expires_at``.
EXPIRY_MARGIN = 30.0

TimeoutArg = Union[None, float, tuple[float, float], tuple[float, None]]
TokenSaver = Callable[[Token], None]


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


UNSET: Any = _Unset()


class GumroadClient(OAuth2Session, LoopbackAwareSession, Resources):
    """A session on the Gumroad API for one seller.

    :param access_token: a personal or OAuth access token. Without it (and
        without *token* or *token_store*) ``GUMROAD_ACCESS_TOKEN`` is read, and
        :class:`~gumroad.ConfigurationError` raised when that is unset too.
    :param token: a whole OAuth token dict (``access_token``, ``refresh_token``...).
    :param client_id: your OAuth app's id, needed to refresh.
    :param client_secret: its secret (optional for public apps).
    :param token_saver: called with each new token after a refresh, *before*
        the request is replayed. If it raises, the error is raised to you.
    :param token_store: a :class:`~gumroad.tokens.TokenStore` to load the token
        from and save refreshed tokens to, locked around each refresh.
    :param base_url: the API base (``GUMROAD_API_BASE_URL``, else
        ``https://api.gumroad.com/v2``).
    :param auto_refresh_url: the token endpoint used to refresh.
    :param timeout: ``(connect, read)`` seconds, or one number; ``None`` waits forever.
    :param max_retries: retries for the safe cases (connection never made, 429 on any
        method, 408/5xx and read errors on GET/HEAD only); 0 turns them off.
    :param pool_maxsize: connections kept open per host (default 10); raise it when
        more threads than that share the client (``sales.export(workers=...)``).

    Usage::

        client = GumroadClient(token=saved_token, client_id=CLIENT_ID,
                               client_secret=CLIENT_SECRET, token_saver=save_token_for_seller)
        for sale in client.sales.list(after="2024-01-01"):
            ...
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        token: Mapping[str, Any] | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_saver: TokenSaver | None = None,
        token_store: TokenStore | None = None,
        base_url: str | None = None,
        auto_refresh_url: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        pool_maxsize: int = 10,
        _anonymous: bool = False,
    ) -> None:
        if access_token is not None and token is not None:
            raise ConfigurationError("pass either access_token= or token=, not both")
        resolved = self._resolve_token(access_token, token, token_store, _anonymous)
        super().__init__(
            client_id=client_id,
            token=resolved,
            auto_refresh_url=oauth.token_endpoint(auto_refresh_url),
            token_updater=token_saver,
        )
        self.client_secret = client_secret
        self.token_store = token_store
        self.base_url = self._resolve_base_url(base_url)
        self._base_origin = origin(self.base_url)
        self._base_path = urlsplit(self.base_url).path.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self._refresh_lock = threading.RLock()
        self._oauth_session: requests.Session | None = None
        if isinstance(pool_maxsize, bool) or not isinstance(pool_maxsize, int) or pool_maxsize < 1:
            raise ConfigurationError(f"pool_maxsize must be an int >= 1, got {pool_maxsize!r}")
        adapter = make_adapter(max_retries, pool_maxsize=pool_maxsize)
        self.mount("https://", adapter)
        self.mount("http://", adapter)
        self.headers["User-Agent"] = f"gumroad-python/{__version__}"
        self.headers["Accept"] = "application/json"
        install_urllib3_filter()
        self._attach_resources()

    # -- configuration -----------------------------------------------------

    @classmethod
    def unauthenticated(
        cls,
        *,
        base_url: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
    ) -> GumroadClient:
        """A client holding no token, for the endpoint that needs none (license checks).

        It never reads ``GUMROAD_ACCESS_TOKEN``; calls that need a token raise
        :class:`~gumroad.ConfigurationError` before anything is sent::

            client = GumroadClient.unauthenticated()
            client.licenses.verify(product_id, license_key)
        """
        return cls(base_url=base_url, timeout=timeout, max_retries=max_retries, _anonymous=True)

    @staticmethod
    def _resolve_token(
        access_token: str | None,
        token: Mapping[str, Any] | None,
        store: TokenStore | None,
        anonymous: bool,
    ) -> Token | None:
        if token is not None:
            if not isinstance(token, Mapping) or not token.get("access_token"):
                raise ConfigurationError("token must be a dict with an 'access_token'")
            return oauth.add_expires_at(dict(token))
        if access_token is not None:
            if not isinstance(access_token, str) or not access_token.strip():
                raise ConfigurationError("access_token must be a non-empty string")
            return {"access_token": access_token.strip(), "token_type": "Bearer"}
        if anonymous:
            return None
        if store is not None:
            stored = store.load()
            if stored and stored.get("access_token"):
                return oauth.add_expires_at(dict(stored))
            raise ConfigurationError(
                f"token_store {store!r} holds no token: connect the seller first "
                "(gumroad.oauth.exchange_code_for_token) and save the token in it"
            )
        env = os.environ.get(TOKEN_ENV, "").strip()
        if env:
            return {"access_token": env, "token_type": "Bearer"}
        raise ConfigurationError(
            f"no access token: set {TOKEN_ENV} or pass access_token= "
            "(create one in Gumroad under Settings > Advanced > Applications)"
        )

    @staticmethod
    def _resolve_base_url(base_url: str | None) -> str:
        url = base_url or os.environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL
        check_transport(url, "base_url")
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            raise ConfigurationError(f"base_url must not have a query or fragment: {url!r}")
        return url.rstrip("/")

    def _attach_resources(self) -> None:
        from .resources import attach

        attach(self)

    def configure_oauth(self, client_id: str, client_secret: str | None = None) -> None:
        """Set the OAuth app credentials used to refresh the token."""
        if not isinstance(client_id, str) or not client_id:
            raise ConfigurationError("client_id must be a non-empty string")
        self.client_id = client_id
        self.client_secret = client_secret

    def set_tokens(
        self,
        access_token: str,
        refresh_token: str | None = None,
        expires_in: float | None = None,
    ) -> None:
        """Replace the token in use (nothing is saved; the saver is for refreshes)."""
        if not isinstance(access_token, str) or not access_token:
            raise ConfigurationError("access_token must be a non-empty string")
        token: Token = {"access_token": access_token, "token_type": "Bearer"}
        if refresh_token:
            token["refresh_token"] = refresh_token
        if expires_in is not None:
            token["expires_in"] = expires_in
        with self._refresh_lock:
            self.token = oauth.add_expires_at(token)

    @property
    def can_refresh(self) -> bool:
        """Whether a 401 can be answered by a refresh (refresh token and client id known)."""
        return bool(self.client_id and self.auto_refresh_url and (self.token or {}).get("refresh_token"))

    def _current_access_token(self) -> str | None:
        token = self.token or {}
        value = token.get("access_token")
        return value if isinstance(value, str) and value else None

    def _secrets(self) -> list[str | None]:
        token = self.token or {}
        return [token.get("access_token"), token.get("refresh_token"), self.client_secret]

    def __repr__(self) -> str:
        state = "token=" + (MASK if self._current_access_token() else "None")
        return f"<GumroadClient base_url={self.base_url!r} {state}>"

    # -- query helpers (the seed's names) -----------------------------------

    def add_access_token(self, query: Mapping[str, Any] | None = None) -> QueryTable:
        """Return a copy of *query* with ``access_token`` added."""
        table: QueryTable = {str(k): encode_value(v) for k, v in (query or {}).items()}
        current = self._current_access_token()
        if current is None:
            raise ConfigurationError("this client has no access token")
        table["access_token"] = current
        return table

    def url_for(self, endpoint: str) -> str:
        """The absolute URL of *endpoint*, refusing any host but the API's.

        ``"products"``, ``"/products"``, ``"/v2/products"`` and the absolute URL
        on the API host all name the same resource.
        """
        if not isinstance(endpoint, str):
            raise TypeError(f"endpoint must be a string, got {type(endpoint).__name__}")
        parts = urlsplit(endpoint)
        if parts.scheme or parts.netloc:
            if parts.scheme not in ("http", "https") or origin(endpoint) != self._base_origin:
                raise ValueError(
                    f"refusing to send the token to {parts.scheme}://{parts.hostname}: "
                    f"absolute URLs must be on the API host {self.base_url}"
                )
            return endpoint
        path = endpoint.lstrip("/")
        prefix = self._base_path.lstrip("/")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :].lstrip("/")
        return f"{self.base_url}/{path}"

    # -- sending -------------------------------------------------------------

    def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        params: Any = None,
        data: Any = None,
        headers: Any = None,
        cookies: Any = None,
        files: Any = None,
        auth: Any = None,
        timeout: Any = UNSET,
        allow_redirects: bool = True,
        proxies: Any = None,
        hooks: Any = None,
        stream: bool | None = None,
        verify: Any = None,
        cert: Any = None,
        json: Any = None,
        *,
        authenticated: bool = True,
    ) -> requests.Response:
        """Send a request with the token, refreshing on a 401 and replaying once.

        Keeps :meth:`requests.Session.request` semantics: returns the response
        and never raises for an HTTP status. It raises only when it cannot send
        (:class:`~gumroad.APIConnectionError`), when the URL is on another host
        (:class:`ValueError`), and when a refresh it attempted failed: a dead
        refresh token raises :class:`~gumroad.ReauthorizationRequired`, since
        returning the old 401 would hide that the seller must connect again.
        ``authenticated=False`` sends no token at all.
        """
        full_url = self.url_for(url)
        if timeout is UNSET:
            timeout = self.timeout
        if authenticated:
            self._refresh_if_expiring()
        used = self._current_access_token() if authenticated else None
        kwargs: dict[str, Any] = {
            "data": data, "headers": headers, "cookies": cookies, "files": files, "auth": auth,
            "timeout": timeout, "allow_redirects": allow_redirects, "proxies": proxies,
            "hooks": hooks, "stream": stream, "verify": verify, "cert": cert, "json": json,
        }
        response = self._send(method, full_url, params, used, kwargs)
        if response.status_code == 401 and used is not None and self.can_refresh:
            self._refresh_after_401(used)
            fresh = self._current_access_token()
            response.close()
            response = self._send(method, full_url, params, fresh, kwargs)
        return response

    def _send(
        self,
        method: str,
        url: str,
        params: Any,
        access_token: str | None,
        kwargs: dict[str, Any],
    ) -> requests.Response:
        query = _merge_params(params)
        if access_token is not None:
            query.append(("access_token", access_token))
        started = time.monotonic()
        path = urlsplit(url).path
        try:
            response = requests.Session.request(self, method, url, params=query, **kwargs)
        except requests.exceptions.RequestException as exc:
            redact_exception(exc, self._secrets())
            if is_timeout(exc):
                raise APITimeoutError(
                    f"{method.upper()} {path}: timed out after {kwargs.get('timeout')!r}"
                ) from exc
            message = redact(f"{method.upper()} {path}: {exc}", self._secrets())
            raise APIConnectionError(message) from exc
        log.debug(
            "%s %s -> %s in %.0f ms (request id %s)",
            method.upper(),
            path,
            response.status_code,
            (time.monotonic() - started) * 1000,
            response.headers.get("X-Request-Id", "-"),
        )
        return response

    def rebuild_auth(self, prepared_request: requests.PreparedRequest, response: requests.Response) -> None:
        """On a redirect to another host, strip the token from the URL."""
        super().rebuild_auth(prepared_request, response)  # type: ignore[no-untyped-call]
        url = prepared_request.url or ""
        if origin(url) != self._base_origin:
            parts = urlsplit(url)
            kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                    if k not in ("access_token", "bearer_token")]
            prepared_request.url = urlunsplit(parts._replace(query=urlencode(kept)))

    # -- refresh ---------------------------------------------------------------

    def _refresh_if_expiring(self) -> None:
        token = self.token or {}
        expires_at = token.get("expires_at")
        if not isinstance(expires_at, (int, float)) or not self.can_refresh:
            return
        if expires_at - EXPIRY_MARGIN <= time.time():
            used = self._current_access_token()
            if used is not None:
                self._refresh_after_401(used)

    def _refresh_after_401(self, used: str) -> None:
        """Refresh once for everyone who met the same dead token.

        A thread that waited on the lock and finds the token already changed just
        replays. Inside a store's lock the stored token is reloaded first: another
        process may have rotated it already.
        """
        with self._refresh_lock:
            if self._current_access_token() != used:
                return
            if self.token_store is None:
                self._rotate(used)
                return
            with self.token_store.lock():
                stored = self.token_store.load()
                if stored and stored.get("access_token") and stored["access_token"] != used:
                    self.token = oauth.add_expires_at(dict(stored))
                    return
                self._rotate(used)

    def _rotate(self, used: str) -> None:
        refresh_token = (self.token or {}).get("refresh_token")
        if not refresh_token or not self.client_id:
            raise ReauthorizationRequired(
                "the access token was refused and there is no refresh token or client_id "
                "to refresh it; the seller must connect again"
            )
        new = oauth.refresh_access_token(
            self.client_id,
            self.client_secret,
            refresh_token,
            token_url=self.auto_refresh_url,
            session=self._get_oauth_session(),
            timeout=self.timeout,
        )
        if not new.get("refresh_token"):
            new["refresh_token"] = refresh_token
        # The old pair is dead now; the new one must reach memory and the saver
        # before anything else can fail.
        self.token = new
        log.info("refreshed the access token for client %s", self.client_id)
        try:
            if self.token_store is not None:
                self.token_store.save(new)
            if self.token_updater is not None:
                self.token_updater(new)
        except Exception as exc:
            hint = (
                "gumroad: the token was refreshed but saving it failed; the new token "
                "is in client.token. Persist it, or the seller must connect again."
            )
            log.error(hint)
            if hasattr(exc, "add_note"):  # Python 3.11+
                exc.add_note(hint)
            raise

    def _get_oauth_session(self) -> requests.Session:
        if self._oauth_session is None:
            session = LoopbackAwareSession()
            adapter = make_adapter(self.max_retries)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            self._oauth_session = session
        return self._oauth_session

    def revoke(self) -> None:
        """Revoke this client's token at Gumroad (disconnect the seller)."""
        current = self._current_access_token()
        if not current or not self.client_id:
            raise ConfigurationError("revoke needs an access token and client_id")
        revoke_url = None
        if self.auto_refresh_url and self.auto_refresh_url.endswith("/oauth/token"):
            revoke_url = self.auto_refresh_url[: -len("/token")] + "/revoke"
        oauth.revoke_token(
            self.client_id,
            self.client_secret,
            current,
            revoke_url=revoke_url,
            session=self._get_oauth_session(),
            timeout=self.timeout,
        )

    def close(self) -> None:
        if self._oauth_session is not None:
            self._oauth_session.close()
        super().close()

    # -- the JSON helper ---------------------------------------------------

    def request_json(
        self,
        method: str,
        endpoint: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        json: Any = None,
        timeout: Any = UNSET,
        authenticated: bool = True,
    ) -> dict[str, Any]:
        """Call the API and return its JSON object, raising typed errors.

        *params* and *data* (sent form-encoded) are mappings or sequences of
        ``(key, value)`` pairs, for repeated keys such as ``tags[]``; booleans
        go as ``"true"``/``"false"``, ``None`` values are left out.

        Unwraps nothing but checks everything: a ``{"success": false}`` answer,
        any 4xx/5xx and a non-JSON body raise a :class:`~gumroad.APIError`
        subclass. A 401 that no refresh can fix raises
        :class:`~gumroad.ReauthorizationRequired`.
        """
        if authenticated and self._current_access_token() is None:
            raise ConfigurationError(
                f"{method.upper()} {endpoint} needs an access token: set {TOKEN_ENV} "
                "or pass access_token="
            )
        form = None if data is None else _merge_params(data)
        response = self.request(
            method,
            endpoint,
            params=params,
            data=form,
            json=json,
            timeout=timeout,
            authenticated=authenticated,
        )
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        error = error_from_response(response, body=body)  # one parse of the body, not two
        if error is not None:
            if isinstance(error, AuthenticationError) and not self.can_refresh:
                raise ReauthorizationRequired(
                    f"{error.message}; the token cannot be refreshed, so the seller must "
                    "connect again (or set a new access token)",
                    status_code=error.status_code,
                    response=response,
                    request_id=error.request_id,
                )
            raise error
        result: dict[str, Any] = body
        return result


def _merge_params(params: Any) -> list[tuple[str, str]]:
    if params is None:
        return []
    pairs: list[Any]
    if isinstance(params, (str, bytes)):
        text = params.decode() if isinstance(params, bytes) else params
        pairs = parse_qsl(text.lstrip("?"), keep_blank_values=True)
    elif isinstance(params, Mapping):
        pairs = list(params.items())
    else:
        pairs = list(params)
    out: list[tuple[str, str]] = []
    for key, value in pairs:
        if key in ("access_token", "bearer_token"):
            continue  # the client places the token itself
        if value is None:
            continue
        name = check_encodable(str(key), "a parameter name")
        values = value if isinstance(value, (list, tuple)) else [value]
        out.extend((name, check_encodable(encode_value(v), f"parameter {name!r}")) for v in values)
    return out


