"""
bench._stats
~~~~~~~~~~~~

What every bench shares: the repository on ``sys.path``, round-robin
interleaving of contenders, medians with their spread, paired ratios, Markdown
tables and the PASS/MISS list of targets.

Why paired ratios: a 2-core machine drifts (frequency, neighbours, page cache)
over seconds. Each repetition runs every contender once, in a rotated order,
and the ratio is taken *within* that repetition, so drift that hits one
repetition hits both sides of its ratio. The median of those ratios is what the
targets are judged on.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The checkout whose ``gumroad`` is measured: this one, unless a parent bench
#: started this process for another (``--candidate``).
TREE = Path(os.environ.get("GUMROAD_BENCH_TREE") or ROOT).resolve()
if str(TREE) not in sys.path:  # benchmark this checkout, not whatever is installed
    sys.path.insert(0, str(TREE))

__all__ = [
    "ROOT",
    "TREE",
    "Target",
    "child_env",
    "interleave",
    "listen_overflows",
    "paired_ratios",
    "print_table",
    "spread",
    "summary",
]


def child_env(tree: Path | None = None) -> dict[str, str]:
    """The environment for child processes: the measured checkout first on ``PYTHONPATH``."""
    env = dict(os.environ)
    chosen = str((tree or TREE).resolve())
    env["GUMROAD_BENCH_TREE"] = chosen
    env["PYTHONPATH"] = os.pathsep.join(p for p in (chosen, env.get("PYTHONPATH", "")) if p)
    # Children compile into a private bytecode cache, even where PYTHONDONTWRITEBYTECODE is
    # set (as on the CI machines): otherwise a source newer than its .pyc is recompiled at
    # every import, and the import bench would time the compiler, not the import.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "gumroad-bench-pycache")
    env.pop("GUMROAD_ACCESS_TOKEN", None)
    env.pop("GUMROAD_API_BASE_URL", None)
    env.pop("GUMROAD_OAUTH_BASE_URL", None)
    return env


def interleave(contenders: Mapping[str, Callable[[], float]], reps: int,
               between: Callable[[str], None] | None = None) -> dict[str, list[float]]:
    """Run each contender once per repetition, rotating who goes first.

    Each callable returns its own measurement (seconds, bytes...). *between* is
    called after each run with the contender's name (outside any timing).
    """
    names = list(contenders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(reps):
        shift = rep % len(names)
        order = names[shift:] + names[:shift]
        if rep % 2:
            order.reverse()
        for name in order:
            gc.collect()
            samples[name].append(contenders[name]())
            if between is not None:
                between(name)
    return samples


def paired_ratios(samples: dict[str, list[float]], name: str, baseline: str) -> list[float]:
    """``name / baseline`` within each repetition."""
    return [a / b for a, b in zip(samples[name], samples[baseline]) if b > 0]


def spread(values: Sequence[float]) -> tuple[float, float]:
    """The interquartile range ``(q1, q3)``; ``(min, max)`` below 4 values."""
    if len(values) < 4:
        return min(values), max(values)
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def summary(values: Sequence[float], fmt: str = "{:.1f}", scale: float = 1.0) -> str:
    """``median [q1-q3]`` of *values* times *scale*."""
    lo, hi = spread(values)
    med = statistics.median(values)
    return f"{fmt.format(med * scale)} [{fmt.format(lo * scale)}-{fmt.format(hi * scale)}]"


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
                note: str = "") -> None:
    """Print a Markdown pipe table (pastes into docs/performance.md as is)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    print(f"\n#### {title}\n")
    for index, row in enumerate(cells):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    if note:
        print(f"\n{note}")
    sys.stdout.flush()


def listen_overflows() -> int:
    """Linux's system-wide count of connections dropped by full listen backlogs (-1 if unknown).

    A jump during a run means a server's ``listen()`` backlog overflowed and clients
    waited out SYN retransmissions (1 s, then 3 s): a server problem, not the client's.
    """
    try:
        with open("/proc/net/netstat") as stats:
            lines = stats.read().splitlines()
    except OSError:
        return -1
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:]))
            return int(table.get("ListenOverflows", -1))
    return -1


@dataclass
class Target:
    """One goal of issue 7 and what this run measured."""

    name: str
    goal: str
    measured: str
    ok: bool | None  # None: not measured in this run
    notes: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "SKIP" if self.ok is None else ("PASS" if self.ok else "MISS")
