"""
gumroad.testing.faults
~~~~~~~~~~~~~~~~~~~~~~

Fault injection and the request log, shared by both fronts.

Usage::

    fake.faults.inject(503, count=2, route="/v2/sales")   # two 503s, then normal answers
    client.sales.list().first()                            # a GET: retried, 200 the third time
    assert fake.count("GET", "/v2/sales") == 3

Other faults::

    fake.faults.inject(429, retry_after="1")               # text/plain "Retry later"
    fake.faults.inject("reset", method="PUT")              # drop the connection
    fake.faults.inject("delay", seconds=2.0)               # answer after 2 s

A fault is taken *before* the request reaches the model (a 5xx, 429 or reset
changes nothing), except ``"delay"``: the request is served at once and the
answer waits, as when a slow network loses a reply the server already acted on.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, deque
from dataclasses import dataclass
from typing import Union

from ._http import FakeResponse, html_response

__all__ = [
    "SECRET_PARAMS",
    "Fault",
    "FaultInjector",
    "FaultKind",
    "LoggedRequest",
    "RequestLog",
]

FaultKind = Union[int, str]
SECRET_PARAMS = frozenset({"access_token", "bearer_token", "client_secret", "code",
                           "code_verifier", "refresh_token", "token", "password"})
_GATEWAY = "<html>\r\n<head><title>{0} {1}</title></head>\r\n<body>\r\n<center><h1>{0} {1}" \
           "</h1></center>\r\n</body>\r\n</html>\r\n"
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Time-out"}
_RAILS_500 = ("<!DOCTYPE html>\n<html>\n<head><title>We're sorry, but something went wrong "
              "(500)</title></head>\n<body><h1>We're sorry, but something went wrong.</h1>"
              "</body>\n</html>\n")


@dataclass
class Fault:
    """One injected fault; ``remaining`` is ``None`` for "until cleared"."""

    kind: FaultKind
    remaining: int | None
    route: re.Pattern[str] | None = None
    method: str | None = None
    seconds: float = 0.0
    retry_after: str | None = None
    served: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to *method* *path*."""
        if self.method is not None and self.method != method:
            return False
        return self.route is None or self.route.match(path) is not None

    def response(self) -> FakeResponse:
        """The answer this fault gives (``reset`` and ``delay`` are flags on it)."""
        if self.kind == "reset":
            return FakeResponse(0, reset=True)
        if self.kind == 429:
            headers = [("Content-Type", "text/plain")]
            if self.retry_after is not None:
                headers.append(("Retry-After", self.retry_after))
            return FakeResponse(429, headers, b"Retry later")
        status = int(self.kind)
        if status == 500:
            return html_response(500, _RAILS_500)
        return html_response(status, _GATEWAY.format(status, _REASONS.get(status, "Error")))


class FaultInjector:
    """The queue of pending faults; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def inject(self, kind: FaultKind, count: int | None = 1, *, route: str | None = None,
               method: str | None = None, seconds: float = 0.0,
               retry_after: str | int | None = None) -> Fault:
        """Make the next *count* matching requests fail with *kind*.

        :param kind: an HTTP status (e.g. 500, 502, 503, 504, 429), ``"reset"``
            (close the connection without answering; the ``responses`` front
            raises :class:`requests.ConnectionError`) or ``"delay"`` (answer
            after *seconds*).
        :param count: how many requests; ``None`` until :meth:`clear`.
        :param route: a regular expression matched at the start of the path,
            so a plain prefix such as ``"/v2/sales"`` works.
        :param method: only this HTTP method (``"GET"``...).
        :param retry_after: a ``Retry-After`` value for 429/503 (none by default,
            like the real server).
        """
        if isinstance(kind, bool) or not (
                kind in ("reset", "delay") or (isinstance(kind, int) and 400 <= kind < 600)):
            raise ValueError(f"unknown fault kind {kind!r}: use an HTTP status, 'reset' or 'delay'")
        if count is not None and count < 1:
            raise ValueError("count must be at least 1 (or None for 'until cleared')")
        if kind == "delay" and seconds <= 0:
            raise ValueError("a 'delay' fault needs seconds > 0")
        fault = Fault(kind, count, re.compile(route) if route else None,
                      method.upper() if method else None, seconds,
                      None if retry_after is None else str(retry_after))
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Drop every pending fault."""
        with self._lock:
            self._faults.clear()

    @property
    def pending(self) -> list[Fault]:
        """Faults not used up yet, in injection order."""
        with self._lock:
            return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """Consume one use of the first fault matching *method* *path*."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.served += 1
                    if fault.remaining is not None:
                        fault.remaining -= 1
                        if fault.remaining <= 0:
                            self._faults.remove(fault)
                    return fault
        return None


@dataclass(frozen=True)
class LoggedRequest:
    """A request the fake served: secrets in the query are replaced by ``***``.

    ``status`` is 0 when the connection was reset instead of answered.
    """

    method: str
    path: str
    status: int
    query: tuple[tuple[str, str], ...] = ()


class RequestLog:
    """The last *maxlen* requests, plus exact per ``(method, path)`` counters."""

    def __init__(self, maxlen: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._entries: deque[LoggedRequest] = deque(maxlen=maxlen)
        self._counts: Counter[tuple[str, str]] = Counter()

    def record(self, method: str, path: str, query: list[tuple[str, str]], status: int) -> None:
        """Log one request."""
        safe = tuple((k, "***" if k in SECRET_PARAMS else v) for k, v in query)
        with self._lock:
            self._entries.append(LoggedRequest(method, path, status, safe))
            self._counts[(method, path)] += 1

    def entries(self) -> list[LoggedRequest]:
        """The logged requests, oldest first."""
        with self._lock:
            return list(self._entries)

    def count(self, method: str | None = None, path: str | re.Pattern[str] | None = None) -> int:
        """How many requests matched; *path* is exact, a prefix ending in ``*``, or a regex."""
        with self._lock:
            items = list(self._counts.items())
        total = 0
        for (m, p), n in items:
            if method is not None and m != method.upper():
                continue
            if isinstance(path, re.Pattern):
                if not path.fullmatch(p):
                    continue
            elif path is not None:
                if not (p.startswith(path[:-1]) if path.endswith("*") else p == path):
                    continue
            total += n
        return total

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
            self._counts.clear()
