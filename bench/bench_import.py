"""
bench.bench_import
~~~~~~~~~~~~~~~~~~

``import gumroad`` against ``import requests_oauthlib`` (what it is built on),
each in a fresh interpreter, interleaved. Two measures per run: the time of the
``import`` statement inside the child (``perf_counter`` around it), and the
whole process's wall time (``python -c "import X"``, interpreter start
included). Then which modules ``import gumroad`` pulls in: nothing of Flask,
Django, the CLI, the fake or the test tools may be among them, and
``-X importtime`` names the costliest modules it adds over requests_oauthlib.
"""

from __future__ import annotations

import functools
import json
import re
import statistics
import subprocess
import sys
import time
from typing import Any

import _stats

__all__ = ["run"]

MODULES = {"import gumroad": "gumroad", "import requests_oauthlib": "requests_oauthlib",
           "import requests": "requests", "(empty: interpreter start)": ""}
BASELINE = "import requests_oauthlib"
FORBIDDEN = ("flask", "django", "click", "werkzeug", "jinja2", "redis", "responses", "pytest",
             "gumroad.cli", "gumroad.contrib", "gumroad.testing", "gumroad.__main__")
_PROBE = ("import time, sys; t = time.perf_counter(); {stmt}; "
          "print(time.perf_counter() - t); print(len(sys.modules))")


def _once(module: str, inner: dict[str, list[float]], name: str) -> float:
    stmt = f"import {module}" if module else "pass"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PROBE.format(stmt=stmt)], capture_output=True,
                          text=True, env=_stats.child_env(), timeout=60, check=True)
    wall = time.perf_counter() - started
    inner[name].append(float(done.stdout.split()[0]))
    return wall


def _modules_after(module: str) -> list[str]:
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_stats.child_env(), timeout=60, check=True)
    return list(json.loads(done.stdout))


def _importtime(module: str, runs: int) -> dict[str, tuple[float, float]]:
    """module -> (median self µs, median cumulative µs) over *runs* fresh processes."""
    seen: dict[str, list[tuple[int, int]]] = {}
    line = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                              capture_output=True, text=True, env=_stats.child_env(), timeout=60,
                              check=True)
        for match in line.finditer(done.stderr):
            seen.setdefault(match.group(4), []).append((int(match.group(1)), int(match.group(2))))
    return {name: (statistics.median(s for s, _ in v), statistics.median(c for _, c in v))
            for name, v in seen.items()}


def run(options: Any) -> list[_stats.Target]:
    reps = 10 if options.quick else 40
    inner: dict[str, list[float]] = {name: [] for name in MODULES}
    for name, module in MODULES.items():  # warm the bytecode caches and the page cache
        _once(module, {name: []}, name)
    contenders = {name: functools.partial(_once, module, inner, name)
                  for name, module in MODULES.items()}
    wall = _stats.interleave(contenders, reps)
    rows = []
    for name in MODULES:
        rows.append([
            name,
            _stats.summary(inner[name], "{:.1f}", 1e3),
            "1 (baseline)" if name == BASELINE else
            _stats.summary(_stats.paired_ratios(inner, name, BASELINE), "{:.2f}"),
            _stats.summary(wall[name], "{:.0f}", 1e3),
            "1 (baseline)" if name == BASELINE else
            _stats.summary(_stats.paired_ratios(wall, name, BASELINE), "{:.2f}"),
        ])
    _stats.print_table(
        f"Import in a fresh process ({reps} interleaved reps)",
        ["statement", "import ms median [IQR]", "ratio", "process wall ms median [IQR]",
         "wall ratio"], rows,
        "`import ms`: the import statement alone, timed inside the child; `process wall`: "
        "`python -c ...` from spawn to exit.")

    ours = _modules_after("gumroad")
    theirs = set(_modules_after("requests_oauthlib"))
    bad = [m for m in ours if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    added = [m for m in ours if m not in theirs]
    ours_pkg = [m for m in added if m == "gumroad" or m.startswith("gumroad.")]
    others = [m for m in added if m not in ours_pkg]
    print(f"\n`import gumroad` loads {len(ours)} modules, {len(added)} more than "
          f"`import requests_oauthlib`: {len(ours_pkg)} of gumroad's own and "
          f"{len(others)} others ({', '.join(others) or 'none'}).")
    print(f"Forbidden modules loaded (Flask, Django, CLI, fake, test tools): {', '.join(bad) or 'none'}")

    times = _importtime("gumroad", 3 if options.quick else 7)
    own = sum(s for n, (s, _) in times.items() if n == "gumroad" or n.startswith("gumroad."))
    print(f"\nSelf time of gumroad's own modules, summed: {own / 1000:.1f} ms "
          f"(the rest of `import gumroad` is requests, oauthlib and requests_oauthlib).")
    top = sorted(((n, t) for n, t in times.items() if n not in theirs),
                 key=lambda item: item[1][0], reverse=True)[:12]
    _stats.print_table(
        "`-X importtime` for `import gumroad`: costliest modules not loaded by requests_oauthlib",
        ["module", "self µs (median)", "cumulative µs (median)"],
        [[f"`{n}`", f"{s:.0f}", f"{c:.0f}"] for n, (s, c) in top])

    ratio = statistics.median(_stats.paired_ratios(inner, "import gumroad", BASELINE))
    wall_ratio = statistics.median(_stats.paired_ratios(wall, "import gumroad", BASELINE))
    return [
        _stats.Target("import gumroad vs import requests_oauthlib (import statement)", "< 1.2x",
                      f"{ratio:.2f}x (whole process: {wall_ratio:.2f}x)", ratio < 1.2),
        _stats.Target("import gumroad loads no Flask/Django/CLI/testing modules", "none",
                      ", ".join(bad) or "none", not bad),
    ]
