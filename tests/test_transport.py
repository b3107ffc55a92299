"""Retries over a real loopback connection: what is replayed, what never is."""

from __future__ import annotations

import logging
import threading
import traceback

import pytest
from urllib3.exceptions import NewConnectionError, ReadTimeoutError

import gumroad
from gumroad import GumroadClient
from gumroad._transport import MAX_RETRY_AFTER, make_retry

from ._loopback import LoopbackServer, json_reply

OK = json_reply(200, '{"success":true}')
UNAVAILABLE = (503, {"Content-Type": "text/html"}, b"<html>503</html>")
THROTTLED = (429, {"Content-Type": "text/plain"}, b"Retry later")
SECRET = "tok-very-secret-4321"


@pytest.fixture
def sleeps(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr("urllib3.util.retry.time.sleep", slept.append)
    return slept


def scripted(*replies):
    """A handler answering the given replies in order, then OK forever."""
    queue = list(replies)
    lock = threading.Lock()

    def handler(method, path, query, body):
        with lock:
            return queue.pop(0) if queue else OK

    return handler


def client_for(server, **kwargs):
    return GumroadClient(SECRET, base_url=server.url + "/v2", **kwargs)


def test_get_retried_on_503_and_succeeds(sleeps):
    with LoopbackServer(scripted(UNAVAILABLE, UNAVAILABLE)) as server:
        response = client_for(server).get("products")
    assert response.status_code == 200
    assert len(server.seen) == 3
    # urllib3 retries the first failure at once and backs off from the second on;
    # the backoff is slept through the patched sleep, not waited for real.
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 8.0


def test_refund_not_retried_on_503(sleeps):
    with LoopbackServer(scripted(UNAVAILABLE, UNAVAILABLE)) as server:
        client = client_for(server)
        response = client.put("sales/s1/refund", data={"amount_cents": "100"})
        assert response.status_code == 503
        with pytest.raises(gumroad.ServerError):
            client.request_json("PUT", "sales/s1/refund")
    assert [s.method for s in server.seen] == ["PUT", "PUT"]  # one attempt each


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_429_retried_on_any_method(method, sleeps):
    with LoopbackServer(scripted(THROTTLED)) as server:
        response = client_for(server).request(method, "x")
    assert response.status_code == 200
    assert len(server.seen) == 2


def test_retry_after_respected_and_capped(sleeps):
    replies = [(429, {"Retry-After": "3"}, b"Retry later"),
               (503, {"Retry-After": "100000"}, b"busy")]
    with LoopbackServer(scripted(*replies)) as server:
        assert client_for(server).get("x").status_code == 200
    assert sleeps == [3.0, MAX_RETRY_AFTER]


def test_exhausted_retries_return_last_answer(sleeps):
    with LoopbackServer(scripted(*[UNAVAILABLE] * 10)) as server:
        client = client_for(server, max_retries=2)
        assert client.get("x").status_code == 503
    assert len(server.seen) == 3


def test_max_retries_zero_turns_retries_off(sleeps):
    with LoopbackServer(scripted(UNAVAILABLE, THROTTLED)) as server:
        client = client_for(server, max_retries=0)
        assert client.get("x").status_code == 503
        assert client.get("x").status_code == 429
    assert len(server.seen) == 2


def test_reset_after_send_retried_for_get_not_for_put(sleeps):
    with LoopbackServer(scripted("reset")) as server:
        assert client_for(server).get("x").status_code == 200
        assert len(server.seen) == 2
    with LoopbackServer(scripted("reset")) as server:
        with pytest.raises(gumroad.APIConnectionError):
            client_for(server).put("sales/s1/refund")
        assert len(server.seen) == 1


def test_read_timeout_retried_for_get_never_for_post(sleeps):
    release = threading.Event()

    def slow_once(method, path, query, body):
        if len(server.seen) == 1:
            release.wait(2)
        return OK

    with LoopbackServer(slow_once) as server:
        assert client_for(server, timeout=(2, 0.2)).get("x").status_code == 200
        assert len(server.seen) == 2
    release.set()
    release.clear()
    with LoopbackServer(slow_once) as server:
        with pytest.raises(gumroad.APITimeoutError) as info:
            client_for(server, timeout=(2, 0.2)).post("x")
        assert len(server.seen) == 1
        release.set()
    assert SECRET not in "".join(traceback.format_exception(info.value))


def test_retry_policy_table():
    retry = make_retry(3)
    for method in ("GET", "HEAD", "POST", "PUT", "DELETE"):
        assert retry.is_retry(method, 429)
    for status in (408, 500, 502, 503, 504):
        assert retry.is_retry("GET", status)
        for method in ("POST", "PUT", "DELETE"):
            assert not retry.is_retry(method, status)
    assert not retry.is_retry("GET", 404)
    # A connection that was never made is retried whatever the method.
    error = NewConnectionError(None, "refused")  # type: ignore[arg-type]
    assert retry.increment(method="POST", url="/x", error=error).total == 2
    # A read error on POST is re-raised at once.
    with pytest.raises(ReadTimeoutError):
        retry.increment(method="POST", url="/x", error=ReadTimeoutError(None, "/x", "slow"))
    assert make_retry(0).is_retry("GET", 503) is False
    with pytest.raises(ValueError, match="max_retries"):
        make_retry(-1)


def test_connection_refused_is_api_connection_error_without_token(sleeps):
    with LoopbackServer(scripted()) as server:
        url = server.url
    client = GumroadClient(SECRET, base_url=url + "/v2", max_retries=1)
    with pytest.raises(gumroad.APIConnectionError) as info:
        client.get("user")
    text = "".join(traceback.format_exception(info.value))
    assert SECRET not in text
    assert "access_token=***" in text or "access_token" not in text


def test_debug_logs_contain_no_token(sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    with LoopbackServer(scripted(UNAVAILABLE)) as server:
        client = client_for(server)
        client.get("user", params={"after": "2024-01-01"})
    messages = [r.getMessage() for r in caplog.records]
    assert any("urllib3" in r.name for r in caplog.records)
    assert any(r.name == "gumroad" and "GET /v2/user -> 200" in r.getMessage()
               for r in caplog.records)
    assert any("access_token=***" in m for m in messages)  # urllib3's request line, redacted
    assert not [m for m in messages if SECRET in m]
