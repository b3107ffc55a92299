"""gumroad.pagination: lazy, resumable, cycle-safe paging that survives a token refresh."""

from __future__ import annotations

import weakref

import pytest
from responses import matchers

import gumroad.pagination as pagination
from gumroad import APIError, GumroadClient, GumroadClientError
from gumroad.pagination import Page, Pager, PaginationCycleError

from .conftest import API, TOKEN_URL


def q(token: str = "tok", **params: str):  # noqa: S107 (a fake token)
    return matchers.query_param_matcher({**params, "access_token": token})


def key(n: int) -> str:
    return f"2024010100000000000{n % 10}-{n}"


@pytest.fixture
def client() -> GumroadClient:
    return GumroadClient(access_token="tok", base_url=API, max_retries=0)


def sales_page(n: int, *, last: bool = False, size: int = 2) -> dict:
    body: dict = {"success": True, "sales": [{"id": f"s{n}-{i}"} for i in range(size)]}
    if not last:
        body["next_page_key"] = key(n + 1)
        # a misleading next_page_url: following it would drop the filters
        body["next_page_url"] = f"/v2/sales?page_key={key(n + 1)}"
    return body


FILTERS = {"after": "2024-01-01", "email": "buyer@example.com", "product_id": "A-m3CD=="}


def register_sales(rsps, pages: int) -> None:
    rsps.get(f"{API}/sales", json=sales_page(1), match=[q(**FILTERS)])
    for n in range(2, pages + 1):
        rsps.get(f"{API}/sales", json=sales_page(n, last=n == pages),
                 match=[q(**FILTERS, page_key=key(n))])


def test_iterates_every_item_across_pages_resending_filters(client, rsps):
    register_sales(rsps, 4)
    ids = [s["id"] for s in client.sales.list(**FILTERS)]
    assert ids == [f"s{n}-{i}" for n in range(1, 5) for i in range(2)]
    assert len(rsps.calls) == 4  # stopped where next_page_key was absent


def test_nothing_is_sent_until_iteration(client, rsps):
    pager = client.sales.list(**FILTERS)
    assert isinstance(pager, Pager)
    assert len(rsps.calls) == 0


def test_pages_yields_items_and_next_key(client, rsps):
    register_sales(rsps, 3)
    pages = list(client.sales.list(**FILTERS).pages())
    assert [type(p) for p in pages] == [Page, Page, Page]
    assert [p.next_page_key for p in pages] == [key(2), key(3), None]
    assert [p.page_key for p in pages] == [None, key(2), key(3)]
    assert pages[0].items == [{"id": "s1-0"}, {"id": "s1-1"}]
    assert len(pages[2]) == 2 and list(pages[2]) == pages[2].items


def test_resume_from_a_saved_key(client, rsps):
    register_sales(rsps, 3)
    first = next(client.sales.list(**FILTERS).pages())
    resumed = [s["id"] for s in client.sales.list(**FILTERS, page_key=first.next_page_key)]
    assert resumed == ["s2-0", "s2-1", "s3-0", "s3-1"]
    assert rsps.calls[1].request.params == {**FILTERS, "page_key": key(2), "access_token": "tok"}


def test_each_iteration_starts_again(client, rsps):
    register_sales(rsps, 2)
    pager = client.sales.list(**FILTERS)
    assert list(pager) == list(pager)
    assert len(rsps.calls) == 4


def test_first_fetches_one_page(client, rsps):
    register_sales(rsps, 3)
    assert client.sales.list(**FILTERS).first() == {"id": "s1-0"}
    assert len(rsps.calls) == 1


def test_first_of_empty_is_none(client, rsps):
    rsps.get(f"{API}/sales", json={"success": True, "sales": []}, match=[q()])
    assert client.sales.list().first() is None


def test_repeated_key_raises_instead_of_looping(client, rsps):
    rsps.get(f"{API}/sales", json={"success": True, "sales": [{"id": 1}], "next_page_key": "k-1"},
             match=[q()])
    rsps.get(f"{API}/sales", json={"success": True, "sales": [{"id": 2}], "next_page_key": "k-2"},
             match=[q(page_key="k-1")])
    rsps.get(f"{API}/sales", json={"success": True, "sales": [{"id": 3}], "next_page_key": "k-1"},
             match=[q(page_key="k-2")])
    seen = []
    with pytest.raises(PaginationCycleError, match="k-1"):
        for sale in client.sales.list():
            seen.append(sale["id"])
    assert seen == [1, 2, 3]
    assert len(rsps.calls) == 3


def test_key_pointing_to_itself_is_a_cycle(client, rsps):
    rsps.get(f"{API}/sales", json={"success": True, "sales": [], "next_page_key": "k-5"},
             match=[q(page_key="k-5")])
    with pytest.raises(PaginationCycleError):
        list(client.sales.list(page_key="k-5"))
    assert len(rsps.calls) == 1


def test_cycle_error_is_in_the_error_tree():
    assert issubclass(PaginationCycleError, APIError)
    assert issubclass(PaginationCycleError, GumroadClientError)


def test_answer_without_the_list_is_an_api_error(client, rsps):
    rsps.get(f"{API}/sales", json={"success": True, "sale": {}}, match=[q()])
    with pytest.raises(APIError, match="'sales'"):
        list(client.sales.list())


@pytest.mark.parametrize("bad", ["", "  "])
def test_blank_page_key_refused(client, bad):
    with pytest.raises(ValueError, match="page_key"):
        client.sales.list(page_key=bad)


def test_pager_holds_at_most_two_pages(client, rsps, monkeypatch):
    """Constant memory: pages already iterated are freed, whatever their number."""
    alive: weakref.WeakSet = weakref.WeakSet()
    created = []

    class CountedPage(Page):
        __slots__ = ()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            alive.add(self)
            created.append(1)

    monkeypatch.setattr(pagination, "Page", CountedPage)
    total = 60
    rsps.get(f"{API}/products", json={"success": True, "products": [{"n": 0}],
                                      "next_page_key": key(1)}, match=[q()])
    for n in range(1, total):
        body: dict = {"success": True, "products": [{"n": n}]}
        if n < total - 1:
            body["next_page_key"] = key(n + 1)
        rsps.get(f"{API}/products", json=body, match=[q(page_key=key(n))])
    most = 0
    count = 0
    for _ in client.products.list():
        count += 1
        most = max(most, len(alive))
    assert count == total and len(created) == total
    assert most <= 2


def test_pages_are_released_in_page_mode(client, rsps):
    register_sales(rsps, 5)
    refs = []
    pager = client.sales.list(**FILTERS)
    for page in pager.pages():
        # the page before this one is gone already, while the pager is still alive
        assert all(r() is None for r in refs)
        refs.append(weakref.ref(page))
        del page
    assert len(refs) == 5


def test_survives_a_401_refresh_on_page_37(rsps):
    """Page 37 answers 401 once; the client refreshes and replays; nothing lost or repeated."""
    client = GumroadClient(token={"access_token": "old", "refresh_token": "r1"},
                           client_id="cid", client_secret="sec", base_url=API, max_retries=0)
    last = 40

    def body(n: int) -> dict:
        page = {"success": True, "products": [{"id": f"p{n}-{i}"} for i in range(3)]}
        if n < last:
            page["next_page_key"] = key(n + 1)
        return page

    def page_params(n: int) -> dict:
        return {} if n == 1 else {"page_key": key(n)}

    for n in range(1, 37):
        rsps.get(f"{API}/products", json=body(n), match=[q("old", **page_params(n))])
    rsps.get(f"{API}/products", status=401, body="",
             headers={"WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token"'},
             match=[q("old", **page_params(37))])
    rsps.post(TOKEN_URL, json={"access_token": "new", "refresh_token": "r2", "token_type": "Bearer"},
              match=[matchers.urlencoded_params_matcher(
                  {"grant_type": "refresh_token", "refresh_token": "r1",
                   "client_id": "cid", "client_secret": "sec"})])
    for n in range(37, last + 1):
        rsps.get(f"{API}/products", json=body(n), match=[q("new", **page_params(n))])

    ids = [p["id"] for p in client.products.list()]

    assert ids == [f"p{n}-{i}" for n in range(1, last + 1) for i in range(3)]
    assert len(ids) == len(set(ids))
    urls = [c.request.url for c in rsps.calls]
    assert sum(TOKEN_URL in u for u in urls) == 1
    assert len(urls) == last + 2  # 40 pages, one 401, one refresh
    assert client.token["access_token"] == "new"


def test_pager_over_a_plain_fetch_function():
    calls = []

    def fetch(params):
        calls.append(dict(params))
        if "page_key" not in params:
            return {"things": [1, 2], "next_page_key": "b"}
        return {"things": [3]}

    pager: Pager[int] = Pager(fetch, "things", {"x": "1"})
    assert list(pager) == [1, 2, 3]
    assert calls == [{"x": "1"}, {"x": "1", "page_key": "b"}]
    assert pager.params == {"x": "1"}
    assert "things" in repr(pager)
