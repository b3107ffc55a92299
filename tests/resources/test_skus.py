"""client.skus: GET /products/:product_id/skus."""

from __future__ import annotations

import pytest

from gumroad import NotFoundError

from .conftest import API, not_found, query

BASE = f"{API}/products/p%2F1/skus"


def test_list(client, rsps):
    skus = [{"id": "s1", "name": "Large - Red"}, {"id": "s2", "name": "Small - Blue"}]
    rsps.get(BASE, json={"success": True, "skus": skus}, match=[query()])
    assert list(client.skus.list("p/1")) == skus


def test_list_empty(client, rsps):
    rsps.get(BASE, json={"success": True, "skus": []}, match=[query()])
    assert list(client.skus.list("p/1")) == []


def test_list_is_lazy(client, rsps):
    client.skus.list("p/1")
    assert len(rsps.calls) == 0


def test_not_found(client, rsps):
    rsps.get(BASE, json=not_found("product"), match=[query()])
    with pytest.raises(NotFoundError, match="The product was not found"):
        list(client.skus.list("p/1"))
