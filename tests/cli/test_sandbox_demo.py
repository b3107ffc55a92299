"""`gumroad demo` and `gumroad sandbox`, run as real processes, plus python -m gumroad."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import clean_env, run_module

pytestmark = pytest.mark.integration


def test_demo_runs_with_a_clean_environment(tmp_path: Path) -> None:
    result = run_module("demo", env=clean_env(tmp_path), timeout=120)
    assert result.code == 0, result.err
    for step in ("[1/8]", "OAuth", "GET /user", "Products", "page 1:", "license",
                 "refresh", "ReauthorizationRequired", "Done in"):
        assert step in result.out
    assert "Traceback" not in result.err
    assert not (tmp_path / "config").exists()  # nothing saved
    assert not (tmp_path / "home").exists()


def test_demo_touches_no_network(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect
    seen: list[Any] = []

    def loopback_only(self: socket.socket, address: Any) -> Any:
        seen.append(address)
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"demo tried to reach {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    monkeypatch.setenv("GUMROAD_API_BASE_URL", "https://api.gumroad.com/v2")  # ignored
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", "ignored")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    result = cli("demo", "--sales", "40")
    assert result.code == 0, result.err
    assert seen and all(a[0] == "127.0.0.1" for a in seen)
    assert "4 pages" in result.out


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_sandbox_serves_until_stopped(tmp_path: Path, stop: signal.Signals) -> None:
    env = clean_env(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "gumroad", "sandbox", "--sales", "30",
                             "--seconds", "120"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        exports: dict[str, str] = {}
        header = proc.stdout.readline()
        assert header.startswith("# Gumroad sandbox at http://127.0.0.1:")
        while len(exports) < 4:
            line = proc.stdout.readline()
            assert line.startswith("export "), line
            name, _, value = line[len("export "):].strip().partition("=")
            exports[name] = value
        assert set(exports) == {"GUMROAD_API_BASE_URL", "GUMROAD_OAUTH_BASE_URL",
                                "GUMROAD_ACCESS_TOKEN", "GUMROAD_CLIENT_ID"}
        child_env = {**env, **exports}
        me = run_module("whoami", env=child_env)
        assert me.code == 0 and json.loads(me.out)["name"] == "Fake Seller"
        sales = run_module("sales", "list", "--all", env=child_env)
        assert len(sales.out.splitlines()) == 30
        proc.send_signal(stop)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert proc.returncode == 0
    assert "sandbox stopped" in err and "Traceback" not in err


def test_sandbox_port_in_use_is_a_usage_error(cli: Any) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = cli("sandbox", "--port", str(busy.getsockname()[1]), "--seconds", "1")
    assert result.code == 2 and result.err.startswith("error: cannot listen")


def test_python_dash_m_gumroad_usage(tmp_path: Path) -> None:
    assert run_module("--version", env=clean_env(tmp_path)).code == 0
    missing = run_module("whoami", env=clean_env(tmp_path))
    assert missing.code == 3 and missing.err.startswith("error: not logged in")
    bad = run_module("sales", "list", "--limit", "-1", env=clean_env(tmp_path))
    assert bad.code == 2


def test_import_gumroad_does_not_import_the_cli(tmp_path: Path) -> None:
    code = ("import sys, gumroad; "
            "print(any(m == 'gumroad.cli' or m.startswith('gumroad.cli.') for m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], env=clean_env(tmp_path),
                          capture_output=True, text=True, timeout=30, check=True)
    assert proc.stdout.strip() == "False"


def test_sandbox_accepts_a_local_web_apps_redirect_uri() -> None:
    import requests

    from gumroad import oauth
    from gumroad.cli.context import UsageError
    from gumroad.cli.sandbox import start_sandbox

    callback = "http://127.0.0.1:5000/gumroad/callback"
    server = start_sandbox(sales=5, auto_approve=True, redirect_uris=[callback])
    try:
        app = server.fake.default_app
        url = oauth.get_authorization_url(app.client_id, callback, ["view_sales"], "st",
                                          authorize_url=server.authorize_url)
        location = requests.get(url, allow_redirects=False, timeout=10).headers["Location"]
        assert location.startswith(callback + "?code=") and location.endswith("&state=st")
        other = oauth.get_authorization_url(app.client_id, "http://127.0.0.1:5000/elsewhere",
                                            ["view_sales"], "st", authorize_url=server.authorize_url)
        refused = requests.get(other, allow_redirects=False, timeout=10)
        assert not refused.headers.get("Location", "").startswith("http://127.0.0.1:5000/elsewhere?code")
    finally:
        server.stop()
    with pytest.raises(UsageError, match="--redirect-uri"):
        start_sandbox(redirect_uris=["/relative"])
