"""client.custom_fields: fields addressed by product id and field NAME."""

from __future__ import annotations

import pytest

from gumroad import NotFoundError

from .conftest import API, body, deleted, no_body, not_found, query

PID = "prod1"
BASE = f"{API}/products/prod1/custom_fields"
NAME = "GitHub user/org = handle"
QNAME = "GitHub%20user%2Forg%20%3D%20handle"
FIELD = {"id": "cf1", "type": "text", "name": NAME, "required": True}


def test_list(client, rsps):
    rsps.get(BASE, json={"success": True, "custom_fields": [FIELD]}, match=[query()])
    assert list(client.custom_fields.list(PID)) == [FIELD]


def test_create_sends_required_as_string(client, rsps):
    rsps.post(BASE, json={"success": True, "custom_field": FIELD},
              match=[query(), body(name=NAME, required="true", type="text")])
    assert client.custom_fields.create(PID, name=NAME, required=True, type="text") == FIELD


def test_create_minimal(client, rsps):
    rsps.post(BASE, json={"success": True, "custom_field": FIELD},
              match=[query(), body(name=NAME)])
    assert client.custom_fields.create(PID, name=NAME) == FIELD


def test_update_by_name_quoted_as_one_segment(client, rsps):
    rsps.put(f"{BASE}/{QNAME}", json={"success": True, "custom_field": FIELD},
             match=[query(), body(required="false")])
    assert client.custom_fields.update(PID, NAME, required=False) == FIELD
    assert rsps.calls[0].request.path_url.split("?")[0] == f"/v2/products/prod1/custom_fields/{QNAME}"


def test_delete(client, rsps):
    rsps.delete(f"{BASE}/{QNAME}", json=deleted("custom_field"), match=[query(), no_body()])
    assert client.custom_fields.delete(PID, NAME) == deleted("custom_field")


def test_required_must_be_a_bool(client, rsps):
    with pytest.raises(TypeError, match="required"):
        client.custom_fields.create(PID, name="x", required="true")  # type: ignore[arg-type]
    assert len(rsps.calls) == 0


@pytest.mark.parametrize(
    "method, url, call",
    [
        ("GET", BASE, lambda c: list(c.custom_fields.list(PID))),
        ("POST", BASE, lambda c: c.custom_fields.create(PID, name="x")),
        ("PUT", f"{BASE}/{QNAME}", lambda c: c.custom_fields.update(PID, NAME, required=True)),
        ("DELETE", f"{BASE}/{QNAME}", lambda c: c.custom_fields.delete(PID, NAME)),
    ],
)
def test_not_found(client, rsps, method, url, call):
    thing = "product" if url == BASE else "custom_field"
    rsps.add(method, url, json=not_found(thing), match=[query()])
    with pytest.raises(NotFoundError, match=f"The {thing} was not found"):
        call(client)
