"""
gumroad.testing._account
~~~~~~~~~~~~~~~~~~~~~~~~

:class:`FakeAccount`: one seller of the fake, with their catalog, lazy sales,
payouts, webhooks and tax data, and the JSON views the routes render.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from ._catalog import CustomField, OfferCode, Payout, Product, ResourceSubscription
from ._ids import IdCodec, from_us, to_us
from ._sales import ProductSnap, SaleStore
from ._sales_json import is_refunded, sale_json
from ._seed import DAY_US, seed_payouts, seed_products

__all__ = ["FakeAccount"]

_FULL_USER_SCOPES = frozenset({"edit_products", "view_sales", "revenue_share", "ifttt",
                               "view_profile"})


class FakeAccount:
    """One seller: user, products, sales (lazy), subscribers, licenses, payouts...

    Created by :class:`~gumroad.testing.FakeGumroad`; the first account is
    ``fake.seller``. Attributes are plain data that tests may read and change
    (hold ``fake.lock`` while a server is running).
    """

    def __init__(self, index: int, *, seed: int, sales: int, products: int, payouts: int,
                 newest_us: int, span_us: int, now: Callable[[], float] = time.time) -> None:
        self.index = index
        self.now = now
        self.codec = IdCodec(f"{seed}/{index}")
        suffix = "" if index == 0 else str(index)
        self.username = f"fakeseller{suffix}"
        self.name = f"Fake Seller{' ' + suffix if suffix else ''}"
        self.email = f"{self.username}@example.com"
        self.bio = "I make things and sell them on Gumroad."
        self.twitter_handle = self.username
        self.currency_type = "usd"
        self.numeric_id = str(5_530_311_507_811 + 1_000 * seed + index)
        self.user_id = self.codec.encode("user", index + 1)
        self.store_url = f"https://{self.username}.gumroad.com"
        self.tax_center_enabled = True
        catalog, codes, fields = seed_products(self.codec, products, newest_us - span_us)
        self.products: dict[str, Product] = {p.id: p for p in catalog}
        self.offer_codes: dict[str, OfferCode] = codes
        self.custom_fields: list[CustomField] = fields
        self.resource_subscriptions: dict[str, ResourceSubscription] = {}
        self.payouts: list[Payout] = seed_payouts(self.codec, payouts, newest_us)
        self.sales = SaleStore(self.codec, seed, [self.snapshot(p) for p in catalog], sales,
                               newest_us, span_us)
        self._next_num = 1000
        self._stats: dict[str, tuple[int, int]] = {}

    # -- ids and products ----------------------------------------------------------
    def new_id(self, kind: str) -> tuple[int, str]:
        """A fresh ``(num, external id)`` for an object created through the API."""
        self._next_num += 1
        return self._next_num, self.codec.encode(kind, self._next_num)

    def find_product(self, ref: object) -> Product | None:
        """A live product by external id or unique permalink."""
        if not isinstance(ref, str):
            return None
        product = self.products.get(ref) or next(
            (p for p in self.products.values() if p.unique_permalink == ref), None)
        return product if product is not None and not product.deleted else None

    def live_products(self) -> list[Product]:
        """Products that are not deleted, newest first (``created_at DESC, id DESC``)."""
        alive = [p for p in self.products.values() if not p.deleted]
        return sorted(alive, key=lambda p: (p.created_us, p.num), reverse=True)

    def fields_for(self, product: Product) -> list[CustomField]:
        """Custom fields attached to *product*."""
        return [f for f in self.custom_fields if product.id in f.product_ids]

    def snapshot(self, product: Product) -> ProductSnap:
        """What a sale made now records about *product*."""
        code = next((c for c in self.offer_codes.values() if c.applies_to(product.id)), None)
        offer = None
        if code is not None:
            off = code.amount_cents if code.percent_off is None else \
                product.price * code.percent_off // 100
            offer = (code.name, off or 0)
        return ProductSnap(
            id=product.id, name=product.name, permalink=product.unique_permalink,
            price=product.price, currency=product.currency,
            duration=product.subscription_duration, physical=product.is_physical,
            licensed=product.licensed,
            categories=tuple((c.title, tuple((v.name, v.price_difference_cents)
                                             for v in c.variants))
                             for c in product.variant_categories),
            custom_fields=tuple(f.name for f in self.fields_for(product)),
            offer_code=offer)

    def stats(self, product: Product) -> tuple[int, int]:
        """``(sales_count, sales_usd_cents)`` of *product*, without building sales."""
        store = self.sales
        if product.id not in self._stats:
            count = cents = 0
            for p, snap in enumerate(store.products):
                if snap.id == product.id:
                    for i in range((p - store.seed) % len(store.products), store.count,
                                   len(store.products)):
                        count, cents = count + 1, cents + store.price_of(i)[0]
            self._stats[product.id] = (count, cents)
        count, cents = self._stats[product.id]
        for spec in store.extras:
            if spec.product.id == product.id:
                count, cents = count + 1, cents + spec.price
        return count, cents

    def product_json(self, product: Product, *, stats: bool, slim: bool) -> dict[str, Any]:
        """The ``product`` object; *stats* adds ``sales_count`` and ``sales_usd_cents``."""
        return product.as_json(
            store_url=self.store_url, slim=slim,
            custom_fields=[{"name": f.name, "required": f.required}
                           for f in self.fields_for(product)],
            stats=self.stats(product) if stats else None)

    # -- sales ---------------------------------------------------------------------
    def sale(self, index: int) -> dict[str, Any]:
        """The Sales API object of the sale at logical *index* (0 = newest)."""
        return sale_json(self.sales, self.sales.spec(index), self.user_id, int(self.now() * 1e6))

    def window(self, start_us: int | None, stop_us: int | None) -> tuple[int, int]:
        """Logical index range of sales with ``start_us <= created_at < stop_us``."""
        first = 0 if stop_us is None else self.sales.first_at_or_before(stop_us - 1)
        last = self.sales.total if start_us is None else \
            self.sales.first_at_or_before(start_us - 1)
        return first, max(first, last)

    def net_cents(self, start_us: int, stop_us: int) -> int:
        """Gross minus fees of the generated sales made in ``[start_us, stop_us)``."""
        first, last = self.window(start_us, stop_us)
        extra = len(self.sales.extras)
        _, gross, fees = self.sales.totals(first - extra, last - extra)
        return gross - fees

    # -- user, payouts ---------------------------------------------------------------
    def user_json(self, scopes: set[str]) -> dict[str, Any]:
        """The ``user`` object; what it holds depends on the token's scopes."""
        links = [p.unique_permalink for p in self.live_products()] or None
        ids = {"id": self.numeric_id, "user_id": self.user_id, "url": self.store_url,
               "links": links}
        if not scopes & _FULL_USER_SCOPES:
            named = {k: v for k, v in (("name", self.name), ("bio", self.bio),
                                       ("twitter_handle", self.twitter_handle)) if v}
            return {**named, **ids}
        data: dict[str, Any] = {
            "name": self.name, "bio": self.bio, "twitter_handle": self.twitter_handle,
            "currency_type": self.currency_type, **ids,
            "profile_url": f"https://public-files.gumroad.com/{self.username}-avatar.png",
            "email": self.email,
        }
        if "view_profile" in scopes:
            data["display_name"] = self.name
        return data

    def payout_amount(self, payout: Payout) -> Payout:
        """*payout* with its amount computed (lazily, from the sales of its period)."""
        if payout.amount_cents < 0:
            payout.amount_cents = self.net_cents(payout.period_start_us, payout.created_us)
        return payout

    def upcoming_payout(self) -> Payout:
        """The upcoming pseudo-payout (``id`` ``None``): sales since the last payout."""
        last = self.payouts[0].created_us if self.payouts else self.sales.newest_us - 7 * DAY_US
        payout = Payout(None, 0, last + 7 * DAY_US, -1, status="payable", period_start_us=last)
        return self.payout_amount(payout)

    def payout_sales(self, payout: Payout) -> dict[str, list[str]]:
        """Ids of the sales, refunded sales and disputed sales of *payout*."""
        first, last = self.window(payout.period_start_us, payout.created_us)
        sales: list[str] = []
        refunded: list[str] = []
        disputed: list[str] = []
        for index in range(first, last):
            spec = self.sales.spec(index)
            sale_id = self.codec.encode("sale", spec.num)
            sales.append(sale_id)
            if is_refunded(self.sales, spec):
                refunded.append(sale_id)
            if spec.chargedback:
                disputed.append(sale_id)
        return {"sales": sales, "refunded_sales": refunded, "disputed_sales": disputed}

    def earnings(self, year: int) -> dict[str, int]:
        """Earnings of calendar *year* in USD cents."""
        start = to_us(datetime.datetime(year, 1, 1))
        stop = to_us(datetime.datetime(year + 1, 1, 1))
        first, last = self.window(start, stop)
        extra = len(self.sales.extras)
        _, gross, fees = self.sales.totals(first - extra, last - extra)
        return {"gross_cents": gross, "fees_cents": fees, "taxes_cents": 0,
                "affiliate_credit_cents": 0, "net_cents": gross - fees}

    def sales_years(self) -> list[int]:
        """Calendar years that hold sales, oldest first."""
        if not self.sales.total:
            return []
        newest = from_us(self.sales.created_at(0)).year
        oldest = from_us(self.sales.created_at(self.sales.total - 1)).year
        return list(range(oldest, newest + 1))
