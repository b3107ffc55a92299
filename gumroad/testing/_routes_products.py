"""
gumroad.testing._routes_products
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Products, their variant categories and variants, and SKUs (offer codes and
custom fields are in ``_routes_checkout``).
"""

from __future__ import annotations

from typing import Any

from ._catalog import Product, Variant, VariantCategory
from ._http import Abort, Ctx, FakeResponse, RouteSpec, failure, not_found, success
from ._paging import page_key_param, page_links
from ._seed import permalink

__all__ = ["EDIT", "ROUTES", "deleted", "product_or_404", "to_int"]

EDIT = ("edit_products",)
_REFUSED_TYPES = ("physical", "podcast", "newsletter", "audiobook")


def to_int(value: object) -> int | None:
    """A parameter as an integer, ``None`` when absent or not a number."""
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def deleted(thing: str) -> FakeResponse:
    """``{"success":true,"message":"The <thing> was deleted successfully."}``."""
    return success(message=f"The {thing} was deleted successfully.")


def product_or_404(ctx: Ctx, key: str = "product_id") -> Product:
    """The product named by path argument *key*, or "The product was not found."."""
    product = ctx.account.find_product(ctx.args[key])
    if product is None:
        raise Abort(not_found("product"))
    return product


def _product_json(ctx: Ctx, product: Product, *, slim: bool = False) -> dict[str, Any]:
    stats = ctx.has_scope("view_sales") or (not ctx.fake.legacy and ctx.has_scope("account"))
    return ctx.account.product_json(product, stats=stats, slim=slim)


# -- products ------------------------------------------------------------------------
def list_products(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products``."""
    products = ctx.account.live_products()
    if ctx.fake.legacy:
        return success(products=[_product_json(ctx, p) for p in products])
    cursor = page_key_param(ctx)
    if cursor is not None:
        t, n = cursor
        products = [p for p in products if p.created_us < t or (p.created_us == t and p.num < n)]
    page = products[:10]
    data: dict[str, Any] = {"products": [_product_json(ctx, p, slim=True) for p in page]}
    if len(products) > 10:
        data.update(page_links(ctx, page[-1].created_us, page[-1].num))
    return success(**data)


def show_product(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{id}``."""
    return success(product=_product_json(ctx, product_or_404(ctx, "id")))


def _apply_product_fields(ctx: Ctx, product: Product) -> None:
    p = ctx.params
    for name in ("name", "description", "custom_permalink", "custom_summary", "custom_receipt"):
        if isinstance(p.get(name), str):
            setattr(product, name, p[name])
    if "price" in p:
        product.price = to_int(p["price"]) or 0
    if "max_purchase_count" in p:
        product.max_purchase_count = to_int(p["max_purchase_count"])
    if "customizable_price" in p:
        product.customizable_price = p["customizable_price"] in ("true", True, "1")
    if isinstance(p.get("price_currency_type"), str):
        product.currency = p["price_currency_type"].lower()
    if isinstance(p.get("tags"), list):
        product.tags = [str(t) for t in p["tags"]]


def create_product(ctx: Ctx) -> FakeResponse:
    """``POST /v2/products``."""
    name = ctx.params.get("name")
    native_type = ctx.text("native_type") or "digital"
    if native_type in _REFUSED_TYPES:
        return failure(f"The native_type '{native_type}' cannot be created through the API.")
    if not isinstance(name, str) or not name.strip():
        return failure("Name can't be blank")
    num, product_id = ctx.account.new_id("product")
    product = Product(product_id, num, name, permalink(ctx.account.codec, num),
                      int(ctx.fake.now() * 1e6), native_type=native_type, published=False,
                      subscription_duration=ctx.text("subscription_duration"),
                      currency=ctx.account.currency_type)
    _apply_product_fields(ctx, product)
    ctx.account.products[product.id] = product
    return success(product=_product_json(ctx, product))


def update_product(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/products/{id}``."""
    product = product_or_404(ctx, "id")
    _apply_product_fields(ctx, product)
    return success(product=_product_json(ctx, product))


def delete_product(ctx: Ctx) -> FakeResponse:
    """``DELETE /v2/products/{id}``."""
    product_or_404(ctx, "id").deleted = True
    return deleted("product")


def _publish(ctx: Ctx, published: bool) -> FakeResponse:
    product = product_or_404(ctx, "id")
    product.published = published
    return success(product=_product_json(ctx, product))


def enable_product(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/products/{id}/enable``."""
    return _publish(ctx, True)


def disable_product(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/products/{id}/disable``."""
    return _publish(ctx, False)


# -- variant categories and variants ---------------------------------------------------
def _category(ctx: Ctx, product: Product, key: str) -> VariantCategory:
    category = product.category(ctx.args[key])
    if category is None:
        raise Abort(not_found("variant_category"))
    return category


def list_categories(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/variant_categories``."""
    product = product_or_404(ctx)
    return success(variant_categories=[c.as_json() for c in product.variant_categories])


def show_category(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/variant_categories/{id}``."""
    return success(variant_category=_category(ctx, product_or_404(ctx), "id").as_json())


def create_category(ctx: Ctx) -> FakeResponse:
    """``POST /v2/products/{product_id}/variant_categories``."""
    product = product_or_404(ctx)
    category = VariantCategory(ctx.account.new_id("variant_category")[1],
                               ctx.text("title") or "")
    product.variant_categories.append(category)
    return success(variant_category=category.as_json())


def update_category(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/products/{product_id}/variant_categories/{id}``."""
    category = _category(ctx, product_or_404(ctx), "id")
    if ctx.text("title") is not None:
        category.title = ctx.text("title") or ""
    return success(variant_category=category.as_json())


def delete_category(ctx: Ctx) -> FakeResponse:
    """``DELETE /v2/products/{product_id}/variant_categories/{id}``."""
    product = product_or_404(ctx)
    product.variant_categories.remove(_category(ctx, product, "id"))
    return deleted("variant_category")


def _variant(ctx: Ctx) -> tuple[Product, VariantCategory, Variant]:
    product = product_or_404(ctx)
    category = _category(ctx, product, "category_id")
    variant = next((v for v in category.variants if v.id == ctx.args["id"]), None)
    if variant is None:
        raise Abort(not_found("variant"))
    return product, category, variant


def _apply_variant(ctx: Ctx, variant: Variant) -> None:
    if ctx.text("name") is not None:
        variant.name = ctx.text("name") or ""
    if ctx.text("description") is not None:
        variant.description = ctx.text("description") or ""
    if "price_difference_cents" in ctx.params:
        variant.price_difference_cents = to_int(ctx.params["price_difference_cents"]) or 0
    if "max_purchase_count" in ctx.params:
        variant.max_purchase_count = to_int(ctx.params["max_purchase_count"])


def list_variants(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/variant_categories/{category_id}/variants``."""
    product = product_or_404(ctx)
    category = _category(ctx, product, "category_id")
    tiered = product.is_tiered_membership
    return success(variants=[v.as_json(tiered=tiered) for v in category.variants])


def show_variant(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/variant_categories/{category_id}/variants/{id}``."""
    product, _, variant = _variant(ctx)
    return success(variant=variant.as_json(tiered=product.is_tiered_membership))


def create_variant(ctx: Ctx) -> FakeResponse:
    """``POST /v2/products/{product_id}/variant_categories/{category_id}/variants``."""
    product = product_or_404(ctx)
    category = _category(ctx, product, "category_id")
    variant = Variant(ctx.account.new_id("variant")[1], "")
    _apply_variant(ctx, variant)
    category.variants.append(variant)
    return success(variant=variant.as_json(tiered=product.is_tiered_membership))


def update_variant(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/products/{product_id}/variant_categories/{category_id}/variants/{id}``."""
    product, _, variant = _variant(ctx)
    _apply_variant(ctx, variant)
    return success(variant=variant.as_json(tiered=product.is_tiered_membership))


def delete_variant(ctx: Ctx) -> FakeResponse:
    """``DELETE /v2/products/{product_id}/variant_categories/{category_id}/variants/{id}``."""
    _, category, variant = _variant(ctx)
    category.variants.remove(variant)
    return deleted("variant")


def list_skus(ctx: Ctx) -> FakeResponse:
    """``GET /v2/products/{product_id}/skus``."""
    product = product_or_404(ctx)
    if not product.is_physical:
        return success(skus=[])
    return success(skus=[v.as_json() for c in product.variant_categories for v in c.variants])


_P = "/products/{product_id}"
_VC = _P + "/variant_categories/{category_id}"
ROUTES = [
    RouteSpec("GET", "/products", "read", list_products),
    RouteSpec("POST", "/products", EDIT, create_product, since_2025=True),
    RouteSpec("GET", "/products/{id}", "read", show_product),
    RouteSpec("PUT", "/products/{id}", EDIT, update_product, since_2025=True),
    RouteSpec("DELETE", "/products/{id}", EDIT, delete_product),
    RouteSpec("PUT", "/products/{id}/enable", EDIT, enable_product),
    RouteSpec("PUT", "/products/{id}/disable", EDIT, disable_product),
    RouteSpec("GET", _P + "/variant_categories", "read", list_categories),
    RouteSpec("POST", _P + "/variant_categories", EDIT, create_category),
    RouteSpec("GET", _P + "/variant_categories/{id}", "read", show_category),
    RouteSpec("PUT", _P + "/variant_categories/{id}", EDIT, update_category),
    RouteSpec("DELETE", _P + "/variant_categories/{id}", EDIT, delete_category),
    RouteSpec("GET", _VC + "/variants", "read", list_variants),
    RouteSpec("POST", _VC + "/variants", EDIT, create_variant),
    RouteSpec("GET", _VC + "/variants/{id}", "read", show_variant),
    RouteSpec("PUT", _VC + "/variants/{id}", EDIT, update_variant),
    RouteSpec("DELETE", _VC + "/variants/{id}", EDIT, delete_variant),
    RouteSpec("GET", _P + "/skus", "read", list_skus),
]
