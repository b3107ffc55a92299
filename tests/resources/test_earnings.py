"""client.earnings: GET /earnings?year=, a top-level object."""

from __future__ import annotations

import pytest

from gumroad import NotFoundError

from .conftest import API, not_found, query

TOTALS = {"year": 2025, "currency": "usd", "gross_cents": 10000, "fees_cents": 1000,
          "taxes_cents": 0, "affiliate_credit_cents": 0, "net_cents": 9000}


def test_get_drops_success(client, rsps):
    rsps.get(f"{API}/earnings", json={"success": True, **TOTALS}, match=[query(year="2025")])
    assert client.earnings.get(year=2025) == TOTALS


def test_get_default_year(client, rsps):
    rsps.get(f"{API}/earnings", json={"success": True, **TOTALS}, match=[query()])
    assert client.earnings.get()["net_cents"] == 9000


def test_year_as_digits(client, rsps):
    rsps.get(f"{API}/earnings", json={"success": True, **TOTALS}, match=[query(year="2025")])
    client.earnings.get(year="2025")  # type: ignore[arg-type]


def test_year_is_keyword_only(client, rsps):
    with pytest.raises(TypeError):
        client.earnings.get(2025)  # type: ignore[misc]
    assert len(rsps.calls) == 0


def test_not_found_404(client, rsps):
    rsps.get(f"{API}/earnings", status=404,
             json={"success": False, "message": "Earnings are not available for 1999."})
    with pytest.raises(NotFoundError, match="Earnings are not available for 1999"):
        client.earnings.get(year=1999)


def test_not_found_200(client, rsps):
    rsps.get(f"{API}/earnings", json=not_found("earning"), match=[query(year="2025")])
    with pytest.raises(NotFoundError, match="The earning was not found"):
        client.earnings.get(year=2025)
