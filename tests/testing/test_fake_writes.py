"""Writes change the model: refunds, shipping, products, offer codes, custom fields, licenses, webhooks."""

from __future__ import annotations

import re

import pytest

from .conftest import product_ids

LICENSE = re.compile(r"^[0-9A-F]{8}(-[0-9A-F]{8}){3}$")


def _licensed_sale(call, fake, product_index=0):
    pid = product_ids(fake)[product_index]
    sales = call("GET", "/v2/sales", params={"product_id": pid}).json()["sales"]
    sale = next(s for s in sales if "license_key" in s)
    assert LICENSE.match(sale["license_key"])
    return pid, sale


# -- sales ------------------------------------------------------------------------------
def test_refund_marks_the_sale_refunded_once(call):
    sale = next(s for s in call("GET", "/v2/sales").json()["sales"] if not s["refunded"])
    refunded = call("PUT", f"/v2/sales/{sale['id']}/refund").json()
    assert refunded["success"] is True and refunded["sale"]["refunded"] is True
    assert refunded["sale"]["amount_refundable_in_currency"] == "0.00"
    assert call("GET", f"/v2/sales/{sale['id']}").json()["sale"]["refunded"] is True
    again = call("PUT", f"/v2/sales/{sale['id']}/refund").json()
    assert again == {"success": False, "message": "Purchase is already refunded."}


def test_partial_refund(call):
    sale = next(s for s in call("GET", "/v2/sales").json()["sales"] if s["price"] >= 1000)
    body = call("PUT", f"/v2/sales/{sale['id']}/refund", data={"amount_cents": "300"}).json()["sale"]
    assert body["partially_refunded"] is True and body["refunded"] is False
    left = sale["price"] - 300
    assert body["amount_refundable_in_currency"] == f"{left // 100}.{left % 100:02d}"
    too_much = call("PUT", f"/v2/sales/{sale['id']}/refund", data={"amount_cents": str(left + 1)}).json()
    assert too_much["success"] is False
    rest = call("PUT", f"/v2/sales/{sale['id']}/refund", data={"amount_cents": str(left)}).json()
    assert rest["sale"]["refunded"] is True


def test_mark_as_shipped(call, fake):
    shirt = product_ids(fake)[3]
    sale = call("GET", "/v2/sales", params={"product_id": shirt}).json()["sales"][0]
    assert sale["shipped"] is False and "street_address" in sale
    body = call("PUT", f"/v2/sales/{sale['id']}/mark_as_shipped",
                data={"tracking_url": "https://track.example/1"}).json()["sale"]
    assert body["shipped"] is True and body["tracking_url"] == "https://track.example/1"


def test_resend_receipt_renders_only_success(call):
    sale = call("GET", "/v2/sales").json()["sales"][0]
    assert call("POST", f"/v2/sales/{sale['id']}/resend_receipt").json() == {"success": True}


def test_add_sale_is_newest(call, fake):
    added = fake.add_sale(product_ids(fake)[2], email="new@example.com")
    first = call("GET", "/v2/sales").json()["sales"][0]
    assert first["id"] == added["id"] and first["email"] == "new@example.com"
    assert [s["id"] for s in call("GET", "/v2/sales", params={"email": "new@example.com"}).json()[
        "sales"]] == [added["id"]]
    pages, key = 0, None
    ids = []
    while pages < 10:
        body = call("GET", "/v2/sales", params={"page_key": key} if key else {}).json()
        ids += [s["id"] for s in body["sales"]]
        pages += 1
        key = body.get("next_page_key")
        if not key:
            break
    assert len(ids) == len(set(ids)) == 26


# -- products -----------------------------------------------------------------------------
def test_enable_disable_delete_product(call, fake):
    pid = product_ids(fake)[0]
    assert call("PUT", f"/v2/products/{pid}/disable").json()["product"]["published"] is False
    assert call("GET", f"/v2/products/{pid}").json()["product"]["published"] is False
    assert call("PUT", f"/v2/products/{pid}/enable").json()["product"]["published"] is True
    assert call("DELETE", f"/v2/products/{pid}").json() == {
        "success": True, "message": "The product was deleted successfully."}
    assert call("GET", f"/v2/products/{pid}").json()["message"] == "The product was not found."
    assert pid not in [p["id"] for p in call("GET", "/v2/products").json()["products"]]


def test_create_and_update_product(call):
    created = call("POST", "/v2/products", json={"name": "Course", "price": 4900, "tags": ["a", "b"]})
    product = created.json()["product"]
    assert product["name"] == "Course" and product["price"] == 4900 and product["published"] is False
    assert product["tags"] == ["a", "b"]
    updated = call("PUT", f"/v2/products/{product['id']}", data={"name": "Course 2"}).json()["product"]
    assert updated["name"] == "Course 2" and updated["price"] == 4900
    blank = call("POST", "/v2/products", data={}).json()
    assert blank == {"success": False, "message": "Name can't be blank"}
    assert call("POST", "/v2/products", data={"name": "x", "native_type": "physical"}).json()[
        "success"] is False


# -- offer codes ------------------------------------------------------------------------------
def test_offer_codes(call, fake):
    ids = product_ids(fake)
    base = f"/v2/products/{ids[2]}/offer_codes"
    listed = call("GET", base).json()["offer_codes"]
    assert [c["name"] for c in listed] == ["LAUNCH"]  # the universal one
    created = call("POST", base, data={"name": "HALF", "amount_off": "50", "offer_type": "percent",
                                       "max_purchase_count": "10"}).json()["offer_code"]
    assert created["percent_off"] == 50 and "amount_cents" not in created
    assert created["universal"] is False and created["times_used"] == 0
    cents = call("POST", base, data={"name": "FIVE", "amount_cents": "500"}).json()["offer_code"]
    assert cents["amount_cents"] == 500 and "percent_off" not in cents
    updated = call("PUT", f"{base}/{created['id']}", data={"max_purchase_count": "3", "name": "NO"}).json()
    assert updated["offer_code"]["max_purchase_count"] == 3 and updated["offer_code"]["name"] == "HALF"
    assert call("GET", f"/v2/products/{ids[0]}/offer_codes/{created['id']}").json()["success"] is False
    assert call("DELETE", f"{base}/{created['id']}").json()["message"] == (
        "The offer_code was deleted successfully.")
    assert created["id"] not in [c["id"] for c in call("GET", base).json()["offer_codes"]]


def test_offer_code_missing_parameters(call, fake):
    base = f"/v2/products/{product_ids(fake)[0]}/offer_codes"
    body = call("POST", base, data={"name": "NOAMOUNT"}).json()
    assert body == {"success": False, "message": (
        "You are missing required offer code parameters. Please refer to "
        "https://gumroad.com/api#offer-codes for the correct parameters.")}


def test_universal_is_a_string_compare(call, fake):
    ids = product_ids(fake)
    base = f"/v2/products/{ids[0]}/offer_codes"
    as_json = call("POST", base, json={"name": "J", "amount_cents": 1, "universal": True}).json()
    assert as_json["offer_code"]["universal"] is False  # JSON true != "true"
    as_form = call("POST", base, data={"name": "F", "amount_cents": "1", "universal": "true"}).json()
    assert as_form["offer_code"]["universal"] is True
    assert "F" in [c["name"] for c in call("GET", f"/v2/products/{ids[3]}/offer_codes").json()["offer_codes"]]


# -- custom fields ------------------------------------------------------------------------------
def test_custom_fields_by_name(call, fake):
    ids = product_ids(fake)
    base = f"/v2/products/{ids[0]}/custom_fields"
    created = call("POST", base, data={"name": "Your team", "required": "true"}).json()["custom_field"]
    assert created["name"] == "Your team" and created["required"] is True and created["type"] == "text"
    as_json = call("POST", base, json={"name": "Other", "required": True}).json()["custom_field"]
    assert as_json["required"] is False
    quoted = f"/v2/products/{ids[0]}/custom_fields/Your%20team"
    unchanged = call("PUT", quoted, data={}).json()["custom_field"]
    assert unchanged["required"] is True
    assert call("PUT", quoted, data={"required": "false"}).json()["custom_field"]["required"] is False
    assert call("DELETE", quoted).json()["message"] == "The custom_field was deleted successfully."
    assert "Your team" not in [f["name"] for f in call("GET", base).json()["custom_fields"]]
    assert call("POST", base, data={}).json() == {
        "success": False, "message": "The custom_field was unable to be created."}
    assert call("POST", base, data={"label": "By label"}).json()["custom_field"]["name"] == "By label"


def test_deleting_a_shared_custom_field_only_detaches_it(call, fake):
    ids = product_ids(fake)
    shared = call("GET", f"/v2/products/{ids[0]}/custom_fields").json()["custom_fields"][0]
    assert shared["name"] == "Company" and len(shared["products"]) == 2
    call("DELETE", f"/v2/products/{ids[0]}/custom_fields/Company")
    assert call("GET", f"/v2/products/{ids[0]}/custom_fields").json()["custom_fields"] == []
    still = call("GET", f"/v2/products/{ids[2]}/custom_fields").json()["custom_fields"]
    assert "Company" in [f["name"] for f in still]


# -- licenses -------------------------------------------------------------------------------------
def test_verify_counts_uses_and_can_skip(call, fake):
    pid, sale = _licensed_sale(call, fake)
    data = {"product_id": pid, "license_key": sale["license_key"]}
    first = call("POST", "/v2/licenses/verify", token=None, data=data).json()
    assert first["success"] is True and first["uses"] == sale["license_uses"] + 1
    purchase = first["purchase"]
    assert purchase["id"] == sale["id"] and purchase["license_key"] == sale["license_key"]
    assert isinstance(purchase["variants"], str) and isinstance(purchase["custom_fields"], list)
    assert purchase["custom_fields"][0].startswith("Company: ")
    same = call("POST", "/v2/licenses/verify", token=None,
                data={**data, "increment_uses_count": "false"}).json()
    assert same["uses"] == first["uses"]
    as_json = call("POST", "/v2/licenses/verify", token=None,
                   json={**data, "increment_uses_count": False}).json()
    assert as_json["uses"] == first["uses"]


def test_decrement_never_below_zero(call, fake):
    pid, sale = _licensed_sale(call, fake)
    data = {"product_id": pid, "license_key": sale["license_key"]}
    uses = None
    for _ in range(sale["license_uses"] + 3):
        uses = call("PUT", "/v2/licenses/decrement_uses_count", data=data).json()["uses"]
    assert uses == 0


def test_disable_enable_license(call, fake):
    pid, sale = _licensed_sale(call, fake)
    data = {"product_id": pid, "license_key": sale["license_key"]}
    assert call("PUT", "/v2/licenses/disable", data=data).json()["success"] is True
    denied = call("POST", "/v2/licenses/verify", token=None, data=data)
    assert denied.status_code == 404
    assert denied.json() == {"success": False, "message": "This license key has been disabled."}
    assert call("GET", f"/v2/sales/{sale['id']}").json()["sale"]["license_disabled"] is True
    call("PUT", "/v2/licenses/enable", data=data)
    assert call("POST", "/v2/licenses/verify", token=None, data=data).status_code == 200


def test_rotate_changes_the_key(call, fake):
    pid, sale = _licensed_sale(call, fake)
    data = {"product_id": pid, "license_key": sale["license_key"]}
    rotated = call("PUT", "/v2/licenses/rotate", data=data).json()["purchase"]["license_key"]
    assert LICENSE.match(rotated) and rotated != sale["license_key"]
    assert call("POST", "/v2/licenses/verify", token=None, data=data).status_code == 404
    fresh = call("POST", "/v2/licenses/verify", token=None, data={"product_id": pid, "license_key": rotated})
    assert fresh.status_code == 200
    again = call("PUT", "/v2/licenses/rotate", data={"product_id": pid, "license_key": rotated}).json()
    newer = again["purchase"]["license_key"]
    assert call("POST", "/v2/licenses/verify", token=None,
                data={"product_id": pid, "license_key": rotated}).status_code == 404
    assert call("GET", f"/v2/sales/{sale['id']}").json()["sale"]["license_key"] == newer


def test_license_errors(call, fake):
    pid, sale = _licensed_sale(call, fake)
    other_product = product_ids(fake)[2]
    wrong = call("POST", "/v2/licenses/verify", token=None,
                 data={"product_id": other_product, "license_key": sale["license_key"]})
    assert wrong.status_code == 404
    assert wrong.json()["message"] == "That license does not exist for the provided product."
    not_string = call("POST", "/v2/licenses/verify", token=None,
                      json={"product_id": pid, "license_key": ["a"]})
    assert not_string.status_code == 400
    assert not_string.json()["message"] == "The 'license_key' parameter must be a string."


def test_verify_by_permalink_needs_product_id_for_new_products(call, fake):
    membership = fake.seller.products[product_ids(fake)[1]]
    sales = call("GET", "/v2/sales", params={"product_id": membership.id}).json()["sales"]
    key = next(s["license_key"] for s in sales if "license_key" in s)
    response = call("POST", "/v2/licenses/verify", token=None,
                    data={"product_permalink": membership.unique_permalink, "license_key": key})
    assert response.status_code == 500
    assert response.json()["message"] == (
        "The 'product_id' parameter is required to verify the license for this product. "
        f"Please set 'product_id' to '{membership.id}' in the request.")
    legacy = fake.seller.products[product_ids(fake)[0]]
    _, sale = _licensed_sale(call, fake)
    ok = call("POST", "/v2/licenses/verify", token=None,
              data={"product_permalink": legacy.unique_permalink, "license_key": sale["license_key"]})
    assert ok.status_code == 200


def test_license_of_another_seller(call, fake):
    other = fake.add_account(sales=8)
    theirs = next(iter(other.products))
    key = next(s["license_key"] for s in (other.sale(i) for i in range(8)) if "license_key" in s
               and s["product_id"] == theirs)
    data = {"product_id": theirs, "license_key": key}
    assert call("POST", "/v2/licenses/verify", token=None, data=data).json()["success"] is True
    for action in ("enable", "disable", "decrement_uses_count", "rotate"):
        response = call("PUT", f"/v2/licenses/{action}", data=data)
        assert response.status_code == 404
        assert response.json() == {"success": False, "error": "Not found"}


# -- resource subscriptions ------------------------------------------------------------------------
def test_resource_subscriptions(call, fake):
    created = call("PUT", "/v2/resource_subscriptions",
                   data={"resource_name": "sale", "post_url": "https://hooks.example/sale"}).json()
    sub = created["resource_subscription"]
    assert sub == {"id": sub["id"], "resource_name": "sale", "post_url": "https://hooks.example/sale"}
    dup = call("PUT", "/v2/resource_subscriptions",
               data={"resource_name": "sale", "post_url": "https://hooks.example/sale"}).json()
    assert dup["success"] is True  # duplicates are allowed
    listed = call("GET", "/v2/resource_subscriptions", params={"resource_name": "sale"}).json()
    assert len(listed["resource_subscriptions"]) == 2
    assert call("GET", "/v2/resource_subscriptions", params={"resource_name": "refund"}).json()[
        "resource_subscriptions"] == []
    assert call("POST", "/v2/resource_subscriptions",
                data={"resource_name": "sale", "post_url": "https://x.example"}).status_code == 404
    assert call("DELETE", f"/v2/resource_subscriptions/{sub['id']}").json() == {
        "success": True, "message": "The resource_subscription was deleted successfully."}
    assert len(call("GET", "/v2/resource_subscriptions", params={"resource_name": "sale"}).json()[
        "resource_subscriptions"]) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"resource_name": "nope", "post_url": "https://x.example"}, "Unable to subscribe to ''."),
        ({"post_url": "https://x.example"}, "Unable to subscribe to ''."),
        ({"resource_name": "sale", "post_url": "ftp://x.example"}, "Invalid post URL 'ftp://x.example'"),
        ({"resource_name": "sale"}, "Invalid post URL ''"),
    ],
)
def test_resource_subscription_errors(call, data, message):
    response = call("PUT", "/v2/resource_subscriptions", data=data)
    assert response.json() == {"success": False, "message": message}


def test_resource_subscriptions_of_another_app(call, fake):
    other_app = fake.create_app("Zapier-ish")
    theirs = fake.issue_token(["view_sales"], app=other_app)["access_token"]
    sub = call("PUT", "/v2/resource_subscriptions", token=theirs,
               data={"resource_name": "refund", "post_url": "https://z.example"}).json()["resource_subscription"]
    assert len(call("GET", "/v2/resource_subscriptions", params={"resource_name": "refund"}).json()[
        "resource_subscriptions"]) == 1  # listed across apps
    only_mine = call("GET", "/v2/resource_subscriptions",
                     params={"resource_name": "refund", "current_oauth_application_only": "true"}).json()
    assert only_mine["resource_subscriptions"] == []
    assert call("DELETE", f"/v2/resource_subscriptions/{sub['id']}").json()["message"] == (
        "The resource_subscription was not found.")
    assert call("DELETE", f"/v2/resource_subscriptions/{sub['id']}", token=theirs).json()["success"] is True
