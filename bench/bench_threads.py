"""
bench.bench_threads
~~~~~~~~~~~~~~~~~~~

1, 2, 4 and 8 threads sharing **one** client, each making an equal share of a
fixed number of ``client.user.get()`` calls against the fake Gumroad (in its
own process), next to the same threads sharing one hand-written
``requests.Session``. Every run gets a fresh client or session, so the
server's accepted-connection count before and after the run is the number of
TCP connections that run opened: one for a single thread, at most one per
thread otherwise.

On a 2-core machine with the server on one core and a GIL on the client,
throughput cannot scale with threads; what matters is that it does not fall,
that the SDK stays level with plain ``requests``, and that connections are
reused.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import _stats
import requests
from _servers import ServerProcess

import gumroad

__all__ = ["run"]

THREADS = (1, 2, 4, 8)


def _runner(server: ServerProcess, sdk: bool, threads: int, calls: int,
            connections: list[int], dropped: list[int]) -> Callable[[], float]:
    api_url = server.info["api_url"]
    token = server.info["token"]["access_token"]

    def timed() -> float:
        session: requests.Session
        if sdk:
            client = gumroad.GumroadClient(token, base_url=api_url)
            session, call = client, client.user.get
        else:
            session = requests.Session()
            url, params = api_url + "/user", {"access_token": token}

            def call() -> Any:
                return session.get(url, params=params, timeout=(5, 30)).json()["user"]

        before, overflows = server.call("stats")["connections"], _stats.listen_overflows()
        share = calls // threads
        barrier = threading.Barrier(threads + 1)
        errors: list[BaseException] = []

        def worker() -> None:
            barrier.wait()
            try:
                for _ in range(share):
                    call()
            except BaseException as exc:
                errors.append(exc)

        workers = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in workers:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in workers:
            thread.join()
        elapsed = time.perf_counter() - started
        session.close()
        connections.append(server.call("stats")["connections"] - before)
        dropped.append(_stats.listen_overflows() - overflows)
        if errors:
            raise errors[0]
        return share * threads / elapsed

    return timed


def run(options: Any) -> list[_stats.Target]:
    reps, calls = (3, 240) if options.quick else (7, 480)
    connections: dict[str, list[int]] = {}
    dropped: dict[str, list[int]] = {}
    contenders: dict[str, Callable[[], float]] = {}
    with ServerProcess("fake", sales=25) as server:
        for threads in THREADS:
            for sdk in (True, False):
                name = f"{'GumroadClient' if sdk else 'requests.Session'} x{threads}"
                connections[name], dropped[name] = [], []
                contenders[name] = _runner(server, sdk, threads, calls, connections[name],
                                           dropped[name])
        samples = _stats.interleave(contenders, reps)
    rows = []
    for threads in THREADS:
        ours, theirs = f"GumroadClient x{threads}", f"requests.Session x{threads}"
        for name in (ours, theirs):
            rows.append([
                name.split(" x")[0], threads, _stats.summary(samples[name], "{:.0f}"),
                _stats.summary(_stats.paired_ratios(samples, name, f"{name.split(' x')[0]} x1"),
                               "{:.2f}"),
                _stats.summary(_stats.paired_ratios(samples, ours, theirs), "{:.3f}")
                if name == ours else "1 (baseline)",
                f"{min(connections[name])}-{max(connections[name])}",
                sum(dropped[name]),
            ])
    _stats.print_table(
        f"Threads sharing one client, GET /v2/user on the fake ({reps} reps x {calls} calls)",
        ["client", "threads", "calls/s median [IQR]", "vs 1 thread", "vs requests.Session",
         "TCP connections per run (min-max)", "listen overflows (all runs)"], rows,
        "`listen overflows`: connections the kernel dropped because the server's listen "
        "backlog was full; each costs its client a 1 s SYN retransmission.")
    single = connections["GumroadClient x1"]
    worst = max(max(connections[f"GumroadClient x{t}"]) for t in THREADS)
    return [
        _stats.Target("threads: sequential calls (1 thread) use one connection", "1 per run",
                      f"{min(single)}-{max(single)} per run", set(single) == {1}),
        _stats.Target("threads: connections with 8 threads", "<= 8 per run", str(worst),
                      worst <= 8),
    ]
