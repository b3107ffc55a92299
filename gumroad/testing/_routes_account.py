"""
gumroad.testing._routes_account
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

The user, resource subscriptions (webhooks, created with **PUT**), payouts
(with the upcoming pseudo-payout), tax forms and earnings.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ._catalog import Payout, ResourceSubscription
from ._http import Abort, Ctx, FakeResponse, RouteSpec, failure, json_response, not_found, success
from ._ids import from_us
from ._paging import date_param, page_key_param, page_links, truthy
from ._seed import DAY_US

__all__ = ["RESOURCE_NAMES", "ROUTES"]

RESOURCE_NAMES = ("sale", "refund", "dispute", "dispute_won", "cancellation",
                  "subscription_updated", "subscription_ended", "subscription_restarted")


def show_user(ctx: Ctx) -> FakeResponse:
    """``GET /v2/user``."""
    scopes = set(ctx.token.scopes) if ctx.token else set()
    return success(user=ctx.account.user_json(scopes))


# -- resource subscriptions ---------------------------------------------------------------
def create_subscription(ctx: Ctx) -> FakeResponse:
    """``PUT /v2/resource_subscriptions``."""
    name = ctx.text("resource_name")
    if name not in RESOURCE_NAMES:
        return failure("Unable to subscribe to ''.")  # the server interpolates nil here
    url = ctx.text("post_url") or ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return failure(f"Invalid post URL '{url}'")
    token = ctx.token
    sub = ResourceSubscription(ctx.account.new_id("resource_subscription")[1], name, url,
                               token.client_id if token else "")
    ctx.account.resource_subscriptions[sub.id] = sub
    return success(resource_subscription=sub.as_json())


def list_subscriptions(ctx: Ctx) -> FakeResponse:
    """``GET /v2/resource_subscriptions``."""
    name = ctx.text("resource_name")
    if name not in RESOURCE_NAMES:
        return failure("Valid resource_name parameter required")
    only_app = truthy(ctx.params.get("current_oauth_application_only"))
    client_id = ctx.token.client_id if ctx.token else None
    subs = [s.as_json() for s in ctx.account.resource_subscriptions.values()
            if not s.deleted and s.resource_name == name
            and (not only_app or s.app_id == client_id)]
    return success(resource_subscriptions=subs)


def delete_subscription(ctx: Ctx) -> FakeResponse:
    """``DELETE /v2/resource_subscriptions/{id}``."""
    sub = ctx.account.resource_subscriptions.get(ctx.args["id"])
    if sub is None or sub.deleted or ctx.token is None or sub.app_id != ctx.token.client_id:
        return not_found("resource_subscription")
    sub.deleted = True
    return success(message="The resource_subscription was deleted successfully.")


# -- payouts ---------------------------------------------------------------------------
def _payout_json(ctx: Ctx, payout: Payout, *, with_sales: bool) -> dict[str, Any]:
    data = ctx.account.payout_amount(payout).as_json()
    if with_sales and ctx.has_scope("view_sales"):
        data.update(ctx.account.payout_sales(payout))
    return data


def list_payouts(ctx: Ctx) -> FakeResponse:
    """``GET /v2/payouts``."""
    after, before = date_param(ctx, "after"), date_param(ctx, "before")
    cursor = page_key_param(ctx)
    payouts = [p for p in ctx.account.payouts
               if (after is None or p.created_us >= after)
               and (before is None or p.created_us < before)]
    if cursor is not None:
        t, n = cursor
        payouts = [p for p in payouts if p.created_us < t or (p.created_us == t and p.num < n)]
    upcoming = ctx.account.upcoming_payout()
    period_end = upcoming.created_us - upcoming.created_us % DAY_US
    show_upcoming = cursor is None and ctx.params.get("include_upcoming") != "false" and (
        before is None or before >= period_end)
    limit = 9 if show_upcoming else 10
    page = payouts[:limit]
    items = [_payout_json(ctx, p, with_sales=False) for p in page]
    if show_upcoming:
        items.insert(0, _payout_json(ctx, upcoming, with_sales=False))
    data: dict[str, Any] = {"payouts": items}
    if len(payouts) > limit:
        data.update(page_links(ctx, page[-1].created_us, page[-1].num))
    return success(**data)


def show_payout(ctx: Ctx) -> FakeResponse:
    """``GET /v2/payouts/{id}``."""
    payout = next((p for p in ctx.account.payouts if p.id == ctx.args["id"]), None)
    if payout is None:
        return not_found("payout")
    return success(payout=_payout_json(ctx, payout, with_sales=True))


def upcoming_payout(ctx: Ctx) -> FakeResponse:
    """``GET /v2/payouts/upcoming``."""
    return success(payout=_payout_json(ctx, ctx.account.upcoming_payout(), with_sales=True))


# -- tax ---------------------------------------------------------------------------------
def _tax_year(ctx: Ctx, what: str, years: list[int]) -> int:
    if not ctx.account.tax_center_enabled:
        raise Abort(json_response(403, {"success": False,
                                        "message": "Tax center is not enabled for this account."}))
    raw = ctx.text("year")
    if raw is None or raw == "":
        if years:
            return years[-1]
        raw = ""
    if re.match(r"^\d{4}$", raw) and int(raw) in years:
        return int(raw)
    raise Abort(json_response(404, {"success": False,
                                    "message": f"{what} are not available for {raw}."}))


_FORM_TYPE = "us_1099_k"


def _filed_years(ctx: Ctx) -> list[int]:
    newest_year = from_us(ctx.account.sales.newest_us).year
    return [y for y in ctx.account.sales_years() if y < newest_year]


def tax_forms(ctx: Ctx) -> FakeResponse:
    """``GET /v2/tax_forms``."""
    year = _tax_year(ctx, "Tax forms", _filed_years(ctx))
    form = {"tax_year": year, "tax_form_type": _FORM_TYPE, "filed_at": f"{year + 1}-01-31T00:00:00Z"}
    return success(tax_forms=[form])


def download_tax_form(ctx: Ctx) -> FakeResponse:
    """``GET /v2/tax_forms/{year}/{tax_form_type}/download``: the PDF, or 404."""
    if not ctx.account.tax_center_enabled:
        raise Abort(json_response(403, {"success": False,
                                        "message": "Tax center is not enabled for this account."}))
    year = ctx.args["year"]
    if (ctx.args["tax_form_type"] != _FORM_TYPE or not re.match(r"^\d{4}$", year)
            or int(year) not in _filed_years(ctx)):
        return json_response(404, {"success": False, "message": "Tax form not found."})
    pdf = (f"%PDF-1.4\n% fake {_FORM_TYPE} for {year} of {ctx.account.user_id}\n%%EOF\n").encode()
    return FakeResponse(200, [("Content-Type", "application/pdf"),
                              ("Content-Disposition", f'attachment; filename="{_FORM_TYPE}_{year}.pdf"')],
                        pdf)


def earnings(ctx: Ctx) -> FakeResponse:
    """``GET /v2/earnings``."""
    year = _tax_year(ctx, "Earnings", ctx.account.sales_years())
    return success(year=year, currency="usd", **ctx.account.earnings(year))


_PAYOUTS = ("view_payouts",)
_SALES = ("view_sales",)
_TAX = ("view_tax_data",)
ROUTES = [
    RouteSpec("GET", "/user", "read", show_user),
    RouteSpec("PUT", "/resource_subscriptions", _SALES, create_subscription),
    RouteSpec("GET", "/resource_subscriptions", _SALES, list_subscriptions),
    RouteSpec("DELETE", "/resource_subscriptions/{id}", _SALES, delete_subscription),
    RouteSpec("GET", "/payouts", _PAYOUTS, list_payouts),
    RouteSpec("GET", "/payouts/upcoming", _PAYOUTS, upcoming_payout, since_2025=True),
    RouteSpec("GET", "/payouts/{id}", _PAYOUTS, show_payout),
    RouteSpec("GET", "/tax_forms", _TAX, tax_forms, since_2025=True),
    RouteSpec("GET", "/tax_forms/{year}/{tax_form_type}/download", _TAX, download_tax_form,
              since_2025=True),
    RouteSpec("GET", "/earnings", _TAX, earnings, since_2025=True),
]
