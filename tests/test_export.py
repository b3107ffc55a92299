"""Parallel export over date windows: every sale exactly once, bounded, stoppable."""

from __future__ import annotations

import datetime
import json
import random
import threading
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gumroad
from gumroad.export import WindowedExport

from .conftest import API

EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


class SalesServer:
    """The server's sales listing: 10 a page, created_at DESC, id DESC, page_key cursor."""

    def __init__(self, offsets_in_minutes):
        # ids grow with time, as the server's do.
        stamps = sorted(EPOCH + datetime.timedelta(minutes=m) for m in offsets_in_minutes)
        self.sales = [(t, i + 1) for i, t in enumerate(stamps)]
        self.requests = 0
        self.queries = []
        self.lock = threading.Lock()
        self.fail_on = None

    def __call__(self, request):
        query = dict(parse_qsl(urlsplit(request.url).query))
        with self.lock:
            self.requests += 1
            self.queries.append(query)
            if self.fail_on is not None and self.requests == self.fail_on:
                return 500, {}, json.dumps({"success": False, "message": "boom"})
        rows = self.sales
        if "after" in query:
            after = datetime.datetime.fromisoformat(query["after"]).replace(tzinfo=datetime.timezone.utc)
            rows = [r for r in rows if r[0] >= after]
        if "before" in query:
            before = datetime.datetime.fromisoformat(query["before"]).replace(tzinfo=datetime.timezone.utc)
            rows = [r for r in rows if r[0] < before]
        rows = sorted(rows, key=lambda r: (r[0], r[1]), reverse=True)
        if "page_key" in query:
            stamp, _, sale_id = query["page_key"].partition("-")
            t = datetime.datetime.strptime(stamp, "%Y%m%d%H%M%S%f").replace(tzinfo=datetime.timezone.utc)
            rows = [r for r in rows if r[0] <= t and r[1] < int(sale_id)]
        page, more = rows[:10], len(rows) > 10
        body = {"success": True, "sales": [
            {"id": f"s{i}", "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ")} for t, i in page]}
        if more:
            t, i = page[-1]
            body["next_page_key"] = f"{t.strftime('%Y%m%d%H%M%S%f')}-{i}"
        return 200, {}, json.dumps(body)


@pytest.fixture
def client():
    return gumroad.GumroadClient("tok", max_retries=0)


def run_export(rsps, client, server, **kwargs):
    rsps.add_callback("GET", f"{API}/sales", callback=server)
    kwargs.setdefault("after", "2023-12-01")
    kwargs.setdefault("before", "2024-03-01")
    return [s["id"] for s in client.sales.export(**kwargs)]


@pytest.mark.parametrize("workers", [1, 3, 8])
@pytest.mark.parametrize("shape", ["spread", "one_day", "skewed"])
def test_every_sale_exactly_once(rsps, client, workers, shape):
    rng = random.Random(7)
    if shape == "spread":
        offsets = [rng.randrange(0, 60 * 24 * 59) for _ in range(700)]
    elif shape == "one_day":
        offsets = [rng.randrange(0, 60 * 24) for _ in range(300)]
    else:  # most sales in the last three days
        offsets = [rng.randrange(0, 60 * 24 * 59) for _ in range(50)] + [
            60 * 24 * 56 + rng.randrange(0, 60 * 24 * 3) for _ in range(600)]
    server = SalesServer(offsets)
    ids = run_export(rsps, client, server, workers=workers)
    assert len(ids) == len(server.sales)
    assert set(ids) == {f"s{i}" for _, i in server.sales}
    for query in server.queries:
        assert query["access_token"] == "tok"
        assert "after" in query and "before" in query


def test_filters_are_resent_and_windows_split(rsps, client):
    server = SalesServer(list(range(0, 60 * 24 * 59, 97)))
    ids = run_export(rsps, client, server, workers=4, email="a@b.c", product_id="P==")
    assert len(ids) == len(server.sales)
    assert all(q["email"] == "a@b.c" and q["product_id"] == "P==" for q in server.queries)
    first_pages = {(q["after"], q["before"]) for q in server.queries if "page_key" not in q}
    assert len(first_pages) >= 4  # the range was paged as several windows


def test_early_break_stops_workers(rsps, client):
    server = SalesServer(list(range(0, 60 * 24 * 59, 7)))
    rsps.add_callback("GET", f"{API}/sales", callback=server)
    before = threading.active_count()
    export = client.sales.export(after="2023-12-01", before="2024-03-01", workers=8)
    taken = []
    for sale in export:
        taken.append(sale)
        if len(taken) == 25:
            break
    # Closing the generator (the break) stops and joins every worker.
    assert threading.active_count() == before
    assert server.requests < len(server.sales) // 10


def test_worker_error_is_raised_to_the_consumer(rsps, client):
    server = SalesServer(list(range(0, 60 * 24 * 59, 11)))
    server.fail_on = 5
    before = threading.active_count()
    with pytest.raises(gumroad.ServerError, match="boom"):
        run_export(rsps, client, server, workers=4)
    assert threading.active_count() == before


def test_bad_arguments_refused_before_any_request(rsps, client):
    with pytest.raises(ValueError, match="workers"):
        client.sales.export(workers=0)
    with pytest.raises(ValueError, match="before"):
        client.sales.export(after="2024-02-01", before="2024-01-01")
    with pytest.raises(ValueError, match="after"):
        client.sales.export(after="01/02/2024")
    assert len(rsps.calls) == 0


def test_buffer_bounds_pages_in_flight():
    produced = []
    gate = threading.Event()

    def fetch(query):
        produced.append(query)
        return {"sales": [{"id": len(produced), "created_at": "2024-01-10T00:00:00Z"}],
                "next_page_key": f"k{len(produced)}"}

    export = WindowedExport(fetch, "sales", after="2024-01-01", before="2024-01-02",
                            workers=1, buffer_pages=3)
    iterator = iter(export)
    next(iterator)
    gate.wait(0.3)  # the worker runs ahead only until the buffer is full
    assert len(produced) <= 1 + 3 + 1
    iterator.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=60 * 24 * 80), max_size=120),
    workers=st.integers(min_value=1, max_value=6),
)
def test_property_exactly_once(offsets, workers):
    import responses

    server = SalesServer(offsets)
    client = gumroad.GumroadClient("tok", max_retries=0)
    with responses.RequestsMock() as mock:
        mock.add_callback("GET", f"{API}/sales", callback=server)
        ids = [s["id"] for s in client.sales.export(after="2023-12-25", before="2024-03-25",
                                                     workers=workers)]
    assert sorted(ids) == sorted(f"s{i}" for _, i in server.sales)
