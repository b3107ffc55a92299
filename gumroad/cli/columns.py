"""
gumroad.cli.columns
~~~~~~~~~~~~~~~~~~~

The fixed column lists of CSV and table output, one pair per kind of object.

CSV columns are stable: a script can rely on their names and order whatever
the server adds or drops (a missing key is an empty cell). Table columns are a
short subset that fits a terminal. ``--columns a,b,c`` replaces both; a dotted
name (``card.visual``, ``purchase.email``) reads inside a nested object, and
nested values are written as compact JSON.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "csv_columns", "table_columns"]

#: kind -> (CSV columns, table columns)
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "product": (
        ("id", "name", "published", "price", "currency", "formatted_price", "sales_count",
         "sales_usd_cents", "short_url", "custom_permalink", "subscription_duration"),
        ("id", "name", "published", "formatted_price", "sales_count"),
    ),
    "sale": (
        ("id", "created_at", "order_id", "product_id", "product_name", "email", "full_name",
         "price", "gumroad_fee", "currency", "quantity", "refunded", "partially_refunded",
         "chargedback", "disputed", "license_key", "variants", "custom_fields", "offer_code",
         "country", "referrer", "subscription_id", "shipped", "tracking_url"),
        ("id", "created_at", "product_name", "email", "formatted_total_price", "refunded"),
    ),
    "subscriber": (
        ("id", "email", "product_id", "product_name", "status", "recurrence", "created_at",
         "cancelled_at", "ended_at", "failed_at", "free_trial_ends_at",
         "charge_occurrence_count", "user_id", "license_key", "purchase_ids"),
        ("id", "email", "product_name", "status", "recurrence", "created_at"),
    ),
    "payout": (
        ("id", "created_at", "processed_at", "amount", "currency", "status",
         "payment_processor", "bank_account_visual", "paypal_email"),
        ("id", "created_at", "amount", "currency", "status", "payment_processor"),
    ),
    "webhook": (
        ("id", "resource_name", "post_url"),
        ("id", "resource_name", "post_url"),
    ),
    "license": (
        ("success", "uses", "purchase.id", "purchase.email", "purchase.product_id",
         "purchase.product_name", "purchase.license_key", "purchase.created_at",
         "purchase.refunded", "purchase.chargebacked", "purchase.subscription_ended_at",
         "purchase.subscription_cancelled_at", "purchase.subscription_failed_at"),
        ("uses", "purchase.email", "purchase.product_name", "purchase.license_key"),
    ),
    "user": (
        ("id", "user_id", "name", "display_name", "email", "url", "currency_type",
         "twitter_handle", "bio"),
        ("id", "name", "email", "url"),
    ),
}


def csv_columns(kind: str) -> tuple[str, ...] | None:
    """The CSV columns of *kind*, or ``None`` for free-form objects."""
    pair = COLUMNS.get(kind)
    return pair[0] if pair else None


def table_columns(kind: str) -> tuple[str, ...] | None:
    """The table columns of *kind*, or ``None`` for free-form objects."""
    pair = COLUMNS.get(kind)
    return pair[1] if pair else None
