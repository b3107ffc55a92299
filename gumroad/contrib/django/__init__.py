"""
gumroad.contrib.django
~~~~~~~~~~~~~~~~~~~~~~

A reusable Django app that connects each user's Gumroad account: the OAuth
dance (``state`` + PKCE), one :class:`~gumroad.contrib.django.models.GumroadToken`
per user, refreshes under a row lock so many workers rotate once, disconnect,
and a ping receiver that sends :data:`~gumroad.contrib.django.signals.ping_received`.

Usage::

    # settings.py
    INSTALLED_APPS = [..., "gumroad.contrib.django"]
    GUMROAD_CLIENT_ID = "..."
    GUMROAD_CLIENT_SECRET = "..."
    GUMROAD_SCOPES = ["view_profile", "view_sales"]

    # urls.py
    path("gumroad/", include("gumroad.contrib.django.urls")),

    # a view
    from gumroad.contrib.django import client_for
    products = list(client_for(request.user).products.list())

Install with ``pip install 'gumroad[django]'``. Importing this package does
not import the models, so it is safe in ``INSTALLED_APPS``;
:func:`client_for` and :class:`DjangoTokenStore` load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import NotConnectedError

if TYPE_CHECKING:
    from .store import DjangoTokenStore, client_for

__all__ = ["DjangoTokenStore", "NotConnectedError", "client_for"]


def __getattr__(name: str) -> Any:
    if name in ("DjangoTokenStore", "client_for"):
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
