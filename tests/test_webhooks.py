"""Pings: parse both encodings alike, refuse bad bodies clearly, confirm through the API."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gumroad
from gumroad import webhooks
from gumroad.errors import GumroadClientError, NotFoundError
from gumroad.webhooks import (
    IdempotencyKey,
    InvalidPingError,
    Ping,
    PingMismatchError,
    ResourceName,
    confirm_sale,
    confirm_subscription,
    parse_ping,
    to_bool,
    to_int,
)

from .conftest import API

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


# --------------------------------------------------------------------------- a test-local sender
# Gumroad's PostToIndividualPingEndpointWorker percent-encodes the brackets inside every key
# (deep_transform_keys), then HTTParty::HashConversions.to_params (>= 0.18.1) builds
# parent[child] keys and ERB::Util.url_encode's whole keys and values. Older HTTParty
# (legacy=True) left the keys unencoded.


def _erb_url_encode(text: str) -> str:
    return quote(text.encode("utf-8"), safe="")  # all but A-Z a-z 0-9 _ . - ~


def _ruby_to_s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _encode_brackets(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {
            str(k).replace("[", "%5B").replace("]", "%5D"): _encode_brackets(v)
            for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [_encode_brackets(v) for v in obj]
    return obj


def _normalize_keys(key: str, value: Any) -> list[tuple[str, Any]]:
    """HTTParty::HashConversions.normalize_keys, line by line."""
    if isinstance(value, list):
        if not value:
            return [(f"{key}[]", "")]
        return [pair for element in value for pair in _normalize_keys(f"{key}[]", element)]
    if not isinstance(value, dict):
        return [(key, value)]
    pairs: list[tuple[str, Any]] = []
    stack = [(key, value)]
    for parent, hash_ in stack:  # grows while iterated, like Ruby's Array#each
        for child_key, child_value in hash_.items():
            if isinstance(child_value, dict):
                stack.append((f"{parent}[{child_key}]", child_value))
            elif isinstance(child_value, list):
                for item in child_value:
                    pairs += _normalize_keys(f"{parent}[{child_key}][]", item)
            else:
                pairs += _normalize_keys(f"{parent}[{child_key}]", child_value)
    return pairs


def httparty_form(params: dict[str, Any], *, legacy: bool = False) -> bytes:
    pairs = [pair for k, v in _encode_brackets(params).items() for pair in _normalize_keys(k, v)]
    return "&".join(
        f"{k if legacy else _erb_url_encode(k)}={_erb_url_encode(_ruby_to_s(v))}"
        for k, v in pairs
    ).encode("utf-8")


def as_form_values(obj: Any, *, top: bool = True) -> Any:
    """What a JSON payload looks like after a form round trip: strings, no empty objects."""
    if isinstance(obj, dict):
        out = {k: as_form_values(v, top=False) for k, v in obj.items()}
        return {k: v for k, v in out.items() if v != {} and v is not _DROP}
    if isinstance(obj, list):
        if not obj and not top:
            return _DROP  # HTTParty sends nothing for a nested empty array
        return [as_form_values(v, top=False) for v in obj]
    return _ruby_to_s(obj)


_DROP = object()


# --------------------------------------------------------------------------- payloads (§7)

SALE_ID = "FO8TXN-dbxYaBdahG97Y-Q=="
PRODUCT_ID = "A-m3CDDC5dlrSdKZp0RFhA=="
SUBSCRIPTION_ID = "Ya2ddqN3bQq1x7N0qjAaQw=="

CUSTOM_FIELDS = {
    "Your name": "Jane",
    "a[b]": "bracketed",
    "Company [optional]": "ACME & Co",
    "Agree to terms?": True,
}
SHIPPING = {
    "full_name": "Jane Buyer",
    "street_address": "1 Main St",
    "country": "United States",
    "state": "CA",
    "zip_code": "94107",
    "city": "San Francisco",
}
SALE: dict[str, Any] = {
    "seller_id": "Qw5sUOo1ZJ6d0E4Vq3xAhA==",
    "product_id": PRODUCT_ID,
    "product_name": "Pixel Brushes",
    "permalink": "brushes",
    "product_permalink": "https://seller.gumroad.com/l/brushes",
    "short_product_id": "brushes",
    "email": "buyer@example.com",
    "price": 1500,
    "gumroad_fee": 195,
    "currency": "usd",
    "quantity": 1,
    "discover_fee_charged": False,
    "can_contact": True,
    "referrer": "https://twitter.com/",
    "card": {
        "visual": "**** **** **** 4242",
        "type": "visa",
        "bin": None,
        "expiry_month": None,
        "expiry_year": None,
    },
    "order_number": 524459935,
    "sale_id": SALE_ID,
    "sale_timestamp": "2024-03-01T10:20:30Z",
    "full_name": "Jane Buyer",
    "purchaser_id": "7123456789012",
    "url_params": {"src": "newsletter", "utm_campaign": "spring sale"},
    "variants": {"Size": "Large", "Color": "Blue & Green"},
    "offer_code": "SPRING10",
    **SHIPPING,
    "shipping_information": SHIPPING,
    **CUSTOM_FIELDS,
    "custom_fields": CUSTOM_FIELDS,
    "license_key": "85DB562A-C11D4B06-A2335A6B-8C079166",
    "ip_country": "United States",
    "shipping_rate": 500,
    "is_gift_receiver_purchase": False,
    "sku_id": "sku-large",
    "refunded": False,
    "resource_name": "sale",
    "disputed": False,
    "dispute_won": False,
}
REFUND = {**SALE, "resource_name": "refund", "refunded": True}
TEST_PING = {k: v for k, v in SALE.items() if k != "resource_name"} | {"test": True}
RETRIED = {**SALE, "retry_count": 2}

SUBSCRIPTION_BASE: dict[str, Any] = {
    "subscription_id": SUBSCRIPTION_ID,
    "product_id": PRODUCT_ID,
    "product_name": "Pro Membership",
    "user_id": "3523953790232",
    "user_email": "member@example.com",
    "purchase_ids": ["O4pjKvD0bM2zbX9Zk3D1Qg==", "KZ7Op2yUQdGqjTXYTrZ6mw=="],
    "created_at": "2023-11-01T09:00:00Z",
    "charge_occurrence_count": None,
    "recurrence": "monthly",
    "free_trial_ends_at": None,
}
CANCELLATION = {
    **SUBSCRIPTION_BASE,
    "resource_name": "cancellation",
    "custom_fields": {"Discord [handle]": "jane#1234"},
    "license_key": "0F2D8A4E-11AA4B06-A2335A6B-8C079166",
    "cancelled": True,
    "cancelled_at": "2024-03-02T08:00:00Z",
    "cancelled_by_buyer": True,
}
UPDATED = {
    **SUBSCRIPTION_BASE,
    "resource_name": "subscription_updated",
    "type": "upgrade",
    "effective_as_of": "2024-03-05T00:00:00Z",
    "old_plan": {
        "tier": {"id": "tier-basic==", "name": "Basic"},
        "recurrence": "monthly",
        "price_cents": 500,
        "quantity": 1,
    },
    "new_plan": {
        "tier": {"id": "tier-pro==", "name": "Pro"},
        "recurrence": "yearly",
        "price_cents": 5000,
        "quantity": 2,
    },
}
ENDED = {
    **SUBSCRIPTION_BASE,
    "resource_name": "subscription_ended",
    "ended_at": "2024-04-01T00:00:00Z",
    "ended_reason": "cancelled",
}

PAYLOADS = {
    "sale": SALE,
    "refund": REFUND,
    "cancellation": CANCELLATION,
    "subscription_updated": UPDATED,
    "subscription_ended": ENDED,
    "test": TEST_PING,
    "retried": RETRIED,
}


def form_ping(payload: dict[str, Any], **kwargs: Any) -> Ping:
    return parse_ping(httparty_form(payload, **kwargs), FORM)


def json_ping(payload: dict[str, Any]) -> Ping:
    return parse_ping(json.dumps(payload).encode(), JSON)


# --------------------------------------------------------------------------- parsing both encodings


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_form_and_json_parse_to_the_same_structure(name):
    payload = PAYLOADS[name]
    body = httparty_form(payload)
    assert b"[" not in body  # modern HTTParty encodes the structural brackets too
    from_form = parse_ping(body, FORM)
    from_json = json_ping(payload)
    assert from_json.data == payload
    assert from_form.data == as_form_values(payload)
    assert as_form_values(from_json.data) == from_form.data
    assert from_form.encoding == "form" and from_json.encoding == "json"


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_legacy_httparty_form_with_literal_brackets_parses_the_same(name):
    body = httparty_form(PAYLOADS[name], legacy=True)
    assert b"card[visual]" in body or b"purchase_ids[]" in body
    assert parse_ping(body, FORM).data == as_form_values(PAYLOADS[name])


def test_nested_keys_become_nested_dicts():
    ping = form_ping(SALE)
    assert ping["card"] == {
        "visual": "**** **** **** 4242",
        "type": "visa",
        "bin": "",
        "expiry_month": "",
        "expiry_year": "",
    }
    assert ping["variants"] == {"Size": "Large", "Color": "Blue & Green"}
    assert ping["url_params"] == {"src": "newsletter", "utm_campaign": "spring sale"}
    assert ping["shipping_information"]["zip_code"] == "94107"
    assert ping["zip_code"] == "94107"  # also flattened at the top level
    assert ping["price"] == "1500" and ping["refunded"] == "false"


def test_custom_field_names_with_brackets_and_spaces_survive():
    ping = form_ping(SALE)
    assert ping["custom_fields"] == {
        "Your name": "Jane",
        "a[b]": "bracketed",
        "Company [optional]": "ACME & Co",
        "Agree to terms?": "true",
    }
    # each custom field is also a top-level key
    assert ping["a[b]"] == "bracketed"
    assert ping["Company [optional]"] == "ACME & Co"
    assert "a" not in ping.data and "Company " not in ping.data


def test_custom_field_with_a_percent_sign_in_its_name():
    ping = form_ping({"sale_id": "S", "custom_fields": {"100% sure [yes]": "ok", "x%5By": "lit"}})
    assert ping["custom_fields"] == {"100% sure [yes]": "ok", "x[y": "lit"}  # see the docs caveat


def test_old_plan_tier_id_nests_three_levels():
    ping = form_ping(UPDATED)
    assert ping["old_plan"] == {
        "tier": {"id": "tier-basic==", "name": "Basic"},
        "recurrence": "monthly",
        "price_cents": "500",
        "quantity": "1",
    }
    assert ping["new_plan"]["tier"]["name"] == "Pro"


def test_purchase_ids_arrays():
    ping = parse_ping(b"purchase_ids[]=a&purchase_ids[]=b&subscription_id=S", FORM)
    assert ping["purchase_ids"] == ["a", "b"]
    assert form_ping(CANCELLATION)["purchase_ids"] == SUBSCRIPTION_BASE["purchase_ids"]
    assert parse_ping(b"purchase_ids%5B%5D=&x=1", FORM)["purchase_ids"] == []  # HTTParty's []
    assert form_ping({"purchase_ids": [], "x": 1})["purchase_ids"] == []


def test_arrays_of_objects_follow_rack():
    ping = parse_ping(b"f[][a]=1&f[][b]=2&f[][a]=3", FORM)
    assert ping["f"] == [{"a": "1", "b": "2"}, {"a": "3"}]


def test_plus_and_raw_utf8_and_charset_parameter():
    body = "name=J%C3%BCrgen+M&city=Z\u00fcrich".encode()
    ping = parse_ping(body, "application/x-www-form-urlencoded; charset=UTF-8")
    assert ping.data == {"name": "J\u00fcrgen M", "city": "Z\u00fcrich"}
    latin = parse_ping(b"city=Z%FCrich", f"{FORM}; charset=ISO-8859-1")
    assert latin["city"] == "Z\u00fcrich"
    assert parse_ping("a=1", FORM)["a"] == "1"  # str bodies too
    assert parse_ping('{"a": 1}', "Application/JSON; charset=utf-8")["a"] == 1


def test_repeated_plain_key_last_wins():
    assert parse_ping(b"a=1&a=2", FORM)["a"] == "2"


# --------------------------------------------------------------------------- typed accessors


def test_accessors_read_both_encodings_alike():
    for ping in (form_ping(SALE), json_ping(SALE)):
        assert ping.resource_name is ResourceName.SALE
        assert ping.raw_resource_name == "sale"
        assert ping.sale_id == SALE_ID
        assert ping.product_id == PRODUCT_ID
        assert ping.email == "buyer@example.com"
        assert ping.is_test is False
        assert ping.retry_count is None and not ping.is_retry
        assert ping.get_int("price") == 1500
        assert ping.get_bool("can_contact") is True
        assert ping.get_bool("missing") is None
        assert ping.subscription_id is None
        assert not ping.is_subscription_event


def test_test_ping_without_resource_name_is_a_sale():
    for ping in (form_ping(TEST_PING), json_ping(TEST_PING)):
        assert ping.raw_resource_name is None
        assert ping.resource_name is ResourceName.SALE
        assert ping.is_test is True
        assert ping.idempotency_key == IdempotencyKey("sale", SALE_ID, "")


def test_retried_ping_has_the_same_idempotency_key():
    original = form_ping(SALE)
    for retried in (form_ping(RETRIED), json_ping(RETRIED)):
        assert retried.retry_count == 2 and retried.is_retry
        assert retried.idempotency_key == original.idempotency_key
    assert str(original.idempotency_key) == f"sale:{SALE_ID}"


def test_subscription_accessors_and_keys():
    ping = form_ping(CANCELLATION)
    assert ping.resource_name is ResourceName.CANCELLATION
    assert ping.is_subscription_event
    assert ping.subscription_id == SUBSCRIPTION_ID
    assert ping.email == "member@example.com"
    key = ping.idempotency_key
    assert key == json_ping(CANCELLATION).idempotency_key
    assert key[:2] == ("cancellation", SUBSCRIPTION_ID)
    assert str(key) == f"cancellation:{SUBSCRIPTION_ID}:2024-03-02T08:00:00Z"
    # cancel, restart, cancel again: two distinct cancellation events
    later = form_ping({**CANCELLATION, "cancelled_at": "2024-05-01T00:00:00Z"})
    assert later.idempotency_key != key
    assert form_ping(UPDATED).idempotency_key == json_ping(UPDATED).idempotency_key
    assert form_ping(ENDED).idempotency_key.occurrence == "2024-04-01T00:00:00Z"


def test_refund_keys_tell_partial_from_full():
    assert form_ping(REFUND).idempotency_key == IdempotencyKey("refund", SALE_ID, "full")
    partial = json_ping({**REFUND, "refunded": False})
    assert partial.idempotency_key == IdempotencyKey("refund", SALE_ID, "partial")


def test_unknown_resource_name_does_not_crash():
    ping = form_ping({**SALE, "resource_name": "sale_teleported"})
    assert ping.resource_name is None
    assert ping.raw_resource_name == "sale_teleported"
    assert ping.idempotency_key == IdempotencyKey("sale_teleported", SALE_ID, "")


def test_resource_name_enum():
    assert [m.value for m in ResourceName] == [
        "sale", "refund", "dispute", "dispute_won", "cancellation",
        "subscription_updated", "subscription_ended", "subscription_restarted",
    ]  # fmt: skip
    assert ResourceName("refund") is ResourceName.REFUND
    assert ResourceName.SALE == "sale" and f"{ResourceName.SALE}" == "sale"


def test_bad_field_values_raise_invalid_ping_error():
    ping = parse_ping(b"sale_id=S&retry_count=soon&test=perhaps", FORM)
    with pytest.raises(InvalidPingError, match="retry_count"):
        _ = ping.retry_count
    with pytest.raises(InvalidPingError, match="'test'"):
        _ = ping.is_test
    with pytest.raises(InvalidPingError, match="neither resource_name nor sale_id"):
        _ = parse_ping(b"x=1", FORM).idempotency_key
    with pytest.raises(InvalidPingError, match="no subscription_id"):
        _ = parse_ping(b"resource_name=cancellation", FORM).idempotency_key


def test_to_bool_and_to_int():
    assert [to_bool(v) for v in ("true", "TRUE", "1", True, 1)] == [True] * 5
    assert [to_bool(v) for v in ("false", "0", False, 0)] == [False] * 4
    assert to_bool("") is None and to_bool(None) is None
    assert [to_int(v) for v in ("500", 500, 500.0, " -3 ")] == [500, 500, 500, -3]
    assert to_int("") is None and to_int(None) is None
    for bad in ("1.5", "abc", True, [1], "9" * 40):
        with pytest.raises(InvalidPingError):
            to_int(bad, "price")
    for bad in ("yes", 2, {}):
        with pytest.raises(InvalidPingError):
            to_bool(bad)


def test_as_sale_ping_coerces_both_encodings_alike():
    from_form, from_json = form_ping(SALE).as_sale_ping(), json_ping(SALE).as_sale_ping()
    for key in ("price", "gumroad_fee", "quantity", "order_number", "shipping_rate",
                "can_contact", "refunded", "discover_fee_charged", "card", "variants"):  # fmt: skip
        assert from_form[key] == from_json[key], key  # type: ignore[literal-required]
    assert from_form["price"] == 1500 and from_form["refunded"] is False
    assert from_form["card"]["bin"] is None and from_form["card"]["expiry_month"] is None
    assert form_ping(SALE)["price"] == "1500"  # the ping itself is untouched
    with pytest.raises(InvalidPingError, match="not a sale ping"):
        form_ping(CANCELLATION).as_sale_ping()


def test_as_subscription_ping_coerces_plans():
    sub = form_ping(UPDATED).as_subscription_ping()
    assert sub == json_ping(UPDATED).as_subscription_ping()
    assert sub["old_plan"]["price_cents"] == 500 and sub["new_plan"]["quantity"] == 2
    assert sub["charge_occurrence_count"] is None and sub["free_trial_ends_at"] is None
    cancelled = form_ping(CANCELLATION).as_subscription_ping()
    assert cancelled["cancelled"] is True and cancelled["cancelled_by_buyer"] is True
    with pytest.raises(InvalidPingError, match="not a subscription ping"):
        form_ping(SALE).as_subscription_ping()


def test_ping_is_a_read_only_mapping_with_a_discreet_repr():
    ping = form_ping(SALE)
    assert dict(ping) == ping.data and len(ping) == len(ping.data) and "email" in ping
    assert ping == form_ping(SALE)
    text = repr(ping)
    assert SALE_ID in text
    assert "buyer@example.com" not in text and "85DB562A" not in text
    assert Ping({"sale_id": "x"}).encoding == "json"
    with pytest.raises(ValueError, match="encoding"):
        Ping({}, encoding="xml")


# --------------------------------------------------------------------------- refusing bad bodies


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"a=1", None, "no Content-Type"),
        (b"a=1", "", "no Content-Type"),
        (b"a=1", "text/plain", "unsupported Content-Type 'text/plain'"),
        (b"<xml/>", "application/xml; charset=utf-8", "unsupported Content-Type"),
        (b"a=1", f"{FORM}; charset=klingon", "unknown charset"),
        (b"", FORM, "empty"),
        (b"  \n", JSON, "empty"),
        (b"&&&", FORM, "no fields"),
        (b'{"sale_id": "x"}', FORM, "is it JSON sent as a form"),
        (b"a=1&flag", FORM, "form field #2 has no '='"),
        (b"a=%zz", FORM, "malformed %-escape"),
        (b"a=%C3%28", FORM, "not valid utf-8"),
        (b"a[b=1&c[d]=2", FORM, "unbalanced brackets"),
        (b"a]b=1", FORM, "unbalanced brackets"),
        (b"[a]=1", FORM, "empty name"),
        (b"=1", FORM, "empty name"),
        (b"a=1&a[b]=2", FORM, "conflicts"),
        (b"a[b]=2&a=1", FORM, "conflicts"),
        (b"a[]=1&a[x]=2", FORM, "conflicts"),
        (b"a[][]=1", FORM, "list in a list"),
        (b"sale_id=x", JSON, "not valid JSON"),
        (b'{"a": 1', JSON, "not valid JSON"),
        (b'["a"]', JSON, "must be an object, got list"),
        (b'{"a": NaN}', JSON, "NaN"),
        (b"\xff\xfe{}", JSON, "not valid utf-8"),
        (b'{"a": ' + b"1" * 5000 + b"}", JSON, "not valid JSON"),
    ],
)
def test_bad_bodies_raise_clear_errors(body, content_type, message):
    with pytest.raises(InvalidPingError) as info:
        parse_ping(body, content_type)
    assert message.lower() in str(info.value).lower()
    assert isinstance(info.value, ValueError) and isinstance(info.value, GumroadClientError)


def test_error_messages_never_echo_values():
    with pytest.raises(InvalidPingError) as info:
        parse_ping(b"license_key=SECRET-LICENSE%zz", FORM)
    assert "SECRET-LICENSE" not in str(info.value)


def test_oversize_bodies_are_refused():
    limit = webhooks.DEFAULT_MAX_BYTES
    assert limit == 1024 * 1024
    big = b"a=" + b"x" * (limit - 1)
    with pytest.raises(InvalidPingError, match="larger than the 1048576-byte limit"):
        parse_ping(big, FORM)
    with pytest.raises(InvalidPingError, match="limit"):
        parse_ping(big.decode(), FORM)
    assert parse_ping(big[:limit], FORM)["a"] == "x" * (limit - 2)
    with pytest.raises(InvalidPingError, match="100-byte limit"):
        parse_ping(b"a=" + b"x" * 100, FORM, max_bytes=100)
    assert parse_ping(big, FORM, max_bytes=2 * limit)["a"]
    with pytest.raises(ValueError, match="max_bytes"):
        parse_ping(b"a=1", FORM, max_bytes=0)


def test_nesting_limit():
    eight = b"a" + b"[b]" * 7 + b"=1"
    assert parse_ping(eight, FORM)["a"]["b"]["b"]["b"]["b"]["b"]["b"]["b"] == "1"
    with pytest.raises(InvalidPingError, match="nests 9 levels; the limit is 8"):
        parse_ping(b"a" + b"[b]" * 8 + b"=1", FORM)
    with pytest.raises(InvalidPingError, match="limit is 2"):
        parse_ping(b"card[visual]=1&old_plan[tier][id]=2", FORM, max_depth=2)
    nested = {"a": 1}
    for _ in range(7):
        nested = {"a": nested}
    assert json_ping(nested)
    with pytest.raises(InvalidPingError, match="deeper than the limit of 8"):
        json_ping({"a": nested})
    with pytest.raises(InvalidPingError, match="deeper than the limit of 8"):
        parse_ping(b'{"a": ' + b"[" * 200_000 + b"]" * 200_000 + b"}", JSON)


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_form_bytes_parse_or_raise_invalid_ping_error(body):
    try:
        ping = parse_ping(body, FORM)
    except InvalidPingError:
        return
    assert isinstance(ping, Ping) and isinstance(ping.data, dict)


@settings(max_examples=300)
@given(st.text(alphabet="ab=&[]%5BDd+ \u00e9\x00", max_size=60))
def test_form_shaped_text_parses_or_raises_invalid_ping_error(text):
    try:
        ping = parse_ping(text.encode(), f"{FORM}; charset=utf-8")
    except InvalidPingError:
        return
    assert isinstance(ping.data, dict)


@settings(max_examples=200)
@given(st.binary(max_size=200) | st.text(max_size=100).map(str.encode))
def test_arbitrary_json_bytes_parse_or_raise_invalid_ping_error(body):
    try:
        ping = parse_ping(body, JSON)
    except InvalidPingError:
        return
    assert isinstance(ping.data, dict)


_keys = st.text(min_size=1, max_size=12).filter(
    lambda k: "%5b" not in k.lower() and "%5d" not in k.lower()
)
_scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12)
_lists = st.lists(_scalars, min_size=1, max_size=3).filter(
    lambda items: [_ruby_to_s(v) for v in items] != [""]
)


def _dicts(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    values = _scalars | _lists if depth <= 1 else _scalars | _lists | _dicts(depth - 1)
    return st.dictionaries(_keys, values, max_size=4)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_dicts(4), st.booleans())
def test_httparty_round_trip(payload, with_array):
    if with_array:
        payload = {**payload, "purchase_ids": ["p1", "p2"]}
    body = httparty_form(payload)
    if not body:
        return
    assert parse_ping(body, FORM).data == as_form_values(payload)


# --------------------------------------------------------------------------- confirmation


def _api_sale(**changes: Any) -> dict[str, Any]:
    sale = {
        "id": SALE_ID,
        "email": "Buyer@Example.com",
        "product_id": PRODUCT_ID,
        "product_name": "Pixel Brushes",
        "price": 1500,
        "refunded": False,
        "partially_refunded": False,
        "disputed": False,
        "dispute_won": False,
    }
    sale.update(changes)
    return sale


def _api_subscriber(**changes: Any) -> dict[str, Any]:
    sub = {
        "id": SUBSCRIPTION_ID,
        "email": "member@example.com",
        "product_id": PRODUCT_ID,
        "status": "alive",
        "cancelled_at": None,
        "ended_at": None,
        "failed_at": None,
        "user_requested_cancellation_at": None,
    }
    sub.update(changes)
    return sub


class _Service:
    def __init__(self, objects: dict[str, dict[str, Any]], thing: str) -> None:
        self.objects = objects
        self.thing = thing
        self.calls: list[str] = []

    def get(self, object_id: str) -> dict[str, Any]:
        self.calls.append(object_id)
        if object_id not in self.objects:
            raise NotFoundError(f"The {self.thing} was not found.", status_code=200)
        return copy.deepcopy(self.objects[object_id])


class _Client:
    def __init__(self, sales=(), subscribers=()) -> None:
        self.sales = _Service({s["id"]: s for s in sales}, "sale")
        self.subscribers = _Service({s["id"]: s for s in subscribers}, "subscriber")


@pytest.mark.parametrize("encode", [form_ping, json_ping])
def test_confirm_sale_returns_the_api_copy(encode):
    client = _Client(sales=[_api_sale()])
    sale = confirm_sale(client, encode(SALE))
    assert sale["id"] == SALE_ID and sale["price"] == 1500
    assert client.sales.calls == [SALE_ID]
    assert confirm_sale(client, encode(TEST_PING))["id"] == SALE_ID
    assert confirm_sale(client, encode(RETRIED))["id"] == SALE_ID


@pytest.mark.parametrize(
    ("sale", "fields"),
    [
        (_api_sale(product_id="OTHER=="), ("product_id",)),
        (_api_sale(email="someone@else.com"), ("email",)),
        (_api_sale(email="x@y.z", product_id="P"), ("product_id", "email")),
        (_api_sale(subscription_id="SUB-OTHER"), ()),  # the ping has none: nothing to compare
    ],
)
def test_confirm_sale_mismatch(sale, fields):
    client = _Client(sales=[sale])
    if not fields:
        assert confirm_sale(client, form_ping(SALE))
        return
    with pytest.raises(PingMismatchError) as info:
        confirm_sale(client, form_ping(SALE))
    assert info.value.mismatches == fields
    assert "do not act on it" in str(info.value)
    assert "someone@else.com" not in str(info.value) and "buyer@" not in str(info.value)


def test_confirm_sale_of_an_unknown_sale_is_a_mismatch():
    with pytest.raises(PingMismatchError, match="does not exist for this seller") as info:
        confirm_sale(_Client(), form_ping(SALE))
    assert isinstance(info.value.__cause__, NotFoundError)


def test_confirm_refund_requires_a_refunded_sale():
    client = _Client(sales=[_api_sale()])
    with pytest.raises(PingMismatchError, match="refunded"):
        confirm_sale(client, form_ping(REFUND))
    partial_sale = _Client(sales=[_api_sale(partially_refunded=True)])
    with pytest.raises(PingMismatchError):  # the ping claims a full refund
        confirm_sale(partial_sale, form_ping(REFUND))
    assert confirm_sale(partial_sale, form_ping({**REFUND, "refunded": False}))
    assert confirm_sale(_Client(sales=[_api_sale(refunded=True)]), json_ping(REFUND))


def test_confirm_dispute_pings():
    dispute = {**SALE, "resource_name": "dispute", "disputed": True}
    with pytest.raises(PingMismatchError, match="disputed"):
        confirm_sale(_Client(sales=[_api_sale()]), form_ping(dispute))
    assert confirm_sale(_Client(sales=[_api_sale(disputed=True)]), form_ping(dispute))
    won = {**SALE, "resource_name": "dispute_won", "dispute_won": True}
    with pytest.raises(PingMismatchError, match="dispute_won"):
        confirm_sale(_Client(sales=[_api_sale(disputed=True)]), form_ping(won))


def test_confirm_sale_refuses_pings_without_a_sale():
    with pytest.raises(InvalidPingError, match="confirm_subscription"):
        confirm_sale(_Client(), form_ping(CANCELLATION))
    with pytest.raises(InvalidPingError, match="no sale_id"):
        confirm_sale(_Client(), parse_ping(b"resource_name=sale", FORM))


@pytest.mark.parametrize("payload", [CANCELLATION, UPDATED, ENDED])
def test_confirm_subscription(payload):
    sub = _api_subscriber(status="cancelled", cancelled_at="2024-03-02T08:00:00Z",
                          ended_at="2024-04-01T00:00:00Z")  # fmt: skip
    client = _Client(subscribers=[sub])
    assert confirm_subscription(client, form_ping(payload))["id"] == SUBSCRIPTION_ID
    assert client.subscribers.calls == [SUBSCRIPTION_ID]


def test_confirm_subscription_mismatches():
    alive = _Client(subscribers=[_api_subscriber()])
    with pytest.raises(PingMismatchError, match="cancelled_at"):
        confirm_subscription(alive, form_ping(CANCELLATION))
    with pytest.raises(PingMismatchError, match="ended_at"):
        confirm_subscription(alive, json_ping(ENDED))
    assert confirm_subscription(alive, form_ping(UPDATED))
    pending = _Client(subscribers=[_api_subscriber(status="pending_cancellation")])
    assert confirm_subscription(pending, form_ping(CANCELLATION))
    other = _Client(subscribers=[_api_subscriber(product_id="P2", email="x@example.com")])
    with pytest.raises(PingMismatchError) as info:
        confirm_subscription(other, form_ping(UPDATED))
    assert info.value.mismatches == ("product_id", "user_email")
    with pytest.raises(PingMismatchError, match="does not exist"):
        confirm_subscription(_Client(), form_ping(UPDATED))
    with pytest.raises(InvalidPingError, match="confirm_sale"):
        confirm_subscription(alive, form_ping(SALE))


# --- through the real client and the HTTP API, mocked with `responses`


def _real_client() -> gumroad.GumroadClient:
    return gumroad.GumroadClient(access_token="tok", base_url=API)


def test_confirm_sale_through_the_api(rsps):
    client = _real_client()
    url = f"{API}/sales/{quote(SALE_ID, safe='')}"
    rsps.get(url, json={"success": True, "sale": _api_sale()})
    sale = confirm_sale(client, form_ping(SALE))
    assert sale["id"] == SALE_ID
    assert len(rsps.calls) == 1 and rsps.calls[0].request.url.startswith(url)


def test_confirm_sale_through_the_api_mismatch_and_not_found(rsps):
    client = _real_client()
    url = f"{API}/sales/{quote(SALE_ID, safe='')}"
    rsps.get(url, json={"success": True, "sale": _api_sale(product_id="OTHER==")})
    with pytest.raises(PingMismatchError, match="product_id"):
        confirm_sale(client, json_ping(SALE))
    rsps.replace("GET", url, json={"success": False, "message": "The sale was not found."})
    with pytest.raises(PingMismatchError, match="does not exist"):
        confirm_sale(client, json_ping(SALE))


# --------------------------------------------------------------------------- the module surface


def test_all_is_complete():
    public = {
        name
        for name, value in vars(webhooks).items()
        if not name.startswith("_")
        and getattr(value, "__module__", webhooks.__name__) == webhooks.__name__
        and (callable(value) or name.isupper())
    }
    assert set(webhooks.__all__) == public
    for name in webhooks.__all__:
        assert getattr(webhooks, name) is not None


PRIVATE_MODULES = ["gumroad._forms", "gumroad._ping", "gumroad._ping_confirm"]


@pytest.mark.parametrize(
    ("first", "then"),
    [("gumroad.webhooks", "gumroad.webhooks")]
    + [(module, "gumroad.webhooks") for module in PRIVATE_MODULES]
    + [("gumroad.webhooks", module) for module in PRIVATE_MODULES],
)
def test_each_module_imports_first_in_a_fresh_interpreter(first, then):
    # webhooks re-exports the private modules; no order of imports may break that.
    code = (
        f"import {first}; import {then}; from gumroad.webhooks import *; import gumroad.webhooks as w; "
        "assert all(getattr(w, n).__module__ == 'gumroad.webhooks' for n in w.__all__ "
        "if callable(getattr(w, n))); "
        "import importlib; "
        f"private = [importlib.import_module(m) for m in {PRIVATE_MODULES!r}]; "
        "assert all(getattr(w, n) is getattr(m, n) for m in private for n in m.__all__ if n in w.__all__)"
    )
    root = Path(__file__).resolve().parents[1]  # this checkout, not an installed copy
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, cwd=root)


def test_the_moved_names_pickle_as_gumroad_webhooks():
    ping = parse_ping(b"sale_id=S1&resource_name=refund&refunded=true", FORM)
    for value in (ping, ping.idempotency_key, ResourceName.REFUND, to_bool, to_int):
        data = pickle.dumps(value)
        assert b"gumroad.webhooks" in data and b"gumroad._ping" not in data
        restored = pickle.loads(data)  # noqa: S301 (bytes this test just made)
        assert restored == value and type(restored) is type(value)
    assert dict(pickle.loads(pickle.dumps(ping))) == dict(ping)  # noqa: S301
    for cls in (Ping, IdempotencyKey, ResourceName):
        assert f"{cls.__module__}.{cls.__qualname__}" == f"gumroad.webhooks.{cls.__name__}"
