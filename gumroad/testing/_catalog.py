"""
gumroad.testing._catalog
~~~~~~~~~~~~~~~~~~~~~~~~

The small, fully materialised part of a fake seller: products and what hangs
off them (variant categories, variants, offer codes, custom fields), resource
subscriptions and payouts, with their JSON shapes from gumroad-api.md §6.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._ids import iso

__all__ = [
    "CustomField",
    "OfferCode",
    "Payout",
    "Product",
    "ResourceSubscription",
    "Variant",
    "VariantCategory",
    "format_money",
]

_SYMBOLS = {"usd": "$", "eur": "\u20ac", "gbp": "\u00a3", "jpy": "\u00a5"}
_RECURRENCE_WORDS = {
    "monthly": "a month",
    "quarterly": "every 3 months",
    "biannually": "every 6 months",
    "yearly": "a year",
    "every_two_years": "every 2 years",
}


def format_money(cents: int, currency: str = "usd", duration: str | None = None) -> str:
    """``"$10"``, ``"$10.50"`` or ``"$5 a month"``, as Gumroad formats prices."""
    symbol = _SYMBOLS.get(currency, currency.upper() + " ")
    if currency == "jpy":
        text = f"{symbol}{cents}"
    elif cents % 100:
        text = f"{symbol}{cents // 100}.{cents % 100:02d}"
    else:
        text = f"{symbol}{cents // 100}"
    if duration:
        text += " " + _RECURRENCE_WORDS.get(duration, duration)
    return text


@dataclass
class Variant:
    """One option of a variant category (a tier, a size...)."""

    id: str
    name: str
    price_difference_cents: int = 0
    description: str = ""
    max_purchase_count: int | None = None

    def as_json(self, *, tiered: bool = False) -> dict[str, Any]:
        """The ``variant`` object."""
        data: dict[str, Any] = {
            "id": self.id,
            "max_purchase_count": self.max_purchase_count,
            "name": self.name,
            "description": self.description,
            "price_difference_cents": self.price_difference_cents,
        }
        if tiered:
            data["is_customizable_price"] = False
            data["recurrence_price_values"] = {}
        return data


@dataclass
class VariantCategory:
    """A variant category of a product, holding its variants."""

    id: str
    title: str
    variants: list[Variant] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The ``variant_category`` object."""
        return {"id": self.id, "title": self.title}


@dataclass
class OfferCode:
    """A discount code; universal codes apply to every product of the seller."""

    id: str
    name: str
    amount_cents: int | None = None
    percent_off: int | None = None
    max_purchase_count: int | None = None
    universal: bool = False
    times_used: int = 0
    product_ids: set[str] = field(default_factory=set)
    minimum_amount_cents: int | None = None
    deleted: bool = False

    def applies_to(self, product_id: str) -> bool:
        """Whether the code is listed under *product_id*."""
        return not self.deleted and (self.universal or product_id in self.product_ids)

    def as_json(self) -> dict[str, Any]:
        """The ``offer_code`` object: ``amount_cents`` or ``percent_off``, not both."""
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "max_purchase_count": self.max_purchase_count,
            "universal": self.universal,
            "times_used": self.times_used,
        }
        if self.percent_off is not None:
            data["percent_off"] = self.percent_off
        else:
            data["amount_cents"] = self.amount_cents
        return data


@dataclass
class CustomField:
    """A checkout field, addressed by its *name* and shared between products."""

    id: str
    name: str
    type: str = "text"
    required: bool = False
    is_global: bool = False
    collect_per_product: bool = False
    product_ids: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The ``custom_field`` object."""
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "required": self.required,
            "global": self.is_global,
            "collect_per_product": self.collect_per_product,
            "products": list(self.product_ids),
        }


@dataclass
class Product:
    """A product of the fake seller (the server's ``Link``)."""

    id: str
    num: int
    name: str
    unique_permalink: str
    created_us: int
    price: int = 100
    currency: str = "usd"
    description: str = ""
    custom_permalink: str | None = None
    custom_summary: str | None = None
    custom_receipt: str | None = None
    customizable_price: bool = False
    native_type: str = "digital"
    subscription_duration: str | None = None
    is_tiered_membership: bool = False
    published: bool = True
    deleted: bool = False
    licensed: bool = False
    legacy_license: bool = False
    max_purchase_count: int | None = None
    tags: list[str] = field(default_factory=list)
    variant_categories: list[VariantCategory] = field(default_factory=list)

    @property
    def is_physical(self) -> bool:
        """Physical products ship, and list their variants as SKUs."""
        return self.native_type == "physical"

    def category(self, category_id: str) -> VariantCategory | None:
        """The variant category with *category_id*, if any."""
        return next((c for c in self.variant_categories if c.id == category_id), None)

    def as_json(
        self,
        *,
        store_url: str,
        custom_fields: list[dict[str, Any]],
        stats: tuple[int, int] | None,
        slim: bool,
    ) -> dict[str, Any]:
        """The ``product`` object; *stats* (count, USD cents) only with ``view_sales``."""
        permalink = self.custom_permalink or self.unique_permalink
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "custom_permalink": self.custom_permalink,
            "custom_receipt": self.custom_receipt,
            "customizable_price": self.customizable_price,
            "require_shipping": self.is_physical,
            "preview_url": None,
            "subscription_duration": self.subscription_duration,
            "custom_summary": self.custom_summary,
            "custom_fields": custom_fields,
            "tags": list(self.tags),
            "thumbnail_url": None,
            "short_url": f"{store_url}/l/{permalink}",
            "url": None,
            "file_info": {},
            "max_purchase_count": self.max_purchase_count,
            "price": self.price,
            "currency": self.currency,
            "formatted_price": format_money(
                self.price, self.currency, self.subscription_duration
            ),
            "published": self.published,
            "deleted": self.deleted,
            "is_tiered_membership": self.is_tiered_membership,
            "recurrences": [self.subscription_duration] if self.subscription_duration else None,
            "variants": [self._variant_json(c) for c in self.variant_categories],
            "custom_html": None,
            "landing_url": f"{store_url}/l/{permalink}",
            "covers": [],
            "main_cover_id": None,
            "bundle_products": [],
        }
        if stats is not None:
            data["sales_count"] = stats[0]
            data["sales_usd_cents"] = stats[1]
            data["custom_delivery_url"] = None
        if not slim:
            data["rich_content"] = []
            data["has_same_rich_content_for_all_variants"] = False
            data["files"] = []
        return data

    def _variant_json(self, category: VariantCategory) -> dict[str, Any]:
        options = [
            {
                "name": v.name,
                "price_difference": v.price_difference_cents,
                "is_pay_what_you_want": False,
                "recurrence_prices": None,
                "url": None,
            }
            for v in category.variants
        ]
        return {"title": category.title, "options": options}


@dataclass
class ResourceSubscription:
    """A webhook registration (``PUT /resource_subscriptions``)."""

    id: str
    resource_name: str
    post_url: str
    app_id: str
    deleted: bool = False

    def as_json(self) -> dict[str, Any]:
        """The ``resource_subscription`` object."""
        return {"id": self.id, "resource_name": self.resource_name, "post_url": self.post_url}


@dataclass
class Payout:
    """A payout; the upcoming pseudo-payout has ``id`` ``None``."""

    id: str | None
    num: int
    created_us: int
    amount_cents: int
    status: str = "completed"
    processor: str = "stripe"
    period_start_us: int = 0

    def as_json(self) -> dict[str, Any]:
        """The ``payout`` object; ``processed_at`` only when completed."""
        data: dict[str, Any] = {
            "id": self.id,
            "amount": f"{self.amount_cents // 100}.{self.amount_cents % 100:02d}",
            "currency": "USD",
            "status": self.status,
            "created_at": iso(self.created_us),
            "payment_processor": self.processor,
        }
        if self.status == "completed":
            data["processed_at"] = iso(self.created_us + 3_600_000_000)
        if self.processor == "paypal":
            data["paypal_email"] = "payouts@example.com"
        else:
            data["bank_account_visual"] = "******6789"
        return data
