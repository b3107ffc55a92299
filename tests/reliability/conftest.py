"""Reliability fixtures: figures printed in pytest's terminal summary, and a secrets guard.

``figures.record(title, **values)`` keeps one line per run; :func:`pytest_terminal_summary`
prints them under "gumroad reliability figures" in normal ``pytest`` output (no ``-s``).

``secrets_guard`` turns on DEBUG logging for the root, ``gumroad`` and ``urllib3`` loggers,
collects every exception text a test hands it (``traceback.format_exception``, chained causes
included) and, at teardown, asserts that no access token, refresh token, authorization code
or client secret the watched fakes ever issued appears in any captured log line or exception.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from gumroad import _transport

_LINES: list[str] = []


class Figures:
    """Collects one summary line per measured run."""

    def record(self, title: str, **values: Any) -> str:
        parts = ", ".join(f"{k.replace('_', ' ')} {_fmt(v)}" for k, v in values.items())
        line = f"{title}: {parts}"
        _LINES.append(line)
        print(line)  # also in the captured output of the test itself
        return line


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return "{" + " ".join(f"{k}={v}" for k, v in value.items()) + "}"
    return str(value)


@pytest.fixture(scope="session")
def figures() -> Figures:
    return Figures()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _LINES:
        terminalreporter.section("gumroad reliability figures")
        for line in _LINES:
            terminalreporter.write_line(line)


class SecretsGuard:
    """Everything secret the watched fakes handed out, checked against logs and exception text."""

    def __init__(self) -> None:
        self.fakes: list[Any] = []
        self.extra: set[str] = set()
        self.texts: list[str] = []

    def watch(self, fake: Any) -> Any:
        if not any(f is fake for f in self.fakes):
            self.fakes.append(fake)
        return fake

    def secret(self, value: str) -> None:
        self.extra.add(value)

    def exception(self, exc: BaseException) -> None:
        """Keep the full traceback text of *exc* (causes and contexts included) and its repr."""
        self.texts.append("".join(traceback.format_exception(exc)) + repr(exc))

    def text(self, value: str) -> None:
        self.texts.append(value)

    def secrets(self) -> set[str]:
        found = set(self.extra)
        for fake in self.fakes:
            with fake.lock:
                for token in fake.oauth.tokens.values():
                    found.update((token.token, token.refresh_token))
                found.update(app.client_secret for app in fake.oauth.apps.values())
                found.update(fake.oauth.grants)  # authorization codes
        return {s for s in found if s}

    def check(self, records: Iterable[logging.LogRecord]) -> tuple[int, int]:
        secrets = self.secrets()
        lines = [_render(r) for r in records]
        for where, texts in (("log line", lines), ("exception text", self.texts)):
            for text in texts:
                leaked = [s for s in secrets if s in text]
                assert not leaked, f"a secret leaked into a {where}: {text[:300]!r}"
        return len(lines), len(self.texts)


def _render(record: logging.LogRecord) -> str:
    text = record.getMessage()
    if record.exc_info:
        text += "".join(traceback.format_exception(*record.exc_info))
    return text


@pytest.fixture
def secrets_guard(caplog: pytest.LogCaptureFixture, figures: Figures, request: Any) -> Iterator[SecretsGuard]:
    caplog.set_level(logging.DEBUG)
    for name in ("gumroad", "urllib3"):
        caplog.set_level(logging.DEBUG, logger=name)
    guard = SecretsGuard()
    yield guard
    records = caplog.get_records("setup") + caplog.get_records("call")
    lines, texts = guard.check(records)
    _SCANNED["log lines"] += lines
    _SCANNED["exception texts"] += texts
    _SCANNED["tests"] += 1
    _ALL_SECRETS.update(guard.secrets())


_SCANNED = {"tests": 0, "log lines": 0, "exception texts": 0}
_ALL_SECRETS: set[str] = set()


@pytest.fixture(scope="session", autouse=True)
def _report_secret_scan(figures: Figures) -> Iterator[None]:
    yield
    if _SCANNED["tests"]:
        figures.record(
            "no secret in logs or exceptions",
            tests=_SCANNED["tests"],
            log_lines_scanned=_SCANNED["log lines"],
            exception_texts_scanned=_SCANNED["exception texts"],
            distinct_secrets_checked=len(_ALL_SECRETS),
        )


@pytest.fixture
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """Real urllib3 backoff sleeps, scaled down so a fault-heavy run stays bounded.

    The SDK's policy is kept (which conditions retry, for which methods, how many times);
    only the sleep between attempts shrinks from 0.5 s * 2**n (capped at 8 s, jitter 0.25 s)
    to 0.02 s * 2**n (capped at 0.2 s, jitter 0.01 s). Clients must be built after this
    fixture runs: the policy is made in ``gumroad._transport.make_retry``.
    """
    original = _transport.make_retry
    scale = {"backoff_factor": 0.02, "backoff_max": 0.2, "backoff_jitter": 0.01}

    def make_retry(max_retries: int) -> Any:
        retry = original(max_retries)
        for name, value in scale.items():
            setattr(retry, name, value)
        return retry

    monkeypatch.setattr(_transport, "make_retry", make_retry)
    return scale


@pytest.fixture
def roomy_backlog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work around the fake's listen backlog of 5 for runs that open many connections at once.

    ``FakeGumroadServer`` inherits ``socketserver``'s ``request_queue_size = 5``; a burst of
    new connections then gets resets and 1 s SYN retransmissions that have nothing to do with
    the SDK (shown by test_fake_server.py::test_fake_server_accepts_a_burst_of_connections).
    Servers started after this fixture listen with a backlog of 128.
    """
    from gumroad.testing import server

    monkeypatch.setattr(server._HTTPServer, "request_queue_size", 128)
