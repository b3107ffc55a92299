"""
gumroad.testing._sales_json
~~~~~~~~~~~~~~~~~~~~~~~~~~~

The JSON shapes built from a sale: the Sales API object (nil keys dropped),
the license ``purchase`` (ping payload plus the version-1 subset, whose
``variants`` is a string and ``custom_fields`` a list), and the subscriber.
"""

from __future__ import annotations

from typing import Any

from ._catalog import format_money
from ._ids import from_us, iso
from ._sales import SaleSpec, SaleStore, fee_cents

__all__ = [
    "ACTIVE_STATUSES",
    "ORDER_BASE",
    "is_refunded",
    "license_purchase",
    "license_uses",
    "refundable_cents",
    "sale_json",
    "subscriber_json",
    "words_ago",
]

ORDER_BASE = 524_000_000
ACTIVE_STATUSES = ("alive", "pending_cancellation", "pending_failure")
_DAY_US = 86_400_000_000


def words_ago(seconds: float) -> str:
    """Rails' ``time_ago_in_words`` plus ``" ago"``: ``"about 2 months ago"``."""
    minutes = seconds / 60
    if minutes < 1:
        text = "less than a minute"
    elif minutes < 45:
        text = f"{round(minutes)} minutes" if round(minutes) > 1 else "1 minute"
    elif minutes < 90:
        text = "about 1 hour"
    elif minutes < 1440:
        text = f"about {round(minutes / 60)} hours"
    elif minutes < 2520:
        text = "1 day"
    elif minutes < 43200:
        text = f"{round(minutes / 1440)} days"
    elif minutes < 86400:
        text = f"about {round(minutes / 43200)} month" + ("s" if minutes >= 64800 else "")
    elif minutes < 525600:
        text = f"{round(minutes / 43200)} months"
    else:
        years = int(minutes // 525600)
        text = f"about {years} year" + ("s" if years > 1 else "")
    return text + " ago"


def is_refunded(store: SaleStore, spec: SaleSpec) -> bool:
    """Whether *spec* is fully refunded (seeded, or by ``PUT .../refund``)."""
    state = store.peek_state(spec.num)
    if state is not None and state.refunded is not None:
        return state.refunded
    return spec.refunded


def refundable_cents(store: SaleStore, spec: SaleSpec) -> int:
    """What can still be refunded, in cents."""
    if is_refunded(store, spec):
        return 0
    state = store.peek_state(spec.num)
    return spec.price - (state.refunded_cents if state else 0)


def _subscription_dates(spec: SaleSpec) -> dict[str, str | None]:
    status, base = spec.subscription_status, spec.created_us
    later = iso(base + 30 * _DAY_US)
    return {
        "user_requested_cancellation_at":
            iso(base + 20 * _DAY_US) if status in ("cancelled", "pending_cancellation") else None,
        "cancelled_at": later if status in ("cancelled", "pending_cancellation") else None,
        "ended_at": later if status in ("cancelled", "failed_payment") else None,
        "failed_at": later if status == "failed_payment" else None,
    }


def sale_json(store: SaleStore, spec: SaleSpec, seller_id: str, now_us: int) -> dict[str, Any]:
    """``Purchase#as_json(version: 2)``: the Sales API object, nil keys dropped."""
    snap, state = spec.product, store.peek_state(spec.num)
    sale_id = store.codec.encode("sale", spec.num)
    variants = dict(spec.variants)
    refunded = is_refunded(store, spec)
    refundable = refundable_cents(store, spec)
    created = from_us(spec.created_us)
    status = spec.subscription_status
    data: dict[str, Any] = {
        "id": sale_id, "email": spec.email, "seller_id": seller_id,
        "timestamp": words_ago(max(0, now_us - spec.created_us) / 1_000_000),
        "daystamp": f"{created.day:2d} {created:%b %Y} {created.hour % 12 or 12:2d}:"
                    f"{created:%M %p}",
        "created_at": iso(spec.created_us),
        "product_name": snap.name, "product_has_variants": bool(snap.categories),
        "price": spec.price, "gumroad_fee": fee_cents(spec.price),
        "subscription_duration": snap.duration,
        "formatted_display_price": format_money(spec.price, "usd", snap.duration),
        "formatted_total_price": format_money(spec.price, "usd", snap.duration),
        "currency_symbol": "$",
        "amount_refundable_in_currency": f"{refundable // 100}.{refundable % 100:02d}",
        "currency": "usd", "product_id": snap.id, "product_permalink": snap.permalink,
        "refunded": refunded,
        "partially_refunded": not refunded and refundable < spec.price,
        "chargedback": spec.chargedback, "disputed": spec.chargedback, "dispute_won": False,
        "paid": spec.created_us < store.newest_us - 7 * _DAY_US,
        "is_product_physical": snap.physical, "is_recurring_billing": bool(snap.duration),
        "can_contact": True, "is_following": False, "is_additional_contribution": False,
        "discover_fee_charged": False, "is_upgrade_purchase": False,
        "is_more_like_this_recommended": False, "is_gift_sender_purchase": False,
        "is_gift_receiver_purchase": False, "paypal_refund_expired": False,
        "purchase_email": spec.email, "full_name": spec.full_name,
        "country": spec.country[0], "country_iso2": spec.country[1],
        "purchaser_id": str(5_530_000_000 + spec.buyer), "referrer": spec.referrer,
        "card": {"visual": "**** **** **** 4242", "type": "visa", "bin": None,
                 "expiry_month": None, "expiry_year": None},
        "has_variants": bool(variants), "variants": variants,
        "variants_and_quantity": f"({', '.join(variants.values())})" if variants else "",
        "has_custom_fields": bool(spec.custom_fields), "custom_fields": dict(spec.custom_fields),
        "order_id": ORDER_BASE + spec.num, "quantity": 1,
        "invoice_url": f"https://app.gumroad.com/purchases/{sale_id}/invoice",
        "reviews_count": 0, "average_rating": 0.0,
    }
    if snap.physical:
        data.update(street_address="1 Main St", city="Springfield", state="IL",
                    zip_code="62701", formatted_shipping_amount="$0")
    if snap.physical or (state and state.shipped):
        data.update(shipped=bool(state and state.shipped),
                    tracking_url=state.tracking_url if state else None)
    if status:
        data.update(subscription_id=store.codec.encode("subscription", spec.num),
                    cancelled=status in ("cancelled", "pending_cancellation"),
                    dead=status in ("cancelled", "failed_payment"),
                    ended=status in ("cancelled", "failed_payment"),
                    free_trial_ended=None, recurring_charge=False)
    if spec.offer_code:
        code, off = spec.offer_code
        data["offer_code"] = {"code": code, "displayed_amount_off": format_money(off),
                              "name": code}
    if snap.licensed:
        data.update(license_key=store.license_key(spec),
                    license_id=store.codec.encode("license", spec.num),
                    license_disabled=bool(state and state.license_disabled),
                    license_uses=license_uses(store, spec), is_multiseat_license=False)
    return {k: v for k, v in data.items() if v is not None}


def license_uses(store: SaleStore, spec: SaleSpec) -> int:
    """The current uses count of the license of *spec*."""
    state = store.peek_state(spec.num)
    if state is not None and state.license_uses is not None:
        return state.license_uses
    return spec.license_uses


def license_purchase(store: SaleStore, spec: SaleSpec, seller_id: str,
                     store_url: str) -> dict[str, Any]:
    """The ``purchase`` object of the license endpoints (ping payload + v1 subset)."""
    snap = spec.product
    sale_id = store.codec.encode("sale", spec.num)
    variants = ", ".join(option for _, option in spec.variants)
    data: dict[str, Any] = {
        "seller_id": seller_id, "product_id": snap.id, "product_name": snap.name,
        "permalink": snap.permalink, "product_permalink": f"{store_url}/l/{snap.permalink}",
        "short_product_id": snap.permalink, "email": spec.email, "price": spec.price,
        "gumroad_fee": fee_cents(spec.price), "currency": snap.currency, "quantity": 1,
        "discover_fee_charged": False, "can_contact": True, "referrer": spec.referrer,
        "card": {"visual": "**** **** **** 4242", "type": "visa", "bin": None,
                 "expiry_month": None, "expiry_year": None},
        "order_number": ORDER_BASE + spec.num, "sale_id": sale_id,
        "sale_timestamp": iso(spec.created_us), "full_name": spec.full_name,
        "purchaser_id": str(5_530_000_000 + spec.buyer),
        "variants": f"({variants})" if variants else "",
        "custom_fields": [f"{name}: {value}" for name, value in spec.custom_fields],
        "license_key": store.license_key(spec), "is_multiseat_license": False,
        "ip_country": spec.country[0], "is_gift_receiver_purchase": False,
        "refunded": is_refunded(store, spec), "disputed": spec.chargedback,
        "dispute_won": False, "id": sale_id, "created_at": iso(spec.created_us),
    }
    if spec.offer_code:
        code, off = spec.offer_code
        data["offer_code"] = {"code": code, "displayed_amount_off": format_money(off),
                              "name": code}
    if spec.subscription_status:
        dates = _subscription_dates(spec)
        data.update(subscription_id=store.codec.encode("subscription", spec.num),
                    recurrence=snap.duration,
                    subscription_ended_at=dates["ended_at"],
                    subscription_cancelled_at=dates["cancelled_at"],
                    subscription_failed_at=dates["failed_at"])
    else:
        data["chargebacked"] = spec.chargedback
    return data


def subscriber_json(store: SaleStore, spec: SaleSpec, user_id: str) -> dict[str, Any]:
    """The ``subscriber`` object of the subscription started by *spec*."""
    snap = spec.product
    data: dict[str, Any] = {
        "id": store.codec.encode("subscription", spec.num),
        "email": spec.email,
        "product_id": snap.id,
        "product_name": snap.name,
        "user_id": user_id,
        "user_email": spec.email,
        "purchase_ids": [store.codec.encode("sale", spec.num)],
        "created_at": iso(spec.created_us),
        "charge_occurrence_count": None,
        "recurrence": snap.duration,
        "free_trial_ends_at": None,
        "status": spec.subscription_status,
    }
    data.update(_subscription_dates(spec))
    if snap.licensed:
        data["license_key"] = store.license_key(spec)
    return data
