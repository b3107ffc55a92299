"""
gumroad.testing._sales
~~~~~~~~~~~~~~~~~~~~~~

The lazy sale store. A 100k-sale account is never built: sale *i* is derived
from ``(seed, i)`` when it is asked for, and only mutated sales are stored.

Sales are addressed by a *logical index* ``L`` (0 = newest), ordered
``created_at DESC, id DESC`` like the server. Sales added at run time
(:meth:`SaleStore.add`) come first, then the generated ones. The numeric id is
``top - L`` and ``created_at`` falls strictly with ``L``, so a page key or a
date maps to an index by arithmetic; the product and buyer of generated sale
*i* are ``(i + offset) % n``, so filtering by either walks an arithmetic
progression instead of scanning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ._ids import IdCodec, number

__all__ = ["ProductSnap", "SaleSpec", "SaleState", "SaleStore", "fee_cents"]

FIRST_NAMES = ("ada", "grace", "alan", "linus", "margaret", "ken",
               "barbara", "dennis", "frances", "edsger", "radia", "tim")
LAST_NAMES = ("lovelace", "hopper", "turing", "torvalds", "hamilton", "thompson",
              "liskov", "ritchie", "allen", "dijkstra", "perlman", "berners")
_BUYER_EMAIL = re.compile(r"^[a-z]+\.[a-z]+(\d+)@example\.com$")
REFERRERS = ("direct", "https://twitter.com/", "https://www.google.com/",
             "https://gumroad.com/discover")
COUNTRIES = (("United States", "US"), ("Germany", "DE"), ("Japan", "JP"),
             ("Brazil", "BR"), ("India", "IN"))


def fee_cents(price: int) -> int:
    """Gumroad's fee on a sale: 10% plus 50 cents (nothing on free sales)."""
    return price // 10 + 50 if price > 0 else 0


@dataclass(frozen=True)
class ProductSnap:
    """What a sale remembers of its product at the time of purchase."""

    id: str
    name: str
    permalink: str
    price: int
    currency: str = "usd"
    duration: str | None = None
    physical: bool = False
    licensed: bool = False
    categories: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    custom_fields: tuple[str, ...] = ()
    offer_code: tuple[str, int] | None = None


@dataclass(frozen=True)
class SaleSpec:
    """The immutable facts of one sale."""

    num: int
    created_us: int
    product: ProductSnap
    email: str
    full_name: str
    buyer: int
    variants: tuple[tuple[str, str], ...] = ()
    price: int = 0
    offer_code: tuple[str, int] | None = None
    custom_fields: tuple[tuple[str, str], ...] = ()
    refunded: bool = False
    chargedback: bool = False
    subscription_status: str | None = None
    license_uses: int = 0
    referrer: str = "direct"
    country: tuple[str, str] = ("United States", "US")


@dataclass
class SaleState:
    """What the API has changed on a sale (the overrides)."""

    refunded_cents: int = 0
    refunded: bool | None = None
    shipped: bool = False
    tracking_url: str | None = None
    license_uses: int | None = None
    license_disabled: bool = False
    license_key: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


class SaleStore:
    """Sales of one account: generated on demand, plus added ones, plus overrides."""

    FIRST_NUM = 1000

    def __init__(self, codec: IdCodec, seed: int, products: list[ProductSnap],
                 count: int, newest_us: int, span_us: int) -> None:
        self.codec = codec
        self.seed = seed
        self.products = products
        self.count = count if products else 0
        self.newest_us = newest_us
        self.step_us = max(1_000_000, span_us // max(count, 1))
        self.buyers = max(1, count * 4 // 5)
        self.extras: list[SaleSpec] = []
        self.states: dict[int, SaleState] = {}
        self.rotated: dict[str, int] = {}
        self.generated = 0
        self._totals: dict[tuple[int, int], tuple[int, int, int]] = {}

    # -- indexing ------------------------------------------------------------------
    @property
    def total(self) -> int:
        """Number of sales (generated + added)."""
        return self.count + len(self.extras)

    @property
    def top(self) -> int:
        """The numeric id of the newest sale (``num(L) == top - L``)."""
        return self.FIRST_NUM + self.total - 1

    def num_at(self, index: int) -> int:
        """Numeric id of the sale at logical *index*."""
        return self.top - index

    def index_of_num(self, num: int) -> int | None:
        """Logical index of sale *num*, or ``None``."""
        index = self.top - num
        return index if 0 <= index < self.total else None

    def index_of_id(self, external_id: str) -> int | None:
        """Logical index of the sale with *external_id*, or ``None``."""
        num = self.codec.decode("sale", external_id)
        return None if num is None else self.index_of_num(num)

    def _jitter(self, i: int) -> int:
        return number(self.codec.namespace, "jitter", i) % max(1, self.step_us // 2)

    def created_at(self, index: int) -> int:
        """``created_at`` (µs) of the sale at *index*, without building it."""
        extra = len(self.extras)
        if index < extra:
            return self.extras[extra - 1 - index].created_us
        i = index - extra
        return self.newest_us - i * self.step_us - self._jitter(i)

    def first_at_or_before(self, moment_us: int) -> int:
        """The smallest index whose ``created_at <= moment_us`` (``total`` if none)."""
        extra = len(self.extras)
        for index in range(extra):
            if self.created_at(index) <= moment_us:
                return index
        distance = self.newest_us - moment_us - self.step_us // 2
        i = max(0, distance // self.step_us)
        while i < self.count and self.created_at(extra + i) > moment_us:
            i += 1
        return extra + min(i, self.count)

    # -- generation ----------------------------------------------------------------
    def product_index(self, i: int) -> int:
        """Which seeded product generated sale *i* is for."""
        return (i + self.seed) % len(self.products)

    def buyer_of(self, i: int) -> int:
        """Which buyer made generated sale *i*."""
        return (i + 7 * self.seed) % self.buyers

    @staticmethod
    def buyer_email(buyer: int) -> str:
        """The email address of buyer number *buyer*."""
        first = FIRST_NAMES[buyer % len(FIRST_NAMES)]
        last = LAST_NAMES[(buyer // len(FIRST_NAMES)) % len(LAST_NAMES)]
        return f"{first}.{last}{buyer}@example.com"

    def _choices(self, i: int, snap: ProductSnap) -> tuple[tuple[str, str], ...]:
        turn = i // len(self.products)
        return tuple((title, options[(turn + c) % len(options)][0])
                     for c, (title, options) in enumerate(snap.categories) if options)

    def price_of(self, i: int) -> tuple[int, bool]:
        """Price (USD cents) of generated sale *i* and whether an offer code was used."""
        snap = self.products[self.product_index(i)]
        turn = i // len(self.products)
        price = snap.price
        for c, (_, options) in enumerate(snap.categories):
            if options:
                price += options[(turn + c) % len(options)][1]
        used = snap.offer_code is not None and turn % 5 == 4
        if used and snap.offer_code is not None:
            price = max(0, price - snap.offer_code[1])
        return price, used

    def spec(self, index: int) -> SaleSpec:
        """The sale at logical *index*, derived from ``(seed, i)`` when generated."""
        extra = len(self.extras)
        if index < extra:
            return self.extras[extra - 1 - index]
        i = index - extra
        self.generated += 1
        snap = self.products[self.product_index(i)]
        buyer = self.buyer_of(i)
        h = number(self.codec.namespace, "sale", i)
        price, used = self.price_of(i)
        first = FIRST_NAMES[buyer % len(FIRST_NAMES)].title()
        last = LAST_NAMES[(buyer // len(FIRST_NAMES)) % len(LAST_NAMES)].title()
        status = None
        if snap.duration:
            roll = (h >> 16) % 20
            status = {0: "cancelled", 1: "pending_cancellation", 2: "failed_payment"}.get(
                roll, "alive")
        return SaleSpec(
            num=self.num_at(index), created_us=self.created_at(index), product=snap,
            email=self.buyer_email(buyer), full_name=f"{first} {last}", buyer=buyer,
            variants=self._choices(i, snap), price=price,
            offer_code=snap.offer_code if used else None,
            custom_fields=tuple((name, f"{last} & Co") for name in snap.custom_fields),
            refunded=h % 97 == 0, chargedback=(h >> 8) % 211 == 0,
            subscription_status=status, license_uses=(h >> 24) % 4,
            referrer=REFERRERS[(h >> 32) % len(REFERRERS)],
            country=COUNTRIES[(h >> 40) % len(COUNTRIES)],
        )

    def add(self, spec_fields: dict[str, object], created_us: int) -> SaleSpec:
        """Append a new sale (newest of all); *spec_fields* are :class:`SaleSpec` fields."""
        newest = self.created_at(0) if self.total else created_us - 1
        created = max(created_us, newest + 1)
        num = self.FIRST_NUM + self.total
        spec = SaleSpec(num=num, created_us=created, **spec_fields)  # type: ignore[arg-type]
        self.extras.append(spec)
        return spec

    # -- state ---------------------------------------------------------------------
    def state(self, num: int) -> SaleState:
        """The overrides of sale *num* (created on first use)."""
        found = self.states.get(num)
        if found is None:
            found = self.states[num] = SaleState()
        return found

    def peek_state(self, num: int) -> SaleState | None:
        """The overrides of sale *num*, without creating them."""
        return self.states.get(num)

    def license_key(self, spec: SaleSpec) -> str:
        """The current license key of *spec* (rotation changes it)."""
        state = self.states.get(spec.num)
        if state is not None and state.license_key:
            return state.license_key
        return self.codec.license_key(spec.num)

    def index_of_license(self, key: str) -> int | None:
        """Logical index of the sale whose current license key is *key*."""
        num = self.rotated.get(key)
        if num is None:
            num = self.codec.license_number(key)
            state = self.states.get(num) if num is not None else None
            if num is None or (state is not None and state.license_key):
                return None
        index = self.index_of_num(num)
        if index is None or not self.spec(index).product.licensed:
            return None
        return index

    # -- walking -------------------------------------------------------------------
    def buyer_from_email(self, email: str) -> int | None:
        """The buyer number of a generated buyer *email*, or ``None``."""
        match = _BUYER_EMAIL.match(email)
        if not match:
            return None
        buyer = int(match.group(1))
        ok = buyer < self.buyers and self.buyer_email(buyer) == email
        return buyer if ok else None

    def walk(self, start: int, stop: int, *, product_id: str | None = None,
             email: str | None = None) -> Iterator[int]:
        """Indices in ``[start, stop)`` that may match *product_id* and *email*.

        Candidates only: callers still check each spec, but the walk visits
        one product's (or one buyer's) progression, not every sale.
        """
        extra = len(self.extras)
        for index in range(max(start, 0), min(stop, extra)):
            spec = self.extras[extra - 1 - index]
            if (product_id is None or spec.product.id == product_id) and (
                    email is None or spec.email == email):
                yield index
        lo, hi = max(start - extra, 0), min(stop - extra, self.count)
        steps: list[tuple[int, int]] = []
        if product_id is not None:
            hits = [p for p, snap in enumerate(self.products) if snap.id == product_id]
            if not hits:
                return
            n = len(self.products)
            steps.append(((hits[0] - self.seed) % n, n))
        if email is not None:
            buyer = self.buyer_from_email(email)
            if buyer is None:
                return
            steps.append(((buyer - 7 * self.seed) % self.buyers, self.buyers))
        residue, modulus = max(steps, key=lambda s: s[1]) if steps else (0, 1)
        i = lo + (residue - lo) % modulus
        while i < hi:
            if all((i - r) % m == 0 for r, m in steps):
                yield extra + i
            i += modulus

    def totals(self, start: int, stop: int) -> tuple[int, int, int]:
        """``(count, gross, fees)`` in USD cents of generated sales ``i`` in ``[start, stop)``."""
        key = (start, stop)
        if key not in self._totals:
            count = gross = fees = 0
            for i in range(max(start, 0), min(stop, self.count)):
                price = self.price_of(i)[0]
                count, gross, fees = count + 1, gross + price, fees + fee_cents(price)
            self._totals[key] = (count, gross, fees)
        return self._totals[key]
