"""
bench.bench_export
~~~~~~~~~~~~~~~~~~

Paging through every sale (10k and 100k) with ``client.sales.list()`` against a
hand-written ``requests`` loop over ``page_key``, and, at 10k, the peer's
``retrieve_all_sales()``. Two measurements, each in child processes (this file
with ``--child``), the fake server in yet another process:

**Time, interleaved in chunks.** One child walks every sale with *both* the SDK
and the loop, taking turns: 20 pages with one, 20 with the other (who goes first
alternates), until both have seen every page. Chunk *i* of each covers the same
pages, so each pair is compared on identical work within a second or two of
each other; the wall and CPU ratios are the medians over the pairs. On a shared
2-core machine this is far steadier than comparing whole 25-second runs.

**Memory (and whole-run time), a fresh process per run.** Each contender runs
alone in a new child, so its peak RSS is its own: once the imports and the
client are ready, the peak-RSS mark is reset to the current RSS
(``/proc/self/clear_refs``) and ``ru_maxrss`` read; after the last sale it is
read again; the growth is the difference. The child folds every sale id into a
count and a CRC, so the parent checks that every contender saw the same sales.
"""

from __future__ import annotations

import functools
import json
import resource
import statistics
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import _stats
from _servers import ServerProcess

__all__ = ["run"]

CONTENDERS = {
    "client.sales.list()": "sdk",
    "hand-written requests loop": "loop",
    "pygumroad retrieve_all_sales()": "peer",
}
BASELINE = "hand-written requests loop"
CANDIDATE = "client.sales.list() [candidate]"
#: Pages per turn in the interleaved timing.
CHUNK = 20


def _rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _start_rss_kib() -> int:
    """Reset the peak-RSS mark to the current RSS where Linux allows it, then read it.

    Without the reset, a transient peak during the imports could hide growth
    during the iteration; with it, growth is measured from the RSS at the start.
    """
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass
    return _rss_kib()


def _child(kind: str, url: str, api_url: str, token: str) -> None:
    import requests

    import gumroad

    count, crc = 0, 0
    if kind == "sdk":
        client = gumroad.GumroadClient(token, base_url=api_url)
        before, started, cpu = _start_rss_kib(), time.perf_counter(), time.process_time()
        for sale in client.sales.list():
            count += 1
            crc = (crc + zlib.crc32(sale["id"].encode())) & 0xFFFFFFFFFFFF
    elif kind == "loop":
        session = requests.Session()
        before, started, cpu = _start_rss_kib(), time.perf_counter(), time.process_time()
        key = None
        while True:
            params = {"access_token": token}
            if key is not None:
                params["page_key"] = key
            response = session.get(api_url + "/sales", params=params, timeout=(5, 30))
            response.raise_for_status()
            body = response.json()
            if body.get("success") is not True:
                raise RuntimeError(f"failed page: {body}")
            for sale in body["sales"]:
                count += 1
                crc = (crc + zlib.crc32(sale["id"].encode())) & 0xFFFFFFFFFFFF
            key = body.get("next_page_key")
            if not key:
                break
    else:
        import _peer

        peer, why = _peer.load(install=False)
        if peer is None:
            raise SystemExit(why)
        client = _peer.make_client(peer, url, token)
        before, started, cpu = _start_rss_kib(), time.perf_counter(), time.process_time()
        for sale in client.retrieve_all_sales():  # it returns one list of every sale
            count += 1
            crc = (crc + zlib.crc32(sale["id"].encode())) & 0xFFFFFFFFFFFF
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "count": count, "crc": crc,
                      "rss_before_kib": before, "rss_growth_kib": _rss_kib() - before}))


def _sdk_pages(api_url: str, token: str) -> Iterator[list[Any]]:
    import gumroad

    client = gumroad.GumroadClient(token, base_url=api_url)
    for page in client.sales.list().pages():
        yield page.items


def _loop_pages(api_url: str, token: str) -> Iterator[list[Any]]:
    import requests

    session = requests.Session()
    key = None
    while True:
        params = {"access_token": token}
        if key is not None:
            params["page_key"] = key
        response = session.get(api_url + "/sales", params=params, timeout=(5, 30))
        response.raise_for_status()
        body = response.json()
        if body.get("success") is not True:
            raise RuntimeError(f"failed page: {body}")
        yield body["sales"]
        key = body.get("next_page_key")
        if not key:
            return


def _chunks(api_url: str, token: str, chunk: int) -> None:
    """Walk every page with both, *chunk* pages at a time each, and time every chunk."""
    import requests  # noqa: F401  (imported here so that no chunk pays for an import)

    import gumroad  # noqa: F401

    walkers = {"sdk": _sdk_pages(api_url, token), "loop": _loop_pages(api_url, token)}
    wall: dict[str, list[float]] = {k: [] for k in walkers}
    cpu: dict[str, list[float]] = {k: [] for k in walkers}
    seen = {k: [0, 0] for k in walkers}
    done: set[str] = set()
    turn = 0
    while len(done) < len(walkers):
        order = list(walkers) if turn % 2 == 0 else list(reversed(walkers))
        turn += 1
        for name in order:
            if name in done:
                continue
            pages = 0
            started, cpu_started = time.perf_counter(), time.process_time()
            for items in walkers[name]:
                for sale in items:
                    seen[name][0] += 1
                    seen[name][1] = (seen[name][1] + zlib.crc32(sale["id"].encode())) & 0xFFFFFFFFFFFF
                pages += 1
                if pages == chunk:
                    break
            else:
                done.add(name)
            if pages:
                wall[name].append(time.perf_counter() - started)
                cpu[name].append(time.process_time() - cpu_started)
    print(json.dumps({"wall": wall, "cpu": cpu, "seen": seen}))


def _spawn(kind: str, server: ServerProcess, results: dict[str, list[dict[str, Any]]],
           name: str, tree: Path | None = None) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, server.info["url"], server.info["api_url"],
         server.info["token"]["access_token"]],
        capture_output=True, text=True, env=_stats.child_env(tree), timeout=900, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed: {done.stderr.strip()[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    results[name].append(result)
    return float(result["seconds"])


def _chunked(server: ServerProcess, tree: Path | None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--chunks", str(CHUNK), server.info["api_url"],
         server.info["token"]["access_token"]],
        capture_output=True, text=True, env=_stats.child_env(tree), timeout=1800, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the chunked run failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _chunk_table(sales: int, runs: dict[str, dict[str, Any]]) -> dict[str, float]:
    rows, medians = [], {}
    for label, result in runs.items():
        wall = [a / b for a, b in zip(result["wall"]["sdk"], result["wall"]["loop"])]
        cpu = [a / b for a, b in zip(result["cpu"]["sdk"], result["cpu"]["loop"])]
        same = result["seen"]["sdk"] == result["seen"]["loop"]
        medians[label] = statistics.median(wall) if same else float("inf")
        rows.append([label, len(wall), _stats.summary(wall, "{:.3f}"), _stats.summary(cpu, "{:.3f}"),
                     f"{sum(result['wall']['sdk']):.2f} / {sum(result['wall']['loop']):.2f}",
                     f"{result['seen']['sdk'][0]}" + ("" if same else " **DIFFERENT SALES**")])
    _stats.print_table(
        f"Export of {sales:,} sales: client.sales.list() / hand-written loop, interleaved "
        f"{CHUNK}-page chunks",
        ["gumroad", "chunk pairs", "wall ratio median [IQR]", "CPU ratio median [IQR]",
         "total wall s (SDK / loop)", "sales seen by each"], rows)
    return medians


def _bench_size(sales: int, reps: int, with_peer: bool, candidate: Path | None) -> dict[str, Any]:
    names = [n for n in CONTENDERS if with_peer or CONTENDERS[n] != "peer"]
    if candidate is not None:
        names.insert(1, CANDIDATE)
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    with ServerProcess("fake", sales=sales) as server:
        chunked = {"this checkout": _chunked(server, None)}
        if candidate is not None:
            chunked[f"candidate {candidate}"] = _chunked(server, candidate)
        chunk_ratios = _chunk_table(sales, chunked)
        contenders = {name: functools.partial(_spawn, CONTENDERS.get(name, "sdk"), server, results,
                                              name, candidate if name == CANDIDATE else None)
                      for name in names}
        samples = _stats.interleave(contenders, reps)
    cpu = {name: [r["cpu"] for r in results[name]] for name in names}
    rows = []
    for name in names:
        ratio = _stats.paired_ratios(samples, name, BASELINE)
        growth = [r["rss_growth_kib"] / 1024 for r in results[name]]
        seen = {(r["count"], r["crc"]) for r in results[name]}
        rows.append([name, _stats.summary(samples[name], "{:.2f}"),
                     "1 (baseline)" if name == BASELINE else _stats.summary(ratio, "{:.3f}"),
                     _stats.summary(cpu[name], "{:.2f}"),
                     "1 (baseline)" if name == BASELINE else
                     _stats.summary(_stats.paired_ratios(cpu, name, BASELINE), "{:.3f}"),
                     f"{statistics.median(growth):.1f} (max {max(growth):.1f})",
                     f"{results[name][0]['rss_before_kib'] / 1024:.0f}",
                     "/".join(str(c) for c, _ in sorted(seen))])
    baseline_seen = {(r["count"], r["crc"]) for r in results[BASELINE]}
    same = all({(r["count"], r["crc"]) for r in results[n]} == baseline_seen for n in names)
    _stats.print_table(
        f"Export of {sales:,} sales, {sales // 10:,} pages, whole runs ({reps} reps, fresh "
        "process each)",
        ["contender", "wall s median [IQR]", "wall ratio median [IQR]", "client CPU s",
         "CPU ratio", "peak RSS growth MiB", "RSS at start MiB", "sales seen"],
        rows, "Same sales (count and CRC of ids) for every contender and run: "
              + ("yes" if same else "**NO**") + ". `client CPU`: the child's own CPU time "
              "(the server's is not in it), steadier than wall time on a busy machine.")
    if candidate is not None:
        print(f"\ncandidate ({candidate}) / this checkout, paired: wall "
              f"{_stats.summary(_stats.paired_ratios(samples, CANDIDATE, names[0]), '{:.3f}')}, "
              f"CPU {_stats.summary(_stats.paired_ratios(cpu, CANDIDATE, names[0]), '{:.3f}')}")
    return {"samples": samples, "cpu": cpu, "results": results, "same": same,
            "chunk_ratio": chunk_ratios["this checkout"]}


def run(options: Any) -> list[_stats.Target]:
    import _peer

    peer, why = _peer.load(install=options.peer)
    if peer is None:
        print(f"\npeer left out: {why}")
    sizes = [(5_000, 2, peer is not None)] if options.quick else \
        [(10_000, 3, peer is not None), (100_000, 1, False)]
    outcome = {sales: _bench_size(sales, reps, with_peer, options.candidate)
               for sales, reps, with_peer in sizes}
    largest = max(outcome)
    targets = []
    for sales, result in outcome.items():
        ratio = result["chunk_ratio"]
        whole = statistics.median(_stats.paired_ratios(result["samples"], "client.sales.list()",
                                                       BASELINE))
        targets.append(_stats.Target(
            f"export {sales:,}: client.sales.list() vs hand-written loop, wall time", "<= 1.10x",
            f"{ratio:.3f}x (interleaved chunks; whole fresh-process runs: {whole:.3f}x)",
            ratio <= 1.10 and result["same"]))
    growth = max(r["rss_growth_kib"] for r in outcome[largest]["results"]["client.sales.list()"])
    label = f"{largest:,}" + (" (--quick; the full run measures 100,000)" if options.quick else "")
    targets.append(_stats.Target(
        f"export {label}: peak RSS growth of client.sales.list()", "< 20 MiB",
        f"{growth / 1024:.1f} MiB (worst run)", growth / 1024 < 20))
    return targets


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        _child(*sys.argv[2:6])
    elif len(sys.argv) == 5 and sys.argv[1] == "--chunks":
        _chunks(sys.argv[3], sys.argv[4], int(sys.argv[2]))
    else:
        sys.exit("run it through bench/run.py --only export")
