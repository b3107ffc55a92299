"""
bench.bench_parallel
~~~~~~~~~~~~~~~~~~~~

``client.sales.export(workers=8)`` against serial ``client.sales.list()`` when
every ``/v2/sales`` answer is held back 50 ms by the fake (a ``"delay"`` fault:
the page is computed at once and the answer waits, like a distant server). The
serial pager pays the latency once per page; the export overlaps it across
date windows. Both must deliver the same set of sales, each exactly once.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import _stats
from _servers import ServerProcess

import gumroad

__all__ = ["run"]

LATENCY = 0.05
WORKERS = 8


def run(options: Any) -> list[_stats.Target]:
    sales, reps = (2_000, 1) if options.quick else (5_000, 3)
    seen: dict[str, list[tuple[int, int, int]]] = {"serial client.sales.list()": [],
                                              f"client.sales.export(workers={WORKERS})": []}
    sets: dict[str, frozenset[str]] = {}
    with ServerProcess("fake", sales=sales) as server:
        server.call(f"delay {LATENCY}")
        client = gumroad.GumroadClient(server.info["token"]["access_token"],
                                       base_url=server.info["api_url"])

        def contender(name: str, make: Callable[[], Any]) -> Callable[[], float]:
            def timed() -> float:
                before, overflows = server.call("stats"), _stats.listen_overflows()
                started = time.perf_counter()
                ids = [sale["id"] for sale in make()]
                elapsed = time.perf_counter() - started
                after = server.call("stats")
                seen[name].append((len(ids), after["requests"] - before["requests"],
                                   _stats.listen_overflows() - overflows))
                unique = frozenset(ids)
                if len(unique) != len(ids):
                    raise AssertionError(f"{name} yielded {len(ids) - len(unique)} duplicates")
                if sets.setdefault(name, unique) != unique:
                    raise AssertionError(f"{name} yielded a different set on a later run")
                return elapsed

            return timed

        names = list(seen)
        samples = _stats.interleave({
            names[0]: contender(names[0], client.sales.list),
            names[1]: contender(names[1], lambda: client.sales.export(workers=WORKERS)),
        }, reps)
        client.close()
    same = sets[names[0]] == sets[names[1]] and len(sets[names[0]]) == sales
    speedup = [1 / r for r in _stats.paired_ratios(samples, names[1], names[0])]
    rows = [
        [names[0], _stats.summary(samples[names[0]], "{:.2f}"), "1 (baseline)",
         seen[names[0]][0][0], seen[names[0]][0][1], sum(r[2] for r in seen[names[0]])],
        [names[1], _stats.summary(samples[names[1]], "{:.2f}"), _stats.summary(speedup, "{:.2f}"),
         seen[names[1]][0][0], seen[names[1]][0][1], sum(r[2] for r in seen[names[1]])],
    ]
    _stats.print_table(
        f"Parallel export of {sales:,} sales, {LATENCY * 1000:.0f} ms per answer ({reps} reps)",
        ["contender", "wall s median [IQR]", "speedup median [IQR]", "sales yielded",
         "requests (first run)", "listen overflows (all runs)"], rows,
        f"Same set of {sales:,} sales from both, no duplicates: {'yes' if same else '**NO**'}. "
        f"A serial floor: {sales // 10} pages x {LATENCY * 1000:.0f} ms = "
        f"{sales // 10 * LATENCY:.1f} s.")
    value = statistics.median(speedup)
    return [_stats.Target(f"parallel export ({sales:,} sales, {LATENCY * 1000:.0f} ms latency)",
                          ">= 5x and the same sales",
                          f"{value:.2f}x, same set: {'yes' if same else 'NO'}",
                          value >= 5 and same)]
