"""
gumroad.testing._oauth
~~~~~~~~~~~~~~~~~~~~~~

OAuth state of the fake, following Doorkeeper as configured by Gumroad
(gumroad-api.md §2): applications, 10-minute single-use grants with optional
PKCE, access tokens that never expire, and refresh tokens that rotate (a
refresh revokes the old pair at once).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ._ids import digest

__all__ = [
    "DEFAULT_SCOPE",
    "GRANT_LIFETIME",
    "LEGACY_READ_SCOPES",
    "PUBLIC_SCOPES",
    "READ_SCOPES",
    "SERVER_SCOPES",
    "AccessToken",
    "Grant",
    "OAuthApp",
    "OAuthStore",
    "pkce_matches",
    "redirect_matches",
]

PUBLIC_SCOPES: tuple[str, ...] = (
    "edit_products", "edit_emails", "view_sales", "mark_sales_as_shipped", "edit_sales",
    "revenue_share", "ifttt", "view_profile", "edit_profile", "view_payouts",
    "view_tax_data", "account",
)
"""``public_scopes`` of the current server: what "Generate access token" grants."""

DEFAULT_SCOPE = "view_public"
READ_SCOPES: frozenset[str] = frozenset(PUBLIC_SCOPES) - {"edit_emails", "edit_profile"} | {
    DEFAULT_SCOPE}
"""The "read" set: any of these opens the read endpoints."""

LEGACY_READ_SCOPES: frozenset[str] = frozenset({
    "edit_products", "view_sales", "mark_sales_as_shipped", "refund_sales", "revenue_share",
    "ifttt", "view_profile", DEFAULT_SCOPE})
"""The read set of the April 2025 server (``legacy=True``)."""

SERVER_SCOPES: frozenset[str] = frozenset(PUBLIC_SCOPES) | {DEFAULT_SCOPE, "refund_sales"}
GRANT_LIFETIME = 600.0
"""Authorization codes expire after 10 minutes."""

_LOOPBACK = {"127.0.0.1", "::1"}


def redirect_matches(given: str, registered: str) -> bool:
    """Doorkeeper's ``URIChecker.matches?``.

    The registered query must be present; any other query is ignored; and for
    loopback IPs the port is ignored (RFC 8252 §7.3), so a CLI may listen on any
    free port of ``http://127.0.0.1/callback``.
    """
    g, r = urlsplit(given), urlsplit(registered)
    if r.query and not set(parse_qsl(r.query)) <= set(parse_qsl(g.query)):
        return False
    if g.hostname in _LOOPBACK and r.hostname == g.hostname:
        return (g.scheme, g.path) == (r.scheme, r.path)
    return (g.scheme, g.netloc, g.path) == (r.scheme, r.netloc, r.path)


def pkce_matches(verifier: str, challenge: str, method: str) -> bool:
    """Check a PKCE ``code_verifier`` against the grant's challenge."""
    if method == "S256":
        hashed = hashlib.sha256(verifier.encode()).digest()
        verifier = base64.urlsafe_b64encode(hashed).decode().rstrip("=")
    return secrets.compare_digest(verifier, challenge)


@dataclass
class OAuthApp:
    """A registered OAuth application."""

    client_id: str
    client_secret: str
    name: str
    redirect_uris: list[str]
    scopes: tuple[str, ...]
    owner_id: str
    confidential: bool = False

    @property
    def redirect_uri(self) -> str:
        """The first registered redirect URI."""
        return self.redirect_uris[0]

    def accepts_redirect(self, uri: str) -> bool:
        """Whether *uri* matches one of the registered redirect URIs."""
        return any(redirect_matches(uri, r) for r in self.redirect_uris)

    def as_dict(self) -> dict[str, Any]:
        """``client_id``, ``client_secret``, ``redirect_uri``, ``name``, ``scopes``."""
        return {"client_id": self.client_id, "client_secret": self.client_secret,
                "redirect_uri": self.redirect_uri, "name": self.name,
                "scopes": list(self.scopes), "confidential": self.confidential}


@dataclass
class Grant:
    """An authorization code waiting to be exchanged."""

    code: str
    client_id: str
    user_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    expires_at: float
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    revoked: bool = False


@dataclass
class AccessToken:
    """An access token and its refresh token; ``user_id`` is ``None`` for client tokens."""

    token: str
    refresh_token: str
    client_id: str
    user_id: str | None
    scopes: tuple[str, ...]
    created_at: float
    revoked_at: float | None = None
    expired: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def response(self) -> dict[str, Any]:
        """Doorkeeper's token response: no ``expires_in`` (tokens never expire)."""
        return {"access_token": self.token, "token_type": "Bearer",
                "refresh_token": self.refresh_token, "scope": " ".join(self.scopes),
                "created_at": int(self.created_at)}


class OAuthStore:
    """Applications, grants and tokens. Callers hold the model lock."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.apps: dict[str, OAuthApp] = {}
        self.grants: dict[str, Grant] = {}
        self.tokens: dict[str, AccessToken] = {}
        self.by_refresh: dict[str, AccessToken] = {}

    def create_app(self, *, name: str, redirect_uris: list[str], scopes: tuple[str, ...],
                   owner_id: str, confidential: bool) -> OAuthApp:
        """Register an application; its uid and secret derive from the seed."""
        n = len(self.apps)
        uid = base64.urlsafe_b64encode(digest(self.seed, "app-uid", n, size=32)).decode()
        secret = base64.urlsafe_b64encode(digest(self.seed, "app-secret", n, size=32)).decode()
        app = OAuthApp(uid.rstrip("="), secret.rstrip("="), name, redirect_uris, scopes,
                       owner_id, confidential)
        self.apps[app.client_id] = app
        return app

    def add_grant(self, app: OAuthApp, user_id: str, redirect_uri: str,
                  scopes: tuple[str, ...], now: float, challenge: str | None = None,
                  method: str | None = None) -> Grant:
        """Create an authorization code for *user_id*."""
        grant = Grant(secrets.token_urlsafe(32), app.client_id, user_id, redirect_uri, scopes,
                      now + GRANT_LIFETIME, challenge, method)
        self.grants[grant.code] = grant
        return grant

    def issue(self, client_id: str, user_id: str | None, scopes: tuple[str, ...],
              now: float) -> AccessToken:
        """Create a new access token with a refresh token."""
        token = AccessToken(secrets.token_urlsafe(32), secrets.token_urlsafe(32), client_id,
                            user_id, scopes, now)
        self.tokens[token.token] = token
        self.by_refresh[token.refresh_token] = token
        return token

    def find(self, value: str) -> AccessToken | None:
        """The token whose access or refresh token is *value*."""
        return self.tokens.get(value) or self.by_refresh.get(value)

    def active(self, access_token: str) -> AccessToken | None:
        """The live (unrevoked) token for *access_token*."""
        token = self.tokens.get(access_token)
        return token if token is not None and token.revoked_at is None else None

    def revoke(self, token: AccessToken, now: float) -> None:
        """Revoke *token* and its refresh token."""
        if token.revoked_at is None:
            token.revoked_at = now
