"""
gumroad.resources.sales
~~~~~~~~~~~~~~~~~~~~~~~

Sales: list with filters, read, mark as shipped, refund, resend the receipt.
Reading needs ``view_sales``; shipping ``mark_sales_as_shipped``; refunds and
receipts ``edit_sales``.

Usage::

    for sale in client.sales.list(after="2024-01-01", product_id=product_id):
        print(sale["id"], sale["email"], sale["price"])    # price in USD cents
    client.sales.mark_as_shipped(sale_id, tracking_url="https://track.example/1Z")
    client.sales.refund(sale_id, amount_cents=500)          # partial refund
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from .._params import DateLike, encode_date
from ..export import WindowedExport
from ..pagination import Pager
from ..types import Sale
from ._base import Resource, form, path, require_int, require_text, unwrap

__all__ = ["SalesResource"]

def _order_id(value: int | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.isdigit():
        return value
    raise ValueError(f"order_id must be an integer, got {value!r}")


class SalesResource(Resource):
    """``client.sales``: the seller's sales."""

    def list(
        self,
        *,
        after: DateLike | None = None,
        before: DateLike | None = None,
        email: str | None = None,
        product_id: str | None = None,
        order_id: int | str | None = None,
        page_key: str | None = None,
    ) -> Pager[Sale]:
        """Every sale matching the filters, newest first, 10 per page.

        :param after: sales on or after this day (``datetime.date`` or ``"YYYY-MM-DD"``).
        :param before: sales before this day.
        :param email: the buyer's email, exactly.
        :param product_id: a product's external id (not its permalink).
        :param order_id: the numeric order id.
        :param page_key: resume from this key (a page's ``next_page_key``).
        """
        params = {
            "after": None if after is None else encode_date(after, "after"),
            "before": None if before is None else encode_date(before, "before"),
            "email": None if email is None else require_text(email, "email"),
            "product_id": None if product_id is None else require_text(product_id, "product_id"),
            "order_id": _order_id(order_id),
        }
        return self._pager("sales", "sales", params, page_key=page_key)

    def export(
        self,
        *,
        after: DateLike | None = None,
        before: DateLike | None = None,
        email: str | None = None,
        product_id: str | None = None,
        workers: int = 8,
    ) -> WindowedExport[Sale]:
        """Every sale matching the filters, fetched by *workers* threads at once.

        Cursor paging is serial; this splits the ``after``/``before`` range into
        date windows and pages them concurrently on this client, yielding each
        sale exactly once. Sales come page by page as the windows deliver them
        (each page newest first), **not** in one global order. Memory stays
        bounded: at most ``2 * workers`` pages wait for you.

        :param after: first day (default: the beginning of Gumroad).
        :param before: the day after the last one (default: two days from now).
        :param workers: threads paging at once, 1 to 64.
        """
        params = {
            "email": None if email is None else require_text(email, "email"),
            "product_id": None if product_id is None else require_text(product_id, "product_id"),
        }
        query = {k: v for k, v in params.items() if v is not None}

        def fetch(page_query: Mapping[str, str]) -> dict[str, Any]:
            return self._call("GET", "sales", params=page_query)

        return WindowedExport(fetch, "sales", query, after=after, before=before, workers=workers)

    def get(self, id: str) -> Sale:
        """One sale by id."""
        return cast(Sale, unwrap(self._call("GET", path("sales", ("id", id))), "sale"))

    def mark_as_shipped(self, id: str, *, tracking_url: str | None = None) -> Sale:
        """Mark a physical sale as shipped, optionally with a tracking URL."""
        data = form({"tracking_url": tracking_url})
        body = self._call("PUT", path("sales", ("id", id), "mark_as_shipped"), data=data)
        return cast(Sale, unwrap(body, "sale"))

    def refund(self, id: str, *, amount_cents: int | None = None) -> Sale:
        """Refund a sale in full, or *amount_cents* of it.

        :param amount_cents: in the minor unit of the sale's ``currency``
            (JPY has none), not necessarily USD.
        """
        if amount_cents is not None:
            require_int(amount_cents, "amount_cents", minimum=1)
        data = form({"amount_cents": amount_cents})
        body = self._call("PUT", path("sales", ("id", id), "refund"), data=data)
        return cast(Sale, unwrap(body, "sale"))

    def resend_receipt(self, id: str) -> None:
        """Email the receipt to the buyer again (the server answers only ``success``)."""
        self._call("POST", path("sales", ("id", id), "resend_receipt"))
