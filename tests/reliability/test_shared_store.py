"""Many threads and processes share one FileTokenStore while the token expires: one rotation.

16 threads (each its own GumroadClient on one FileTokenStore object) and 3 processes (each
its own FileTokenStore on the same file) all hold the same expired access token and call
the API at the same moment. Exactly one of them may refresh (Gumroad rotates: a second
refresh with the old refresh token would fail, and the first new pair would be lost); all
the others must pick the rotated token up from the store.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import gumroad
from gumroad.testing import FakeGumroad, FakeGumroadServer
from gumroad.tokens import FileTokenStore

pytestmark = pytest.mark.reliability

ROOT = Path(__file__).resolve().parents[2]
THREADS = 16
PROCESSES = 3

# Runs in each child process. It prints only a hash of the token it ends on, never the token.
CHILD = """
import hashlib, json, logging, os, sys, time
logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
import gumroad
from gumroad.tokens import FileTokenStore
cfg = json.loads(sys.stdin.readline())
client = gumroad.GumroadClient(token_store=FileTokenStore(cfg["path"]), client_id=cfg["client_id"],
                               client_secret=cfg["client_secret"], base_url=cfg["api_url"],
                               auto_refresh_url=cfg["token_url"])
print("ready", flush=True)
deadline = time.monotonic() + 30
while not os.path.exists(cfg["go"]):
    if time.monotonic() > deadline:
        sys.exit("never told to go")
    time.sleep(0.001)
user = client.user.get()
digest = hashlib.sha256(client.token["access_token"].encode()).hexdigest()
print(json.dumps({"user_id": user["user_id"], "token": digest}), flush=True)
client.close()
"""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_threads_and_processes_rotate_once(tmp_path, roomy_backlog, secrets_guard, figures):
    fake = secrets_guard.watch(FakeGumroad(seed=21, sales=10))
    app = fake.default_app
    path = tmp_path / "seller-token.json"
    go = tmp_path / "go"
    with FakeGumroadServer(fake) as server:
        old = fake.issue_token(["view_sales", "view_profile"])
        store = FileTokenStore(path)
        store.save(old)
        assert fake.expire_token(old["access_token"])

        env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        for name in ("GUMROAD_ACCESS_TOKEN", "GUMROAD_API_BASE_URL", "GUMROAD_OAUTH_BASE_URL"):
            env.pop(name, None)
        config = json.dumps(
            {
                "path": str(path),
                "go": str(go),
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "api_url": server.api_url,
                "token_url": server.token_url,
            }
        )
        children = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD],
                cwd=ROOT,
                env=env,
                text=True,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(PROCESSES)
        ]
        try:
            for child in children:
                child.stdin.write(config + "\n")
                child.stdin.flush()
            for child in children:
                assert child.stdout.readline().strip() == "ready"

            clients = [
                gumroad.GumroadClient(
                    token_store=store,
                    client_id=app.client_id,
                    client_secret=app.client_secret,
                    base_url=server.api_url,
                    auto_refresh_url=server.token_url,
                )
                for _ in range(THREADS)
            ]
            barrier = threading.Barrier(THREADS + 1)
            ended: list[str] = []
            errors: list[BaseException] = []

            def work(client: gumroad.GumroadClient) -> None:
                try:
                    barrier.wait(timeout=10)
                    assert client.user.get()["user_id"] == fake.seller.user_id
                    ended.append(digest(client.token["access_token"]))
                except BaseException as exc:  # reported below
                    errors.append(exc)

            threads = [threading.Thread(target=work, args=(c,)) for c in clients]
            for thread in threads:
                thread.start()
            started = time.monotonic()
            go.touch()  # the processes start...
            barrier.wait(timeout=10)  # ...and so do the threads
            for thread in threads:
                thread.join(timeout=30)
            outputs = [child.communicate(timeout=30) for child in children]
            wall = time.monotonic() - started
            for client in clients:
                client.close()
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                    child.wait()

    for exc in errors:
        secrets_guard.exception(exc)
    assert not errors, errors
    for child, (out, err) in zip(children, outputs):
        secrets_guard.text(out)
        secrets_guard.text(err)  # the children log at DEBUG, urllib3 included
        assert child.returncode == 0, err[-2000:]
        ended.append(json.loads(out.strip().splitlines()[-1])["token"])
        assert "access_token=***" in err  # urllib3 logged the request line, redacted

    rotations = fake.count("POST", "/oauth/token")
    stored = store.load()
    assert rotations == 1, f"{rotations} refreshes: the rotated token was lost"
    assert len(ended) == THREADS + PROCESSES
    assert set(ended) == {digest(stored["access_token"])}, "not everyone ended on the stored token"
    live = fake.token(stored["access_token"])
    assert live is not None and live.revoked_at is None and not live.expired
    assert fake.token(old["access_token"]).revoked_at is not None
    statuses = [r.status for r in fake.requests if r.path == "/v2/user"]
    assert statuses.count(200) == THREADS + PROCESSES
    assert statuses.count(401) == THREADS + PROCESSES  # everyone met the expired token once
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    figures.record(
        "shared FileTokenStore, token expired",
        threads=THREADS,
        processes=PROCESSES,
        rotations=rotations,
        api_calls=len(statuses),
        **{"401s": statuses.count(401)},
        distinct_final_tokens=len(set(ended)),
        wall_s=wall,
    )
