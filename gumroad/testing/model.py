"""
gumroad.testing.model
~~~~~~~~~~~~~~~~~~~~~

:class:`FakeGumroad`: the in-memory Gumroad that both fronts serve.

Usage::

    from gumroad.testing import FakeGumroad

    fake = FakeGumroad(seed=0, sales=100_000)     # built in milliseconds: sales are lazy
    token = fake.issue_token(["view_sales"])      # {"access_token": ..., "refresh_token": ...}
    response = fake.handle("GET", "/v2/sales", [("access_token", token["access_token"])])
    assert response.status == 200 and len(response.json()["sales"]) == 10

Everything is derived from ``seed``: two fakes built with the same arguments
hold the same ids, sales, license keys and app credentials (access tokens and
codes are random, as they must be unguessable).
"""

from __future__ import annotations

import datetime
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._account import FakeAccount
from ._http import FakeResponse
from ._ids import to_us
from ._oauth import (
    LEGACY_READ_SCOPES,
    PUBLIC_SCOPES,
    READ_SCOPES,
    AccessToken,
    OAuthApp,
    OAuthStore,
)
from .app import handle as _handle
from .faults import FaultInjector, LoggedRequest, RequestLog

__all__ = ["DEFAULT_ANCHOR", "DEFAULT_REDIRECT_URI", "FakeAccount", "FakeGumroad"]

DEFAULT_ANCHOR = datetime.datetime(2025, 6, 30, 12, 0, tzinfo=datetime.timezone.utc)
"""When the newest seeded sale was made (fixed, so data does not depend on today)."""

DEFAULT_REDIRECT_URI = "http://127.0.0.1/callback"
"""The default app's redirect URI; any port of 127.0.0.1 matches (RFC 8252)."""


class FakeGumroad:
    """A seeded, in-memory Gumroad: sellers, OAuth apps and tokens, faults, a request log.

    :param seed: everything is derived from it.
    :param sales: number of sales of the main seller; generated on demand, so
        100 000 costs nothing until read.
    :param products: number of seeded products (the first four cover licenses,
        a membership, custom fields and a physical product).
    :param payouts: number of weekly payouts.
    :param anchor: when the newest seeded sale was made.
    :param span_days: how far back the sales go.
    :param legacy: answer like the April 2025 server (products unpaginated,
        product create/update 404, no ``account`` fallback, no rotate/resend).
    :param clock: returns the time in epoch seconds (default :func:`time.time`).
    :param log_size: how many requests :attr:`requests` keeps.

    The model is guarded by :attr:`lock` (an ``RLock``); hold it when changing
    state while a server is running.
    """

    def __init__(self, seed: int = 0, *, sales: int = 25, products: int = 4,
                 payouts: int = 25, anchor: datetime.datetime | None = None,
                 span_days: int = 365, legacy: bool = False,
                 clock: Callable[[], float] | None = None, log_size: int = 10_000) -> None:
        self.lock = threading.RLock()
        self.seed = seed
        self.legacy = legacy
        self.clock: Callable[[], float] = clock or time.time
        self.anchor = anchor or DEFAULT_ANCHOR
        self.auto_approve = False
        self.faults = FaultInjector()
        self.log = RequestLog(log_size)
        self.errors: list[str] = []
        self.oauth = OAuthStore(seed)
        self.accounts: list[FakeAccount] = []
        self._offset = 0.0
        self.seller = self.add_account(sales=sales, products=products, payouts=payouts,
                                       span_days=span_days)
        self.logged_in: FakeAccount = self.seller
        self.default_app = self.create_app("Fake Gumroad App", DEFAULT_REDIRECT_URI)

    # -- time ----------------------------------------------------------------------
    def now(self) -> float:
        """The fake's current time in epoch seconds (``clock()`` plus :meth:`advance`)."""
        return self.clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward, e.g. past the 10-minute life of a code."""
        self._offset += seconds

    # -- accounts --------------------------------------------------------------------
    def add_account(self, *, sales: int = 25, products: int = 4, payouts: int = 25,
                    span_days: int = 365) -> FakeAccount:
        """Add another seller (for "product of another seller" cases)."""
        with self.lock:
            account = FakeAccount(len(self.accounts), seed=self.seed, sales=sales,
                                  products=products, payouts=payouts,
                                  newest_us=to_us(self.anchor),
                                  span_us=span_days * 86_400_000_000, now=self.now)
            self.accounts.append(account)
            return account

    def account_for(self, user_id: str | None) -> FakeAccount | None:
        """The account with external ``user_id``."""
        return next((a for a in self.accounts if a.user_id == user_id), None)

    def add_sale(self, product_id: str | None = None, *, email: str = "new.buyer@example.com",
                 full_name: str = "New Buyer", account: FakeAccount | None = None
                 ) -> dict[str, Any]:
        """Record a new sale (the newest) and return its Sales API object."""
        with self.lock:
            account = account or self.seller
            product = account.find_product(product_id) if product_id else \
                next(iter(account.live_products()), None)
            if product is None:
                raise ValueError(f"no live product {product_id!r} on this account")
            snap = account.snapshot(product)
            variants = tuple((title, options[0][0]) for title, options in snap.categories
                             if options)
            price = snap.price + sum(options[0][1] for _, options in snap.categories if options)
            account.sales.add({
                "product": snap, "email": email, "full_name": full_name, "buyer": 10**6,
                "variants": variants, "price": price,
                "custom_fields": tuple((name, "") for name in snap.custom_fields),
                "subscription_status": "alive" if snap.duration else None,
            }, int(self.now() * 1e6))
            return account.sale(0)

    # -- OAuth helpers -----------------------------------------------------------------
    def create_app(self, name: str = "Test App",
                   redirect_uri: str | Iterable[str] = DEFAULT_REDIRECT_URI, *,
                   scopes: Iterable[str] | None = None, confidential: bool = False,
                   owner: FakeAccount | None = None) -> OAuthApp:
        """Register an OAuth application (non-confidential by default, like Gumroad's).

        *redirect_uri* may hold several URIs, as a list or separated by newlines.
        """
        uris = redirect_uri.split() if isinstance(redirect_uri, str) else list(redirect_uri)
        chosen = tuple(scopes) if scopes is not None else (*PUBLIC_SCOPES, "view_public")
        with self.lock:
            return self.oauth.create_app(name=name, redirect_uris=uris, scopes=chosen,
                                         owner_id=(owner or self.seller).user_id,
                                         confidential=confidential)

    def issue_token(self, scopes: Iterable[str] | str | None = None, *,
                    app: OAuthApp | None = None, account: FakeAccount | None = None
                    ) -> dict[str, Any]:
        """Issue a token for *account* (default: the seller) through *app* (default app).

        Returns the token response dict: ``access_token``, ``token_type``,
        ``refresh_token``, ``scope``, ``created_at``. Default scopes: every
        public scope, as "Generate access token" gives.
        """
        if isinstance(scopes, str):
            scopes = scopes.split()
        chosen = tuple(dict.fromkeys(scopes)) if scopes is not None else PUBLIC_SCOPES
        with self.lock:
            token = self.oauth.issue((app or self.default_app).client_id,
                                     (account or self.seller).user_id, chosen, self.now())
            return token.response()

    def token(self, value: str) -> AccessToken | None:
        """The token record for an access or refresh token (live or revoked)."""
        with self.lock:
            return self.oauth.find(value)

    def revoke_token(self, value: str) -> bool:
        """Revoke an access token (or the pair of a refresh token) now."""
        with self.lock:
            token = self.oauth.find(value)
            if token is None or token.revoked_at is not None:
                return False
            self.oauth.revoke(token, self.now())
            return True

    def revoke_all_tokens(self) -> int:
        """Revoke every live token now; returns how many."""
        with self.lock:
            live = [t for t in self.oauth.tokens.values() if t.revoked_at is None]
            for token in live:
                self.oauth.revoke(token, self.now())
            return len(live)

    def expire_token(self, access_token: str) -> bool:
        """Make *access_token* answer 401 "expired" while its refresh token still works.

        Gumroad's tokens never expire, but this is how to drive a client's
        "401, refresh, replay" path without killing the refresh token.
        """
        with self.lock:
            token = self.oauth.active(access_token)
            if token is None or token.expired:
                return False
            token.expired = True
            return True

    def expire_all_tokens(self) -> int:
        """:meth:`expire_token` for every live token; returns how many."""
        with self.lock:
            live = [t for t in self.oauth.tokens.values() if t.revoked_at is None and not t.expired]
            for token in live:
                token.expired = True
            return len(live)

    @property
    def read_scopes(self) -> frozenset[str]:
        """The scopes that open the read endpoints."""
        return LEGACY_READ_SCOPES if self.legacy else READ_SCOPES

    # -- serving -----------------------------------------------------------------------
    def handle(self, method: str, path: str, query: Iterable[tuple[str, str]] = (),
               headers: Mapping[str, str] | None = None, body: bytes = b"") -> FakeResponse:
        """Answer one request (see :func:`gumroad.testing.app.handle`)."""
        return _handle(self, method, path, list(query), headers or {}, body)

    @property
    def requests(self) -> list[LoggedRequest]:
        """The requests served so far (the last ``log_size``), oldest first."""
        return self.log.entries()

    def count(self, method: str | None = None,
              path: str | re.Pattern[str] | None = None) -> int:
        """How many requests matched *method* and *path* (exact, ``prefix*`` or a regex)."""
        return self.log.count(method, path)
