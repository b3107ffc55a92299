"""The model without a front: determinism, ids, parameter parsing, public surface."""

from __future__ import annotations

import re
import types

from hypothesis import given
from hypothesis import strategies as st

import gumroad.testing
from gumroad.testing import FakeGumroad
from gumroad.testing._http import parse_form, parse_params
from gumroad.testing._ids import IdCodec, format_page_key, parse_page_key

EXTERNAL_ID = re.compile(r"^[A-Za-z0-9_-]{22}==$")


def test_same_seed_same_data():
    a, b = FakeGumroad(seed=5, sales=50), FakeGumroad(seed=5, sales=50)
    assert [a.seller.sale(i) for i in range(50)] == [b.seller.sale(i) for i in range(50)]
    assert list(a.seller.products) == list(b.seller.products)
    assert FakeGumroad(seed=6).seller.sale(0)["id"] != a.seller.sale(0)["id"]


def test_ids_look_like_gumroads_and_need_quoting():
    fake = FakeGumroad(sales=30)
    ids = list(fake.seller.products) + [fake.seller.sale(i)["id"] for i in range(30)]
    for value in ids:
        assert EXTERNAL_ID.match(value) and ("-" in value or "_" in value)
    assert any("-" in v for v in ids) and any("_" in v for v in ids)
    assert len(set(ids)) == len(ids)


@given(st.integers(min_value=1, max_value=2**40), st.sampled_from(["sale", "product", "payout"]))
def test_ids_round_trip(num, kind):
    codec = IdCodec("0/0")
    text = codec.encode(kind, num)
    assert codec.decode(kind, text) == num
    assert codec.decode("other", text) is None
    assert IdCodec("1/0").decode(kind, text) is None


@given(st.integers(min_value=1, max_value=2**31))
def test_license_keys_round_trip(num):
    codec = IdCodec("0/0")
    key = codec.license_key(num)
    assert re.match(r"^[0-9A-F]{8}(-[0-9A-F]{8}){3}$", key)
    assert codec.license_number(key) == num
    assert codec.license_number(key[:-1] + ("0" if key[-1] != "0" else "1")) is None


@given(st.integers(min_value=0, max_value=4_000_000_000_000_000), st.integers(min_value=1, max_value=10**12))
def test_page_keys_round_trip(created_us, num):
    key = format_page_key(created_us, num)
    assert re.match(r"^\d{20}-\d+$", key)
    assert parse_page_key(key) == (created_us, num)


def test_page_key_id_part_is_read_like_ruby_to_i():
    assert parse_page_key("20240101000000000000-12abc") == (parse_page_key("20240101000000000000-12")[0], 12)
    for bad in ("", "x", "20240101000000000000", "20240101000000000000-", "20240101000000000000-0",
                "2024-5", "20241301000000000000-5"):
        assert parse_page_key(bad) is None


def test_rack_style_form_parsing():
    pairs = [("a[b]", "1"), ("list[]", "x"), ("list[]", "y"), ("files[0][url]", "u0"),
             ("files[1][url]", "u1"), ("files[0][name]", "n0"), ("objs[][k]", "1"), ("objs[][k]", "2"),
             ("plain", "1"), ("plain", "2")]
    assert parse_form(pairs) == {
        "a": {"b": "1"}, "list": ["x", "y"], "files": [{"url": "u0", "name": "n0"}, {"url": "u1"}],
        "objs": [{"k": "1"}, {"k": "2"}], "plain": "2"}


def test_json_and_form_bodies_merge_with_query():
    assert parse_params([("q", "1")], {"Content-Type": "application/json"}, b'{"q": 2, "b": true}') == {
        "q": "1", "b": True}
    assert parse_params([], {"content-type": "application/x-www-form-urlencoded"}, b"x=1&y[]=2") == {
        "x": "1", "y": ["2"]}
    assert parse_params([], {}, b"x=1") == {"x": "1"}
    assert parse_params([], {"Content-Type": "application/json"}, b"not json") == {}


def test_handle_directly_and_query_in_path():
    fake = FakeGumroad()
    token = fake.issue_token(["view_sales"])["access_token"]
    response = fake.handle("GET", f"/v2/sales?access_token={token}&email=nobody@example.com")
    assert response.status == 200 and response.json() == {"success": True, "sales": []}
    assert response.header("content-type") == "application/json; charset=utf-8"


def test_issue_token_shapes():
    fake = FakeGumroad()
    token = fake.issue_token("view_sales view_sales edit_products")
    assert token["scope"] == "view_sales edit_products" and token["token_type"] == "Bearer"
    assert set(fake.issue_token()["scope"].split()) == set(gumroad.testing.PUBLIC_SCOPES)
    record = fake.token(token["refresh_token"])
    assert record is not None and record.token == token["access_token"]
    assert fake.revoke_token(token["refresh_token"]) is True
    assert fake.revoke_token(token["access_token"]) is False


def test_other_accounts_are_separate():
    fake = FakeGumroad()
    other = fake.add_account(sales=5)
    assert other.user_id != fake.seller.user_id
    assert set(other.products).isdisjoint(fake.seller.products)
    token = fake.issue_token(["view_sales"], account=other)["access_token"]
    sales = fake.handle("GET", "/v2/sales", [("access_token", token)]).json()["sales"]
    assert len(sales) == 5 and all(s["seller_id"] == other.user_id for s in sales)


def test_public_names_match_all():
    public = {name for name, value in vars(gumroad.testing).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert set(gumroad.testing.__all__) == public
