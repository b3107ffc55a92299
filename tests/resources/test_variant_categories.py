"""client.variant_categories: CRUD under /products/:product_id/variant_categories."""

from __future__ import annotations

import pytest

from gumroad import NotFoundError

from .conftest import API, body, deleted, no_body, not_found, query

PID = "prod=1"
BASE = f"{API}/products/prod%3D1/variant_categories"
CAT = {"id": "vc/1", "title": "Size"}
QCAT = "vc%2F1"


def test_list(client, rsps):
    rsps.get(BASE, json={"success": True, "variant_categories": [CAT]}, match=[query()])
    assert list(client.variant_categories.list(PID)) == [CAT]


def test_get(client, rsps):
    rsps.get(f"{BASE}/{QCAT}", json={"success": True, "variant_category": CAT}, match=[query()])
    assert client.variant_categories.get(PID, "vc/1") == CAT


def test_create(client, rsps):
    rsps.post(BASE, json={"success": True, "variant_category": CAT},
              match=[query(), body(title="Size")])
    assert client.variant_categories.create(PID, title="Size") == CAT


def test_update(client, rsps):
    rsps.put(f"{BASE}/{QCAT}", json={"success": True, "variant_category": CAT},
             match=[query(), body(title="Colour")])
    assert client.variant_categories.update(PID, "vc/1", title="Colour") == CAT


def test_delete(client, rsps):
    rsps.delete(f"{BASE}/{QCAT}", json=deleted("variant_category"), match=[query(), no_body()])
    assert client.variant_categories.delete(PID, "vc/1")["success"] is True


@pytest.mark.parametrize(
    "method, url, call",
    [
        ("GET", BASE, lambda c: list(c.variant_categories.list(PID))),
        ("GET", f"{BASE}/{QCAT}", lambda c: c.variant_categories.get(PID, "vc/1")),
        ("POST", BASE, lambda c: c.variant_categories.create(PID, title="x")),
        ("PUT", f"{BASE}/{QCAT}", lambda c: c.variant_categories.update(PID, "vc/1", title="x")),
        ("DELETE", f"{BASE}/{QCAT}", lambda c: c.variant_categories.delete(PID, "vc/1")),
    ],
)
def test_not_found(client, rsps, method, url, call):
    thing = "product" if url == BASE else "variant_category"
    rsps.add(method, url, json=not_found(thing), match=[query()])
    with pytest.raises(NotFoundError, match=f"The {thing} was not found"):
        call(client)


def test_title_is_required_and_keyword_only(client, rsps):
    with pytest.raises(TypeError):
        client.variant_categories.create(PID, "Size")  # type: ignore[misc]
    with pytest.raises(ValueError):
        client.variant_categories.create(PID, title="")
    assert len(rsps.calls) == 0
