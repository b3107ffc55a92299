"""The Django token store's row lock on a real PostgreSQL (``SELECT ... FOR UPDATE``).

Optional: it starts a throwaway cluster when PostgreSQL is installed and skips otherwise; the
SQLite tests in test_django.py always run. Every Django call here happens in worker processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import requests

from gumroad.testing import FakeGumroadServer, OAuthApp

from ._helpers import ROOT, postgres_server, release_workers, require_module


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.contrib._workers", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_three_processes_of_four_threads_rotate_once_on_postgres(
    tmp_path: Path, fake_server: FakeGumroadServer, oauth_app: OAuthApp
) -> None:
    require_module("django")
    with postgres_server() as entry:
        database = json.dumps(entry)
        token = fake_server.fake.issue_token(["view_profile", "view_sales"], app=oauth_app)
        stale = {**token, "access_token": "no-longer-accepted"}
        setup = _worker("django-setup", database, json.dumps(stale))
        out, err = setup.communicate(timeout=120)
        assert setup.returncode == 0, err
        user_id = out.strip().splitlines()[-1]

        go = tmp_path / "go"
        procs = [_worker("django", database, user_id, fake_server.api_url, fake_server.url,
                         oauth_app.client_id, oauth_app.client_secret, str(go), "4")
                 for _ in range(3)]
        release_workers(go, 12)
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["errors"] for r in results] == [[], [], []]
    tokens = {t for r in results for t in r["tokens"]}
    assert fake_server.fake.count("POST", "/oauth/token") == 1
    assert len(tokens) == 1 and sum(len(r["tokens"]) for r in results) == 12
    final = tokens.pop()
    answer = requests.get(fake_server.api_url + "/user", params={"access_token": final}, timeout=10)
    assert answer.status_code == 200
