"""License keys over loopback HTTP: verify without any token, and every seller action round-trips."""

from __future__ import annotations

import pytest

import gumroad

from .conftest import MEMBERSHIP, PSD, product_id

pytestmark = pytest.mark.integration


def licensed_sale(client, fake, name=PSD):
    return next(iter(client.sales.list(product_id=product_id(fake, name))))


def verify(server, pid, key, **kwargs):
    return gumroad.verify_license(pid, key, base_url=server.api_url, **kwargs)


@pytest.mark.parametrize("name", [PSD, MEMBERSHIP])
def test_verify_needs_no_token_and_counts_uses(client, fake, server, name):
    sale = licensed_sale(client, fake, name)
    pid, key = sale["product_id"], sale["license_key"]
    before = sale["license_uses"]

    result = verify(server, pid, key)
    assert result["success"] is True and result["uses"] == before + 1
    assert result["purchase"]["license_key"] == key
    sent = fake.requests[-1]
    assert (sent.method, sent.path, sent.status) == ("POST", "/v2/licenses/verify", 200)
    assert "access_token" not in dict(sent.query)

    assert verify(server, pid, key, increment_uses_count=False)["uses"] == before + 1
    assert client.licenses.verify(pid, key)["uses"] == before + 2  # the client's verify sends no token either
    assert "access_token" not in dict(fake.requests[-1].query)
    assert client.sales.get(sale["id"])["license_uses"] == before + 2


def test_verify_unknown_key_is_not_found(client, fake, server):
    sale = licensed_sale(client, fake)
    with pytest.raises(gumroad.NotFoundError) as info:
        verify(server, sale["product_id"], "NOPE-NOPE-NOPE-NOPE")
    assert info.value.status_code == 404
    assert info.value.message == "That license does not exist for the provided product."


def test_disable_then_verify_refuses_then_enable(client, fake, server):
    sale = licensed_sale(client, fake)
    pid, key = sale["product_id"], sale["license_key"]
    disabled = client.licenses.disable(pid, key)
    assert disabled["success"] is True
    assert client.sales.get(sale["id"])["license_disabled"] is True
    with pytest.raises(gumroad.NotFoundError) as info:
        verify(server, pid, key)
    assert info.value.message == "This license key has been disabled."
    assert info.value.status_code == 404

    client.licenses.enable(pid, key)
    assert client.sales.get(sale["id"])["license_disabled"] is False
    assert verify(server, pid, key)["purchase"]["license_key"] == key


def test_decrement_uses_count_never_below_zero(client, fake, server):
    sale = licensed_sale(client, fake)
    pid, key = sale["product_id"], sale["license_key"]
    uses = verify(server, pid, key)["uses"]
    assert client.licenses.decrement_uses_count(pid, key)["uses"] == uses - 1
    for _ in range(uses + 2):
        last = client.licenses.decrement_uses_count(pid, key)
    assert last["uses"] == 0
    assert verify(server, pid, key, increment_uses_count=False)["uses"] == 0


def test_rotate_old_key_fails_new_key_works(client, fake, server):
    sale = licensed_sale(client, fake)
    pid, old = sale["product_id"], sale["license_key"]
    rotated = client.licenses.rotate(pid, old)
    new = rotated["purchase"]["license_key"]
    assert new and new != old
    with pytest.raises(gumroad.NotFoundError, match="That license does not exist"):
        verify(server, pid, old)
    assert verify(server, pid, new)["purchase"]["id"] == sale["id"]
    assert client.sales.get(sale["id"])["license_key"] == new
    with pytest.raises(gumroad.NotFoundError):
        client.licenses.rotate(pid, old)  # the old key is gone for the seller too


def test_license_of_another_seller_is_not_found(make_client, fake, server):
    other = fake.add_account(sales=5)
    spec = next(s for s in map(other.sales.spec, range(5)) if s.product.licensed)
    pid, key = spec.product.id, other.sales.license_key(spec)
    assert verify(server, pid, key)["success"] is True  # verify is public
    with pytest.raises(gumroad.NotFoundError) as info:
        make_client().licenses.disable(pid, key)
    assert (info.value.status_code, info.value.message) == (404, "Not found")
