"""
gumroad.resources.earnings
~~~~~~~~~~~~~~~~~~~~~~~~~~

A year's earnings summary (gross, fees, taxes, affiliate credit, net, in
cents). Needs ``view_tax_data`` and the tax center enabled.

Usage::

    totals = client.earnings.get(year=2025)
    print(totals["net_cents"] / 100)        # cents to dollars
"""

from __future__ import annotations

from typing import cast

from ..types import Earnings
from ._base import Resource
from .tax_forms import year_value

__all__ = ["EarningsResource"]


class EarningsResource(Resource):
    """``client.earnings``: yearly totals."""

    def get(self, *, year: int | None = None) -> Earnings:
        """The totals of *year* (the server's default year when omitted).

        :raises NotFoundError: no earnings for that year.
        """
        params = None if year is None else {"year": year_value(year)}
        body = dict(self._call("GET", "earnings", params=params))
        body.pop("success", None)
        return cast(Earnings, body)
