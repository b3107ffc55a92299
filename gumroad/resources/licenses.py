"""
gumroad.resources.licenses
~~~~~~~~~~~~~~~~~~~~~~~~~~

License keys: verify one (no token needed), enable, disable, decrement the
use count, rotate. The actions other than verify need ``edit_products``.

Usage::

    from gumroad import verify_license          # in your app: no token at all
    result = verify_license(product_id, license_key)
    print(result["uses"], result["purchase"]["email"])

    client.licenses.disable(product_id, license_key)    # as the seller
    new_key = client.licenses.rotate(product_id, license_key)["purchase"]["license_key"]

An unknown or disabled key raises :class:`~gumroad.NotFoundError` with the
server's message ("That license does not exist for the provided product.").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from .._params import encode_bool
from ..types import LicenseResponse
from ._base import FormPairs, Resource, form, require_text

if TYPE_CHECKING:
    from ..client import TimeoutArg

__all__ = ["LicensesResource", "verify_license"]


def _form(product_id: str, license_key: str, **extra: Any) -> FormPairs:
    return form(
        {
            "product_id": require_text(product_id, "product_id"),
            "license_key": require_text(license_key, "license_key"),
            **extra,
        }
    )


class LicensesResource(Resource):
    """``client.licenses``: license keys of the seller's products.

    The response of every method is the whole answer: ``uses`` and
    ``purchase`` (or ``imported_customer``). In ``purchase``, ``variants`` is a
    string and ``custom_fields`` a list of ``"name: value"`` strings, unlike
    the Sales API.
    """

    def verify(
        self, product_id: str, license_key: str, *, increment_uses_count: bool = True
    ) -> LicenseResponse:
        """Check a license key; sent **without** the access token.

        :param product_id: the product's external id.
        :param increment_uses_count: count this check as a use (the default).
        :raises NotFoundError: the key is unknown, disabled or expired.
        """
        data = _form(
            product_id,
            license_key,
            increment_uses_count=encode_bool(increment_uses_count, "increment_uses_count"),
        )
        body = self._call("POST", "licenses/verify", data=data, authenticated=False)
        return cast(LicenseResponse, body)

    def _action(self, action: str, product_id: str, license_key: str) -> LicenseResponse:
        body = self._call("PUT", f"licenses/{action}", data=_form(product_id, license_key))
        return cast(LicenseResponse, body)

    def enable(self, product_id: str, license_key: str) -> LicenseResponse:
        """Enable a disabled key."""
        return self._action("enable", product_id, license_key)

    def disable(self, product_id: str, license_key: str) -> LicenseResponse:
        """Disable a key: verifying it then fails."""
        return self._action("disable", product_id, license_key)

    def decrement_uses_count(self, product_id: str, license_key: str) -> LicenseResponse:
        """Take one off the key's use count (never below 0)."""
        return self._action("decrement_uses_count", product_id, license_key)

    def rotate(self, product_id: str, license_key: str) -> LicenseResponse:
        """Replace the key with a new one (in ``purchase["license_key"]``)."""
        return self._action("rotate", product_id, license_key)


def verify_license(
    product_id: str,
    license_key: str,
    *,
    increment_uses_count: bool = True,
    base_url: str | None = None,
    timeout: TimeoutArg | None = None,
) -> LicenseResponse:
    """Verify a license key with no access token and no OAuth app.

    For apps that ship to buyers: the check needs only the product id and the
    key the buyer typed.

    Usage::

        from gumroad import NotFoundError, verify_license

        try:
            result = verify_license("A-m3CDDC5dlrSdKZp0RFhA==", license_key)
        except NotFoundError as exc:
            print("refused:", exc.message)

    :param base_url: the API base (default ``GUMROAD_API_BASE_URL`` or Gumroad's).
    :param timeout: ``(connect, read)`` seconds, or one number (default 5 s, 30 s).
    :raises NotFoundError: unknown, disabled or expired key (HTTP 404).
    :raises ServerError: the server refused the request (for example a product
        that needs ``product_id``, HTTP 500).
    """
    from ..client import GumroadClient

    options: dict[str, Any] = {"base_url": base_url}
    if timeout is not None:
        options["timeout"] = timeout
    client = GumroadClient.unauthenticated(**options)
    try:
        return LicensesResource(client).verify(
            product_id, license_key, increment_uses_count=increment_uses_count
        )
    finally:
        client.close()
