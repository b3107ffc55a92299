"""
gumroad.resources.offer_codes
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Offer (discount) codes of a product. Once created, only ``max_purchase_count``
and ``minimum_amount_cents`` can change.

Usage::

    code = client.offer_codes.create(product_id, name="LAUNCH", amount_off=25,
                                     offer_type="percent", max_purchase_count=100)
    client.offer_codes.update(product_id, code["id"], max_purchase_count=200)
    names = [c["name"] for c in client.offer_codes.list(product_id)]  # with universal codes
"""

from __future__ import annotations

from typing import cast

from .._params import encode_bool
from ..pagination import Pager
from ..types import DeleteResult, OfferCode
from ._base import Resource, form, path, require_int, require_text, unwrap

__all__ = ["OFFER_TYPES", "OfferCodesResource"]

#: ``cents``: *amount_off* is in the product currency's minor unit; ``percent``: a percentage.
OFFER_TYPES = ("cents", "percent")


def _endpoint(product_id: str, id: str | None = None) -> str:
    base = path("products", ("product_id", product_id), "offer_codes")
    return base if id is None else path(base, ("id", id))


def _optional_int(value: int | None, name: str) -> int | None:
    return None if value is None else require_int(value, name, minimum=0)


class OfferCodesResource(Resource):
    """``client.offer_codes``: the offer codes of a product."""

    def list(self, product_id: str) -> Pager[OfferCode]:
        """Every offer code that applies to the product, universal ones included."""
        return self._pager(_endpoint(product_id), "offer_codes")

    def get(self, product_id: str, id: str) -> OfferCode:
        """One offer code."""
        return cast(OfferCode, unwrap(self._call("GET", _endpoint(product_id, id)), "offer_code"))

    def create(
        self,
        product_id: str,
        *,
        name: str,
        amount_off: int,
        offer_type: str | None = None,
        max_purchase_count: int | None = None,
        universal: bool | None = None,
        minimum_amount_cents: int | None = None,
    ) -> OfferCode:
        """Create a code.

        :param name: the code buyers type.
        :param amount_off: cents off (``offer_type="cents"``, the default) or a
            percentage (``offer_type="percent"``).
        :param universal: apply it to every product of the seller.
        """
        if offer_type is not None and offer_type not in OFFER_TYPES:
            raise ValueError(f"offer_type must be one of {OFFER_TYPES}, got {offer_type!r}")
        data = form(
            {
                "name": require_text(name, "name"),
                "amount_off": require_int(amount_off, "amount_off", minimum=0),
                "offer_type": offer_type,
                "max_purchase_count": _optional_int(max_purchase_count, "max_purchase_count"),
                "universal": None if universal is None else encode_bool(universal, "universal"),
                "minimum_amount_cents": _optional_int(minimum_amount_cents, "minimum_amount_cents"),
            }
        )
        body = self._call("POST", _endpoint(product_id), data=data)
        return cast(OfferCode, unwrap(body, "offer_code"))

    def update(
        self,
        product_id: str,
        id: str,
        *,
        max_purchase_count: int | None = None,
        minimum_amount_cents: int | None = None,
    ) -> OfferCode:
        """Change the purchase limit or minimum amount (nothing else can change)."""
        data = form(
            {
                "max_purchase_count": _optional_int(max_purchase_count, "max_purchase_count"),
                "minimum_amount_cents": _optional_int(minimum_amount_cents, "minimum_amount_cents"),
            }
        )
        body = self._call("PUT", _endpoint(product_id, id), data=data)
        return cast(OfferCode, unwrap(body, "offer_code"))

    def delete(self, product_id: str, id: str) -> DeleteResult:
        """Delete a code (soft delete)."""
        return cast(DeleteResult, self._call("DELETE", _endpoint(product_id, id)))
