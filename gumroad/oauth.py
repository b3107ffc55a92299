"""
gumroad.oauth
~~~~~~~~~~~~~

The OAuth dance, without a client: build the authorization URL, exchange the
code, refresh, revoke. Every function is a plain call; none keeps state.

Usage::

    from gumroad import GumroadScope, oauth

    verifier, challenge = oauth.generate_pkce_pair()
    state = oauth.generate_state()
    url = oauth.get_authorization_url(
        CLIENT_ID, "https://example.com/callback",
        [GumroadScope.VIEW_SALES], state, code_challenge=challenge,
    )
    # ... the seller approves; Gumroad redirects to the callback with ?code=&state=
    code = request.args["code"]             # in the callback view, once state is checked
    token = oauth.exchange_code_for_token(
        CLIENT_ID, CLIENT_SECRET, code, "https://example.com/callback",
        code_verifier=verifier,
    )

Endpoints default to Gumroad's (authorize on ``gumroad.com``, token and revoke
on ``api.gumroad.com``). ``GUMROAD_OAUTH_BASE_URL`` moves all three, and the
``authorize_url=``, ``token_url=`` and ``revoke_url=`` keywords move one.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import os
import secrets
import time
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, Union
from urllib.parse import quote, urlencode, urlsplit

import requests

from .__version__ import __version__
from ._redact import install_urllib3_filter, redact_exception
from ._urls import LoopbackAwareSession, check_transport
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    OAuthError,
    ReauthorizationRequired,
    ServerError,
    error_from_response,
    is_timeout,
)

__all__ = [
    "DEFAULT_AUTHORIZE_URL",
    "DEFAULT_REVOKE_URL",
    "DEFAULT_TOKEN_URL",
    "GumroadScope",
    "PKCEPair",
    "add_expires_at",
    "exchange_code_for_token",
    "generate_pkce_pair",
    "generate_state",
    "get_authorization_url",
    "refresh_access_token",
    "revoke_token",
]

DEFAULT_AUTHORIZE_URL = "https://gumroad.com/oauth/authorize"
DEFAULT_TOKEN_URL = "https://api.gumroad.com/oauth/token"
DEFAULT_REVOKE_URL = "https://api.gumroad.com/oauth/revoke"
OAUTH_BASE_ENV = "GUMROAD_OAUTH_BASE_URL"
DEFAULT_OAUTH_TIMEOUT = (5.0, 30.0)


class GumroadScope(str, enum.Enum):
    """The OAuth scopes a Gumroad app can ask for."""

    ACCOUNT = "account"
    VIEW_PROFILE = "view_profile"
    EDIT_PRODUCTS = "edit_products"
    VIEW_SALES = "view_sales"
    VIEW_PAYOUTS = "view_payouts"
    VIEW_TAX_DATA = "view_tax_data"
    MARK_SALES_AS_SHIPPED = "mark_sales_as_shipped"
    EDIT_SALES = "edit_sales"
    EDIT_PROFILE = "edit_profile"
    EDIT_EMAILS = "edit_emails"
    REFUND_SALES = "refund_sales"
    VIEW_PUBLIC = "view_public"

    def __str__(self) -> str:
        return self.value


ScopesArg = Union[str, GumroadScope, Iterable[Union[str, GumroadScope]]]


class PKCEPair(NamedTuple):
    """A PKCE ``code_verifier`` and its S256 ``code_challenge``."""

    verifier: str
    challenge: str


def generate_pkce_pair() -> PKCEPair:
    """Make a fresh PKCE verifier (43 characters, 256 bits) and its S256 challenge.

    Keep the verifier server-side (in the session) until the callback; send only
    the challenge in the authorization URL.
    """
    verifier = secrets.token_urlsafe(32)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return PKCEPair(verifier, challenge)


def generate_state() -> str:
    """A random, unguessable ``state`` value to tie the callback to the login."""
    return secrets.token_urlsafe(32)


def normalize_scopes(scopes: ScopesArg) -> list[str]:
    """Scopes as a list of known scope names; unknown names raise ``ValueError``."""
    if isinstance(scopes, GumroadScope):
        items: list[str | GumroadScope] = [scopes]
    elif isinstance(scopes, str):
        items = list(scopes.split())
    else:
        items = list(scopes)
    known = {s.value for s in GumroadScope}
    names: list[str] = []
    for item in items:
        name = item.value if isinstance(item, GumroadScope) else item
        if not isinstance(name, str) or name not in known:
            raise ValueError(
                f"scopes: unknown scope {name!r}; use gumroad.GumroadScope "
                f"({', '.join(sorted(known))})"
            )
        if name not in names:
            names.append(name)
    return names


def _endpoint(override: str | None, path: str, default: str, name: str) -> str:
    if override:
        url = override
    else:
        base = os.environ.get(OAUTH_BASE_ENV, "").strip()
        url = base.rstrip("/") + path if base else default
    check_transport(url, name)
    return url


def authorize_endpoint(override: str | None = None) -> str:
    """The authorization URL to use (``override``, ``GUMROAD_OAUTH_BASE_URL``, or Gumroad's)."""
    return _endpoint(override, "/oauth/authorize", DEFAULT_AUTHORIZE_URL, "authorize_url")


def token_endpoint(override: str | None = None) -> str:
    """The token URL to use (``override``, ``GUMROAD_OAUTH_BASE_URL``, or Gumroad's)."""
    return _endpoint(override, "/oauth/token", DEFAULT_TOKEN_URL, "token_url")


def revoke_endpoint(override: str | None = None) -> str:
    """The revocation URL to use (``override``, ``GUMROAD_OAUTH_BASE_URL``, or Gumroad's)."""
    return _endpoint(override, "/oauth/revoke", DEFAULT_REVOKE_URL, "revoke_url")


def _require(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{name} is required (a non-empty string), got {value!r}")
    return value


def get_authorization_url(
    client_id: str,
    redirect_uri: str,
    scopes: ScopesArg,
    state: str = "",
    *,
    code_challenge: str | None = None,
    authorize_url: str | None = None,
) -> str:
    """The URL to send the seller to, to approve your app.

    :param client_id: your OAuth application's id.
    :param redirect_uri: the callback registered for the app; Gumroad redirects
        there with ``?code=…&state=…``.
    :param scopes: :class:`GumroadScope` values or names, space-joined on the wire.
    :param state: an unguessable value (see :func:`generate_state`) to check in
        the callback.
    :param code_challenge: the S256 challenge of a PKCE pair, if you use PKCE.
    :param authorize_url: another authorization endpoint (staging, the fake).
    """
    _require(client_id, "client_id")
    _require(redirect_uri, "redirect_uri")
    parts = urlsplit(redirect_uri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"redirect_uri must be an absolute http(s) URL, got {redirect_uri!r}")
    query: list[tuple[str, str]] = [
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("response_type", "code"),
        ("scope", " ".join(normalize_scopes(scopes))),
    ]
    if state:
        query.append(("state", state))
    if code_challenge:
        query.append(("code_challenge", code_challenge))
        query.append(("code_challenge_method", "S256"))
    return authorize_endpoint(authorize_url) + "?" + urlencode(query, quote_via=quote)


def exchange_code_for_token(
    client_id: str,
    client_secret: str | None,
    code: str,
    redirect_uri: str,
    *,
    code_verifier: str | None = None,
    token_url: str | None = None,
    session: requests.Session | None = None,
    timeout: Any = DEFAULT_OAUTH_TIMEOUT,
) -> dict[str, Any]:
    """Trade the callback's ``code`` for a token dict.

    *client_secret* may be ``None``: most Gumroad apps are public clients and
    exchange codes with the id alone (then use PKCE). Codes live ten minutes
    and work once.

    :raises OAuthError: the endpoint refused (``error``, ``error_description``).
    """
    form = {
        "grant_type": "authorization_code",
        "code": _require(code, "code"),
        "redirect_uri": _require(redirect_uri, "redirect_uri"),
        "client_id": _require(client_id, "client_id"),
    }
    if client_secret:
        form["client_secret"] = client_secret
    if code_verifier:
        form["code_verifier"] = code_verifier
    return _token_request(token_endpoint(token_url), form, session, timeout, refreshing=False)


def refresh_access_token(
    client_id: str,
    client_secret: str | None,
    refresh_token: str,
    *,
    token_url: str | None = None,
    session: requests.Session | None = None,
    timeout: Any = DEFAULT_OAUTH_TIMEOUT,
) -> dict[str, Any]:
    """Trade a refresh token for a new token pair.

    Gumroad rotates: the old access and refresh tokens stop working at once, so
    save the result before anything else.

    :raises ReauthorizationRequired: the refresh token is dead (``invalid_grant``).
    """
    form = {
        "grant_type": "refresh_token",
        "refresh_token": _require(refresh_token, "refresh_token"),
        "client_id": _require(client_id, "client_id"),
    }
    if client_secret:
        form["client_secret"] = client_secret
    return _token_request(token_endpoint(token_url), form, session, timeout, refreshing=True)


def revoke_token(
    client_id: str,
    client_secret: str | None,
    token: str,
    *,
    token_type_hint: str | None = None,
    revoke_url: str | None = None,
    session: requests.Session | None = None,
    timeout: Any = DEFAULT_OAUTH_TIMEOUT,
) -> None:
    """Revoke an access or refresh token (the seller's connection ends)."""
    form = {"token": _require(token, "token"), "client_id": _require(client_id, "client_id")}
    if client_secret:
        form["client_secret"] = client_secret
    if token_type_hint:
        form["token_type_hint"] = token_type_hint
    response = _post(revoke_endpoint(revoke_url), form, session, timeout)
    if response.status_code == 200:
        return
    raise _oauth_error(response, refreshing=False)


def _post(
    url: str, form: Mapping[str, str], session: requests.Session | None, timeout: Any
) -> requests.Response:
    install_urllib3_filter()
    secret_keys = ("code", "refresh_token", "client_secret", "token", "code_verifier")
    secrets_in_form = [form.get(k) for k in secret_keys]
    headers = {"Accept": "application/json", "User-Agent": f"gumroad-python/{__version__}"}
    own = session is None
    sender = session if session is not None else LoopbackAwareSession()
    try:
        return sender.post(url, data=dict(form), headers=headers, timeout=timeout)
    except requests.exceptions.RequestException as exc:
        redact_exception(exc, secrets_in_form)
        if is_timeout(exc):
            raise APITimeoutError(f"POST {urlsplit(url).path}: timed out") from exc
        raise APIConnectionError(f"POST {urlsplit(url).path}: {exc}") from exc
    finally:
        if own:
            sender.close()


def _token_request(
    url: str,
    form: Mapping[str, str],
    session: requests.Session | None,
    timeout: Any,
    *,
    refreshing: bool,
) -> dict[str, Any]:
    response = _post(url, form, session, timeout)
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code == 200 and isinstance(body, dict) and body.get("access_token"):
        return add_expires_at(dict(body))
    raise _oauth_error(response, refreshing=refreshing)


def add_expires_at(token: dict[str, Any]) -> dict[str, Any]:
    """Add an absolute ``expires_at`` to a token that carries ``expires_in`` (in place).

    Gumroad's own tokens never expire and carry neither; other servers' may.
    """
    if "expires_in" in token and "expires_at" not in token:
        try:
            token["expires_at"] = time.time() + float(token["expires_in"])
        except (TypeError, ValueError):
            pass
    return token


def _oauth_error(response: requests.Response, *, refreshing: bool) -> Exception:
    try:
        body = response.json()
    except ValueError:
        body = None
    common: dict[str, Any] = {
        "status_code": response.status_code,
        "response": response,
        "request_id": response.headers.get("X-Request-Id"),
        "body": body,
    }
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        error = body["error"]
        description = body.get("error_description")
        text = f"OAuth {error}" + (f": {description.rstrip('.')}" if description else "")
        if refreshing and error == "invalid_grant":
            return ReauthorizationRequired(
                f"{text}. The refresh token is no longer valid; the seller must connect again.",
                error=error,
                error_description=description,
                **common,
            )
        return OAuthError(text, error=error, error_description=description, **common)
    mapped = error_from_response(response)
    if mapped is not None:
        return mapped
    return ServerError(
        f"POST {urlsplit(response.url).path}: the token endpoint answered without a token",
        **common,
    )
