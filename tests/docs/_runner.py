"""Run one docs example: its setup blocks, the example, then its checks, in one namespace.

Used in the test process, and as a script (``python _runner.py SPEC.json``) for the
pages whose examples each need a fresh interpreter.
"""

from __future__ import annotations

import doctest
import io
import json
import signal
import sys
from collections.abc import Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

HARNESS_NAMES = ("docs_fake", "docs_server", "docs_app")


def _code(path: str, first_line: int, source: str) -> Any:
    return compile("\n" * (first_line - 1) + source, path, "exec")


def _doctest(path: str, line: int, source: str, namespace: dict[str, Any]) -> None:
    test = doctest.DocTestParser().get_doctest(source, namespace, f"{path}:{line}", path, line)
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    result = runner.run(test, out=out.write, clear_globs=False)
    if result.failed:
        raise AssertionError(f"{result.failed} doctest example(s) failed:\n{out.getvalue()}")


def run(
    setups: Iterable[tuple[str, int, str]],
    example: tuple[str, int, str],
    then: Iterable[tuple[str, int, str]],
    namespace: MutableMapping[str, Any],
) -> None:
    """Blocks are ``(path, first line of the code, source)``; the namespace is changed in place."""
    ns: dict[str, Any] = namespace  # type: ignore[assignment]
    for path, first, source in setups:
        exec(_code(path, first, source), ns)  # noqa: S102 - running the docs is the point
    harness = {name: ns.pop(name) for name in HARNESS_NAMES if name in ns}
    path, first, source = example
    if any(line.lstrip().startswith(">>>") for line in source.splitlines()):
        _doctest(path, first - 1, source, ns)
    else:
        exec(_code(path, first, source), ns)  # noqa: S102
    for name, value in harness.items():
        ns.setdefault(name, value)
    for path, first, source in then:
        exec(_code(path, first, source), ns)  # noqa: S102


def close_sessions(namespace: MutableMapping[str, Any]) -> None:
    """Close what an example left open (clients, sessions), so no socket outlives it."""
    import requests

    for value in list(namespace.values()):
        if isinstance(value, requests.Session):
            value.close()


def main(spec_path: str) -> None:
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    sys.path.insert(0, "")  # the working directory: files the page wrote
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        run([tuple(b) for b in spec["setups"]], tuple(spec["example"]),
            [tuple(b) for b in spec["then"]], namespace)
    finally:
        close_sessions(namespace)


if __name__ == "__main__":
    main(sys.argv[1])


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail an example that runs longer than *seconds* (SIGALRM; a no-op without it)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"the example ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
