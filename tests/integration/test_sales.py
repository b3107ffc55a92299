"""Sales and subscribers over loopback HTTP: every page once, filters, writes that round-trip."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

import pytest

import gumroad

from .conftest import MEMBERSHIP, PSD, SALES, TSHIRT, product_id

pytestmark = pytest.mark.integration


def all_sales(fake):
    """The seller's sales as the API renders them, newest first (the server's order)."""
    return [fake.seller.sale(i) for i in range(fake.seller.sales.total)]


def test_sales_list_walks_every_page_once_in_order(client, fake):
    pages = list(client.sales.list().pages())
    assert len(pages) == SALES // 10 and all(len(p) == 10 for p in pages)
    ids = [s["id"] for p in pages for s in p]
    assert ids == [s["id"] for s in all_sales(fake)]
    stamps = [s["created_at"] for p in pages for s in p]
    assert stamps == sorted(stamps, reverse=True)
    assert pages[-1].next_page_key is None
    assert fake.count("GET", "/v2/sales") == len(pages)


def test_sales_list_resumes_from_a_page_key(client, fake):
    pages = client.sales.list().pages()
    first, second = next(pages), next(pages)
    pages.close()
    rest = [s["id"] for s in client.sales.list(page_key=second.next_page_key)]
    expected = [s["id"] for s in all_sales(fake)]
    assert [s["id"] for s in first] + [s["id"] for s in second] + rest == expected


def test_sales_list_filters(client, fake):
    everything = all_sales(fake)

    psd = product_id(fake, PSD)
    pages = list(client.sales.list(product_id=psd).pages())
    assert len(pages) >= 3
    assert [s["id"] for p in pages for s in p] == [s["id"] for s in everything if s["product_id"] == psd]

    email = everything[5]["email"]
    by_email = [s["id"] for s in client.sales.list(email=email)]
    assert by_email == [s["id"] for s in everything if s["email"] == email] and by_email

    after = datetime.date.fromisoformat(everything[60]["created_at"][:10])
    before = datetime.date.fromisoformat(everything[20]["created_at"][:10])
    window = [s["id"] for s in client.sales.list(after=after, before=before.isoformat())]
    expected = [s["id"] for s in everything if after.isoformat() <= s["created_at"][:10] < before.isoformat()]
    assert window == expected and len(window) > 10

    order = everything[33]["order_id"]
    assert [s["id"] for s in client.sales.list(order_id=order)] == [everything[33]["id"]]
    assert [s["id"] for s in client.sales.list(order_id=str(order))] == [everything[33]["id"]]

    combined = [s["id"] for s in client.sales.list(product_id=psd, after=after, before=before)]
    assert combined == [s for s in expected if s in {x["id"] for x in everything if x["product_id"] == psd}]


def test_sale_get_matches_the_listing(client, fake):
    listed = next(iter(client.sales.list()))
    assert client.sales.get(listed["id"]) == listed


def test_mark_as_shipped_round_trips(client, fake):
    tshirt = product_id(fake, TSHIRT)
    sale = next(iter(client.sales.list(product_id=tshirt)))
    assert sale["shipped"] is False
    shipped = client.sales.mark_as_shipped(sale["id"], tracking_url="https://track.example.com/?n=1&c=x y")
    assert shipped["shipped"] is True
    again = client.sales.get(sale["id"])
    assert again["shipped"] is True and again["tracking_url"] == "https://track.example.com/?n=1&c=x y"

    other = list(client.sales.list(product_id=tshirt))[1]
    assert client.sales.mark_as_shipped(other["id"])["shipped"] is True


def _paid_sale(client):
    return next(s for s in client.sales.list() if s["price"] >= 500 and not s["refunded"])


def test_full_refund_round_trips(client):
    sale = _paid_sale(client)
    refunded = client.sales.refund(sale["id"])
    assert refunded["refunded"] is True and refunded["partially_refunded"] is False
    assert refunded["amount_refundable_in_currency"] == "0.00"
    assert client.sales.get(sale["id"])["refunded"] is True
    with pytest.raises(gumroad.APIError) as info:
        client.sales.refund(sale["id"])
    assert info.value.message == "Purchase is already refunded."
    assert not isinstance(info.value, gumroad.NotFoundError)


def test_partial_refund_round_trips(client):
    sale = _paid_sale(client)
    price = sale["price"]
    partial = client.sales.refund(sale["id"], amount_cents=100)
    assert partial["partially_refunded"] is True and partial["refunded"] is False
    left = price - 100
    assert partial["amount_refundable_in_currency"] == f"{left // 100}.{left % 100:02d}"
    assert client.sales.get(sale["id"])["partially_refunded"] is True

    with pytest.raises(gumroad.APIError, match="cannot be greater than the purchase price"):
        client.sales.refund(sale["id"], amount_cents=left + 1)
    rest = client.sales.refund(sale["id"], amount_cents=left)
    assert rest["refunded"] is True and rest["partially_refunded"] is False
    assert client.sales.get(sale["id"])["refunded"] is True


def test_resend_receipt(client, fake):
    sale = next(iter(client.sales.list()))
    assert client.sales.resend_receipt(sale["id"]) is None
    assert fake.count("POST", f"/v2/sales/{quote(sale['id'], safe='')}/resend_receipt") == 1
    with pytest.raises(gumroad.NotFoundError, match=re.escape("The sale was not found.")):
        client.sales.resend_receipt("AAAAAAAAAAAAAAAAAAAAAA==")


def test_export_with_four_workers_yields_the_same_set_as_list(client, fake):
    listed = [s["id"] for s in client.sales.list()]
    exported = [s["id"] for s in client.sales.export(workers=4)]
    assert len(exported) == len(set(exported)) == SALES
    assert set(exported) == set(listed)


def test_export_with_filters_matches_list(client, fake):
    psd = product_id(fake, PSD)
    everything = all_sales(fake)
    after = everything[90]["created_at"][:10]
    before = everything[10]["created_at"][:10]
    listed = [s["id"] for s in client.sales.list(product_id=psd, after=after, before=before)]
    exported = [s["id"] for s in client.sales.export(product_id=psd, after=after, before=before, workers=4)]
    assert len(exported) == len(set(exported))
    assert set(exported) == set(listed) and listed


def test_subscribers_list_and_get(client, fake):
    membership = product_id(fake, MEMBERSHIP)
    subscribers = list(client.subscribers.list(membership))
    assert subscribers and all(s["product_id"] == membership for s in subscribers)
    assert all(s["status"] in ("alive", "pending_cancellation", "pending_failure") for s in subscribers)
    assert len({s["id"] for s in subscribers}) == len(subscribers)
    # paginated=true went on the wire, as the server needs it to page.
    assert ("paginated", "true") in fake.requests[-1].query

    first = subscribers[0]
    assert client.subscribers.get(first["id"]) == first
    by_email = list(client.subscribers.list(membership, email=first["email"]))
    assert first["id"] in [s["id"] for s in by_email]
    assert all(s["email"] == first["email"] for s in by_email)

    assert list(client.subscribers.list(product_id(fake, PSD))) == []
    with pytest.raises(gumroad.NotFoundError, match=re.escape("The subscriber was not found.")):
        client.subscribers.get("AAAAAAAAAAAAAAAAAAAAAA==")
