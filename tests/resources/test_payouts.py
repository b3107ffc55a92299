"""client.payouts: list (with the upcoming pseudo-payout), get, upcoming."""

from __future__ import annotations

import datetime

import pytest

from gumroad import NotFoundError

from .conftest import API, not_found, query

UPCOMING = {"id": None, "amount": "12.00", "currency": "USD", "status": "payable"}
PAYOUT = {"id": "po=1", "amount": "150.00", "currency": "USD", "status": "completed"}


def test_list_includes_upcoming_by_default_and_pages(client, rsps):
    rsps.get(f"{API}/payouts", match=[query(include_upcoming="true")],
             json={"success": True, "payouts": [UPCOMING, PAYOUT],
                   "next_page_key": "20240101000000000000-3"})
    rsps.get(f"{API}/payouts", match=[query(include_upcoming="true",
                                            page_key="20240101000000000000-3")],
             json={"success": True, "payouts": [{"id": "po2"}]})
    assert [p["id"] for p in client.payouts.list()] == [None, "po=1", "po2"]


def test_list_with_filters_and_no_upcoming(client, rsps):
    rsps.get(f"{API}/payouts",
             match=[query(after="2024-01-01", before="2024-06-30", include_upcoming="false")],
             json={"success": True, "payouts": [PAYOUT]})
    pager = client.payouts.list(after=datetime.date(2024, 1, 1), before="2024-06-30",
                                include_upcoming=False)
    assert list(pager) == [PAYOUT]


def test_list_when_the_server_does_not_page(client, rsps):
    rsps.get(f"{API}/payouts", match=[query(include_upcoming="true")],
             json={"success": True, "payouts": [PAYOUT] * 25})
    assert len(list(client.payouts.list())) == 25
    assert len(rsps.calls) == 1


def test_list_resumes(client, rsps):
    rsps.get(f"{API}/payouts", match=[query(include_upcoming="true", page_key="k-1")],
             json={"success": True, "payouts": [PAYOUT]})
    assert list(client.payouts.list(page_key="k-1")) == [PAYOUT]


def test_bad_date_refused_before_any_request(client, rsps):
    with pytest.raises(ValueError, match="before"):
        client.payouts.list(before="30/06/2024")
    assert len(rsps.calls) == 0


def test_get(client, rsps):
    rsps.get(f"{API}/payouts/po%3D1", json={"success": True, "payout": PAYOUT}, match=[query()])
    assert client.payouts.get("po=1") == PAYOUT


def test_get_with_includes(client, rsps):
    with_sales = {**PAYOUT, "sales": ["s1"]}
    rsps.get(f"{API}/payouts/po%3D1", json={"success": True, "payout": with_sales},
             match=[query(include_sales="true", include_transactions="false")])
    assert client.payouts.get("po=1", include_sales=True, include_transactions=False) == with_sales


def test_upcoming(client, rsps):
    rsps.get(f"{API}/payouts/upcoming", json={"success": True, "payout": UPCOMING},
             match=[query()])
    assert client.payouts.upcoming() == UPCOMING


def test_upcoming_with_includes(client, rsps):
    rsps.get(f"{API}/payouts/upcoming", json={"success": True, "payout": UPCOMING},
             match=[query(include_sales="true")])
    assert client.payouts.upcoming(include_sales=True) == UPCOMING


@pytest.mark.parametrize(
    "url, call",
    [
        (f"{API}/payouts/po%3D1", lambda c: c.payouts.get("po=1")),
        (f"{API}/payouts/upcoming", lambda c: c.payouts.upcoming()),
        (f"{API}/payouts", lambda c: list(c.payouts.list())),
    ],
)
def test_not_found(client, rsps, url, call):
    rsps.get(url, json=not_found("payout"))
    with pytest.raises(NotFoundError, match="The payout was not found"):
        call(client)
