"""Refresh on 401: once, saved before the replay, safe across threads and processes."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from urllib.parse import parse_qs

import pytest
from responses import matchers

import gumroad
from gumroad import GumroadClient, MemoryTokenStore

from ._loopback import LoopbackServer, json_reply
from .conftest import API, TOKEN_URL

OLD = {"access_token": "old-access", "refresh_token": "old-refresh", "token_type": "Bearer"}
NEW = {"access_token": "new-access", "refresh_token": "new-refresh", "token_type": "Bearer",
       "scope": "view_sales", "created_at": 1700000000}
UNAUTHORIZED = {"WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token", '
                                    'error_description="The access token is invalid"'}


def make_client(**kwargs):
    kwargs.setdefault("token", dict(OLD))
    return GumroadClient(client_id="cid", client_secret="csecret", max_retries=0, **kwargs)


def token_call_bodies(rsps):
    return [parse_qs(c.request.body) for c in rsps.calls if c.request.url == TOKEN_URL]


def test_401_refreshes_saves_before_replay_and_replays_params_and_body(rsps):
    order = []
    rsps.put(f"{API}/sales/s1/mark_as_shipped", status=401, headers=UNAUTHORIZED,
             match=[matchers.query_param_matcher({"access_token": "old-access", "x": "1"})])
    rsps.post(TOKEN_URL, json=NEW)

    def replay(request):
        order.append("replay")
        return 200, {}, json.dumps({"success": True, "sale": {"id": "s1"}})

    rsps.add_callback("PUT", f"{API}/sales/s1/mark_as_shipped", callback=replay,
                      match=[matchers.query_param_matcher({"access_token": "new-access", "x": "1"}),
                             matchers.urlencoded_params_matcher({"tracking_url": "https://t/1"})])
    saved = []

    def saver(token):
        order.append("save")
        saved.append(dict(token))

    client = make_client(token_saver=saver)
    body = client.request_json("PUT", "sales/s1/mark_as_shipped", params={"x": "1"},
                               data={"tracking_url": "https://t/1"})
    assert body["sale"]["id"] == "s1"
    assert order == ["save", "replay"]
    assert [t["access_token"] for t in saved] == ["new-access"]
    assert client.token["access_token"] == "new-access"
    assert client.token["refresh_token"] == "new-refresh"


def test_refresh_body_holds_only_what_the_grant_needs(rsps):
    rsps.get(f"{API}/user", status=401)
    rsps.post(TOKEN_URL, json=NEW)
    rsps.get(f"{API}/user", json={"success": True})
    make_client().get("user", params={"leak": "me"}, headers={"X-Custom": "1"})
    bodies = token_call_bodies(rsps)
    assert bodies == [{"grant_type": ["refresh_token"], "refresh_token": ["old-refresh"],
                       "client_id": ["cid"], "client_secret": ["csecret"]}]
    token_request = next(c.request for c in rsps.calls if c.request.url == TOKEN_URL)
    assert "access_token" not in token_request.url
    assert "X-Custom" not in token_request.headers


def test_second_401_raises_authentication_error_without_looping(rsps):
    rsps.get(f"{API}/user", status=401, headers=UNAUTHORIZED)
    rsps.post(TOKEN_URL, json=NEW)
    client = make_client()
    with pytest.raises(gumroad.AuthenticationError) as info:
        client.request_json("GET", "user")
    assert not isinstance(info.value, gumroad.ReauthorizationRequired)
    assert len(token_call_bodies(rsps)) == 1
    assert len([c for c in rsps.calls if "/v2/user" in c.request.url]) == 2


def test_invalid_grant_raises_reauthorization_required(rsps):
    rsps.get(f"{API}/user", status=401)
    rsps.post(TOKEN_URL, status=400, json={"error": "invalid_grant",
                                            "error_description": "The provided grant is invalid"})
    with pytest.raises(gumroad.ReauthorizationRequired) as info:
        make_client().get("user")
    error = info.value
    assert isinstance(error, gumroad.OAuthError)
    assert isinstance(error, gumroad.AuthenticationError)
    assert error.error == "invalid_grant"
    assert "old-refresh" not in str(error) and "csecret" not in str(error)


def test_saver_that_raises_is_surfaced_and_token_kept_in_memory(rsps, caplog):
    rsps.get(f"{API}/user", status=401)
    rsps.post(TOKEN_URL, json=NEW)

    def broken_saver(token):
        raise OSError("disk full")

    client = make_client(token_saver=broken_saver)
    with caplog.at_level(logging.ERROR, logger="gumroad"), pytest.raises(OSError, match="disk full") as info:
        client.get("user")
    assert client.token["access_token"] == "new-access"
    assert any("client.token" in r.getMessage() for r in caplog.records)
    if sys.version_info >= (3, 11):  # exception notes exist from 3.11 on
        assert any("client.token" in n for n in info.value.__notes__)
    assert not [c for c in rsps.calls if "new-access" in c.request.url]  # no replay


def test_token_store_gets_new_token_and_an_already_rotated_store_is_used(rsps):
    store = MemoryTokenStore(OLD)
    rsps.get(f"{API}/user", status=401, match=[matchers.query_param_matcher({"access_token": "old-access"})])
    rsps.get(f"{API}/user", json={"success": True},
             match=[matchers.query_param_matcher({"access_token": "new-access"})])
    rsps.post(TOKEN_URL, json=NEW)
    client = make_client(token=None, token_store=store)
    assert client.get("user").status_code == 200
    assert store.load()["access_token"] == "new-access"

    # A second client still holding the old token finds the store already rotated.
    stale = make_client(token=dict(OLD), token_store=store)
    assert stale.get("user").status_code == 200
    assert len(token_call_bodies(rsps)) == 1
    assert stale.token["access_token"] == "new-access"


def test_proactive_refresh_before_expiry(rsps):
    rsps.post(TOKEN_URL, json={**NEW, "expires_in": 7200})
    rsps.get(f"{API}/user", json={"success": True},
             match=[matchers.query_param_matcher({"access_token": "new-access"})])
    client = make_client(token={**OLD, "expires_at": time.time() - 5})
    assert client.get("user").status_code == 200
    assert client.token["expires_at"] > time.time() + 7000
    assert len(token_call_bodies(rsps)) == 1


def test_no_refresh_without_client_id(rsps):
    rsps.get(f"{API}/user", status=401)
    client = GumroadClient(token=dict(OLD), max_retries=0)
    with pytest.raises(gumroad.ReauthorizationRequired):
        client.request_json("GET", "user")
    assert not token_call_bodies(rsps)


def test_32_threads_on_a_revoked_token_refresh_once(rsps):
    current = {"token": "revoked-by-the-seller"}  # old-access no longer works
    refreshes = []
    lock = threading.Lock()

    def api(request):
        token = parse_qs(request.url.split("?", 1)[1])["access_token"][0]
        if token != current["token"]:
            return 401, UNAUTHORIZED, ""
        return 200, {}, json.dumps({"success": True})

    def token_endpoint(request):
        with lock:
            refreshes.append(parse_qs(request.body)["refresh_token"][0])
            time.sleep(0.05)  # widen the race window
            current["token"] = f"new-{len(refreshes)}"
        return 200, {}, json.dumps({"access_token": current["token"], "refresh_token": "r2"})

    rsps.add_callback("GET", f"{API}/user", callback=api)
    rsps.add_callback("POST", TOKEN_URL, callback=token_endpoint)
    client = make_client()
    barrier = threading.Barrier(32)
    statuses = []

    def worker():
        barrier.wait()
        statuses.append(client.get("user").status_code)

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert refreshes == ["old-refresh"]
    assert statuses == [200] * 32


CHILD = r"""
import json, sys
from gumroad import GumroadClient, FileTokenStore
store = FileTokenStore(sys.argv[1])
client = GumroadClient(client_id="cid", client_secret="csecret", token_store=store,
                       base_url=sys.argv[2] + "/v2", auto_refresh_url=sys.argv[2] + "/oauth/token",
                       max_retries=0)
response = client.get("user")
print(json.dumps({"status": response.status_code, "token": client.token["access_token"]}))
"""


def test_two_processes_sharing_a_file_store_refresh_once(tmp_path):
    state = {"access": "(old-access was revoked)", "refresh": "old-refresh", "refreshes": 0}
    lock = threading.Lock()

    def handler(method, path, query, body):
        if path == "/oauth/token":
            form = parse_qs(body.decode())
            with lock:
                if form["refresh_token"][0] != state["refresh"]:
                    return json_reply(400, '{"error":"invalid_grant"}')
                time.sleep(0.3)  # make the second process wait on the file lock
                state["refreshes"] += 1
                state["access"] = f"access-{state['refreshes']}"
                state["refresh"] = f"refresh-{state['refreshes']}"
                return json_reply(200, json.dumps({"access_token": state["access"],
                                                    "refresh_token": state["refresh"]}))
        if query.get("access_token") != state["access"]:
            return 401, UNAUTHORIZED, b""
        return json_reply(200, '{"success":true}')

    path = tmp_path / "token.json"
    gumroad.FileTokenStore(path).save(dict(OLD))
    with LoopbackServer(handler) as server:
        procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(path), server.url],
                                  stdout=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [json.loads(p.communicate(timeout=60)[0]) for p in procs]
    assert state["refreshes"] == 1
    assert [o["status"] for o in outputs] == [200, 200]
    assert {o["token"] for o in outputs} == {"access-1"}
    assert json.loads(path.read_text())["access_token"] == "access-1"
    assert (path.stat().st_mode & 0o777) == 0o600
