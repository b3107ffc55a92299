"""Fault injection on the HTTP front, and the request log."""

from __future__ import annotations

import re

import pytest
import requests


def test_503_burst_then_success(call, fake):
    fake.faults.inject(503, count=3)
    statuses = [call("GET", "/v2/user").status_code for _ in range(4)]
    assert statuses == [503, 503, 503, 200]
    assert fake.faults.pending == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_bodies_are_small_html(call, fake, status):
    fake.faults.inject(status)
    response = call("GET", "/v2/user")
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html")
    assert len(response.content) < 300 and "<h1>" in response.text


def test_429_is_plain_text_retry_later_without_retry_after(call, fake):
    fake.faults.inject(429)
    response = call("GET", "/v2/sales")
    assert response.status_code == 429
    assert response.headers["Content-Type"] == "text/plain"
    assert response.text == "Retry later"
    assert "Retry-After" not in response.headers


def test_429_with_retry_after_when_asked(call, fake):
    fake.faults.inject(429, retry_after=2)
    assert call("GET", "/v2/sales").headers["Retry-After"] == "2"


def test_faults_filter_by_route_and_method(call, fake):
    fake.faults.inject(500, count=None, route="/v2/sales", method="PUT")
    assert call("GET", "/v2/sales").status_code == 200
    assert call("PUT", "/v2/sales/x/refund").status_code == 500
    assert call("PUT", "/v2/sales/y/refund").status_code == 500
    assert call("PUT", "/v2/products/x/enable").status_code == 200
    fake.faults.clear()
    assert call("PUT", "/v2/sales/x/refund").status_code == 200


def test_route_is_a_regex(call, fake):
    fake.faults.inject(502, route=r"/v2/products/[^/]+/skus$")
    assert call("GET", "/v2/products").status_code == 200
    assert call("GET", "/v2/products/abc/skus").status_code == 502


def test_a_failed_request_changes_nothing(call, fake):
    sale = call("GET", "/v2/sales").json()["sales"][1]
    fake.faults.inject(503)
    assert call("PUT", f"/v2/sales/{sale['id']}/refund").status_code == 503
    assert call("GET", f"/v2/sales/{sale['id']}").json()["sale"]["refunded"] is False


def test_reset_drops_the_connection(server, fake, token):
    fake.faults.inject("reset")
    with pytest.raises(requests.ConnectionError):
        requests.get(server.api_url + "/user", params={"access_token": token}, timeout=10)
    assert requests.get(server.api_url + "/user", params={"access_token": token}, timeout=10).ok
    assert fake.requests[-2].status == 0


def test_delay_causes_a_client_timeout(server, fake, token):
    fake.faults.inject("delay", seconds=1.0)
    with pytest.raises(requests.ReadTimeout):
        requests.get(server.api_url + "/user", params={"access_token": token}, timeout=(5, 0.2))
    fake.faults.inject("delay", seconds=0.1)
    assert requests.get(server.api_url + "/user", params={"access_token": token}, timeout=5).ok


def test_bad_fault_kinds_are_refused(fake):
    for kind in ("boom", 200, True):
        with pytest.raises(ValueError):
            fake.faults.inject(kind)
    with pytest.raises(ValueError):
        fake.faults.inject("delay")
    with pytest.raises(ValueError):
        fake.faults.inject(500, count=0)


def test_request_log_and_counts_redact_secrets(call, fake, token):
    call("GET", "/v2/sales", params={"email": "a@example.com"})
    call("GET", "/v2/sales")
    call("GET", "/v2/user")
    call("POST", "/oauth/token", token=None, params={"code": "secret-code", "client_secret": "s"})
    assert fake.count() == 4
    assert fake.count("GET", "/v2/sales") == 2
    assert fake.count(path="/v2/*") == 3
    assert fake.count(path=re.compile(r"/v2/(user|sales)")) == 3
    assert fake.count("POST") == 1
    logged = fake.requests
    assert [(r.method, r.path, r.status) for r in logged][:3] == [
        ("GET", "/v2/sales", 200), ("GET", "/v2/sales", 200), ("GET", "/v2/user", 200)]
    assert ("email", "a@example.com") in logged[0].query
    everything = repr(logged)
    assert token not in everything and "secret-code" not in everything
    fake.log.clear()
    assert fake.count() == 0


def test_the_log_is_bounded():
    from gumroad.testing import FakeGumroad

    fake = FakeGumroad(log_size=5)
    for _ in range(20):
        fake.handle("GET", "/v2/user")
    assert len(fake.requests) == 5 and fake.count() == 20


def test_handler_crash_is_a_500_and_recorded(call, fake):
    fake.seller.payouts = None  # breaks /payouts, as a bug in the fake would
    response = call("GET", "/v2/payouts")
    assert response.status_code == 500 and "something went wrong" in response.text
    assert fake.errors and "Traceback" in fake.errors[0]
