"""
gumroad._ping
~~~~~~~~~~~~~

The parsed ping: :class:`Ping`, its :class:`IdempotencyKey`, the event kinds
(:class:`ResourceName`), and the converters that read a field the same from a
form body (strings) and a JSON body (JSON types).

Private: import these names from :mod:`gumroad.webhooks`, which re-exports them.
:class:`ResourceName` lives here because :class:`Ping` needs it: this module builds
only on :mod:`gumroad._forms`, so no module needs ``webhooks`` at import time.
"""

from __future__ import annotations

import copy
import enum
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Callable, NamedTuple, cast

from ._forms import InvalidPingError
from .types import SalePing, SubscriptionPing

__all__ = ["IdempotencyKey", "Ping", "ResourceName", "to_bool", "to_int"]


class ResourceName(str, enum.Enum):
    """The events a resource subscription can deliver (``resource_name``)."""

    SALE = "sale"
    REFUND = "refund"
    DISPUTE = "dispute"
    DISPUTE_WON = "dispute_won"
    CANCELLATION = "cancellation"
    SUBSCRIPTION_UPDATED = "subscription_updated"
    SUBSCRIPTION_ENDED = "subscription_ended"
    SUBSCRIPTION_RESTARTED = "subscription_restarted"

    def __str__(self) -> str:
        return self.value


_SUBSCRIPTION_EVENTS = frozenset(
    {
        ResourceName.CANCELLATION,
        ResourceName.SUBSCRIPTION_UPDATED,
        ResourceName.SUBSCRIPTION_ENDED,
        ResourceName.SUBSCRIPTION_RESTARTED,
    }
)

# The field that dates a subscription event, which tells a repeat apart.
_EVENT_TIME_FIELDS = {
    ResourceName.CANCELLATION: "cancelled_at",
    ResourceName.SUBSCRIPTION_ENDED: "ended_at",
    ResourceName.SUBSCRIPTION_RESTARTED: "restarted_at",
}

# --------------------------------------------------------------------------- coercion


def to_bool(value: object, name: str = "value") -> bool | None:
    """Read a ping boolean from either encoding: ``"true"``/``"1"``/``True`` -> ``True``.

    ``None`` and ``""`` (how a form body spells null) give ``None``; anything
    else that is not a boolean raises :class:`InvalidPingError` naming *name*.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "":
            return None
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
    raise InvalidPingError(f"ping field {name!r} should be a boolean")


def to_int(value: object, name: str = "value") -> int | None:
    """Read a ping integer from either encoding: ``"500"`` or ``500`` -> ``500``.

    ``None`` and ``""`` give ``None``; anything else that is not a whole
    number raises :class:`InvalidPingError` naming *name*.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        pass  # True is not a number here
    elif isinstance(value, int):
        return value
    elif isinstance(value, float) and value.is_integer():
        return int(value)
    elif isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        if re.fullmatch(r"[-+]?\d{1,30}", text):
            return int(text)
    raise InvalidPingError(f"ping field {name!r} should be an integer")


def _optional_text(value: object, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        raise InvalidPingError(f"ping field {name!r} should be a single value, not a nested one")
    return value if isinstance(value, str) else json.dumps(value)


_Rule = Callable[[object, str], object]
_Spec = Mapping[str, Any]  # field -> _Rule, or field -> nested _Spec

_PLAN_SPEC: _Spec = {"price_cents": to_int, "quantity": to_int}
_SALE_SPEC: _Spec = {
    **{k: to_int for k in ("price", "gumroad_fee", "quantity", "order_number", "retry_count",
                            "affiliate_credit_amount_cents", "shipping_rate", "gift_price")},
    **{k: to_bool for k in ("discover_fee_charged", "can_contact", "is_gift_receiver_purchase",
                             "refunded", "disputed", "dispute_won", "test", "is_recurring_charge",
                             "is_preorder_authorization", "is_multiseat_license")},
    "referrer": _optional_text,
    "card": {"visual": _optional_text, "type": _optional_text, "bin": _optional_text,
             "expiry_month": to_int, "expiry_year": to_int},
}  # fmt: skip
_SUBSCRIPTION_SPEC: _Spec = {
    "charge_occurrence_count": to_int,
    "retry_count": to_int,
    **{k: to_bool for k in ("cancelled", "cancelled_by_admin", "cancelled_by_buyer",
                             "cancelled_by_seller", "cancelled_due_to_payment_failures")},
    **{k: _optional_text for k in ("user_id", "free_trial_ends_at", "effective_as_of")},
    "old_plan": _PLAN_SPEC,
    "new_plan": _PLAN_SPEC,
}  # fmt: skip


def _coerce(data: Mapping[str, Any], spec: _Spec) -> dict[str, Any]:
    out = copy.deepcopy(dict(data))
    stack: list[tuple[dict[str, Any], _Spec, str]] = [(out, spec, "")]
    while stack:
        target, rules, prefix = stack.pop()
        for key, rule in rules.items():
            if key not in target:
                continue
            name = prefix + key
            if isinstance(rule, Mapping):
                if isinstance(target[key], dict):
                    stack.append((target[key], rule, name + "."))
                elif target[key] not in ("", None):
                    raise InvalidPingError(f"ping field {name!r} should be an object")
            else:
                target[key] = rule(target[key], name)
    return out


# --------------------------------------------------------------------------- the ping


class IdempotencyKey(NamedTuple):
    """Identifies one event; every retried delivery of it has the same key.

    ``resource_name`` and ``object_id`` (the ``sale_id``, or the
    ``subscription_id`` for subscription events) name the event. ``occurrence``
    tells repeated events of one kind on one object apart: the event time of
    subscription events (plus the new plan for ``subscription_updated``), and
    ``"full"``/``"partial"`` for refunds. ``str(key)`` joins the parts with
    ``:`` for storage in a unique column.
    """

    resource_name: str
    object_id: str
    occurrence: str = ""

    def __str__(self) -> str:
        return ":".join(part for part in self if part)


class Ping(Mapping[str, Any]):
    """A parsed ping: a read-only mapping over the nested payload, plus typed accessors.

    ``ping["product_name"]``, ``ping.get("variants", {})`` and ``dict(ping)``
    work as on the payload dict, which :attr:`data` returns. The accessors read
    form and JSON bodies alike and raise :class:`InvalidPingError` for a field
    that is present but malformed. :func:`parse_ping` builds pings; build one
    from an already decoded payload with ``Ping(payload)``.
    """

    __slots__ = ("_data", "_encoding")

    def __init__(self, data: Mapping[str, Any], *, encoding: str = "json") -> None:
        if encoding not in ("form", "json"):
            raise ValueError(f"encoding must be 'form' or 'json', got {encoding!r}")
        self._data = dict(data)
        self._encoding = encoding

    @property
    def data(self) -> dict[str, Any]:
        """The payload as plain nested dicts and lists (strings only, for form bodies)."""
        return self._data

    @property
    def encoding(self) -> str:
        """``"form"`` or ``"json"``: how the body was encoded."""
        return self._encoding

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        # Ids only: a ping also holds emails, addresses and license keys.
        return (
            f"<Ping {self.raw_resource_name or '(no resource_name)'} "
            f"sale_id={self._data.get('sale_id')!r} "
            f"subscription_id={self._data.get('subscription_id')!r} "
            f"retry_count={self._data.get('retry_count')!r} encoding={self._encoding}>"
        )

    # -- typed accessors

    def get_bool(self, key: str) -> bool | None:
        """Top-level field *key* as a boolean (``None`` when absent or null); see :func:`to_bool`."""
        return to_bool(self._data.get(key), key)

    def get_int(self, key: str) -> int | None:
        """Top-level field *key* as an integer (``None`` when absent or null); see :func:`to_int`."""
        return to_int(self._data.get(key), key)

    def get_str(self, key: str) -> str | None:
        """Top-level field *key* as a non-empty string, or ``None``."""
        return _optional_text(self._data.get(key), key)

    @property
    def raw_resource_name(self) -> str | None:
        """``resource_name`` exactly as sent, or ``None`` (test pings have none)."""
        return self.get_str("resource_name")

    @property
    def resource_name(self) -> ResourceName | None:
        """The event kind, or ``None`` for a name this SDK does not know.

        A sale payload without ``resource_name`` (a test ping from the
        dashboard, which re-sends the latest sale with ``test`` set) is a
        ``ResourceName.SALE``.
        """
        raw = self.raw_resource_name
        if raw is None:
            return ResourceName.SALE if self.sale_id is not None else None
        try:
            return ResourceName(raw)
        except ValueError:
            return None

    @property
    def is_subscription_event(self) -> bool:
        """Whether this is a ``cancellation`` or ``subscription_*`` ping."""
        return self.resource_name in _SUBSCRIPTION_EVENTS

    @property
    def is_test(self) -> bool:
        """``test`` is set: a dashboard test ping, or the seller bought their own product."""
        return self.get_bool("test") is True

    @property
    def retry_count(self) -> int | None:
        """``None`` on the first delivery; 1 to 3 on Gumroad's redeliveries."""
        return self.get_int("retry_count")

    @property
    def is_retry(self) -> bool:
        """Whether this delivery is a retry of an earlier one that failed."""
        return (self.retry_count or 0) > 0

    @property
    def sale_id(self) -> str | None:
        """``sale_id`` of sale, refund and dispute pings (also of recurring charges)."""
        return self.get_str("sale_id")

    @property
    def subscription_id(self) -> str | None:
        """``subscription_id`` of subscription events and of membership sales."""
        return self.get_str("subscription_id")

    @property
    def product_id(self) -> str | None:
        """The product's external id."""
        return self.get_str("product_id")

    @property
    def email(self) -> str | None:
        """The buyer's email: ``email`` of sale pings, ``user_email`` of subscription pings."""
        return self.get_str("email") or self.get_str("user_email")

    @property
    def idempotency_key(self) -> IdempotencyKey:
        """The event's :class:`IdempotencyKey`; ``retry_count`` is deliberately not part of it.

        Store ``str(ping.idempotency_key)`` in a unique column after processing
        and skip pings whose key is already there.
        """
        kind = self.resource_name
        name = self.raw_resource_name or (kind.value if kind is not None else None)
        if name is None:
            raise InvalidPingError("the ping has neither resource_name nor sale_id")
        if kind in _SUBSCRIPTION_EVENTS:
            object_id, id_name = self.subscription_id, "subscription_id"
        elif kind is not None:
            object_id, id_name = self.sale_id, "sale_id"
        else:
            object_id = self.sale_id or self.subscription_id
            id_name = "sale_id or subscription_id"
        if object_id is None:
            raise InvalidPingError(f"the {name} ping has no {id_name}")
        return IdempotencyKey(name, object_id, self._occurrence(kind))

    def _occurrence(self, kind: ResourceName | None) -> str:
        if kind is ResourceName.REFUND:
            return "full" if self.get_bool("refunded") else "partial"
        if kind is ResourceName.SUBSCRIPTION_UPDATED:
            plan = self._data.get("new_plan")
            plan = plan if isinstance(plan, dict) else {}
            tier = plan.get("tier")
            tier_id = tier.get("id") if isinstance(tier, dict) else None
            parts = [self.get_str("effective_as_of"), tier_id, plan.get("recurrence"),
                     plan.get("quantity"), plan.get("price_cents")]  # fmt: skip
            return "|".join("" if p is None else str(p) for p in parts)
        field = _EVENT_TIME_FIELDS.get(kind) if kind is not None else None
        return (self.get_str(field) or "") if field else ""

    # -- coerced copies

    def as_sale_ping(self) -> SalePing:
        """A copy with the known booleans and integers of a sale ping coerced (``""`` -> ``None``).

        Custom fields, variants and URL parameters stay strings.
        """
        if self.is_subscription_event:
            raise InvalidPingError(f"a {self.raw_resource_name} ping is not a sale ping")
        return cast(SalePing, _coerce(self._data, _SALE_SPEC))

    def as_subscription_ping(self) -> SubscriptionPing:
        """A copy with the known booleans and integers of a subscription ping coerced."""
        kind = self.resource_name
        if kind is not None and kind not in _SUBSCRIPTION_EVENTS:
            raise InvalidPingError(f"a {kind.value} ping is not a subscription ping")
        return cast(SubscriptionPing, _coerce(self._data, _SUBSCRIPTION_SPEC))
