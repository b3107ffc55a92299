"""Every sale exactly once while 5xx, 429, resets and lost answers hit /v2/sales and the token expires.

The SDK retries GETs on 5xx, 429, resets and read timeouts, ``max_retries`` times (3 by
default). The runs below inject bursts the budget covers (see ``_harness.FaultDriver``) and
expire the access token half-way, so the client refreshes once, mid-listing. Backoff sleeps
are real but scaled down by the ``quick_backoff`` fixture to keep the runs short.
"""

from __future__ import annotations

import time

import pytest

import gumroad
from gumroad.testing import FakeGumroad, FakeGumroadServer

from ._harness import BURSTS, FaultDriver, expected_ids, make_client, retries_logged

pytestmark = pytest.mark.reliability


def _summary(fake, driver, records, saves, started, n):
    return {
        "N": n,
        "faults": driver.by_kind(),
        "requests served": fake.count(),
        "GET /v2/sales": fake.count("GET", "/v2/sales"),
        "retries observed": retries_logged(records),
        "401s": sum(1 for r in fake.requests if r.status == 401),
        "refreshes": fake.count("POST", "/oauth/token"),
        "token saves": len(saves),
        "wall s": time.monotonic() - started,
    }


@pytest.mark.parametrize("n", [2_000, 10_000])
def test_serial_list_yields_every_sale_once_in_order(n, quick_backoff, secrets_guard, figures, caplog):
    fake = secrets_guard.watch(FakeGumroad(seed=11, sales=n))
    with FakeGumroadServer(fake) as server:
        saves: list[dict] = []
        client = make_client(server, fake.issue_token(["view_sales"]), token_saver=saves.append)
        assert client.adapters["http://"].max_retries.backoff_factor == quick_backoff["backoff_factor"]
        pages_total = n // 10
        driver = FaultDriver(fake, client, every=pages_total // (len(BURSTS) + 2))
        started = time.monotonic()
        ids: list[str] = []
        try:
            for number, page in enumerate(client.sales.list().pages(), 1):
                ids.extend(sale["id"] for sale in page)
                driver.tick()
                if number == pages_total // 2:
                    assert fake.expire_token(client.token["access_token"])
        finally:
            client.close()
        figures_line = _summary(fake, driver, caplog.records, saves, started, n)

    assert ids == expected_ids(fake), "not exactly the N sales in the server's order"
    assert driver.finished and driver.served == sum(len(b) for b in BURSTS)
    assert figures_line["retries observed"] == driver.served  # one retry per fault, no more
    assert fake.count("POST", "/oauth/token") == 1 and len(saves) == 1
    assert saves[0]["access_token"] == client.token["access_token"]
    # Every page once, plus one request per fault and one 401 before the refresh.
    assert fake.count("GET", "/v2/sales") == pages_total + driver.served + 1
    figures.record(f"serial sales.list() under faults, N={n}", **figures_line)


@pytest.mark.parametrize("n", [2_000, 10_000])
def test_parallel_export_yields_every_sale_once(
    n, quick_backoff, roomy_backlog, secrets_guard, figures, caplog
):
    fake = secrets_guard.watch(FakeGumroad(seed=12, sales=n))
    with FakeGumroadServer(fake) as server:
        saves: list[dict] = []
        client = make_client(server, fake.issue_token(["view_sales"]), token_saver=saves.append)
        driver = FaultDriver(fake, client, every=n // (len(BURSTS) + 2))
        started = time.monotonic()
        ids: list[str] = []
        try:
            for count, sale in enumerate(client.sales.export(workers=8), 1):
                ids.append(sale["id"])
                driver.tick()
                if count == n // 2:
                    assert fake.expire_token(client.token["access_token"])
        finally:
            client.close()
        figures_line = _summary(fake, driver, caplog.records, saves, started, n)

    assert len(ids) == len(set(ids)) == n, "a sale was lost or repeated"
    assert set(ids) == set(expected_ids(fake))
    assert driver.finished and driver.served == sum(len(b) for b in BURSTS)
    assert figures_line["retries observed"] == driver.served
    assert fake.count("POST", "/oauth/token") == 1 and len(saves) == 1
    figures.record(f"parallel sales.export(workers=8) under faults, N={n}", **figures_line)


# -- beyond the budget ------------------------------------------------------------------------

BEYOND = [
    (503, "ServerError"),
    (429, "RateLimitError"),
    ("reset", "APIConnectionError"),
    ("delay", "APIConnectionError"),  # APITimeoutError by design; see the integration suite
]


@pytest.mark.parametrize(("kind", "error_name"), BEYOND, ids=[str(k) for k, _ in BEYOND])
def test_burst_beyond_the_budget_raises_and_resuming_completes_the_set(
    kind, error_name, quick_backoff, secrets_guard, figures
):
    n = 300
    fake = secrets_guard.watch(FakeGumroad(seed=13, sales=n))
    with FakeGumroadServer(fake) as server:
        client = make_client(server, fake.issue_token(["view_sales"]), max_retries=3, timeout=(5, 0.2))
        seen: list[str] = []
        last_key = None
        started = time.monotonic()
        try:
            with pytest.raises(gumroad.GumroadClientError) as info:
                for number, page in enumerate(client.sales.list().pages(), 1):
                    seen.extend(s["id"] for s in page)
                    last_key = page.next_page_key
                    if number == 7:  # four faults in a row: one more than the budget covers
                        options = {"seconds": 0.4} if kind == "delay" else {}
                        fake.faults.inject(kind, count=4, route="/v2/sales", method="GET", **options)
            error = info.value
            secrets_guard.exception(error)
            assert isinstance(error, getattr(gumroad, error_name)), type(error)
            assert fake.count("GET", "/v2/sales") == 7 + 4  # the first try and 3 retries
            assert len(seen) == 70 and last_key is not None
            # Nothing was lost or repeated so far; resume from the last key we were given.
            rest = [s["id"] for s in client.sales.list(page_key=last_key)]
        finally:
            client.close()
    assert seen + rest == expected_ids(fake)
    figures.record(
        f"burst of 4x {kind} beyond max_retries=3",
        raised=type(error).__name__,
        sales_before=len(seen),
        resumed=len(rest),
        total=len(seen) + len(rest),
        unique=len(set(seen + rest)),
        wall_s=time.monotonic() - started,
    )


def test_export_beyond_the_budget_raises_without_losing_or_repeating(
    quick_backoff, roomy_backlog, secrets_guard, figures
):
    n = 2_000
    fake = secrets_guard.watch(FakeGumroad(seed=14, sales=n))
    with FakeGumroadServer(fake) as server:
        client = make_client(server, fake.issue_token(["view_sales"]))
        ids: list[str] = []
        try:
            with pytest.raises(gumroad.ServerError) as info:
                for count, sale in enumerate(client.sales.export(workers=8), 1):
                    ids.append(sale["id"])
                    if count == 500:  # an outage: every GET /v2/sales fails until cleared
                        fake.faults.inject(503, count=None, route="/v2/sales", method="GET")
        finally:
            fake.faults.clear()
            client.close()
    secrets_guard.exception(info.value)
    assert 500 <= len(ids) < n
    assert len(ids) == len(set(ids)), "a sale was repeated before the error"
    assert set(ids) <= set(expected_ids(fake))
    figures.record(
        "export(workers=8) during an outage",
        raised=type(info.value).__name__,
        yielded_before_error=len(ids),
        unique=len(set(ids)),
    )
