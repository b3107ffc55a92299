"""
bench.bench_call
~~~~~~~~~~~~~~~~

Per-call cost of one ``GET /v2/user``, client side, against two servers in
their own processes: the raw floor server (a fixed answer, so the client's own
cost dominates) and the fake Gumroad.

Contenders, interleaved round-robin; each run is *calls* sequential calls:

- ``urllib3.PoolManager``: the floor; no ``requests`` at all.
- ``requests.Session.get``: the hand-written baseline for ``client.get``.
- ``client.get("user")``: the thin method, returns the ``Response``.
- ``requests + .json()``: the hand-written baseline for the typed call.
- ``client.user.get()``: the typed call (JSON helper, error mapping, unwrap).
- ``pygumroad api_query``: the peer (a new connection per call, by design).

Each contender has its own client, and the server's accepted-connection count
is read between runs, so the table also says how many TCP connections each one
opened over all its calls.

A third table takes the network and the server away altogether: the sessions
get a *canned* transport adapter that answers from memory (a user answer, or
one page of ten sales), and the CPU time per call is what the client itself
costs: ``requests`` against the SDK on the same work, with no server noise.
"""

from __future__ import annotations

import io
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import _peer
import _stats
import requests
import urllib3
from _servers import USER_BODY, ServerProcess
from requests.adapters import HTTPAdapter

import gumroad

__all__ = ["run"]


def _per_call(fn: Callable[[], Any], calls: int) -> Callable[[], float]:
    def timed() -> float:
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - started) / calls

    return timed


def _contenders(server: ServerProcess, peer: Any) -> dict[str, tuple[Callable[[], Any], str]]:
    """name -> (one call, the baseline its ratio is taken against)."""
    api_url = server.info["api_url"]
    url = api_url + "/user"
    token = server.info["token"]["access_token"]
    params = {"access_token": token}
    pool = urllib3.PoolManager()
    plain, typed = requests.Session(), requests.Session()
    thin = gumroad.GumroadClient(token, base_url=api_url)
    rich = gumroad.GumroadClient(token, base_url=api_url)
    out: dict[str, tuple[Callable[[], Any], str]] = {
        "urllib3.PoolManager (floor)": (
            lambda: pool.request("GET", url, fields=params).data, "requests.Session.get"),
        "requests.Session.get": (lambda: plain.get(url, params=params), "requests.Session.get"),
        'client.get("user")': (lambda: thin.get("user"), "requests.Session.get"),
        'requests + .json()["user"]': (
            lambda: typed.get(url, params=params).json()["user"], 'requests + .json()["user"]'),
        "client.user.get()": (rich.user.get, 'requests + .json()["user"]'),
    }
    if peer is not None:
        other = _peer.make_client(peer, server.info["url"], token)
        out["pygumroad api_query"] = (lambda: other.api_query("/v2/user"), "requests.Session.get")
    return out


def _bench_server(kind: str, reps: int, calls: int, peer: Any) -> dict[str, Any]:
    with ServerProcess(kind, sales=25) as server:
        contenders = _contenders(server, peer)
        connections = dict.fromkeys(contenders, 0)
        last = [server.call("stats")["connections"]]

        def count(name: str) -> None:
            now = server.call("stats")["connections"]
            connections[name] += now - last[0]
            last[0] = now

        for name, (fn, _) in contenders.items():  # warm-up: connect, fill caches
            for _ in range(5):
                fn()
            count(name)
        samples = _stats.interleave({n: _per_call(fn, calls) for n, (fn, _) in contenders.items()},
                                    reps, between=count)
        rows, ratios = [], {}
        for name, (_, baseline) in contenders.items():
            ratio = _stats.paired_ratios(samples, name, baseline)
            ratios[name] = ratio
            rows.append([name, _stats.summary(samples[name], "{:.0f}", 1e6),
                         "1 (baseline)" if name == baseline else _stats.summary(ratio, "{:.3f}"),
                         baseline if name != baseline else "",
                         connections[name]])
        _stats.print_table(
            f"Per call, GET /v2/user against the {kind} server ({reps} reps x {calls} calls)",
            ["contender", "µs/call median [IQR]", "ratio median [IQR]", "vs", "TCP connections"],
            rows, "Ratios are taken within each repetition; connections include the warm-up.")
        return {"ratios": ratios, "connections": connections}


class _Canned(HTTPAdapter):
    """A transport that answers from memory: what remains is the client's own work."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        super().__init__()
        self.bodies = bodies

    def send(self, request: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        path = (request.path_url or "").split("?", 1)[0]
        body = self.bodies[path.rsplit("/", 1)[-1]]
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(body), status=200, preload_content=False,
            headers={"Content-Type": "application/json; charset=utf-8",
                     "Content-Length": str(len(body))})
        return self.build_response(request, raw)


def _bench_canned(reps: int, calls: int) -> None:
    from gumroad.testing import FakeGumroad

    fake = FakeGumroad(seed=0, sales=100)
    token = fake.issue_token()["access_token"]
    page = fake.handle("GET", "/v2/sales", [("access_token", token)]).json()
    del page["next_page_key"], page["next_page_url"]  # one page per listing
    adapter = _Canned({"user": USER_BODY, "sales": json.dumps(page).encode()})
    api_url = "http://127.0.0.1:9/v2"  # never connected to
    session = requests.Session()
    session.mount("http://", adapter)
    client = gumroad.GumroadClient(token, base_url=api_url)
    client.mount("http://", adapter)
    params = {"access_token": token}

    def loop_page() -> None:
        for _ in session.get(api_url + "/sales", params=params).json()["sales"]:
            pass

    def sdk_page() -> None:
        for _ in client.sales.list():
            pass

    contenders: dict[str, tuple[Callable[[], Any], str]] = {
        "requests.Session.get": (lambda: session.get(api_url + "/user", params=params),
                                 "requests.Session.get"),
        'client.get("user")': (lambda: client.get("user"), "requests.Session.get"),
        'requests + .json()["user"]': (
            lambda: session.get(api_url + "/user", params=params).json()["user"],
            'requests + .json()["user"]'),
        "client.user.get()": (client.user.get, 'requests + .json()["user"]'),
        "requests loop, one page of sales": (loop_page, "requests loop, one page of sales"),
        "client.sales.list(), one page": (sdk_page, "requests loop, one page of sales"),
    }

    def cpu_per_call(fn: Callable[[], Any]) -> Callable[[], float]:
        def timed() -> float:
            started = time.process_time()
            for _ in range(calls):
                fn()
            return (time.process_time() - started) / calls

        return timed

    for fn, _ in contenders.values():
        fn()
    samples = _stats.interleave({n: cpu_per_call(fn) for n, (fn, _) in contenders.items()}, reps)
    rows = [[name, _stats.summary(samples[name], "{:.0f}", 1e6),
             "1 (baseline)" if name == baseline else
             _stats.summary(_stats.paired_ratios(samples, name, baseline), "{:.3f}"),
             "" if name == baseline else baseline]
            for name, (_, baseline) in contenders.items()]
    _stats.print_table(
        f"Client-side CPU per call, canned transport: no socket, no server ({reps} reps x "
        f"{calls} calls)",
        ["contender", "CPU µs/call median [IQR]", "ratio median [IQR]", "vs"], rows,
        "A sales page is 10 sales, about 17 kB of JSON.")


def run(options: Any) -> list[_stats.Target]:
    reps, calls = (5, 100) if options.quick else (20, 150)
    peer, why = _peer.load(install=options.peer)
    if peer is None:
        print(f"\npeer left out: {why}")
    else:
        print(f"\npeer: pygumroad {_peer.version(peer)} (BASE_URL pointed at the loopback server)")
    raw = _bench_server("raw", reps, calls, peer)
    fake = _bench_server("fake", reps, calls, peer)
    _bench_canned(reps, calls)
    targets = []
    for name, baseline in (('client.get("user")', "requests.Session.get"),
                           ("client.user.get()", 'requests + .json()["user"]')):
        ratio = statistics.median(raw["ratios"][name])
        targets.append(_stats.Target(
            f"per call: {name} vs {baseline} (raw server)", "<= 1.10x",
            f"{ratio:.3f}x (fake server: {statistics.median(fake['ratios'][name]):.3f}x)",
            ratio <= 1.10))
    seq = {f"{k} ({kind})": v for kind, result in (("raw", raw), ("fake", fake))
           for k, v in result["connections"].items() if k.startswith("client")}
    targets.append(_stats.Target(
        "sequential calls reuse one connection (per-call bench)", "1 per client",
        ", ".join(f"{k}: {v}" for k, v in seq.items()), all(v == 1 for v in seq.values())))
    return targets
