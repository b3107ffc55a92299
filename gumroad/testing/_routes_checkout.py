"""
gumroad.testing._routes_checkout
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Offer codes (universal codes show under every product) and custom fields,
which are addressed by *name* and may be shared between products. Booleans
are compared with ``== "true"``, as on the server, so JSON ``true`` reads as false.
"""

from __future__ import annotations

from ._catalog import CustomField, OfferCode, Product
from ._http import Abort, Ctx, FakeResponse, RouteSpec, failure, not_found, success
from ._routes_products import EDIT, deleted, product_or_404, to_int

__all__ = ["ROUTES"]

_OFFER_MISSING = ("You are missing required offer code parameters. Please refer to "
                  "https://gumroad.com/api#offer-codes for the correct parameters.")


# -- offer codes -----------------------------------------------------------------------
def _offer(ctx: Ctx, product: Product) -> OfferCode:
    code = ctx.account.offer_codes.get(ctx.args["id"])
    if code is None or not code.applies_to(product.id):
        raise Abort(not_found("offer_code"))
    return code


def list_offers(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/offer_codes``."""
    product = product_or_404(ctx)
    codes = [c.as_json() for c in ctx.account.offer_codes.values() if c.applies_to(product.id)]
    return success(offer_codes=codes)


def show_offer(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/offer_codes/{id}``."""
    return success(offer_code=_offer(ctx, product_or_404(ctx)).as_json())


def create_offer(ctx: Ctx) -> FakeResponse:
    """``POST /v2/products/{product_id}/offer_codes``."""
    product = product_or_404(ctx)
    name = ctx.text("name")
    amount = to_int(ctx.params.get("amount_off", ctx.params.get("amount_cents")))
    if not name or amount is None:
        return failure(_OFFER_MISSING)
    universal = ctx.params.get("universal") == "true"  # a string compare, as on the server
    percent = ctx.params.get("offer_type") == "percent"
    code = OfferCode(ctx.account.new_id("offer_code")[1], name,
                     amount_cents=None if percent else amount,
                     percent_off=amount if percent else None,
                     max_purchase_count=to_int(ctx.params.get("max_purchase_count")),
                     universal=universal, product_ids=set() if universal else {product.id},
                     minimum_amount_cents=to_int(ctx.params.get("minimum_amount_cents")))
    ctx.account.offer_codes[code.id] = code
    return success(offer_code=code.as_json())


def update_offer(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/products/{product_id}/offer_codes/{id}``."""
    code = _offer(ctx, product_or_404(ctx))
    if "max_purchase_count" in ctx.params:
        code.max_purchase_count = to_int(ctx.params["max_purchase_count"])
    if "minimum_amount_cents" in ctx.params:
        code.minimum_amount_cents = to_int(ctx.params["minimum_amount_cents"])
    return success(offer_code=code.as_json())


def delete_offer(ctx: Ctx) -> FakeResponse:
    """``DELETE /v2/products/{product_id}/offer_codes/{id}``."""
    _offer(ctx, product_or_404(ctx)).deleted = True
    return deleted("offer_code")


# -- custom fields (by name) -------------------------------------------------------------
def _field(ctx: Ctx, product: Product) -> CustomField:
    found = next((f for f in ctx.account.fields_for(product) if f.name == ctx.args["name"]), None)
    if found is None:
        raise Abort(not_found("custom_field"))
    return found


def list_fields(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/custom_fields``."""
    product = product_or_404(ctx)
    return success(custom_fields=[f.as_json() for f in ctx.account.fields_for(product)])


def create_field(ctx: Ctx) -> FakeResponse:
    """``POST /v2/products/{product_id}/custom_fields``."""
    product = product_or_404(ctx)
    name = ctx.text("name") or ctx.text("url") or ctx.text("label")
    if not name:
        return failure("The custom_field was unable to be created.")
    field = CustomField(ctx.account.new_id("custom_field")[1], name,
                        type=ctx.text("type") or "text",
                        required=ctx.params.get("required") == "true",
                        product_ids=[product.id])
    ctx.account.custom_fields.append(field)
    return success(custom_field=field.as_json())


def update_field(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/products/{product_id}/custom_fields/{name}``."""
    field = _field(ctx, product_or_404(ctx))
    if "required" in ctx.params:
        field.required = ctx.params["required"] == "true"
    return success(custom_field=field.as_json())


def delete_field(ctx: Ctx) -> FakeResponse:
    """``DELETE /v2/products/{product_id}/custom_fields/{name}``."""
    product = product_or_404(ctx)
    field = _field(ctx, product)
    if len(field.product_ids) > 1:
        field.product_ids.remove(product.id)
    else:
        ctx.account.custom_fields.remove(field)
    return deleted("custom_field")


_P = "/products/{product_id}"
ROUTES = [
    RouteSpec("GET", _P + "/custom_fields", "read", list_fields),
    RouteSpec("POST", _P + "/custom_fields", EDIT, create_field),
    RouteSpec("PUT", _P + "/custom_fields/{name}", EDIT, update_field),
    RouteSpec("DELETE", _P + "/custom_fields/{name}", EDIT, delete_field),
    RouteSpec("GET", _P + "/offer_codes", "read", list_offers),
    RouteSpec("POST", _P + "/offer_codes", EDIT, create_offer),
    RouteSpec("GET", _P + "/offer_codes/{id}", "read", show_offer),
    RouteSpec("PUT", _P + "/offer_codes/{id}", EDIT, update_offer),
    RouteSpec("DELETE", _P + "/offer_codes/{id}", EDIT, delete_offer),
]
