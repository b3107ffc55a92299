"""
gumroad.resources.custom_fields
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Custom checkout fields of a product. They are addressed by **name**, not id.

Usage::

    client.custom_fields.create(product_id, name="GitHub username", required=True)
    client.custom_fields.update(product_id, "GitHub username", required=False)
    client.custom_fields.delete(product_id, "GitHub username")
"""

from __future__ import annotations

from typing import cast

from .._params import encode_bool
from ..pagination import Pager
from ..types import CustomField, DeleteResult
from ._base import Resource, form, path, require_text, unwrap

__all__ = ["CustomFieldsResource"]


def _endpoint(product_id: str, name: str | None = None) -> str:
    base = path("products", ("product_id", product_id), "custom_fields")
    return base if name is None else path(base, ("name", name))


def _required(value: bool | None) -> str | None:
    return None if value is None else encode_bool(value, "required")


class CustomFieldsResource(Resource):
    """``client.custom_fields``: the custom fields of a product."""

    def list(self, product_id: str) -> Pager[CustomField]:
        """Every custom field of the product."""
        return self._pager(_endpoint(product_id), "custom_fields")

    def create(
        self,
        product_id: str,
        *,
        name: str,
        required: bool | None = None,
        type: str | None = None,
    ) -> CustomField:
        """Add a field.

        :param name: the label buyers see (and the key to address it later).
        :param required: buyers must fill it in.
        :param type: ``"text"`` (the server's default), ``"checkbox"``, ``"terms"``...
        """
        data = form(
            {
                "name": require_text(name, "name"),
                "required": _required(required),
                "type": None if type is None else require_text(type, "type"),
            }
        )
        body = self._call("POST", _endpoint(product_id), data=data)
        return cast(CustomField, unwrap(body, "custom_field"))

    def update(self, product_id: str, name: str, *, required: bool | None = None) -> CustomField:
        """Make the field named *name* required or optional.

        Without *required* the server returns the field unchanged.
        """
        data = form({"required": _required(required)})
        body = self._call("PUT", _endpoint(product_id, name), data=data)
        return cast(CustomField, unwrap(body, "custom_field"))

    def delete(self, product_id: str, name: str) -> DeleteResult:
        """Remove the field named *name* (a field shared with other products is only detached)."""
        return cast(DeleteResult, self._call("DELETE", _endpoint(product_id, name)))
