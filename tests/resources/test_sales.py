"""client.sales: filtered list, get, mark_as_shipped, refund, resend_receipt."""

from __future__ import annotations

import datetime

import pytest

from gumroad import BadRequestError, NotFoundError

from .conftest import API, body, no_body, not_found, query

SALE = {"id": "s=1", "email": "buyer@example.com", "price": 1000, "refunded": False}
QSALE = "s%3D1"


def test_list_sends_every_filter_and_resends_them_with_page_key(client, rsps):
    filters = {"after": "2024-01-01", "before": "2024-02-01", "email": "buyer@example.com",
               "product_id": "A-m3CDDC5dlrSdKZp0RFhA==", "order_id": "123"}
    rsps.get(f"{API}/sales", match=[query(**filters)],
             json={"success": True, "sales": [SALE], "next_page_key": "20240115000000000000-5"})
    rsps.get(f"{API}/sales", match=[query(**filters, page_key="20240115000000000000-5")],
             json={"success": True, "sales": [{"id": "s2"}]})
    pager = client.sales.list(
        after=datetime.date(2024, 1, 1), before="2024-02-01", email="buyer@example.com",
        product_id="A-m3CDDC5dlrSdKZp0RFhA==", order_id=123,
    )
    assert [s["id"] for s in pager] == ["s=1", "s2"]


def test_list_without_filters(client, rsps):
    rsps.get(f"{API}/sales", match=[query()], json={"success": True, "sales": []})
    assert list(client.sales.list()) == []


def test_list_resumes_from_page_key(client, rsps):
    rsps.get(f"{API}/sales", match=[query(after="2024-01-01", page_key="20240115000000000000-5")],
             json={"success": True, "sales": [SALE]})
    assert list(client.sales.list(after="2024-01-01", page_key="20240115000000000000-5")) == [SALE]


def test_datetime_is_cut_to_its_date(client, rsps):
    rsps.get(f"{API}/sales", match=[query(before="2024-03-05")],
             json={"success": True, "sales": []})
    list(client.sales.list(before=datetime.datetime(2024, 3, 5, 23, 59)))


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"after": "2024/01/01"}, "after"),
        ({"before": "2024-02-30"}, "before"),
        ({"after": 20240101}, "after"),
        ({"order_id": "12a"}, "order_id"),
        ({"order_id": True}, "order_id"),
    ],
)
def test_bad_filters_refused_before_any_request(client, rsps, kwargs, name):
    with pytest.raises(ValueError, match=name):
        client.sales.list(**kwargs)
    assert len(rsps.calls) == 0


def test_server_400_on_bad_filter(client, rsps):
    rsps.get(f"{API}/sales", status=400, json={"status": 400, "error": "Invalid product ID."})
    with pytest.raises(BadRequestError, match="Invalid product ID"):
        list(client.sales.list(product_id="nope"))


def test_get(client, rsps):
    rsps.get(f"{API}/sales/{QSALE}", json={"success": True, "sale": SALE}, match=[query()])
    assert client.sales.get("s=1") == SALE


def test_mark_as_shipped_with_tracking_url(client, rsps):
    rsps.put(f"{API}/sales/{QSALE}/mark_as_shipped", json={"success": True, "sale": SALE},
             match=[query(), body(tracking_url="https://track.example/1Z?x=1")])
    assert client.sales.mark_as_shipped("s=1", tracking_url="https://track.example/1Z?x=1") == SALE


def test_mark_as_shipped_without_tracking_url(client, rsps):
    rsps.put(f"{API}/sales/{QSALE}/mark_as_shipped", json={"success": True, "sale": SALE},
             match=[query(), no_body()])
    assert client.sales.mark_as_shipped("s=1") == SALE


def test_refund_in_full(client, rsps):
    refunded = {**SALE, "refunded": True}
    rsps.put(f"{API}/sales/{QSALE}/refund", json={"success": True, "sale": refunded},
             match=[query(), no_body()])
    assert client.sales.refund("s=1") == refunded


def test_partial_refund(client, rsps):
    rsps.put(f"{API}/sales/{QSALE}/refund", json={"success": True, "sale": SALE},
             match=[query(), body(amount_cents="500")])
    assert client.sales.refund("s=1", amount_cents=500) == SALE


@pytest.mark.parametrize("amount, error", [(0, ValueError), (5.5, TypeError), ("500", TypeError)])
def test_refund_amount_checked_before_any_request(client, rsps, amount, error):
    with pytest.raises(error):
        client.sales.refund("s=1", amount_cents=amount)
    assert len(rsps.calls) == 0


def test_refund_amount_is_keyword_only(client, rsps):
    with pytest.raises(TypeError):
        client.sales.refund("s=1", 500)  # type: ignore[misc]
    assert len(rsps.calls) == 0


def test_already_refunded_is_an_api_error(client, rsps):
    rsps.put(f"{API}/sales/{QSALE}/refund",
             json={"success": False, "message": "Purchase is already refunded."})
    with pytest.raises(Exception, match="already refunded") as info:
        client.sales.refund("s=1")
    assert not isinstance(info.value, NotFoundError)


def test_resend_receipt(client, rsps):
    rsps.post(f"{API}/sales/{QSALE}/resend_receipt", json={"success": True},
              match=[query(), no_body()])
    assert client.sales.resend_receipt("s=1") is None
    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    "method, url, call",
    [
        ("GET", f"{API}/sales/{QSALE}", lambda c: c.sales.get("s=1")),
        ("PUT", f"{API}/sales/{QSALE}/mark_as_shipped", lambda c: c.sales.mark_as_shipped("s=1")),
        ("PUT", f"{API}/sales/{QSALE}/refund", lambda c: c.sales.refund("s=1")),
        ("POST", f"{API}/sales/{QSALE}/resend_receipt", lambda c: c.sales.resend_receipt("s=1")),
    ],
)
def test_not_found(client, rsps, method, url, call):
    rsps.add(method, url, json=not_found("sale"), match=[query()])
    with pytest.raises(NotFoundError, match="The sale was not found"):
        call(client)


def test_list_not_found(client, rsps):
    rsps.get(f"{API}/sales", json=not_found("product"), match=[query(product_id="x")])
    with pytest.raises(NotFoundError):
        list(client.sales.list(product_id="x"))
