"""Helpers for the fault runs: a paced fault driver, client construction, canonical sale ids."""

from __future__ import annotations

import functools
import threading
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import gumroad
from gumroad.testing import FakeGumroad, FakeGumroadServer

#: Each burst holds at most 3 faults, the SDK's default retry budget (max_retries=3), so a
#: request that meets a whole burst still gets its answer on the 4th attempt.
BURSTS: Sequence[tuple[Any, ...]] = (
    (503, 503),
    (429,),
    ("reset",),
    (500, "reset", 502),
    ("delay",),
    (504, 429),
    ("reset", "reset"),
    (502,),
    (503, "delay"),
    (429, 500, 503),
)
#: The client's read timeout in the fault runs, and how late a "delay" fault answers.
READ_TIMEOUT = 0.5
DELAY = 0.9


def make_client(server: FakeGumroadServer, token: dict[str, Any], **options: Any) -> gumroad.GumroadClient:
    app = server.fake.default_app
    settings: dict[str, Any] = {
        "token": dict(token),
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "base_url": server.api_url,
        "auto_refresh_url": server.token_url,
        "timeout": (5.0, READ_TIMEOUT),
    }
    settings.update(options)
    return gumroad.GumroadClient(**settings)


def expected_ids(fake: FakeGumroad, n: int | None = None) -> list[str]:
    """The seller's sale ids in the server's order (created_at DESC, id DESC), built cheaply."""
    store = fake.seller.sales
    return [store.codec.encode("sale", store.num_at(i)) for i in range(store.total if n is None else n)]


class InFlight:
    """Which API calls of a client are running, so faults can be paced between them."""

    def __init__(self, client: gumroad.GumroadClient) -> None:
        self._lock = threading.Lock()
        self._running: set[int] = set()
        self._next = 0
        original = client.request_json

        @functools.wraps(original)
        def tracked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self._next += 1
                ticket = self._next
                self._running.add(ticket)
            try:
                return original(*args, **kwargs)
            finally:
                with self._lock:
                    self._running.discard(ticket)

        client.request_json = tracked  # type: ignore[method-assign]

    def snapshot(self) -> set[int]:
        with self._lock:
            return set(self._running)

    def any_of(self, tickets: set[int]) -> bool:
        with self._lock:
            return bool(tickets & self._running)


class FaultDriver:
    """Injects :data:`BURSTS` one at a time on GET ``route``, paced by the consumer's progress.

    A burst is injected only when the previous one has been used up **and** every API call
    that was running when it was used up has finished. Those are the only calls that can
    have met its faults, so no single request ever meets more than one burst, and with
    bursts of at most 3 faults the default retry budget always covers them, also with 8
    threads paging at once.

    Call :meth:`tick` from the consuming thread after each page or item. While a used-up
    burst drains, ``tick`` waits (bounded) for those calls to finish: the export's bounded
    buffer then holds the workers back, so the run cannot end before every burst was met.
    Waiting never deadlocks: the calls waited for are HTTP requests, which finish whether or
    not anyone consumes their pages.
    """

    def __init__(
        self,
        fake: FakeGumroad,
        client: gumroad.GumroadClient,
        *,
        every: int,
        bursts: Sequence[tuple[Any, ...]] = BURSTS,
        route: str = "/v2/sales",
    ) -> None:
        self.fake = fake
        self.inflight = InFlight(client)
        self.every = every
        self.bursts = list(bursts)
        self.route = route
        self.faults: list[Any] = []
        self._ticks = 0
        self._state = "idle"
        self._draining: set[int] = set()

    def tick(self) -> None:
        self._ticks += 1
        if self._state == "armed" and not self.fake.faults.pending:
            self._draining = self.inflight.snapshot()
            self._state = "draining"
        if self._state == "draining":
            deadline = time.monotonic() + 30
            while self.inflight.any_of(self._draining):
                assert time.monotonic() < deadline, "a faulted request never finished"
                time.sleep(0.005)
            self._state = "idle"
            self._ticks = 0
        if self._state == "idle" and self.bursts and self._ticks >= self.every:
            for kind in self.bursts.pop(0):
                options: dict[str, Any] = {"route": self.route, "method": "GET"}
                if kind == "delay":
                    options["seconds"] = DELAY
                self.faults.append(self.fake.faults.inject(kind, **options))
            self._state = "armed"

    @property
    def finished(self) -> bool:
        """Every burst injected and used up."""
        return not self.bursts and not self.fake.faults.pending

    @property
    def served(self) -> int:
        return sum(f.served for f in self.faults)

    def by_kind(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for fault in self.faults:
            counts[str(fault.kind)] += fault.served
        return dict(sorted(counts.items()))


def retries_logged(records: Sequence[Any]) -> int:
    """Retries urllib3 performed (it logs one line per retry it is about to make)."""
    return sum(1 for r in records if r.name == "urllib3.util.retry" and "Incremented Retry" in r.getMessage())
