"""
gumroad.resources.variants
~~~~~~~~~~~~~~~~~~~~~~~~~~

Variants inside a variant category ("Large" in "Size").

Usage::

    large = client.variants.create(product_id, category_id, name="Large",
                                   price_difference_cents=200)
    client.variants.update(product_id, category_id, large["id"], max_purchase_count=50)
    for variant in client.variants.list(product_id, category_id):
        print(variant["name"], variant["price_difference_cents"])
"""

from __future__ import annotations

import json
from typing import Any, cast

from ..pagination import Pager
from ..types import DeleteResult, Variant
from ._base import Resource, form, path, require_int, require_text, unwrap

__all__ = ["VariantsResource"]


def _endpoint(product_id: str, category_id: str, id: str | None = None) -> str:
    base = path(
        "products", ("product_id", product_id),
        "variant_categories", ("category_id", category_id), "variants",
    )
    return base if id is None else path(base, ("id", id))


def _fields(
    name: str | None,
    price_difference_cents: int | None,
    description: str | None,
    max_purchase_count: int | None,
) -> dict[str, Any]:
    if name is not None:
        require_text(name, "name")
    if price_difference_cents is not None:
        require_int(price_difference_cents, "price_difference_cents")
    if max_purchase_count is not None:
        require_int(max_purchase_count, "max_purchase_count", minimum=0)
    return {
        "name": name,
        "price_difference_cents": price_difference_cents,
        "description": description,
        "max_purchase_count": max_purchase_count,
    }


class VariantsResource(Resource):
    """``client.variants``: the variants of one variant category."""

    def list(self, product_id: str, category_id: str) -> Pager[Variant]:
        """Every variant of the category."""
        return self._pager(_endpoint(product_id, category_id), "variants")

    def get(self, product_id: str, category_id: str, id: str) -> Variant:
        """One variant."""
        body = self._call("GET", _endpoint(product_id, category_id, id))
        return cast(Variant, unwrap(body, "variant"))

    def create(
        self,
        product_id: str,
        category_id: str,
        *,
        name: str,
        price_difference_cents: int | None = None,
        description: str | None = None,
        max_purchase_count: int | None = None,
    ) -> Variant:
        """Add a variant; ``price_difference_cents`` is in the product currency's minor unit."""
        fields = _fields(name, price_difference_cents, description, max_purchase_count)
        body = self._call("POST", _endpoint(product_id, category_id), data=form(fields))
        return cast(Variant, unwrap(body, "variant"))

    def update(
        self,
        product_id: str,
        category_id: str,
        id: str,
        *,
        name: str | None = None,
        price_difference_cents: int | None = None,
        description: str | None = None,
        max_purchase_count: int | None = None,
        rich_content: Any = None,
    ) -> Variant:
        """Change a variant; only the arguments given are sent.

        :param rich_content: a list of content blocks (sent as a JSON string) or
            a JSON string already.
        """
        fields = _fields(name, price_difference_cents, description, max_purchase_count)
        if rich_content is not None:
            try:
                fields["rich_content"] = (
                    rich_content if isinstance(rich_content, str) else json.dumps(rich_content)
                )
            except (TypeError, ValueError) as exc:
                raise TypeError(
                    f"rich_content must be a JSON string or JSON-serialisable lists and dicts: {exc}"
                ) from exc
        body = self._call("PUT", _endpoint(product_id, category_id, id), data=form(fields))
        return cast(Variant, unwrap(body, "variant"))

    def delete(self, product_id: str, category_id: str, id: str) -> DeleteResult:
        """Delete a variant."""
        return cast(DeleteResult, self._call("DELETE", _endpoint(product_id, category_id, id)))
