"""
gumroad.resources.skus
~~~~~~~~~~~~~~~~~~~~~~

SKUs of a product: its SKUs, or the variants of a physical product, or nothing.

Usage::

    for sku in client.skus.list(product_id):
        print(sku["id"], sku.get("name"))
"""

from __future__ import annotations

from ..pagination import Pager
from ..types import Sku
from ._base import Resource, path

__all__ = ["SkusResource"]


class SkusResource(Resource):
    """``client.skus``: the SKUs of a product (read only)."""

    def list(self, product_id: str) -> Pager[Sku]:
        """Every SKU of the product (empty when it has none)."""
        return self._pager(path("products", ("product_id", product_id), "skus"), "skus")
