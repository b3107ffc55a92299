"""client.offer_codes: CRUD under /products/:product_id/offer_codes."""

from __future__ import annotations

import pytest

from gumroad import NotFoundError

from .conftest import API, body, deleted, no_body, not_found, query

PID = "A-m3CDDC5dlrSdKZp0RFhA=="
BASE = f"{API}/products/A-m3CDDC5dlrSdKZp0RFhA%3D%3D/offer_codes"
CODE = {"id": "oc1", "name": "LAUNCH", "percent_off": 25, "universal": False, "times_used": 0}


def test_list(client, rsps):
    rsps.get(BASE, json={"success": True, "offer_codes": [CODE]}, match=[query()])
    assert list(client.offer_codes.list(PID)) == [CODE]


def test_get(client, rsps):
    rsps.get(f"{BASE}/oc1", json={"success": True, "offer_code": CODE}, match=[query()])
    assert client.offer_codes.get(PID, "oc1") == CODE


def test_create_with_every_field(client, rsps):
    rsps.post(
        BASE,
        json={"success": True, "offer_code": CODE},
        match=[query(), body(name="LAUNCH", amount_off="25", offer_type="percent",
                             max_purchase_count="100", universal="true",
                             minimum_amount_cents="1000")],
    )
    created = client.offer_codes.create(
        PID, name="LAUNCH", amount_off=25, offer_type="percent", max_purchase_count=100,
        universal=True, minimum_amount_cents=1000,
    )
    assert created == CODE


def test_create_universal_false_is_the_string_false(client, rsps):
    rsps.post(BASE, json={"success": True, "offer_code": CODE},
              match=[query(), body(name="X", amount_off="100", universal="false")])
    client.offer_codes.create(PID, name="X", amount_off=100, universal=False)


def test_create_checks_offer_type_before_any_request(client, rsps):
    with pytest.raises(ValueError, match="offer_type"):
        client.offer_codes.create(PID, name="X", amount_off=1, offer_type="dollars")
    with pytest.raises(TypeError, match="universal"):
        client.offer_codes.create(PID, name="X", amount_off=1, universal="yes")  # type: ignore[arg-type]
    assert len(rsps.calls) == 0


def test_update(client, rsps):
    rsps.put(f"{BASE}/oc1", json={"success": True, "offer_code": CODE},
             match=[query(), body(max_purchase_count="5", minimum_amount_cents="0")])
    assert client.offer_codes.update(PID, "oc1", max_purchase_count=5,
                                     minimum_amount_cents=0) == CODE


def test_update_refuses_other_fields(client, rsps):
    with pytest.raises(TypeError):
        client.offer_codes.update(PID, "oc1", name="NEW")  # type: ignore[call-arg]
    assert len(rsps.calls) == 0


def test_delete(client, rsps):
    rsps.delete(f"{BASE}/oc1", json=deleted("offer_code"), match=[query(), no_body()])
    assert client.offer_codes.delete(PID, "oc1") == deleted("offer_code")


@pytest.mark.parametrize(
    "method, url, call",
    [
        ("GET", BASE, lambda c: list(c.offer_codes.list(PID))),
        ("GET", f"{BASE}/oc1", lambda c: c.offer_codes.get(PID, "oc1")),
        ("POST", BASE, lambda c: c.offer_codes.create(PID, name="X", amount_off=1)),
        ("PUT", f"{BASE}/oc1", lambda c: c.offer_codes.update(PID, "oc1", max_purchase_count=1)),
        ("DELETE", f"{BASE}/oc1", lambda c: c.offer_codes.delete(PID, "oc1")),
    ],
)
def test_not_found(client, rsps, method, url, call):
    thing = "product" if url == BASE else "offer_code"
    rsps.add(method, url, json=not_found(thing), match=[query()])
    with pytest.raises(NotFoundError, match=f"The {thing} was not found"):
        call(client)
