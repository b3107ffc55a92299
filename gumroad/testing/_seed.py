"""
gumroad.testing._seed
~~~~~~~~~~~~~~~~~~~~~

The seeded catalog of a fake seller: a few products that between them cover
every shape the API has (licenses, a tiered membership, a physical product
with SKUs, variants, offer codes, shared custom fields) and weekly payouts.
"""

from __future__ import annotations

import string
from typing import NamedTuple

from ._catalog import CustomField, OfferCode, Payout, Product, Variant, VariantCategory
from ._ids import IdCodec, digest

__all__ = ["DAY_US", "permalink", "seed_payouts", "seed_products"]

DAY_US = 86_400_000_000


class _Template(NamedTuple):
    name: str
    price: int
    native_type: str = "digital"
    duration: str | None = None
    licensed: bool = False
    category: tuple[str, tuple[tuple[str, int], ...]] | None = None
    tags: tuple[str, ...] = ()


_TEMPLATES = (
    _Template("Pencil Icon PSD", 1000, licensed=True,
              category=("Size", (("Small", 0), ("Large", 500))), tags=("design", "icons")),
    _Template("Pro Membership", 500, "membership", "monthly", licensed=True,
              category=("Tier", (("Basic", 0), ("Premium", 1000)))),
    _Template("The Python Handbook", 2500, "ebook", tags=("python", "books")),
    _Template("Gumroad T-Shirt", 2000, "physical",
              category=("Size", (("S", 0), ("M", 0), ("L", 200)))),
)


def permalink(codec: IdCodec, num: int) -> str:
    """A five-letter unique permalink such as ``"XCBbJ"``."""
    letters = string.ascii_letters
    return "".join(letters[b % len(letters)] for b in digest(codec.namespace, "perma", num, size=5))


def seed_products(codec: IdCodec, count: int, first_sale_us: int
                  ) -> tuple[list[Product], dict[str, OfferCode], list[CustomField]]:
    """Products (oldest first), offer codes and custom fields of a fresh account."""
    products: list[Product] = []
    for k in range(count):
        t = _TEMPLATES[k] if k < len(_TEMPLATES) else _Template(f"Product {k + 1}", 100 * (k + 1))
        num = k + 1
        product = Product(
            id=codec.encode("product", num), num=num, name=t.name,
            unique_permalink=permalink(codec, num),
            created_us=first_sale_us - (count - k) * 10 * DAY_US,
            price=t.price, native_type=t.native_type, subscription_duration=t.duration,
            is_tiered_membership=t.duration is not None, licensed=t.licensed,
            legacy_license=k == 0, tags=list(t.tags), published=k != 4,
            customizable_price=t.native_type == "ebook",
            description=f"<p>{t.name}, made with care.</p>",
        )
        if t.category:
            title, options = t.category
            cat = VariantCategory(codec.encode("variant_category", num * 10), title)
            cat.variants = [Variant(codec.encode("variant", num * 10 + j), name, diff)
                            for j, (name, diff) in enumerate(options)]
            product.variant_categories.append(cat)
        products.append(product)
    codes: dict[str, OfferCode] = {}
    fields: list[CustomField] = []
    if products:
        save = OfferCode(codec.encode("offer_code", 1), "SAVE2", amount_cents=200,
                         max_purchase_count=100, times_used=12, product_ids={products[0].id})
        launch = OfferCode(codec.encode("offer_code", 2), "LAUNCH", percent_off=10,
                           universal=True, times_used=3)
        codes = {save.id: save, launch.id: launch}
        shared = [p.id for p in products[:3:2]]
        fields.append(CustomField(codec.encode("custom_field", 1), "Company", product_ids=shared))
        if len(products) > 2:
            fields.append(CustomField(codec.encode("custom_field", 2), "Role", required=True,
                                      product_ids=[products[2].id]))
    return products, codes, fields


def seed_payouts(codec: IdCodec, count: int, newest_us: int) -> list[Payout]:
    """Weekly payouts, newest first; the amounts are filled in lazily by the account."""
    payouts: list[Payout] = []
    for k in range(count):
        num = count - k + 100
        created = newest_us - 2 * DAY_US - k * 7 * DAY_US
        payouts.append(Payout(
            id=codec.encode("payout", num), num=num, created_us=created, amount_cents=-1,
            status="failed" if k % 11 == 7 else "completed",
            processor="paypal" if k % 4 == 3 else "stripe",
            period_start_us=created - 7 * DAY_US))
    return payouts
