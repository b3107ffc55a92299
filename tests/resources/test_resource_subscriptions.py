"""client.resource_subscriptions: webhooks, created with PUT."""

from __future__ import annotations

import enum

import pytest

from gumroad import NotFoundError
from gumroad.resources.resource_subscriptions import RESOURCE_NAMES

from .conftest import API, body, deleted, no_body, not_found, query

BASE = f"{API}/resource_subscriptions"
HOOK = {"id": "rs=1", "resource_name": "sale", "post_url": "https://example.com/ping"}


class Name(str, enum.Enum):
    SALE = "sale"
    REFUND = "refund"


def test_list(client, rsps):
    rsps.get(BASE, json={"success": True, "resource_subscriptions": [HOOK]},
             match=[query(resource_name="sale")])
    assert list(client.resource_subscriptions.list("sale")) == [HOOK]


def test_list_current_app_only(client, rsps):
    rsps.get(BASE, json={"success": True, "resource_subscriptions": []},
             match=[query(resource_name="refund", current_oauth_application_only="true")])
    assert list(client.resource_subscriptions.list(Name.REFUND,
                                                   current_oauth_application_only=True)) == []


def test_create_is_a_put(client, rsps):
    rsps.put(BASE, json={"success": True, "resource_subscription": HOOK},
             match=[query(), body(resource_name="sale", post_url="https://example.com/ping")])
    assert client.resource_subscriptions.create("sale", "https://example.com/ping") == HOOK


def test_create_accepts_an_enum(client, rsps):
    rsps.put(BASE, json={"success": True, "resource_subscription": HOOK},
             match=[query(), body(resource_name="sale", post_url="https://example.com/ping")])
    assert client.resource_subscriptions.create(Name.SALE, "https://example.com/ping") == HOOK


def test_accepts_the_webhooks_enum_when_present(client, rsps):
    from gumroad import webhooks
    name = webhooks.ResourceName("dispute_won")
    rsps.put(BASE, json={"success": True, "resource_subscription": HOOK},
             match=[query(), body(resource_name="dispute_won", post_url="https://example.com/p")])
    client.resource_subscriptions.create(name, "https://example.com/p")


def test_knows_the_eight_names():
    assert len(RESOURCE_NAMES) == 8
    from gumroad import webhooks
    assert set(RESOURCE_NAMES) == {member.value for member in webhooks.ResourceName}


@pytest.mark.parametrize("bad", ["sales", "", "SALE", None, 1])
def test_unknown_resource_name_refused_before_any_request(client, rsps, bad):
    with pytest.raises(ValueError, match="resource_name must be one of sale, refund"):
        client.resource_subscriptions.create(bad, "https://example.com/ping")
    with pytest.raises(ValueError, match="resource_name"):
        client.resource_subscriptions.list(bad)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("bad", ["example.com/ping", "ftp://example.com/x", "", None])
def test_bad_post_url_refused_before_any_request(client, rsps, bad):
    with pytest.raises(ValueError, match="post_url"):
        client.resource_subscriptions.create("sale", bad)
    assert len(rsps.calls) == 0


def test_delete(client, rsps):
    rsps.delete(f"{BASE}/rs%3D1", json=deleted("resource_subscription"), match=[query(), no_body()])
    assert client.resource_subscriptions.delete("rs=1") == deleted("resource_subscription")


def test_delete_not_found(client, rsps):
    rsps.delete(f"{BASE}/rs%3D1", json=not_found("resource_subscription"), match=[query()])
    with pytest.raises(NotFoundError, match="The resource_subscription was not found"):
        client.resource_subscriptions.delete("rs=1")


def test_list_not_found(client, rsps):
    rsps.get(BASE, json=not_found("resource_subscription"), match=[query(resource_name="sale")])
    with pytest.raises(NotFoundError):
        list(client.resource_subscriptions.list("sale"))


def test_create_not_found(client, rsps):
    rsps.put(BASE, json=not_found("resource_subscription"), match=[query()])
    with pytest.raises(NotFoundError):
        client.resource_subscriptions.create("sale", "https://example.com/ping")
