"""RedisTokenStore against a real redis-server started on a free loopback port."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from ._helpers import redis_server, release_workers, require_module

redis = require_module("redis")

from gumroad import ConfigurationError, GumroadClient  # noqa: E402
from gumroad.contrib.redis import RedisTokenStore, TokenLockTimeout  # noqa: E402
from gumroad.testing import FakeGumroadServer, OAuthApp  # noqa: E402
from gumroad.tokens import TokenStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    with redis_server() as port:
        yield port


@pytest.fixture
def r(redis_port: int) -> Iterator[Any]:
    connection = redis.Redis(host="127.0.0.1", port=redis_port)
    connection.flushall()
    yield connection
    connection.close()


def test_load_save_delete_round_trip(r: Any) -> None:
    store = RedisTokenStore(r, "gumroad:token:1")
    assert isinstance(store, TokenStore) and store.load() is None
    token = {"access_token": "a", "refresh_token": "b", "scope": "view_sales", "created_at": 1}
    store.save(token)
    assert json.loads(r.get("gumroad:token:1")) == token
    assert store.load() == token
    store.delete()
    assert store.load() is None and repr(store) == "<RedisTokenStore key='gumroad:token:1'>"


def test_decoded_responses_and_ttl(redis_port: int) -> None:
    text = redis.Redis(host="127.0.0.1", port=redis_port, decode_responses=True)
    store = RedisTokenStore(text, "gumroad:token:2", ttl=100)
    store.save({"access_token": "a"})
    assert store.load() == {"access_token": "a"}
    assert 0 < text.ttl("gumroad:token:2") <= 100
    text.close()


def test_garbage_in_the_key_is_a_clear_error(r: Any) -> None:
    r.set("k", "not json")
    with pytest.raises(ConfigurationError, match="does not hold JSON"):
        RedisTokenStore(r, "k").load()
    r.set("k", "[1]")
    with pytest.raises(ConfigurationError, match="JSON object"):
        RedisTokenStore(r, "k").load()


def test_bad_arguments(r: Any) -> None:
    with pytest.raises(ConfigurationError):
        RedisTokenStore(r, "")
    with pytest.raises(ConfigurationError):
        RedisTokenStore(r, "k", lock_timeout=0)


def test_the_lock_excludes_other_holders_and_is_reentrant(r: Any) -> None:
    store = RedisTokenStore(r, "gumroad:token:3")
    other = RedisTokenStore(r, "gumroad:token:3")  # another worker's store, same key
    entered = threading.Event()

    def second() -> None:
        with other.lock():
            entered.set()

    with store.lock(), store.lock():  # re-entrant in one thread
        assert r.exists("gumroad:token:3:lock")
        thread = threading.Thread(target=second)
        thread.start()
        assert not entered.wait(0.5), "another holder entered while the lock was held"
    assert entered.wait(10)
    thread.join(timeout=10)
    assert not r.exists("gumroad:token:3:lock")


def test_waiting_too_long_raises(r: Any) -> None:
    holder = RedisTokenStore(r, "gumroad:token:4")
    waiter = RedisTokenStore(r, "gumroad:token:4", blocking_timeout=0.2)
    with holder.lock():
        started = time.monotonic()
        with pytest.raises(TokenLockTimeout, match="gumroad:token:4:lock"), waiter.lock():
            pass
        assert time.monotonic() - started < 5


def test_an_expired_lock_is_logged_not_raised(r: Any, caplog: pytest.LogCaptureFixture) -> None:
    store = RedisTokenStore(r, "gumroad:token:5", lock_timeout=0.1)
    with caplog.at_level(logging.WARNING, logger="gumroad"), store.lock():
        time.sleep(0.3)
    assert "expired before the refresh finished" in caplog.text


def _stale(r: Any, server: FakeGumroadServer, app: OAuthApp, key: str) -> dict[str, Any]:
    token = server.fake.issue_token(["view_profile", "view_sales"], app=app)
    RedisTokenStore(r, key).save({**token, "access_token": "no-longer-accepted"})
    return token


def test_a_client_refresh_is_saved_to_redis(r: Any, fake_server: FakeGumroadServer,
                                            oauth_app: OAuthApp) -> None:
    old = _stale(r, fake_server, oauth_app, "seller:1")
    client = GumroadClient(client_id=oauth_app.client_id, client_secret=oauth_app.client_secret,
                           base_url=fake_server.api_url, auto_refresh_url=fake_server.token_url,
                           token_store=RedisTokenStore(r, "seller:1"))
    assert client.user.get()["name"] == "Fake Seller"
    saved = RedisTokenStore(r, "seller:1").load()
    assert saved is not None and saved["access_token"] == client.token["access_token"]
    assert saved["refresh_token"] != old["refresh_token"]
    client.close()


def test_eight_threads_rotate_once(r: Any, fake_server: FakeGumroadServer,
                                   oauth_app: OAuthApp) -> None:
    _stale(r, fake_server, oauth_app, "seller:2")
    barrier = threading.Barrier(8)
    seen: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with GumroadClient(client_id=oauth_app.client_id,
                               client_secret=oauth_app.client_secret,
                               base_url=fake_server.api_url,
                               auto_refresh_url=fake_server.token_url,
                               token_store=RedisTokenStore(r, "seller:2")) as client:
                barrier.wait(timeout=10)
                client.user.get()
                seen.append(client.token["access_token"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    final = RedisTokenStore(r, "seller:2").load()
    assert final is not None
    assert fake_server.fake.count("POST", "/oauth/token") == 1
    assert seen == [final["access_token"]] * 8


def test_three_processes_rotate_once(r: Any, redis_port: int, tmp_path: Path,
                                     fake_server: FakeGumroadServer, oauth_app: OAuthApp) -> None:
    old = _stale(r, fake_server, oauth_app, "seller:3")
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.contrib._workers", "redis", str(redis_port), "seller:3",
             fake_server.api_url, fake_server.token_url, oauth_app.client_id,
             oauth_app.client_secret, str(go), "2"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for _ in range(3)
    ]
    release_workers(go, 6)
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert [res["errors"] for res in results] == [[], [], []]
    final = RedisTokenStore(r, "seller:3").load()
    assert final is not None
    assert fake_server.fake.count("POST", "/oauth/token") == 1
    assert [t for res in results for t in res["tokens"]] == [final["access_token"]] * 6
    assert fake_server.fake.token(old["refresh_token"]).revoked_at is not None
    answer = requests.get(fake_server.api_url + "/user",
                          params={"access_token": final["access_token"]}, timeout=10)
    assert answer.status_code == 200
