"""
gumroad.testing._routes_oauth
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Doorkeeper's endpoints as Gumroad runs them (gumroad-api.md §2): the consent
page, approve/deny, the token endpoint (authorization code with optional PKCE,
refresh with rotation, client credentials), revoke and token info.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from ._consent import code_page, consent_page, error_page, redirect
from ._http import FakeResponse, json_response, routing_404, token_from
from ._oauth import DEFAULT_SCOPE, SERVER_SCOPES, OAuthApp, pkce_matches, redirect_matches

if TYPE_CHECKING:
    from .model import FakeGumroad

__all__ = ["DESCRIPTIONS", "dispatch"]

OOB = "urn:ietf:wg:oauth:2.0:oob"
DESCRIPTIONS = {
    "invalid_request": "The request is missing a required parameter, includes an unsupported "
                       "parameter value, or is otherwise malformed.",
    "invalid_redirect_uri": "The requested redirect uri is malformed or doesn't match client "
                            "redirect URI.",
    "invalid_client": "Client authentication failed due to unknown client, no client "
                      "authentication included, or unsupported authentication method.",
    "invalid_grant": "The provided authorization grant is invalid, expired, revoked, does not "
                     "match the redirection URI used in the authorization request, or was "
                     "issued to another client.",
    "unsupported_grant_type": "The authorization grant type is not supported by the "
                              "authorization server.",
    "unsupported_response_type": "The authorization server does not support this response type.",
    "invalid_scope": "The requested scope is invalid, unknown, or malformed.",
    "access_denied": "The resource owner or authorization server denied the request.",
    "unauthorized_client": "You are not authorized to revoke this token",
}
_NO_STORE = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]


class _PreAuth(NamedTuple):
    app: OAuthApp
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str | None
    challenge: str | None
    method: str | None


def _text(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    return value if isinstance(value, str) and value != "" else None


def _with_query(uri: str, pairs: list[tuple[str, str]]) -> str:
    parts = urlsplit(uri)
    extra = urlencode(pairs)
    return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))


def _redirect_error(uri: str, error: str, state: str | None,
                    description: str | None = None) -> FakeResponse:
    pairs = [("error", error), ("error_description", description or DESCRIPTIONS[error])]
    return redirect(_with_query(uri, pairs + ([("state", state)] if state else [])))


def _pre_auth(fake: FakeGumroad, params: Mapping[str, Any]) -> _PreAuth | FakeResponse:
    client_id = _text(params, "client_id")
    if client_id is None:
        return error_page(400, "invalid_request", "Missing required parameter: client_id.")
    app = fake.oauth.apps.get(client_id)
    if app is None:
        return error_page(401, "invalid_client", DESCRIPTIONS["invalid_client"])
    uri = _text(params, "redirect_uri")
    if uri is None or not app.accepts_redirect(uri):
        return error_page(400, "invalid_redirect_uri", DESCRIPTIONS["invalid_redirect_uri"])
    state = _text(params, "state")
    if (_text(params, "response_type") or "code") != "code":
        return _redirect_error(uri, "unsupported_response_type", state)
    scopes = tuple(dict.fromkeys((_text(params, "scope") or DEFAULT_SCOPE).split()))
    if not scopes or any(s not in SERVER_SCOPES or s not in app.scopes for s in scopes):
        return _redirect_error(uri, "invalid_scope", state)
    challenge, method = _text(params, "code_challenge"), _text(params, "code_challenge_method")
    if challenge is not None:
        method = method or "plain"
        if method not in ("plain", "S256"):
            return _redirect_error(uri, "invalid_request", state,
                                   "The code challenge method must be plain or S256.")
    return _PreAuth(app, uri, scopes, state, challenge, method if challenge else None)


def _approve(fake: FakeGumroad, pre: _PreAuth) -> FakeResponse:
    grant = fake.oauth.add_grant(pre.app, fake.logged_in.user_id, pre.redirect_uri, pre.scopes,
                                 fake.now(), pre.challenge, pre.method)
    if pre.redirect_uri == OOB:
        return redirect(f"/oauth/authorize/{grant.code}")
    pairs = [("code", grant.code)] + ([("state", pre.state)] if pre.state else [])
    return redirect(_with_query(pre.redirect_uri, pairs))


def authorize(fake: FakeGumroad, method: str, params: Mapping[str, Any]) -> FakeResponse:
    """``GET`` shows the consent page, ``POST`` approves, ``DELETE`` denies."""
    pre = _pre_auth(fake, params)
    if isinstance(pre, FakeResponse):
        return pre
    if method == "DELETE":
        return _redirect_error(pre.redirect_uri, "access_denied", pre.state)
    if method == "POST" or fake.auto_approve:
        return _approve(fake, pre)
    return consent_page(pre.app.name, fake.logged_in.name, pre.scopes, dict(params))


# -- token endpoint ---------------------------------------------------------------------
def _token_error(error: str, description: str | None = None, *,
                 basic: bool = False) -> FakeResponse:
    text = description or DESCRIPTIONS[error]
    status = 401 if error == "invalid_client" else 400
    challenge = 'Basic realm="Doorkeeper"' if basic else (
        f'Bearer realm="Doorkeeper", error="{error}", error_description="{text}"')
    return json_response(status, {"error": error, "error_description": text},
                         [*_NO_STORE, ("WWW-Authenticate", challenge)])


class _BadClient(Exception):
    def __init__(self, basic: bool) -> None:
        super().__init__("invalid_client")
        self.basic = basic


def _client(fake: FakeGumroad, params: Mapping[str, Any],
            headers: Mapping[str, str]) -> OAuthApp | None:
    """The authenticated client (Basic first, then the body), ``None`` if none was sent."""
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    basic = auth[:6].lower() == "basic "
    if basic:
        try:
            decoded = base64.b64decode(auth[6:].strip(), validate=True).decode()
        except (binascii.Error, ValueError):
            raise _BadClient(True) from None
        client_id, _, secret = (unquote(p) for p in decoded.partition(":"))
    else:
        client_id, secret = _text(params, "client_id") or "", _text(params, "client_secret") or ""
    if not client_id:
        return None
    app = fake.oauth.apps.get(client_id)
    if app is None:
        raise _BadClient(basic)
    if secret:
        if not secrets.compare_digest(secret, app.client_secret):
            raise _BadClient(basic)
    elif app.confidential:
        raise _BadClient(basic)
    return app


def _issue(fake: FakeGumroad, app: OAuthApp, user_id: str | None,
           scopes: tuple[str, ...]) -> FakeResponse:
    token = fake.oauth.issue(app.client_id, user_id, scopes, fake.now())
    return json_response(200, token.response(), list(_NO_STORE))


def _authorization_code(fake: FakeGumroad, app: OAuthApp | None,
                        params: Mapping[str, Any]) -> FakeResponse:
    code = _text(params, "code")
    grant = fake.oauth.grants.get(code) if code else None
    verifier = _text(params, "code_verifier")
    if grant is not None and grant.code_challenge and verifier is None:
        return _token_error("invalid_request", "Missing required parameter: code_verifier.")
    uri = _text(params, "redirect_uri")
    if uri is None:
        return _token_error("invalid_request", "Missing required parameter: redirect_uri.")
    if app is None:
        return _token_error("invalid_client")
    if grant is None or grant.client_id != app.client_id or grant.revoked or \
            fake.now() >= grant.expires_at:
        return _token_error("invalid_grant")
    if not redirect_matches(uri, grant.redirect_uri):
        return _token_error("invalid_grant")
    if grant.code_challenge and not pkce_matches(verifier or "", grant.code_challenge,
                                                 grant.code_challenge_method or "plain"):
        return _token_error("invalid_grant")
    grant.revoked = True
    return _issue(fake, app, grant.user_id, grant.scopes)


def _refresh(fake: FakeGumroad, app: OAuthApp | None, params: Mapping[str, Any]) -> FakeResponse:
    value = _text(params, "refresh_token")
    if value is None:
        return _token_error("invalid_request", "Missing required parameter: refresh_token.")
    old = fake.oauth.by_refresh.get(value)
    if old is None or old.revoked_at is not None:
        return _token_error("invalid_grant")
    if app is None or app.client_id != old.client_id:
        return _token_error("invalid_grant")
    wanted = tuple((_text(params, "scope") or " ".join(old.scopes)).split())
    if not set(wanted) <= set(old.scopes):
        return _token_error("invalid_scope")
    fake.oauth.revoke(old, fake.now())
    return _issue(fake, app, old.user_id, wanted)


def token(fake: FakeGumroad, params: Mapping[str, Any], headers: Mapping[str, str]) -> FakeResponse:
    """``POST /oauth/token``."""
    grant_type = _text(params, "grant_type") or "authorization_code"
    if grant_type not in ("authorization_code", "refresh_token", "client_credentials"):
        return _token_error("unsupported_grant_type")
    try:
        app = _client(fake, params, headers)
    except _BadClient as bad:
        return _token_error("invalid_client", basic=bad.basic)
    if grant_type == "refresh_token":
        return _refresh(fake, app, params)
    if grant_type == "authorization_code":
        return _authorization_code(fake, app, params)
    if app is None:
        return _token_error("invalid_client")
    scopes = tuple((_text(params, "scope") or DEFAULT_SCOPE).split())
    if any(s not in SERVER_SCOPES or s not in app.scopes for s in scopes):
        return _token_error("invalid_scope")
    return _issue(fake, app, None, scopes)


def revoke(fake: FakeGumroad, params: Mapping[str, Any], headers: Mapping[str, str]) -> FakeResponse:
    """``POST /oauth/revoke``: 200 ``{}`` also for unknown tokens."""
    try:
        app = _client(fake, params, headers)
    except _BadClient as bad:
        return _token_error("invalid_client", basic=bad.basic)
    if app is None:
        return _token_error("invalid_client")
    value = _text(params, "token")
    found = fake.oauth.find(value) if value else None
    if found is not None:
        owner = fake.oauth.apps.get(found.client_id)
        if owner is not None and owner.confidential and owner is not app:
            return json_response(403, {"error": "unauthorized_client",
                                       "error_description": DESCRIPTIONS["unauthorized_client"]})
        fake.oauth.revoke(found, fake.now())
    return json_response(200, {}, list(_NO_STORE))


def token_info(fake: FakeGumroad, params: Mapping[str, Any],
               headers: Mapping[str, str]) -> FakeResponse:
    """``GET /oauth/token/info``: what the bearer token is."""
    value = token_from(headers, params)
    found = fake.oauth.active(value) if value else None
    if found is None or found.expired:
        return json_response(401, {"error": "invalid_token",
                                   "error_description": "The access token is invalid"})
    owner = fake.account_for(found.user_id)
    return json_response(200, {
        "resource_owner_id": int(owner.numeric_id) if owner else None,
        "scope": list(found.scopes), "expires_in": None,
        "application": {"uid": found.client_id}, "created_at": int(found.created_at)})


def dispatch(fake: FakeGumroad, method: str, path: str, params: Mapping[str, Any],
             headers: Mapping[str, str]) -> FakeResponse:
    """Route one ``/oauth/...`` request."""
    path = path.rstrip("/")
    if path == "/oauth/authorize" and method in ("GET", "POST", "DELETE"):
        return authorize(fake, method, params)
    if path.startswith("/oauth/authorize/") and method == "GET":
        code = path.rsplit("/", 1)[-1]
        return code_page(code) if code in fake.oauth.grants else routing_404()
    if path == "/oauth/token" and method == "POST":
        return token(fake, params, headers)
    if path == "/oauth/revoke" and method == "POST":
        return revoke(fake, params, headers)
    if path == "/oauth/token/info" and method == "GET":
        return token_info(fake, params, headers)
    return routing_404()
