"""
gumroad.resources.products
~~~~~~~~~~~~~~~~~~~~~~~~~~

Products: list, read, create (as an unpublished draft), update, delete,
publish and unpublish.

Usage::

    for product in client.products.list():
        print(product["id"], product["name"], product["formatted_price"])
    draft = client.products.create(name="Zine", price=500, tags=["art", "print"])
    client.products.enable(draft["id"])       # publish it
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, cast

from .._params import check_kwargs
from ..pagination import Pager
from ..types import DeleteResult, Product
from ._base import FormPairs, Resource, form, path, require_int, unwrap

__all__ = ["CREATE_FIELDS", "UPDATE_FIELDS", "ProductsResource"]

#: The parameters ``POST /products`` reads.
CREATE_FIELDS = frozenset(
    {
        "name", "price", "price_currency_type", "native_type", "subscription_duration",
        "description", "custom_permalink", "custom_summary", "customizable_price",
        "suggested_price_cents", "max_purchase_count", "taxonomy_id", "category", "tags",
        "refund_period", "refund_fine_print", "files", "rich_content",
    }
)
#: The parameters ``PUT /products/:id`` reads: the create ones and a few more.
UPDATE_FIELDS = CREATE_FIELDS | {
    "quantity_enabled", "is_adult", "display_product_reviews", "should_show_sales_count",
    "custom_receipt", "has_same_rich_content_for_all_variants", "custom_html", "cover_ids",
}
log = logging.getLogger("gumroad")

_INT_FIELDS = ("price", "suggested_price_cents", "max_purchase_count")
_LIST_FIELDS = ("tags", "cover_ids", "files", "rich_content")


def _encode(fields: Mapping[str, Any]) -> FormPairs:
    for name in _INT_FIELDS:
        if fields.get(name) is not None:
            require_int(fields[name], name, minimum=0)
    for name in _LIST_FIELDS:
        value = fields.get(name)
        if value is not None and not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} must be a list, got {type(value).__name__}")
    if fields.get("taxonomy_id") is not None and fields.get("category") is not None:
        raise ValueError("pass taxonomy_id or category, not both")
    return form(fields)


class ProductsResource(Resource):
    """``client.products``: the seller's products."""

    def list(self, *, page_key: str | None = None) -> Pager[Product]:
        """Every product, newest first (the server pages them 10 at a time, or not at all).

        :param page_key: resume from this key (a page's ``next_page_key``).
        """
        return self._pager("products", "products", page_key=page_key)

    def get(self, id: str) -> Product:
        """One product by external id or unique permalink."""
        return cast(Product, unwrap(self._call("GET", path("products", ("id", id))), "product"))

    def create(self, **fields: Any) -> Product:
        """Create a product as an **unpublished draft**; :meth:`enable` publishes it.

        Accepts exactly the names in :data:`CREATE_FIELDS` (``name`` is
        required; ``price`` in cents of the product currency; ``tags`` a list).
        Unknown names raise :class:`TypeError` before anything is sent.
        """
        check_kwargs("products.create", fields, CREATE_FIELDS)
        if fields.get("name") is None:
            raise TypeError("products.create() needs name=")
        body = self._call("POST", "products", data=_encode(fields))
        return cast(Product, unwrap(body, "product"))

    def update(self, id: str, **fields: Any) -> Product:
        """Change a product; accepts exactly the names in :data:`UPDATE_FIELDS`.

        ``files`` replaces the whole list (an entry with only ``id`` keeps that file).
        A ``warning`` from the server (an invalid offer code, custom HTML without
        a buy button) is logged on the ``gumroad`` logger.
        """
        check_kwargs("products.update", fields, UPDATE_FIELDS)
        endpoint = path("products", ("id", id))
        body = self._call("PUT", endpoint, data=_encode(fields))
        if body.get("warning"):
            log.warning("products.update(%s): %s", id, body["warning"])
        return cast(Product, unwrap(body, "product"))

    def delete(self, id: str) -> DeleteResult:
        """Delete a product (soft delete); returns ``{"success", "message"}``."""
        return cast(DeleteResult, self._call("DELETE", path("products", ("id", id))))

    def enable(self, id: str) -> Product:
        """Publish a product."""
        body = self._call("PUT", path("products", ("id", id), "enable"))
        return cast(Product, unwrap(body, "product"))

    def disable(self, id: str) -> Product:
        """Unpublish a product."""
        body = self._call("PUT", path("products", ("id", id), "disable"))
        return cast(Product, unwrap(body, "product"))
