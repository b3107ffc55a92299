"""
gumroad.contrib.django.conf
~~~~~~~~~~~~~~~~~~~~~~~~~~~

The ``GUMROAD_*`` settings, read on each use (so ``override_settings`` works).

- ``GUMROAD_CLIENT_ID``: required, your Gumroad OAuth app's id.
- ``GUMROAD_CLIENT_SECRET``: its secret (``None`` for a public app; PKCE is used anyway).
- ``GUMROAD_SCOPES``: a list or space-separated string (default ``view_profile view_sales``).
- ``GUMROAD_REDIRECT_URI``: the callback registered at Gumroad (default: the
  absolute URL of ``gumroad:callback`` on the request's host).
- ``GUMROAD_API_BASE_URL``: another API base (staging, the fake Gumroad).
- ``GUMROAD_OAUTH_BASE_URL``: moves authorize, token and revoke together.
- ``GUMROAD_CONNECT_REDIRECT``: where to go after connecting (URL or URL name; default ``/``).
- ``GUMROAD_DISCONNECT_REDIRECT``: where to go after disconnecting (default ``/``).
- ``GUMROAD_CONFIRM_PINGS``: fetch each ping's sale or subscription through the API first.
- ``GUMROAD_TOKEN_DATABASE``: the database alias for tokens (default ``"default"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from ... import oauth
from .._dance import OAuthSettings

__all__ = ["GumroadSettings", "get_settings"]

DEFAULT_SCOPES = ("view_profile", "view_sales")


@dataclass(frozen=True)
class GumroadSettings(OAuthSettings):
    """The resolved ``GUMROAD_*`` settings.

    The OAuth app's come first (``client_id`` ... ``oauth_base_url``, with
    ``endpoint()`` and ``token_url``), then the Django app's own.
    """

    connect_redirect: str
    disconnect_redirect: str
    confirm_pings: bool
    token_database: str


def _get(name: str, default: Any = None) -> Any:
    return getattr(django_settings, name, default)


def get_settings() -> GumroadSettings:
    """Read the settings now; raise ``ImproperlyConfigured`` when ``GUMROAD_CLIENT_ID`` is missing."""
    client_id = _get("GUMROAD_CLIENT_ID")
    if not isinstance(client_id, str) or not client_id:
        raise ImproperlyConfigured("set GUMROAD_CLIENT_ID to your Gumroad OAuth application's id")
    try:
        scopes = oauth.normalize_scopes(_get("GUMROAD_SCOPES") or DEFAULT_SCOPES)
    except ValueError as exc:
        raise ImproperlyConfigured(f"GUMROAD_SCOPES: {exc}") from exc
    return GumroadSettings(
        client_id=client_id,
        client_secret=_get("GUMROAD_CLIENT_SECRET") or None,
        scopes=scopes,
        redirect_uri=_get("GUMROAD_REDIRECT_URI") or None,
        api_base_url=_get("GUMROAD_API_BASE_URL") or None,
        oauth_base_url=_get("GUMROAD_OAUTH_BASE_URL") or None,
        connect_redirect=_get("GUMROAD_CONNECT_REDIRECT") or "/",
        disconnect_redirect=_get("GUMROAD_DISCONNECT_REDIRECT") or "/",
        confirm_pings=bool(_get("GUMROAD_CONFIRM_PINGS", False)),
        token_database=_get("GUMROAD_TOKEN_DATABASE") or "default",
    )
