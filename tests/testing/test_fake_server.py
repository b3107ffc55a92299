"""The HTTP front: life cycle, keep-alive, request bodies, concurrency."""

from __future__ import annotations

import http.client
import json
import socket
import threading

import pytest
import requests

from gumroad.testing import FakeGumroad, FakeGumroadServer


def _port_closed(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_start_stop_is_clean():
    server = FakeGumroadServer(sales=3)
    with pytest.raises(RuntimeError):
        _ = server.url
    server.start()
    port, thread = server.port, server.thread
    assert server.url == f"http://127.0.0.1:{port}" and server.api_url.endswith("/v2")
    assert thread is not None and thread.is_alive() and thread.daemon
    session = requests.Session()
    assert session.get(server.api_url + "/user", timeout=5).status_code == 401  # keep-alive left open
    server.stop()
    assert not thread.is_alive() and not server.running
    assert _port_closed(port)
    server.stop()  # idempotent
    session.close()


def test_context_manager_and_model_kwargs():
    with FakeGumroadServer(sales=7, products=2) as server:
        assert server.fake.seller.sales.count == 7 and len(server.fake.seller.products) == 2
        port = server.port
    assert _port_closed(port)
    with pytest.raises(TypeError):
        FakeGumroadServer(FakeGumroad(), sales=3)


def test_keep_alive_reuses_one_connection(server, token):
    session = requests.Session()
    for _ in range(20):
        assert session.get(server.api_url + "/user", params={"access_token": token}, timeout=5).ok
    session.put(server.api_url + "/products/x/enable", data={"access_token": token}, timeout=5)
    assert server.connections_accepted == 1
    session.close()


def test_content_length_always_set(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    for path in ("/v2/user", "/v2/nope", "/oauth/authorize"):
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        assert int(response.getheader("Content-Length")) == len(body)
        assert response.version == 11
    conn.close()


def test_chunked_and_json_bodies(server, token):
    def chunks():
        yield b"access_token=" + token.encode()
        yield b"&title=Chunked"

    pid = next(iter(server.fake.seller.products))
    url = f"{server.api_url}/products/{pid}/variant_categories"
    created = requests.post(url, data=chunks(), timeout=5,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert created.json()["variant_category"]["title"] == "Chunked"
    as_json = requests.post(url, data=json.dumps({"title": "Json"}), timeout=5,
                            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    assert as_json.json()["variant_category"]["title"] == "Json"


def test_query_wins_over_body_like_rails(server, token):
    pid = next(iter(server.fake.seller.products))
    url = f"{server.api_url}/products/{pid}/variant_categories"
    response = requests.post(url, params={"title": "FromQuery", "access_token": token},
                             data={"title": "FromBody"}, timeout=5)
    assert response.json()["variant_category"]["title"] == "FromQuery"


def test_method_override_for_html_forms(server, token):
    pid = next(iter(server.fake.seller.products))
    response = requests.post(f"{server.api_url}/products/{pid}/disable", timeout=5,
                             data={"_method": "put", "access_token": token})
    assert response.json()["product"]["published"] is False


def test_concurrent_clients(server, token):
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with requests.Session() as session:
                for _ in range(10):
                    body = session.get(server.api_url + "/sales", params={"access_token": token},
                                       timeout=10).json()
                    assert len(body["sales"]) == 10
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors and server.fake.count("GET", "/v2/sales") == 80
    assert server.connections_accepted == 8


def test_stop_interrupts_a_delay():
    server = FakeGumroadServer().start()
    server.fake.faults.inject("delay", seconds=30)
    result: list[object] = []

    def slow() -> None:
        try:
            result.append(requests.get(server.api_url + "/user", timeout=30))
        except requests.RequestException as exc:
            result.append(exc)

    thread = threading.Thread(target=slow)
    thread.start()
    for _ in range(200):  # wait until the request is inside the server
        if server.fake.count() == 1:
            break
        threading.Event().wait(0.01)
    server.stop()
    thread.join(timeout=10)
    assert not thread.is_alive() and isinstance(result[0], requests.ConnectionError)
