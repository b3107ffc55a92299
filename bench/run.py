"""
bench/run.py: every benchmark of issue 7, in one command.

Usage::

    python bench/run.py                 # the full run, about 6 minutes on 2 cores
    python bench/run.py --quick         # a ~1-minute smoke run (CI)
    python bench/run.py --only call,import
    python bench/run.py --no-peer       # do not pip-install pygumroad
    python bench/run.py --strict        # exit 1 when a target is missed
    python bench/run.py --only export --candidate /tmp/patched   # A/B a patched copy

It measures this checkout (the repository root goes first on ``sys.path``),
against loopback servers in their own processes, and prints Markdown tables
with medians, interquartile ranges and paired ratios, then every target with
PASS or MISS. See bench/README.md and docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import traceback
from pathlib import Path

import _stats

import gumroad

BENCHES = ["call", "export", "import", "threads", "refresh", "parallel"]


def _machine() -> str:
    model = "?"
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info
                          if line.startswith("model name")), "?")
    except OSError:
        model = platform.processor() or "?"
    return (f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()} "
            f"({platform.python_implementation()}), {platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer, smaller runs (~1 minute)")
    parser.add_argument("--only", default=",".join(BENCHES),
                        help=f"comma-separated benches to run: {','.join(BENCHES)}")
    parser.add_argument("--no-peer", dest="peer", action="store_false",
                        help="do not pip-install pygumroad (the peer is left out if absent)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--candidate", metavar="PATH", type=Path,
                        help="export bench: also page with the gumroad of another checkout "
                             "(e.g. a patched copy), paired against this one")
    options = parser.parse_args(argv)
    chosen = [name.strip() for name in options.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(BENCHES))
    if unknown:
        parser.error(f"unknown bench {', '.join(unknown)}; choose from {', '.join(BENCHES)}")

    print(f"# gumroad {gumroad.__version__} benchmarks{' (--quick)' if options.quick else ''}")
    print(f"\nmachine: {_machine()}")
    print(f"gumroad from {os.path.dirname(gumroad.__file__)}")
    if options.candidate is not None:
        if not (options.candidate / "gumroad" / "__init__.py").is_file():
            parser.error(f"--candidate {options.candidate}: no gumroad/ package there")
        print(f"candidate (export bench only): {options.candidate.resolve() / 'gumroad'}")
    started = time.monotonic()
    targets: list[_stats.Target] = []
    failed: list[str] = []
    for name in BENCHES:
        if name not in chosen:
            continue
        print(f"\n## {name}")
        sys.stdout.flush()
        bench_started = time.monotonic()
        try:
            module = __import__(f"bench_{name}")
            targets.extend(module.run(options))
        except Exception:
            failed.append(name)
            traceback.print_exc()
        print(f"\n({name}: {time.monotonic() - bench_started:.0f} s)")

    print("\n## Targets\n")
    width = max((len(t.name) for t in targets), default=10)
    for target in targets:
        print(f"{target.verdict:4}  {target.name.ljust(width)}  goal {target.goal}: {target.measured}")
        for note in target.notes:
            print(f"      {note}")
    for name in failed:
        print(f"FAIL  the {name} bench raised (traceback above)")
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    missed = any(t.ok is False for t in targets)
    return 1 if failed or (options.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
