"""
gumroad._ping_confirm
~~~~~~~~~~~~~~~~~~~~~

Confirm a ping through the API: fetch the sale or subscription it names with the
seller's client, check that it matches the ping, and return the API's copy.

Private: import these names from :mod:`gumroad.webhooks`, which re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, cast

from ._forms import InvalidPingError
from ._ping import Ping, ResourceName
from .errors import NotFoundError
from .types import Sale, Subscriber

__all__ = [
    "PingMismatchError",
    "SupportsSales",
    "SupportsSubscribers",
    "confirm_sale",
    "confirm_subscription",
]


class PingMismatchError(InvalidPingError):
    """The API's copy of the object contradicts the ping: forged, stale or misrouted.

    .. attribute:: mismatches
       :type: tuple[str, ...]
       :value: ()

       Names of the fields that differ (``"product_id"``, ``"refunded"``, ...).
    """

    mismatches: tuple[str, ...] = ()


class _GetById(Protocol):
    def get(self, object_id: str, /) -> object: ...


class SupportsSales(Protocol):
    """Anything with ``.sales.get(sale_id)``, such as :class:`gumroad.client.GumroadClient`."""

    @property
    def sales(self) -> _GetById: ...


class SupportsSubscribers(Protocol):
    """Anything with ``.subscribers.get(subscription_id)``, such as :class:`gumroad.client.GumroadClient`."""

    @property
    def subscribers(self) -> _GetById: ...


def _fetch(service: _GetById, object_id: str, what: str) -> Mapping[str, Any]:
    try:
        found = service.get(object_id)
    except NotFoundError as exc:
        raise PingMismatchError(
            f"{what} {object_id!r} named by the ping does not exist for this seller"
        ) from exc
    if not isinstance(found, Mapping):
        raise TypeError(f"expected the API's {what} as a mapping, got {type(found).__name__}")
    return cast(Mapping[str, Any], found)


def _same(ping_value: str | None, api_value: object, *, fold: bool = False) -> bool:
    if ping_value is None:
        return True  # nothing to compare
    if not isinstance(api_value, str):
        return False
    if fold:
        return ping_value.strip().casefold() == api_value.strip().casefold()
    return ping_value == api_value


def _raise_mismatch(what: str, object_id: str, fields: list[str]) -> None:
    if fields:
        error = PingMismatchError(
            f"the ping does not match {what} {object_id!r} in the API: "
            f"{', '.join(fields)} differ; do not act on it"
        )
        error.mismatches = tuple(fields)
        raise error


def confirm_sale(client: SupportsSales, ping: Ping) -> Sale:
    """Fetch the sale a sale, refund or dispute ping names, check it, and return it.

    Calls ``client.sales.get(ping.sale_id)`` with the seller's client and checks
    that the API's sale has the ping's id, ``product_id``, email and
    ``subscription_id``, and for ``refund``, ``dispute`` and ``dispute_won``
    pings that the sale is refunded (fully, if the ping says so), disputed, or
    its dispute won. Act on the returned sale, not on the ping.

    :raises PingMismatchError: the sale does not exist for this seller or
        differs from the ping; answer 4xx and do nothing.
    :raises InvalidPingError: the ping names no sale (a subscription event).
    :raises gumroad.errors.APIError: the API failed otherwise; answer 5xx so Gumroad retries.
    """
    if ping.is_subscription_event:
        raise InvalidPingError(
            f"a {ping.raw_resource_name} ping names a subscription; use confirm_subscription()"
        )
    sale_id = ping.sale_id
    if sale_id is None:
        raise InvalidPingError("the ping has no sale_id to confirm")
    sale = _fetch(client.sales, sale_id, "sale")
    fields = [
        name
        for name, ok in (
            ("sale_id", sale.get("id") == sale_id),
            ("product_id", _same(ping.product_id, sale.get("product_id"))),
            ("email", _same(ping.get_str("email"), sale.get("email"), fold=True)),
            ("subscription_id", _same(ping.subscription_id, sale.get("subscription_id"))),
        )
        if not ok
    ]
    kind = ping.resource_name
    if kind is ResourceName.REFUND:
        # refunded=true in the ping claims a full refund; otherwise a partial one is enough.
        partial_ok = not ping.get_bool("refunded") and sale.get("partially_refunded") is True
        if not (sale.get("refunded") is True or partial_ok):
            fields.append("refunded")
    elif kind is ResourceName.DISPUTE and not (sale.get("disputed") or sale.get("chargedback")):
        fields.append("disputed")
    elif kind is ResourceName.DISPUTE_WON and sale.get("dispute_won") is not True:
        fields.append("dispute_won")
    _raise_mismatch("sale", sale_id, fields)
    return cast(Sale, sale)


_CANCELLED_STATUSES = frozenset({"pending_cancellation", "cancelled", "pending_failure", "failed_payment"})
_ENDED_STATUSES = frozenset({"cancelled", "failed_payment", "fixed_subscription_period_ended"})


def confirm_subscription(client: SupportsSubscribers, ping: Ping) -> Subscriber:
    """Fetch the subscription a subscription ping names, check it, and return it.

    Calls ``client.subscribers.get(ping.subscription_id)`` and checks the id,
    ``product_id`` and email, and for ``cancellation`` and
    ``subscription_ended`` pings that the API shows the subscription cancelled
    or ended. Act on the returned subscriber, not on the ping.

    :raises PingMismatchError: the subscription does not exist for this seller
        or differs from the ping.
    :raises InvalidPingError: the ping names no subscription.
    :raises gumroad.errors.APIError: the API failed otherwise.
    """
    kind = ping.resource_name
    if kind is not None and not ping.is_subscription_event:
        raise InvalidPingError(f"a {kind.value} ping names a sale; use confirm_sale()")
    subscription_id = ping.subscription_id
    if subscription_id is None:
        raise InvalidPingError("the ping has no subscription_id to confirm")
    sub = _fetch(client.subscribers, subscription_id, "subscription")
    email = ping.get_str("user_email")
    fields = [
        name
        for name, ok in (
            ("subscription_id", sub.get("id") == subscription_id),
            ("product_id", _same(ping.product_id, sub.get("product_id"))),
            ("user_email", _same(email, sub.get("email"), fold=True)
             or _same(email, sub.get("user_email"), fold=True)),
        )
        if not ok
    ]  # fmt: skip
    status = sub.get("status")
    if kind is ResourceName.CANCELLATION and not (
        sub.get("cancelled_at") or sub.get("failed_at") or sub.get("user_requested_cancellation_at")
        or status in _CANCELLED_STATUSES
    ):  # fmt: skip
        fields.append("cancelled_at")
    elif kind is ResourceName.SUBSCRIPTION_ENDED and not (sub.get("ended_at") or status in _ENDED_STATUSES):
        fields.append("ended_at")
    _raise_mismatch("subscription", subscription_id, fields)
    return cast(Subscriber, sub)
