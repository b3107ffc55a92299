"""client.products: list, get, create, update, delete, enable, disable."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote

import pytest
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gumroad import NotFoundError
from gumroad.pagination import Pager
from gumroad.resources.products import CREATE_FIELDS, UPDATE_FIELDS

from .conftest import API, body, deleted, no_body, not_found, query

PID = "A-m3CDDC5dlrSdKZp0RFhA=="
QPID = "A-m3CDDC5dlrSdKZp0RFhA%3D%3D"
PRODUCT = {"id": PID, "name": "Zine", "price": 500, "published": False}


def test_list_unpaginated_server_returns_everything_at_once(client, rsps):
    products = [{"id": "a"}, {"id": "b"}]
    rsps.get(f"{API}/products", json={"success": True, "products": products}, match=[query()])
    pager = client.products.list()
    assert isinstance(pager, Pager)
    assert list(pager) == products
    assert len(rsps.calls) == 1


def test_list_follows_next_page_key(client, rsps):
    rsps.get(f"{API}/products", match=[query()],
             json={"success": True, "products": [{"id": "a"}], "next_page_key": "20240101000000000000-2",
                   "next_page_url": "/v2/products?page_key=20240101000000000000-2"})
    rsps.get(f"{API}/products", match=[query(page_key="20240101000000000000-2")],
             json={"success": True, "products": [{"id": "b"}]})
    assert [p["id"] for p in client.products.list()] == ["a", "b"]


def test_list_resumes_from_page_key(client, rsps):
    rsps.get(f"{API}/products", match=[query(page_key="20240101000000000000-9")],
             json={"success": True, "products": [{"id": "z"}]})
    assert list(client.products.list(page_key="20240101000000000000-9")) == [{"id": "z"}]


def test_list_not_found(client, rsps):
    rsps.get(f"{API}/products", json=not_found("product"), match=[query()])
    with pytest.raises(NotFoundError):
        list(client.products.list())


def test_get(client, rsps):
    rsps.get(f"{API}/products/{QPID}", json={"success": True, "product": PRODUCT}, match=[query()])
    assert client.products.get(PID) == PRODUCT


def test_create_sends_the_documented_form(client, rsps):
    rsps.post(
        f"{API}/products",
        json={"success": True, "product": PRODUCT},
        match=[query(), body(name="Zine", price="500", customizable_price="true",
                             description="<p>hi</p>")],
    )
    created = client.products.create(name="Zine", price=500, customizable_price=True,
                                     description="<p>hi</p>")
    assert created == PRODUCT


def test_create_sends_tags_as_repeated_brackets(client, rsps):
    rsps.post(f"{API}/products", json={"success": True, "product": PRODUCT}, match=[query()])
    client.products.create(name="Zine", tags=["art", "print", "a&b"])
    sent = parse_qsl(rsps.calls[0].request.body)
    assert sent == [("name", "Zine"), ("tags[]", "art"), ("tags[]", "print"), ("tags[]", "a&b")]


def test_create_flattens_files_as_indexed_objects(client, rsps):
    rsps.post(f"{API}/products", json={"success": True, "product": PRODUCT}, match=[query()])
    client.products.create(
        name="Zine",
        files=[{"url": "https://files.example/a.pdf", "stream_only": False}, {"id": "f2"}],
    )
    sent = parse_qsl(rsps.calls[0].request.body)
    assert sent == [
        ("name", "Zine"),
        ("files[0][url]", "https://files.example/a.pdf"),
        ("files[0][stream_only]", "false"),
        ("files[1][id]", "f2"),
    ]


def test_create_flattens_nested_rich_content(client, rsps):
    rsps.post(f"{API}/products", json={"success": True, "product": PRODUCT}, match=[query()])
    doc = {"type": "doc", "content": [{"type": "paragraph", "attrs": {"level": 1}}]}
    client.products.create(name="Zine", rich_content=[{"title": "Intro", "description": doc}])
    assert parse_qsl(rsps.calls[0].request.body) == [
        ("name", "Zine"),
        ("rich_content[0][title]", "Intro"),
        ("rich_content[0][description][type]", "doc"),
        ("rich_content[0][description][content][0][type]", "paragraph"),
        ("rich_content[0][description][content][0][attrs][level]", "1"),
    ]


def test_unsendable_value_refused_before_any_request(client, rsps):
    with pytest.raises(TypeError, match="description"):
        client.products.create(name="Zine", description=object())
    assert len(rsps.calls) == 0


def test_create_refuses_unknown_fields_before_any_request(client, rsps):
    with pytest.raises(TypeError, match="colour"):
        client.products.create(name="Zine", colour="red")
    with pytest.raises(TypeError, match="is_adult"):
        client.products.create(name="Zine", is_adult=True)  # an update-only field
    assert len(rsps.calls) == 0


def test_create_needs_a_name(client, rsps):
    with pytest.raises(TypeError, match="name"):
        client.products.create(price=100)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"price": "5.00"}, TypeError),
        ({"price": True}, TypeError),
        ({"price": -1}, ValueError),
        ({"tags": "art"}, TypeError),
        ({"taxonomy_id": "1", "category": "art"}, ValueError),
    ],
)
def test_create_checks_values_before_any_request(client, rsps, fields, error):
    with pytest.raises(error):
        client.products.create(name="Zine", **fields)
    assert len(rsps.calls) == 0


def test_field_sets_match_the_reference():
    assert "name" in CREATE_FIELDS and "tags" in CREATE_FIELDS
    assert UPDATE_FIELDS - CREATE_FIELDS == {
        "quantity_enabled", "is_adult", "display_product_reviews", "should_show_sales_count",
        "custom_receipt", "has_same_rich_content_for_all_variants", "custom_html", "cover_ids",
    }


def test_update(client, rsps, caplog):
    rsps.put(
        f"{API}/products/{QPID}",
        json={"success": True, "product": PRODUCT, "warning": "no buy button"},
        match=[query(), body(is_adult="false", price="700")],
    )
    assert client.products.update(PID, is_adult=False, price=700) == PRODUCT
    assert "no buy button" in caplog.text


def test_update_refuses_unknown_fields_before_any_request(client, rsps):
    with pytest.raises(TypeError, match="published"):
        client.products.update(PID, published=True)
    assert len(rsps.calls) == 0


def test_delete(client, rsps):
    rsps.delete(f"{API}/products/{QPID}", json=deleted("product"), match=[query(), no_body()])
    assert client.products.delete(PID) == deleted("product")


@pytest.mark.parametrize("action", ["enable", "disable"])
def test_enable_disable(client, rsps, action):
    rsps.put(f"{API}/products/{QPID}/{action}", json={"success": True, "product": PRODUCT},
             match=[query(), no_body()])
    assert getattr(client.products, action)(PID) == PRODUCT


@pytest.mark.parametrize(
    "method, url, call",
    [
        ("GET", f"{API}/products/{QPID}", lambda c: c.products.get(PID)),
        ("PUT", f"{API}/products/{QPID}", lambda c: c.products.update(PID, name="x")),
        ("DELETE", f"{API}/products/{QPID}", lambda c: c.products.delete(PID)),
        ("PUT", f"{API}/products/{QPID}/enable", lambda c: c.products.enable(PID)),
        ("PUT", f"{API}/products/{QPID}/disable", lambda c: c.products.disable(PID)),
    ],
)
def test_not_found(client, rsps, method, url, call):
    rsps.add(method, url, json=not_found("product"), match=[query()])
    with pytest.raises(NotFoundError, match="The product was not found"):
        call(client)


def test_create_on_an_old_server_is_a_not_found(client, rsps):
    rsps.post(f"{API}/products", status=404, body="<html>Not Found</html>", content_type="text/html")
    with pytest.raises(NotFoundError):
        client.products.create(name="Zine")


@pytest.mark.parametrize(
    "raw, quoted",
    [("a=b", "a%3Db"), ("a/b", "a%2Fb"), ("my product", "my%20product"), ("..x", "..x")],
)
def test_ids_stay_one_segment(client, rsps, raw, quoted):
    rsps.get(f"{API}/products/{quoted}", json={"success": True, "product": PRODUCT})
    client.products.get(raw)
    assert rsps.calls[0].request.path_url.split("?")[0] == f"/v2/products/{quoted}"


@pytest.mark.parametrize("bad", ["", ".", "..", " "])
def test_unsafe_ids_refused(client, rsps, bad):
    with pytest.raises(ValueError):
        client.products.get(bad)
    assert len(rsps.calls) == 0


def test_keyword_only(client):
    with pytest.raises(TypeError):
        client.products.list("20240101000000000000-1")  # type: ignore[misc]



@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=30).filter(lambda t: t.strip() not in ("", ".", "..")))
def test_any_id_is_exactly_one_path_segment(client, product_id):
    with responses.RequestsMock() as mock:
        mock.get(re.compile(rf"{re.escape(API)}/products/[^/?]+"),
                 json={"success": True, "product": PRODUCT})
        client.products.get(product_id)
        path = mock.calls[0].request.path_url.split("?")[0]
    segment = path.removeprefix("/v2/products/")
    assert "/" not in segment
    assert unquote(segment) == product_id
