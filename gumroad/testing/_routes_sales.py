"""
gumroad.testing._routes_sales
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Sales (filters, page keys, the deprecated ``page``), refunds and shipping,
subscribers, and the license endpoints (``verify`` needs no token).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._http import Abort, Ctx, FakeResponse, RouteSpec, error_400, failure, json_response, not_found, success
from ._paging import date_param, page_key_param, page_links
from ._sales import SaleSpec
from ._sales_json import (
    ACTIVE_STATUSES,
    ORDER_BASE,
    is_refunded,
    license_purchase,
    license_uses,
    refundable_cents,
    sale_json,
    subscriber_json,
)

if TYPE_CHECKING:
    from ._account import FakeAccount
    from ._catalog import Product
    from .model import FakeGumroad

__all__ = ["ROUTES"]

_NO_LICENSE = "That license does not exist for the provided product."
_DIGITS = re.compile(r"^\d+$")


def _decodable(product_id: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(product_id.encode())) > 0
    except (binascii.Error, ValueError):
        return False


def _sale_index(ctx: Ctx) -> int:
    index = ctx.account.sales.index_of_id(ctx.args["id"])
    if index is None:
        raise Abort(not_found("sale"))
    return index


def _sale(ctx: Ctx, spec: SaleSpec) -> dict[str, Any]:
    return sale_json(ctx.account.sales, spec, ctx.account.user_id, int(ctx.fake.now() * 1e6))


def _matches(ctx: Ctx, start: int, stop: int, product_id: str | None,
             email: str | None) -> Iterator[SaleSpec]:
    store = ctx.account.sales
    for index in store.walk(start, stop, product_id=product_id, email=email):
        spec = store.spec(index)
        if (product_id is None or spec.product.id == product_id) and (
                email is None or spec.email == email):
            yield spec


def list_sales(ctx: Ctx) -> FakeResponse:
    """``GET /v2/sales``."""
    store = ctx.account.sales
    after, before = date_param(ctx, "after"), date_param(ctx, "before")
    email = (ctx.text("email") or "").strip() or None
    product_id = ctx.text("product_id") or None
    if product_id is not None and not _decodable(product_id):
        return error_400("Invalid product ID.")
    start, stop = 0, store.total
    order_id = ctx.text("order_id")
    if order_id:
        if not _DIGITS.match(order_id):
            return error_400("Invalid order ID.")
        index = store.index_of_num(int(order_id) - ORDER_BASE)
        start, stop = (index, index + 1) if index is not None else (0, 0)
    if before is not None:
        start = max(start, store.first_at_or_before(before - 1))
    if after is not None:
        stop = min(stop, store.first_at_or_before(after - 1))
    cursor = page_key_param(ctx)
    skip = 0
    if cursor is not None:
        t, n = cursor
        start = max(start, store.first_at_or_before(t), store.top - n + 1)
    elif ctx.params.get("page") not in (None, ""):
        match = re.match(r"^\s*(\d+)", str(ctx.params["page"]))
        page = int(match.group(1)) if match else 0
        if page < 1:
            return error_400("Invalid page number. Page numbers start at 1.")
        skip = (page - 1) * 10
    found: list[SaleSpec] = []
    for spec in _matches(ctx, start, stop, product_id, email):
        if skip:
            skip -= 1
            continue
        found.append(spec)
        if len(found) > 10:
            break
    page_specs = found[:10]
    data: dict[str, Any] = {"sales": [_sale(ctx, s) for s in page_specs]}
    if len(found) > 10:
        data.update(page_links(ctx, page_specs[-1].created_us, page_specs[-1].num))
    return success(**data)


def show_sale(ctx: Ctx) -> FakeResponse:
    """``GET /v2/sales/{id}``."""
    return success(sale=_sale(ctx, ctx.account.sales.spec(_sale_index(ctx))))


def mark_as_shipped(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/sales/{id}/mark_as_shipped``."""
    spec = ctx.account.sales.spec(_sale_index(ctx))
    state = ctx.account.sales.state(spec.num)
    state.shipped = True
    if ctx.text("tracking_url"):
        state.tracking_url = ctx.text("tracking_url")
    return success(sale=_sale(ctx, spec))


def refund(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/sales/{id}/refund``."""
    store = ctx.account.sales
    spec = store.spec(_sale_index(ctx))
    if is_refunded(store, spec):
        return failure("Purchase is already refunded.")
    left = refundable_cents(store, spec)
    amount = ctx.text("amount_cents")
    cents = int(amount) if amount and _DIGITS.match(amount) else left
    if cents > left:
        return failure("Refund amount cannot be greater than the purchase price.")
    state = store.state(spec.num)
    state.refunded_cents += cents
    if state.refunded_cents >= spec.price:
        state.refunded = True
    return success(sale=_sale(ctx, spec))


def resend_receipt(ctx: Ctx) -> FakeResponse:
    """``POST /v2/sales/{id}/resend_receipt``."""
    _sale_index(ctx)
    return success()


# -- subscribers -------------------------------------------------------------------------
def list_subscribers(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/subscribers``."""
    account = ctx.account
    product = account.find_product(ctx.args["product_id"])
    if product is None:
        return not_found("product")
    email = (ctx.text("email") or "").strip() or None
    paginated = ctx.params.get("paginated") in ("1", "true")
    cursor = page_key_param(ctx)
    start = 0
    if cursor is not None:
        paginated = True
        start = max(account.sales.first_at_or_before(cursor[0]),
                    account.sales.top - cursor[1] + 1)
    limit = 100 if paginated else None
    found: list[SaleSpec] = []
    if product.subscription_duration:
        for spec in _matches(ctx, start, account.sales.total, product.id, email):
            if spec.subscription_status in ACTIVE_STATUSES:
                found.append(spec)
                if limit is not None and len(found) > limit:
                    break
    page = found[:limit] if limit is not None else found
    data: dict[str, Any] = {
        "subscribers": [subscriber_json(account.sales, s, account.user_id) for s in page]}
    if limit is not None and len(found) > limit:
        data.update(page_links(ctx, page[-1].created_us, page[-1].num))
    return success(**data)


def show_subscriber(ctx: Ctx) -> FakeResponse:
    """``GET /v2/subscribers/{id}``."""
    store = ctx.account.sales
    num = store.codec.decode("subscription", ctx.args["id"])
    index = store.index_of_num(num) if num is not None else None
    spec = store.spec(index) if index is not None else None
    if spec is None or not spec.product.duration:
        return not_found("subscriber")
    return success(subscriber=subscriber_json(store, spec, ctx.account.user_id))


# -- licenses ----------------------------------------------------------------------------
def _license_error(status: int, message: str) -> Abort:
    return Abort(json_response(status, {"success": False, "message": message}))


def _find_product(fake: FakeGumroad, ctx: Ctx) -> tuple[FakeAccount, Product] | None:
    for name in ("license_key", "product_id", "product_permalink"):
        value = ctx.params.get(name)
        if value is not None and not isinstance(value, str):
            raise _license_error(400, f"The '{name}' parameter must be a string.")
    ref = ctx.params.get("product_id") or ctx.params.get("product_permalink") or \
        ctx.params.get("link_id") or ctx.params.get("id")
    for account in fake.accounts:
        product = account.find_product(ref) or next(
            (p for p in account.live_products() if p.custom_permalink == ref), None)
        if product is not None:
            return account, product
    return None


def _license_sale(account: FakeAccount, product: Product, ctx: Ctx) -> SaleSpec:
    key = ctx.params.get("license_key")
    index = account.sales.index_of_license(key) if isinstance(key, str) else None
    spec = account.sales.spec(index) if index is not None else None
    if spec is None or spec.product.id != product.id:
        raise _license_error(404, _NO_LICENSE)
    return spec


def _license_answer(account: FakeAccount, spec: SaleSpec) -> FakeResponse:
    return success(uses=license_uses(account.sales, spec),
                   purchase=license_purchase(account.sales, spec, account.user_id,
                                             account.store_url))


def verify_license(ctx: Ctx) -> FakeResponse:
    """``POST /v2/licenses/verify``."""
    found = _find_product(ctx.fake, ctx)
    if found is None:
        return json_response(404, {"success": False, "message": _NO_LICENSE})
    account, product = found
    spec = _license_sale(account, product, ctx)
    if not ctx.params.get("product_id") and not product.legacy_license:
        return json_response(500, {"success": False, "message": (
            "The 'product_id' parameter is required to verify the license for this product. "
            f"Please set 'product_id' to '{product.id}' in the request.")})
    state = account.sales.state(spec.num)
    if state.license_disabled:
        return json_response(404, {"success": False,
                                   "message": "This license key has been disabled."})
    if ctx.params.get("increment_uses_count", "true") not in (False, "false"):
        state.license_uses = license_uses(account.sales, spec) + 1
    return _license_answer(account, spec)


def _owned_license(ctx: Ctx) -> tuple[FakeAccount, SaleSpec]:
    found = _find_product(ctx.fake, ctx)
    if found is None or found[0] is not ctx.account:
        raise Abort(json_response(404, {"success": False, "error": "Not found"}))
    return found[0], _license_sale(found[0], found[1], ctx)


def enable_license(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/licenses/enable``."""
    account, spec = _owned_license(ctx)
    account.sales.state(spec.num).license_disabled = False
    return _license_answer(account, spec)


def disable_license(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/licenses/disable``."""
    account, spec = _owned_license(ctx)
    account.sales.state(spec.num).license_disabled = True
    return _license_answer(account, spec)


def decrement_license(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/licenses/decrement_uses_count``."""
    account, spec = _owned_license(ctx)
    account.sales.state(spec.num).license_uses = max(0, license_uses(account.sales, spec) - 1)
    return _license_answer(account, spec)


def rotate_license(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/licenses/rotate``."""
    account, spec = _owned_license(ctx)
    state = account.sales.state(spec.num)
    if state.license_key:
        account.sales.rotated.pop(state.license_key, None)
    raw = secrets.token_hex(16).upper()
    state.license_key = "-".join(raw[i:i + 8] for i in range(0, 32, 8))
    account.sales.rotated[state.license_key] = spec.num
    return _license_answer(account, spec)


_EDIT = ("edit_products",)
ROUTES = [
    RouteSpec("GET", "/sales", ("view_sales",), list_sales),
    RouteSpec("GET", "/sales/{id}", ("view_sales",), show_sale),
    RouteSpec("PUT", "/sales/{id}/mark_as_shipped", ("mark_sales_as_shipped",), mark_as_shipped),
    RouteSpec("PUT", "/sales/{id}/refund", ("refund_sales", "edit_sales"), refund),
    RouteSpec("POST", "/sales/{id}/resend_receipt", ("edit_sales",), resend_receipt,
              since_2025=True),
    RouteSpec("GET", "/products/{product_id}/subscribers", ("view_sales",), list_subscribers),
    RouteSpec("GET", "/subscribers/{id}", ("view_sales",), show_subscriber),
    RouteSpec("POST", "/licenses/verify", None, verify_license),
    RouteSpec("PUT", "/licenses/enable", _EDIT, enable_license),
    RouteSpec("PUT", "/licenses/disable", _EDIT, disable_license),
    RouteSpec("PUT", "/licenses/decrement_uses_count", _EDIT, decrement_license),
    RouteSpec("PUT", "/licenses/rotate", _EDIT, rotate_license, since_2025=True),
]
