"""The ``responses`` front serves the same model as the HTTP server, without sockets."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from gumroad.testing import FakeGumroad, FakeGumroadServer
from gumroad.testing.responses_front import register

API = "https://api.gumroad.com/v2"


@pytest.fixture
def fake():
    return FakeGumroad(seed=0)


@pytest.fixture
def mock(fake):
    with responses.RequestsMock() as rsps:
        register(rsps, fake)
        yield rsps


def test_same_answers_as_the_server(fake, mock):
    token = fake.issue_token()["access_token"]
    via_mock = requests.get(f"{API}/sales", params={"access_token": token}, timeout=5).json()
    mock.stop(allow_assert=False)
    with FakeGumroadServer(fake) as server:
        via_http = requests.get(server.api_url + "/sales", params={"access_token": token}, timeout=5).json()
    for sale in via_mock["sales"] + via_http["sales"]:
        sale.pop("timestamp")
    assert via_mock == via_http


def test_writes_reach_the_model(fake, mock):
    token = fake.issue_token()["access_token"]
    sale = requests.get(f"{API}/sales", params={"access_token": token}, timeout=5).json()["sales"][2]
    response = requests.put(f"{API}/sales/{sale['id']}/refund", data={"access_token": token}, timeout=5)
    assert response.json()["sale"]["refunded"] is True
    assert fake.seller.sale(2)["refunded"] is True
    assert fake.count("PUT") == 1


def test_status_headers_and_empty_401(fake, mock):
    response = requests.get(f"{API}/user", timeout=5)
    assert response.status_code == 401 and response.content == b""
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    not_found = requests.get("https://api.gumroad.com/v2/nope", timeout=5)
    assert not_found.status_code == 404 and "text/html" in not_found.headers["Content-Type"]


def test_oauth_on_both_hosts(fake, mock):
    app = fake.default_app
    params = {"client_id": app.client_id, "redirect_uri": "http://127.0.0.1/callback",
              "scope": "view_sales", "state": "s"}
    page = requests.get("https://gumroad.com/oauth/authorize", params=params, timeout=5)
    assert page.status_code == 200 and "Authorize" in page.text
    approved = requests.post("https://gumroad.com/oauth/authorize", data=params,
                             allow_redirects=False, timeout=5)
    code = parse_qs(urlsplit(approved.headers["Location"]).query)["code"][0]
    token = requests.post("https://api.gumroad.com/oauth/token", timeout=5, data={
        "grant_type": "authorization_code", "code": code, "client_id": app.client_id,
        "redirect_uri": "http://127.0.0.1/callback"})
    assert token.status_code == 200 and token.headers["Cache-Control"] == "no-store"
    assert token.json()["scope"] == "view_sales"


def test_custom_base_urls(fake):
    with responses.RequestsMock() as rsps:
        register(rsps, fake, api_url="https://api.staging.gumroad.com/v2",
                 oauth_url="https://staging.example")
        token = fake.issue_token()["access_token"]
        user = requests.get("https://api.staging.gumroad.com/v2/user",
                            headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert user.json()["success"] is True
        revoke = requests.post("https://staging.example/oauth/revoke", timeout=5,
                               data={"token": token, "client_id": fake.default_app.client_id})
        assert revoke.json() == {}


def test_faults_through_responses(fake, mock):
    token = fake.issue_token()["access_token"]
    fake.faults.inject("reset")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{API}/user", params={"access_token": token}, timeout=5)
    fake.faults.inject("delay", seconds=30)
    with pytest.raises(requests.ReadTimeout):
        requests.get(f"{API}/user", params={"access_token": token}, timeout=(1, 2))
    fake.faults.inject(429)
    limited = requests.get(f"{API}/user", params={"access_token": token}, timeout=5)
    assert limited.status_code == 429 and limited.text == "Retry later"
    fake.faults.inject(503, count=2)
    assert [requests.get(f"{API}/user", params={"access_token": token}, timeout=5).status_code
            for _ in range(3)] == [503, 503, 200]


def test_other_hosts_are_not_caught(fake):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        entry = register(rsps, fake)
        with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
            requests.get("https://example.com/v2/user", timeout=5)
        with pytest.raises(requests.ConnectionError):
            requests.get("https://api.gumroad.com/v2x/user", timeout=5)
        assert entry.call_count == 0
