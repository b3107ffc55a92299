"""
gumroad.resources.payouts
~~~~~~~~~~~~~~~~~~~~~~~~~

Payouts to the seller. Needs ``view_payouts`` (sale ids in a payout need
``view_sales`` too). ``amount`` is a decimal string such as ``"150.00"``.

Usage::

    for payout in client.payouts.list(after="2024-01-01"):
        print(payout["id"], payout["amount"], payout["status"])   # id None: upcoming
    sale_ids = client.payouts.get(payout_id, include_sales=True).get("sales", [])
    amount = client.payouts.upcoming()["amount"]
"""

from __future__ import annotations

from typing import cast

from .._params import DateLike, encode_bool, encode_date
from ..pagination import Pager
from ..types import Payout
from ._base import Resource, path, unwrap

__all__ = ["PayoutsResource"]


def _includes(include_sales: bool | None, include_transactions: bool | None) -> dict[str, str]:
    params: dict[str, str] = {}
    if include_sales is not None:
        params["include_sales"] = encode_bool(include_sales, "include_sales")
    if include_transactions is not None:
        params["include_transactions"] = encode_bool(include_transactions, "include_transactions")
    return params


class PayoutsResource(Resource):
    """``client.payouts``: the seller's payouts."""

    def list(
        self,
        *,
        after: DateLike | None = None,
        before: DateLike | None = None,
        include_upcoming: bool = True,
        page_key: str | None = None,
    ) -> Pager[Payout]:
        """Every payout, newest first, 10 per page.

        Unless *include_upcoming* is false, the first page starts with the
        upcoming payout, whose ``id`` is ``None``.

        :param after: payouts on or after this day (``datetime.date`` or ``"YYYY-MM-DD"``).
        :param before: payouts before this day.
        :param page_key: resume from this key (a page's ``next_page_key``).
        """
        params = {
            "after": None if after is None else encode_date(after, "after"),
            "before": None if before is None else encode_date(before, "before"),
            "include_upcoming": encode_bool(include_upcoming, "include_upcoming"),
        }
        return self._pager("payouts", "payouts", params, page_key=page_key)

    def get(
        self,
        id: str,
        *,
        include_sales: bool | None = None,
        include_transactions: bool | None = None,
    ) -> Payout:
        """One payout; with ``view_sales`` it lists the ids of its sales."""
        params = _includes(include_sales, include_transactions)
        body = self._call("GET", path("payouts", ("id", id)), params=params or None)
        return cast(Payout, unwrap(body, "payout"))

    def upcoming(
        self,
        *,
        include_sales: bool | None = None,
        include_transactions: bool | None = None,
    ) -> Payout:
        """The payout that is building up now (``GET /payouts/upcoming``, 2026)."""
        params = _includes(include_sales, include_transactions)
        body = self._call("GET", "payouts/upcoming", params=params or None)
        return cast(Payout, unwrap(body, "payout"))
