"""The pytest plugin, run in a child pytest as a user's suite would load it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

USER_TESTS = '''
import requests


def test_fake_and_token(gumroad_fake, gumroad_token):
    assert gumroad_token["token_type"] == "Bearer"
    assert gumroad_fake.token(gumroad_token["access_token"]) is not None


def test_server(gumroad_server, gumroad_token):
    response = requests.get(gumroad_server.api_url + "/user",
                            params={"access_token": gumroad_token["access_token"]}, timeout=5)
    assert response.json()["user"]["name"] == "Fake Seller"


def test_client(gumroad_client, gumroad_fake):
    gumroad_fake.faults.inject(503, count=1, method="GET")
    body = gumroad_client.get("user").json()
    assert body["success"] is True
    assert gumroad_fake.count("GET", "/v2/user") == 2


def test_responses(gumroad_responses, gumroad_fake, gumroad_token):
    response = requests.get("https://api.gumroad.com/v2/sales",
                            params={"access_token": gumroad_token["access_token"]}, timeout=5)
    assert len(response.json()["sales"]) == 10
'''


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("GUMROAD_API_BASE_URL", None)
    env.pop("GUMROAD_OAUTH_BASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_fixtures_work_in_a_users_suite(tmp_path):
    (tmp_path / "test_user_suite.py").write_text(textwrap.dedent(USER_TESTS))
    # "-p no:gumroad" keeps the installed entry point from loading it a second time.
    result = _run(tmp_path, "-p", "no:gumroad", "-p", "gumroad.testing.pytest_plugin")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_importing_the_plugin_starts_nothing_and_skips_responses():
    code = ("import sys, threading; import gumroad.testing.pytest_plugin, gumroad.testing; "
            "assert 'responses' not in sys.modules, 'responses imported'; "
            "assert threading.active_count() == 1; print('ok')")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.stdout.strip() == "ok", result.stderr
