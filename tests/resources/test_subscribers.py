"""client.subscribers: paginated list per product, and get."""

from __future__ import annotations

import pytest

from gumroad import NotFoundError

from .conftest import API, not_found, query

BASE = f"{API}/products/prod1/subscribers"
SUB = {"id": "sub=1", "email": "a@example.com", "status": "alive"}


def test_list_asks_for_pages_and_follows_them(client, rsps):
    rsps.get(BASE, match=[query(paginated="true")],
             json={"success": True, "subscribers": [SUB], "next_page_key": "20240101000000000000-7"})
    rsps.get(BASE, match=[query(paginated="true", page_key="20240101000000000000-7")],
             json={"success": True, "subscribers": [{"id": "s2"}]})
    assert [s["id"] for s in client.subscribers.list("prod1")] == ["sub=1", "s2"]


def test_list_filters_by_email(client, rsps):
    rsps.get(BASE, match=[query(paginated="true", email="a+b@example.com")],
             json={"success": True, "subscribers": [SUB]})
    assert list(client.subscribers.list("prod1", email="a+b@example.com")) == [SUB]


def test_list_resumes(client, rsps):
    rsps.get(BASE, match=[query(paginated="true", page_key="20240101000000000000-7")],
             json={"success": True, "subscribers": [SUB]})
    assert list(client.subscribers.list("prod1", page_key="20240101000000000000-7")) == [SUB]


def test_get(client, rsps):
    rsps.get(f"{API}/subscribers/sub%3D1", json={"success": True, "subscriber": SUB},
             match=[query()])
    assert client.subscribers.get("sub=1") == SUB


def test_list_not_found(client, rsps):
    rsps.get(BASE, json=not_found("product"), match=[query(paginated="true")])
    with pytest.raises(NotFoundError, match="The product was not found"):
        list(client.subscribers.list("prod1"))


def test_get_not_found(client, rsps):
    rsps.get(f"{API}/subscribers/nope", json=not_found("subscriber"), match=[query()])
    with pytest.raises(NotFoundError, match="The subscriber was not found"):
        client.subscribers.get("nope")
