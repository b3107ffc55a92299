"""
bench.bench_refresh
~~~~~~~~~~~~~~~~~~~

The refresh storm: 64 threads share one client whose token the fake has just
expired, released together by a barrier, each calling ``client.user.get()``.
Every one of them meets the 401; exactly one may call the token endpoint, the
others must wait on the client's lock, see the new token and replay.

Interleaved with a *steady* run (same 64 threads, same client, token valid),
which is the baseline: the storm's extra time is the refresh. Measured: the
time from the barrier to the last thread's answer, token-endpoint calls and
saver calls (must be 1 each per storm), 401s the server sent, TCP connections
opened, and errors (must be 0).
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import _stats
from _servers import ServerProcess

import gumroad

__all__ = ["run"]

THREADS = 64


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.discarded = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "pool is full" in record.getMessage():
            self.discarded += 1


def run(options: Any) -> list[_stats.Target]:
    reps = 3 if options.quick else 10
    tally: dict[str, list[dict[str, int]]] = {"steady (token valid)": [],
                                               "storm (token expired)": []}
    pool_log = _Count()
    logging.getLogger("urllib3.connectionpool").addHandler(pool_log)
    try:
        with ServerProcess("fake", sales=25) as server:
            info = server.info
            saves: list[dict[str, Any]] = []
            client = gumroad.GumroadClient(
                token=info["token"], client_id=info["client_id"],
                client_secret=info["client_secret"], auto_refresh_url=info["token_url"],
                base_url=info["api_url"], token_saver=saves.append)
            client.user.get()

            def storm(expire: bool, name: str) -> Callable[[], float]:
                def timed() -> float:
                    if expire:
                        server.call("expire")
                    before, saved, discarded = server.call("stats"), len(saves), pool_log.discarded
                    overflows = _stats.listen_overflows()
                    barrier = threading.Barrier(THREADS + 1)
                    finished = [0.0] * THREADS
                    errors: list[BaseException] = []

                    def worker(index: int) -> None:
                        barrier.wait()
                        try:
                            if not client.user.get().get("name"):
                                raise AssertionError("no user in the answer")
                        except BaseException as exc:
                            errors.append(exc)
                        finished[index] = time.perf_counter()

                    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
                    for thread in threads:
                        thread.start()
                    barrier.wait()
                    started = time.perf_counter()
                    for thread in threads:
                        thread.join(timeout=120)
                    after = server.call("stats")
                    statuses = Counter(after["statuses"]) - Counter(before["statuses"])
                    tally[name].append({
                        "token_calls": after["token_calls"] - before["token_calls"],
                        "saves": len(saves) - saved,
                        "401s": statuses.get("401", 0),
                        "connections": after["connections"] - before["connections"],
                        "discarded": pool_log.discarded - discarded,
                        "errors": len(errors) + sum(1 for t in threads if t.is_alive()),
                        "overflows": _stats.listen_overflows() - overflows,
                    })
                    return max(finished) - started

                return timed

            samples = _stats.interleave({name: storm(name.startswith("storm"), name)
                                         for name in tally}, reps)
            client.close()
    finally:
        logging.getLogger("urllib3.connectionpool").removeHandler(pool_log)

    rows = []
    for name, runs in tally.items():
        def span(key: str, runs: list[dict[str, int]] = runs) -> str:
            values = [r[key] for r in runs]
            return f"{min(values)}-{max(values)}" if min(values) != max(values) else str(values[0])

        rows.append([name, _stats.summary(samples[name], "{:.0f}", 1e3),
                     f"{max(samples[name]) * 1e3:.0f}",
                     _stats.summary(_stats.paired_ratios(samples, name, "steady (token valid)"),
                                    "{:.2f}"),
                     span("token_calls"), span("saves"), span("401s"), span("connections"),
                     span("discarded"), span("overflows"), span("errors")])
    _stats.print_table(
        f"Refresh storm: {THREADS} threads, one client ({reps} reps)",
        ["run", "ms to last answer median [IQR]", "worst ms", "vs steady", "token calls",
         "saver calls", "401s", "TCP connections", "pool-full discards", "listen overflows",
         "errors"], rows,
        "Ranges are min-max over the repetitions. `pool-full discards`: connections urllib3 "
        "closed because more threads than the pool's 10 slots were using it at once. `listen "
        "overflows`: connections the kernel dropped because the server's listen backlog was "
        "full (the client then waits 1 s to retry its SYN).")
    storms = tally["storm (token expired)"]
    calls = sorted({r["token_calls"] for r in storms})
    errors = sum(r["errors"] for r in storms) + sum(r["errors"] for r in tally["steady (token valid)"])
    extra = statistics.median(samples["storm (token expired)"]) * 1e3
    return [
        _stats.Target(f"refresh storm ({THREADS} threads): token-endpoint calls", "1 per storm",
                      f"{'/'.join(map(str, calls))} per storm, {errors} errors, all answered in "
                      f"{extra:.0f} ms (median)", calls == [1] and errors == 0),
    ]
