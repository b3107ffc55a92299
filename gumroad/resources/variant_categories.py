"""
gumroad.resources.variant_categories
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Variant categories of a product ("Size", "Tier"): the groups that hold variants.

Usage::

    size = client.variant_categories.create(product_id, title="Size")
    client.variants.create(product_id, size["id"], name="Large", price_difference_cents=200)
    titles = [c["title"] for c in client.variant_categories.list(product_id)]
"""

from __future__ import annotations

from typing import cast

from ..pagination import Pager
from ..types import DeleteResult, VariantCategory
from ._base import Resource, form, path, require_text, unwrap

__all__ = ["VariantCategoriesResource"]


def _endpoint(product_id: str, id: str | None = None) -> str:
    base = path("products", ("product_id", product_id), "variant_categories")
    return base if id is None else path(base, ("id", id))


class VariantCategoriesResource(Resource):
    """``client.variant_categories``: the variant categories of a product."""

    def list(self, product_id: str) -> Pager[VariantCategory]:
        """Every variant category of the product."""
        return self._pager(_endpoint(product_id), "variant_categories")

    def get(self, product_id: str, id: str) -> VariantCategory:
        """One variant category."""
        body = self._call("GET", _endpoint(product_id, id))
        return cast(VariantCategory, unwrap(body, "variant_category"))

    def create(self, product_id: str, *, title: str) -> VariantCategory:
        """Add a category named *title* (the server does not check the save)."""
        data = form({"title": require_text(title, "title")})
        body = self._call("POST", _endpoint(product_id), data=data)
        return cast(VariantCategory, unwrap(body, "variant_category"))

    def update(self, product_id: str, id: str, *, title: str) -> VariantCategory:
        """Rename a category."""
        data = form({"title": require_text(title, "title")})
        body = self._call("PUT", _endpoint(product_id, id), data=data)
        return cast(VariantCategory, unwrap(body, "variant_category"))

    def delete(self, product_id: str, id: str) -> DeleteResult:
        """Delete a category (its variants are not deleted)."""
        return cast(DeleteResult, self._call("DELETE", _endpoint(product_id, id)))
