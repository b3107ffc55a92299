"""client.variants: CRUD under .../variant_categories/:category_id/variants."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from gumroad import NotFoundError

from .conftest import API, body, deleted, no_body, not_found, query

PID, CID = "p 1", "c=1"
BASE = f"{API}/products/p%201/variant_categories/c%3D1/variants"
VARIANT = {"id": "v1", "name": "Large", "price_difference_cents": 200, "max_purchase_count": None}


def test_list(client, rsps):
    rsps.get(BASE, json={"success": True, "variants": [VARIANT]}, match=[query()])
    assert list(client.variants.list(PID, CID)) == [VARIANT]


def test_get(client, rsps):
    rsps.get(f"{BASE}/v1", json={"success": True, "variant": VARIANT}, match=[query()])
    assert client.variants.get(PID, CID, "v1") == VARIANT


def test_create_sends_fields_at_top_level(client, rsps):
    rsps.post(
        BASE,
        json={"success": True, "variant": VARIANT},
        match=[query(), body(name="Large", price_difference_cents="200",
                             description="Big", max_purchase_count="10")],
    )
    created = client.variants.create(PID, CID, name="Large", price_difference_cents=200,
                                     description="Big", max_purchase_count=10)
    assert created == VARIANT


def test_create_sends_only_given_fields(client, rsps):
    rsps.post(BASE, json={"success": True, "variant": VARIANT},
              match=[query(), body(name="Large")])
    assert client.variants.create(PID, CID, name="Large") == VARIANT


def test_update(client, rsps):
    rsps.put(f"{BASE}/v1", json={"success": True, "variant": VARIANT},
             match=[query(), body(price_difference_cents="-50")])
    assert client.variants.update(PID, CID, "v1", price_difference_cents=-50) == VARIANT


def test_update_sends_rich_content_as_json_string(client, rsps):
    rich = [{"id": "r1", "title": "Page", "description": {"type": "doc", "content": []}}]
    rsps.put(f"{BASE}/v1", json={"success": True, "variant": VARIANT}, match=[query()])
    client.variants.update(PID, CID, "v1", rich_content=rich)
    sent = dict(parse_qsl(rsps.calls[0].request.body))
    assert json.loads(sent["rich_content"]) == rich


def test_delete(client, rsps):
    rsps.delete(f"{BASE}/v1", json=deleted("variant"), match=[query(), no_body()])
    assert client.variants.delete(PID, CID, "v1") == deleted("variant")


@pytest.mark.parametrize(
    "method, url, call",
    [
        ("GET", BASE, lambda c: list(c.variants.list(PID, CID))),
        ("GET", f"{BASE}/v1", lambda c: c.variants.get(PID, CID, "v1")),
        ("POST", BASE, lambda c: c.variants.create(PID, CID, name="x")),
        ("PUT", f"{BASE}/v1", lambda c: c.variants.update(PID, CID, "v1", name="x")),
        ("DELETE", f"{BASE}/v1", lambda c: c.variants.delete(PID, CID, "v1")),
    ],
)
def test_not_found(client, rsps, method, url, call):
    thing = "variant_category" if url == BASE else "variant"
    rsps.add(method, url, json=not_found(thing), match=[query()])
    with pytest.raises(NotFoundError, match=f"The {thing} was not found"):
        call(client)


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"name": "x", "price_difference_cents": "2.00"}, TypeError),
        ({"name": "x", "max_purchase_count": -1}, ValueError),
        ({"name": "x", "colour": "red"}, TypeError),
    ],
)
def test_bad_arguments_refused_before_any_request(client, rsps, kwargs, error):
    with pytest.raises(error):
        client.variants.create(PID, CID, **kwargs)
    assert len(rsps.calls) == 0
