"""Cursor pagination (gumroad-api.md §4), filters, 400 shapes and the lazy 100k-sale account."""

from __future__ import annotations

import datetime
import re

import pytest
import requests

from gumroad.testing import FakeGumroad, FakeGumroadServer

from .conftest import product_ids

PAGE_KEY = re.compile(r"^\d{20}-\d+$")


def _all_pages(call, path, params, *, limit=50):
    """Follow next_page_key, re-sending the filters; returns the pages."""
    pages, key = [], None
    for _ in range(limit):
        sent = dict(params, **({"page_key": key} if key else {}))
        body = call("GET", path, params=sent).json()
        pages.append(body)
        key = body.get("next_page_key")
        if key is None:
            assert "next_page_url" not in body
            return pages
        assert PAGE_KEY.match(key)
    raise AssertionError("pagination did not end")


def test_sales_pages_of_ten_until_key_absent(call, fake):
    pages = _all_pages(call, "/v2/sales", {})
    assert [len(p["sales"]) for p in pages] == [10, 10, 5]
    ids = [s["id"] for p in pages for s in p["sales"]]
    assert len(set(ids)) == 25
    stamps = [s["created_at"] for p in pages for s in p["sales"]]
    assert stamps == sorted(stamps, reverse=True)
    assert pages[0]["next_page_url"] == f"/v2/sales?page_key={pages[0]['next_page_key']}"


def test_next_page_url_keeps_filters_minus_secrets_sorted(call):
    body = call("GET", "/v2/sales", params={"before": "2026-01-01", "after": "2020-01-01"}).json()
    url = body["next_page_url"]
    assert url.startswith("/v2/sales?after=2020-01-01&before=2026-01-01&page_key=")
    assert "access_token" not in url
    legacy = call("GET", "/api/v2/sales").json()["next_page_url"]
    assert legacy.startswith("/api/v2/sales?page_key=")


def test_filters_are_applied_across_pages(call, fake):
    fake_big = fake  # 25 sales: filter by product, then email
    pid = product_ids(fake_big)[0]
    pages = _all_pages(call, "/v2/sales", {"product_id": pid})
    sales = [s for p in pages for s in p["sales"]]
    assert sales and all(s["product_id"] == pid for s in sales)
    email = sales[0]["email"]
    by_email = [s for p in _all_pages(call, "/v2/sales", {"email": f"  {email} "}) for s in p["sales"]]
    assert by_email and all(s["email"] == email for s in by_email)


def test_date_filters(call):
    everything = [s for p in _all_pages(call, "/v2/sales", {}) for s in p["sales"]]
    cut = everything[12]["created_at"][:10]
    after = [s for p in _all_pages(call, "/v2/sales", {"after": cut}) for s in p["sales"]]
    before = [s for p in _all_pages(call, "/v2/sales", {"before": cut}) for s in p["sales"]]
    assert all(s["created_at"][:10] >= cut for s in after)
    assert all(s["created_at"][:10] < cut for s in before)
    assert len(after) + len(before) == 25


def test_order_id_filter(call):
    sale = call("GET", "/v2/sales").json()["sales"][3]
    found = call("GET", "/v2/sales", params={"order_id": str(sale["order_id"])}).json()
    assert [s["id"] for s in found["sales"]] == [sale["id"]]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"page_key": "garbage"}, "Invalid page_key."),
        ({"page_key": "20240101000000000000-0"}, "Invalid page_key."),
        ({"page_key": "20240101000000000000"}, "Invalid page_key."),
        ({"before": "2024/01/01"}, "Invalid date format provided in field 'before'. "
                                   "Dates must be in the format YYYY-MM-DD."),
        ({"after": "2024-13-01"}, "Invalid date format provided in field 'after'. "
                                  "Dates must be in the format YYYY-MM-DD."),
        ({"order_id": "12ab"}, "Invalid order ID."),
        ({"product_id": "!!!"}, "Invalid product ID."),
        ({"page": "0"}, "Invalid page number. Page numbers start at 1."),
    ],
)
def test_bad_parameters_are_400_status_error(call, params, error):
    response = call("GET", "/v2/sales", params=params)
    assert response.status_code == 400
    assert response.json() == {"status": 400, "error": error}


def test_bad_page_key_on_other_lists(call, fake):
    for path in ("/v2/products", "/v2/payouts", f"/v2/products/{product_ids(fake)[1]}/subscribers"):
        response = call("GET", path, params={"page_key": "nope"})
        assert response.status_code == 400 and response.json()["error"] == "Invalid page_key."


def test_deprecated_page_parameter(call):
    first = call("GET", "/v2/sales").json()["sales"]
    second = call("GET", "/v2/sales", params={"page": "2"}).json()
    assert second["sales"][0]["id"] not in [s["id"] for s in first]
    assert "next_page_key" in second
    assert len(call("GET", "/v2/sales", params={"page": "3"}).json()["sales"]) == 5


def test_payouts_pages_with_upcoming_first(call):
    pages = _all_pages(call, "/v2/payouts", {})
    assert [len(p["payouts"]) for p in pages] == [10, 10, 6]
    assert pages[0]["payouts"][0]["id"] is None
    assert all(p["id"] is not None for page in pages[1:] for p in page["payouts"])
    real = [p["id"] for page in pages for p in page["payouts"] if p["id"]]
    assert len(set(real)) == 25
    no_upcoming = _all_pages(call, "/v2/payouts", {"include_upcoming": "false"})
    assert [len(p["payouts"]) for p in no_upcoming] == [10, 10, 5]


def test_payouts_before_an_old_date_has_no_upcoming(call):
    body = call("GET", "/v2/payouts", params={"before": "2025-03-01"}).json()
    assert body["payouts"][0]["id"] is not None
    assert all(p["created_at"] < "2025-03-01" for p in body["payouts"])


def test_products_paginate_ten_per_page(call, fake):
    for n in range(8):
        created = call("POST", "/v2/products", data={"name": f"New {n}", "price": "100"}).json()
        assert created["product"]["published"] is False
    pages = _all_pages(call, "/v2/products", {})
    assert [len(p["products"]) for p in pages] == [10, 2]
    assert pages[0]["products"][0]["name"] == "New 7"


def test_legacy_products_are_unpaginated():
    fake = FakeGumroad(products=12, legacy=True)
    token = fake.issue_token()["access_token"]
    body = fake.handle("GET", "/v2/products", [("access_token", token)]).json()
    assert len(body["products"]) == 12 and "next_page_key" not in body


def test_subscribers_unpaginated_unless_asked():
    fake = FakeGumroad(sales=1200)
    membership = product_ids(fake)[1]
    token = fake.issue_token(["view_sales"])["access_token"]
    with FakeGumroadServer(fake) as server:
        session = requests.Session()
        url = f"{server.api_url}/products/{membership}/subscribers"
        everything = session.get(url, params={"access_token": token}, timeout=10).json()
        assert "next_page_key" not in everything
        total = len(everything["subscribers"])
        assert total > 200
        seen, key, pages = [], None, 0
        while True:
            params = {"access_token": token, "paginated": "true", **({"page_key": key} if key else {})}
            body = session.get(url, params=params, timeout=10).json()
            seen += [s["id"] for s in body["subscribers"]]
            pages += 1
            key = body.get("next_page_key")
            if key is None:
                break
            assert len(body["subscribers"]) == 100
        assert pages == (total + 99) // 100 >= 3
        assert seen == [s["id"] for s in everything["subscribers"]]
        one = session.get(url, params={"access_token": token, "paginated": "1"}, timeout=10).json()
        assert len(one["subscribers"]) == 100
        session.close()


def test_100k_sale_account_is_lazy():
    fake = FakeGumroad(seed=7, sales=100_000)
    store = fake.seller.sales
    assert store.generated == 0 and store.states == {}
    token = fake.issue_token(["view_sales"])["access_token"]
    first = fake.handle("GET", "/v2/sales", [("access_token", token)]).json()
    assert len(first["sales"]) == 10
    assert store.generated <= 11
    key = first["next_page_key"]
    for _ in range(3):  # deep pages cost the same as the first
        before = store.generated
        body = fake.handle("GET", "/v2/sales", [("access_token", token), ("page_key", key)]).json()
        assert len(body["sales"]) == 10 and store.generated - before <= 11
        key = body["next_page_key"]


def test_100k_account_jumps_to_a_date_and_filters_by_email_cheaply():
    fake = FakeGumroad(seed=3, sales=100_000)
    store = fake.seller.sales
    token = fake.issue_token(["view_sales"])["access_token"]
    q = [("access_token", token), ("before", "2024-10-01"), ("after", "2024-09-01")]
    body = fake.handle("GET", "/v2/sales", q).json()
    assert len(body["sales"]) == 10 and all("2024-09" in s["created_at"] for s in body["sales"])
    assert store.generated <= 11
    last = fake.seller.sale(99_999)
    before = store.generated
    found = fake.handle("GET", "/v2/sales", [("access_token", token), ("email", last["email"])]).json()
    assert last["id"] in [s["id"] for s in found["sales"]]
    assert store.generated - before < 50
    deep = fake.handle("GET", f"/v2/sales/{last['id']}", [("access_token", token)]).json()
    assert deep["sale"] == last


def test_page_key_from_the_middle_of_100k():
    fake = FakeGumroad(sales=100_000)
    token = fake.issue_token(["view_sales"])["access_token"]
    middle = fake.seller.sale(50_000)
    moment = datetime.datetime.strptime(middle["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    spec = fake.seller.sales.spec(50_000)
    key = f"{moment:%Y%m%d%H%M%S}{spec.created_us % 1_000_000:06d}-{spec.num}"
    body = fake.handle("GET", "/v2/sales", [("access_token", token), ("page_key", key)]).json()
    assert body["sales"][0]["id"] == fake.seller.sale(50_001)["id"]
