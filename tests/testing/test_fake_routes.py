"""Every v2 route of the fake: happy path, not-found shape, and routing quirks."""

from __future__ import annotations

import re

import pytest

from .conftest import product_ids

UNKNOWN = "AAAAAAAAAAAAAAAAAAAAAA=="
ID = re.compile(r"^[A-Za-z0-9_-]{22}==$")


def test_products_list_and_show(call, fake):
    listed = call("GET", "/v2/products").json()
    assert listed["success"] is True
    names = [p["name"] for p in listed["products"]]
    assert names == ["Gumroad T-Shirt", "The Python Handbook", "Pro Membership", "Pencil Icon PSD"]
    assert "next_page_key" not in listed and "next_page_url" not in listed
    assert "rich_content" not in listed["products"][0]  # slim in the index
    pid = product_ids(fake)[0]
    product = call("GET", f"/v2/products/{pid}").json()["product"]
    assert product["id"] == pid and product["price"] == 1000 and product["currency"] == "usd"
    assert product["formatted_price"] == "$10" and product["url"] is None
    assert product["custom_fields"] == [{"name": "Company", "required": False}]
    assert product["variants"][0]["title"] == "Size"
    assert product["sales_count"] > 0 and "sales_usd_cents" in product


def test_product_by_unique_permalink(call, fake):
    product = fake.seller.products[product_ids(fake)[0]]
    body = call("GET", f"/v2/products/{product.unique_permalink}").json()
    assert body["product"]["id"] == product.id


def test_sales_stats_need_view_sales_or_account(call, fake):
    pid = product_ids(fake)[0]
    only_profile = fake.issue_token(["view_profile"])["access_token"]
    assert "sales_count" not in call("GET", f"/v2/products/{pid}", token=only_profile).json()["product"]
    acct = fake.issue_token(["account"])["access_token"]
    assert "sales_count" in call("GET", f"/v2/products/{pid}", token=acct).json()["product"]


@pytest.mark.parametrize(
    ("method", "path", "thing"),
    [
        ("GET", "/v2/products/{u}", "product"),
        ("PUT", "/v2/products/{u}", "product"),
        ("DELETE", "/v2/products/{u}", "product"),
        ("PUT", "/v2/products/{u}/enable", "product"),
        ("PUT", "/v2/products/{u}/disable", "product"),
        ("GET", "/v2/products/{u}/variant_categories", "product"),
        ("GET", "/v2/products/{p}/variant_categories/{u}", "variant_category"),
        ("PUT", "/v2/products/{p}/variant_categories/{u}", "variant_category"),
        ("DELETE", "/v2/products/{p}/variant_categories/{u}", "variant_category"),
        ("GET", "/v2/products/{p}/variant_categories/{u}/variants", "variant_category"),
        ("GET", "/v2/products/{p}/variant_categories/{c}/variants/{u}", "variant"),
        ("PUT", "/v2/products/{p}/variant_categories/{c}/variants/{u}", "variant"),
        ("DELETE", "/v2/products/{p}/variant_categories/{c}/variants/{u}", "variant"),
        ("GET", "/v2/products/{p}/offer_codes/{u}", "offer_code"),
        ("PUT", "/v2/products/{p}/offer_codes/{u}", "offer_code"),
        ("DELETE", "/v2/products/{p}/offer_codes/{u}", "offer_code"),
        ("PUT", "/v2/products/{p}/custom_fields/Nope", "custom_field"),
        ("DELETE", "/v2/products/{p}/custom_fields/Nope", "custom_field"),
        ("GET", "/v2/products/{u}/skus", "product"),
        ("GET", "/v2/products/{u}/subscribers", "product"),
        ("GET", "/v2/subscribers/{u}", "subscriber"),
        ("GET", "/v2/sales/{u}", "sale"),
        ("PUT", "/v2/sales/{u}/refund", "sale"),
        ("PUT", "/v2/sales/{u}/mark_as_shipped", "sale"),
        ("POST", "/v2/sales/{u}/resend_receipt", "sale"),
        ("GET", "/v2/payouts/{u}", "payout"),
        ("DELETE", "/v2/resource_subscriptions/{u}", "resource_subscription"),
    ],
)
def test_not_found_is_http_200_success_false(call, fake, method, path, thing):
    pid = product_ids(fake)[0]
    cid = fake.seller.products[pid].variant_categories[0].id
    response = call(method, path.format(u=UNKNOWN, p=pid, c=cid))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"success": False, "message": f"The {thing} was not found."}


def test_products_of_another_seller_are_not_found(call, fake):
    other = fake.add_account(sales=3)
    theirs = next(iter(other.products))
    assert call("GET", f"/v2/products/{theirs}").json()["message"] == "The product was not found."


def test_variant_categories_and_variants_crud(call, fake):
    pid = product_ids(fake)[2]
    created = call("POST", f"/v2/products/{pid}/variant_categories", data={"title": "Format"}).json()
    cid = created["variant_category"]["id"]
    assert created == {"success": True, "variant_category": {"id": cid, "title": "Format"}}
    assert ID.match(cid)
    assert call("PUT", f"/v2/products/{pid}/variant_categories/{cid}", data={"title": "Edition"}).json()[
        "variant_category"]["title"] == "Edition"
    base = f"/v2/products/{pid}/variant_categories/{cid}/variants"
    variant = call("POST", base, data={"name": "PDF", "price_difference_cents": "150",
                                       "max_purchase_count": "5"}).json()["variant"]
    assert variant["name"] == "PDF" and variant["price_difference_cents"] == 150
    assert variant["max_purchase_count"] == 5
    vid = variant["id"]
    assert call("GET", base).json()["variants"] == [variant]
    assert call("GET", f"{base}/{vid}").json()["variant"] == variant
    updated = call("PUT", f"{base}/{vid}", data={"description": "Printable"}).json()["variant"]
    assert updated["description"] == "Printable" and updated["name"] == "PDF"
    assert call("DELETE", f"{base}/{vid}").json() == {
        "success": True, "message": "The variant was deleted successfully."}
    assert call("GET", base).json()["variants"] == []
    assert call("DELETE", f"/v2/products/{pid}/variant_categories/{cid}").json()["message"] == (
        "The variant_category was deleted successfully.")
    listed = call("GET", f"/v2/products/{pid}/variant_categories").json()["variant_categories"]
    assert cid not in [c["id"] for c in listed]


def test_tiered_variants_carry_tier_fields(call, fake):
    membership = fake.seller.products[product_ids(fake)[1]]
    cid = membership.variant_categories[0].id
    variants = call("GET", f"/v2/products/{membership.id}/variant_categories/{cid}/variants").json()
    assert [v["name"] for v in variants["variants"]] == ["Basic", "Premium"]
    assert "recurrence_price_values" in variants["variants"][0]


def test_skus_are_variants_of_physical_products_only(call, fake):
    ids = product_ids(fake)
    assert call("GET", f"/v2/products/{ids[0]}/skus").json() == {"success": True, "skus": []}
    skus = call("GET", f"/v2/products/{ids[3]}/skus").json()["skus"]
    assert [s["name"] for s in skus] == ["S", "M", "L"]


def test_user_shape_depends_on_scopes(call, fake):
    full = call("GET", "/v2/user").json()["user"]
    assert full["email"] == "fakeseller@example.com" and full["id"].isdigit()
    assert full["profile_url"].endswith(".png") and full["url"] == "https://fakeseller.gumroad.com"
    assert "display_name" in full
    public = call("GET", "/v2/user", token=fake.issue_token(["view_public"])["access_token"]).json()["user"]
    assert set(public) == {"name", "bio", "twitter_handle", "id", "user_id", "url", "links"}
    account_only = call("GET", "/v2/user", token=fake.issue_token(["account"])["access_token"]).json()
    assert "email" not in account_only["user"]


def test_sale_show_drops_nil_keys(call, fake):
    sale = call("GET", "/v2/sales").json()["sales"][0]
    shown = call("GET", f"/v2/sales/{sale['id']}").json()["sale"]
    assert shown == sale
    assert None not in shown.values()
    assert "giftee_email" not in shown and "tracking_url" not in shown
    assert shown["card"]["bin"] is None  # nested nils stay
    assert isinstance(shown["order_id"], int) and shown["product_id"] in fake.seller.products


def test_subscribers_and_subscriber(call, fake):
    membership = product_ids(fake)[1]
    subs = call("GET", f"/v2/products/{membership}/subscribers").json()["subscribers"]
    assert subs and all(s["status"] in ("alive", "pending_cancellation") for s in subs)
    first = subs[0]
    assert first["product_id"] == membership and first["recurrence"] == "monthly"
    assert call("GET", f"/v2/subscribers/{first['id']}").json()["subscriber"] == first
    sale = call("GET", f"/v2/sales/{first['purchase_ids'][0]}").json()["sale"]
    assert sale["subscription_id"] == first["id"]
    not_membership = product_ids(fake)[0]
    assert call("GET", f"/v2/products/{not_membership}/subscribers").json()["subscribers"] == []


def test_payouts_list_show_and_upcoming(call, fake):
    listed = call("GET", "/v2/payouts").json()
    assert listed["payouts"][0]["id"] is None and listed["payouts"][0]["status"] == "payable"
    assert len(listed["payouts"]) == 10
    real = listed["payouts"][1]
    assert re.match(r"^\d+\.\d\d$", real["amount"]) and real["currency"] == "USD"
    shown = call("GET", f"/v2/payouts/{real['id']}").json()["payout"]
    assert {"sales", "refunded_sales", "disputed_sales"} <= set(shown)
    no_sales = fake.issue_token(["view_payouts"])["access_token"]
    assert "sales" not in call("GET", f"/v2/payouts/{real['id']}", token=no_sales).json()["payout"]
    upcoming = call("GET", "/v2/payouts/upcoming").json()["payout"]
    assert upcoming["id"] is None
    assert call("GET", "/v2/payouts", params={"include_upcoming": "false"}).json()[
        "payouts"][0]["id"] is not None


def test_tax_forms_and_earnings(call, fake):
    forms = call("GET", "/v2/tax_forms", params={"year": "2024"}).json()
    assert forms == {"success": True, "tax_forms": [
        {"tax_year": 2024, "tax_form_type": "us_1099_k", "filed_at": "2025-01-31T00:00:00Z"}]}
    earnings = call("GET", "/v2/earnings", params={"year": "2024"}).json()
    assert earnings["year"] == 2024 and earnings["currency"] == "usd"
    assert earnings["net_cents"] == earnings["gross_cents"] - earnings["fees_cents"] > 0
    missing = call("GET", "/v2/earnings", params={"year": "1999"})
    assert missing.status_code == 404
    assert missing.json() == {"success": False, "message": "Earnings are not available for 1999."}
    assert call("GET", "/v2/tax_forms", params={"year": "1999"}).json()["message"] == (
        "Tax forms are not available for 1999.")
    fake.seller.tax_center_enabled = False
    denied = call("GET", "/v2/earnings", params={"year": "2024"})
    assert denied.status_code == 403
    assert denied.json() == {"success": False, "message": "Tax center is not enabled for this account."}


def test_legacy_api_prefix_and_json_suffix(call):
    assert call("GET", "/api/v2/user").json()["success"] is True
    assert call("GET", "/v2/user.json").json()["success"] is True
    assert call("GET", "/v2/user/").json()["success"] is True


def test_unknown_route_and_wrong_method_are_html_404(call):
    for method, path in [("GET", "/v2/nope"), ("POST", "/v2/user"), ("GET", "/nope"),
                         ("PATCH", "/v2/products")]:
        response = call(method, path)
        assert response.status_code == 404
        assert response.headers["Content-Type"].startswith("text/html")
        assert "doesn't exist" in response.text


def test_head_has_no_body(call):
    response = call("HEAD", "/v2/user")
    assert response.status_code == 200 and response.content == b""


def test_every_response_has_a_request_id(call):
    assert re.match(r"^[0-9a-f-]{36}$", call("GET", "/v2/user").headers["X-Request-Id"])
