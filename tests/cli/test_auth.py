"""auth login (browser + PKCE, pasted token), status, logout, and the token file's safety."""

from __future__ import annotations

import io
import json
import os
import queue
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from gumroad.cli import auth, main
from gumroad.cli.config import CLITokenStore
from gumroad.testing import FakeGumroadServer

from .conftest import approve_in_browser, clean_env

pytestmark = pytest.mark.integration


@pytest.fixture
def oauth_env(server: FakeGumroadServer, monkeypatch: pytest.MonkeyPatch) -> FakeGumroadServer:
    """The servers point at the fake, the app's id is known, and there is no token yet."""
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    monkeypatch.setenv("GUMROAD_OAUTH_BASE_URL", server.url)
    monkeypatch.setenv("GUMROAD_CLIENT_ID", server.fake.default_app.client_id)
    return server


class LineQueue(io.TextIOBase):
    """A stdout whose lines can be read by another thread as they are written."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self._buffer = ""

    def write(self, text: str) -> int:
        self._buffer += text
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            self.lines.put(line)
        return len(text)

    def isatty(self) -> bool:
        return False


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _save(path: Path, record: dict[str, Any]) -> None:
    CLITokenStore(path).file.save(record)


def _oauth_record(server: FakeGumroadServer) -> dict[str, Any]:
    token = server.fake.issue_token()
    return {**token, "source": "oauth", "client_id": server.fake.default_app.client_id,
            "api_base_url": server.api_url, "oauth_base_url": server.url}


def test_login_no_browser_follow_printed_url(oauth_env: FakeGumroadServer, token_file: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    stdout = LineQueue()
    monkeypatch.setattr(sys, "stdout", stdout)
    codes: list[int] = []
    worker = threading.Thread(target=lambda: codes.append(
        main(["auth", "login", "--no-browser", "--timeout", "20"])), daemon=True)
    worker.start()
    url = stdout.lines.get(timeout=10)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(oauth_env.url + "/oauth/authorize?")
    assert query["code_challenge_method"] == ["S256"] and query["state"][0]
    redirect = query["redirect_uri"][0]
    assert redirect.startswith("http://127.0.0.1:") and redirect.endswith("/callback")
    landed = approve_in_browser(url)
    assert landed.status_code == 200 and "close this tab" in landed.text
    assert landed.url.startswith(redirect + "?code=")
    worker.join(20)
    assert codes == [0]
    assert _mode(token_file) == 0o600
    saved = json.loads(token_file.read_text())
    assert saved["source"] == "oauth" and saved["client_id"] == oauth_env.fake.default_app.client_id
    assert saved["refresh_token"] and saved["api_base_url"] == oauth_env.api_url
    err = capsys.readouterr().err
    assert "Logged in as Fake Seller" in err
    assert saved["access_token"] not in err
    with pytest.raises(OSError):  # the callback server stopped itself
        requests.get(redirect, timeout=2)


def test_login_subprocess(server: FakeGumroadServer, tmp_path: Path) -> None:
    env = clean_env(tmp_path, GUMROAD_API_BASE_URL=server.api_url,
                    GUMROAD_OAUTH_BASE_URL=server.url,
                    GUMROAD_CLIENT_ID=server.fake.default_app.client_id)
    proc = subprocess.Popen([sys.executable, "-m", "gumroad", "auth", "login", "--no-browser",
                             "--timeout", "30"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert approve_in_browser(url).status_code == 200
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert proc.returncode == 0, err
    token_file = tmp_path / "config" / "gumroad" / "token.json"
    assert _mode(token_file) == 0o600
    assert json.loads(token_file.read_text())["access_token"] not in out + err
    whoami = subprocess.run([sys.executable, "-m", "gumroad", "whoami"], env=env,
                            capture_output=True, text=True, timeout=30, check=False)
    assert whoami.returncode == 0 and json.loads(whoami.stdout)["name"] == "Fake Seller"


def _browser(action: Any) -> Any:
    def open_url(url: str) -> bool:
        threading.Thread(target=action, args=(url,), daemon=True).start()
        return True

    return open_url


def test_login_opens_the_browser(cli: Any, oauth_env: FakeGumroadServer, token_file: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "open_browser", _browser(approve_in_browser))
    result = cli("auth", "login", "--timeout", "20", "--scope", "view_sales view_profile")
    assert result.code == 0, result.err
    assert json.loads(token_file.read_text())["scope"] == "view_sales view_profile"


def test_login_denied(cli: Any, oauth_env: FakeGumroadServer, token_file: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "open_browser", _browser(lambda u: approve_in_browser(u, deny=True)))
    result = cli("auth", "login", "--timeout", "20")
    assert result.code == 3
    assert "refused" in result.err and not token_file.exists()


def test_login_wrong_state_is_refused(cli: Any, oauth_env: FakeGumroadServer, token_file: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def forged(url: str) -> None:
        redirect = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        requests.get(redirect, params={"code": "stolen", "state": "forged"}, timeout=5)

    monkeypatch.setattr(auth, "open_browser", _browser(forged))
    result = cli("auth", "login", "--timeout", "20")
    assert result.code == 3 and "state" in result.err
    assert not token_file.exists()
    assert oauth_env.fake.count("POST", "/oauth/token") == 0


def test_login_times_out(cli: Any, oauth_env: FakeGumroadServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "open_browser", lambda url: True)
    result = cli("auth", "login", "--timeout", "0.5")
    assert result.code == 3 and "no answer" in result.err


def test_login_needs_a_client_id(cli: Any, server: FakeGumroadServer) -> None:
    result = cli("auth", "login", "--no-browser")
    assert result.code == 2 and "--client-id" in result.err


def test_login_with_pasted_token(cli: Any, server: FakeGumroadServer, token_file: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    value = server.fake.issue_token()["access_token"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(value + "\n"))
    result = cli("auth", "login", "--token")
    assert result.code == 0, result.err
    assert value not in result.out + result.err
    assert _mode(token_file) == 0o600
    saved = json.loads(token_file.read_text())
    assert saved["source"] == "personal" and saved["api_base_url"] == server.api_url
    monkeypatch.delenv("GUMROAD_API_BASE_URL")  # the saved server is used
    assert cli("whoami").code == 0
    status = json.loads(cli("auth", "status").out)
    assert status["kind"] == "personal" and status["refreshable"] is False
    assert status["api_base_url"] == server.api_url
    assert value not in json.dumps(status)


def test_login_refused_token_is_not_saved(cli: Any, server: FakeGumroadServer, token_file: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    result = cli("auth", "login", "--token", "not-a-real-token")
    assert result.code == 3 and "refused" in result.err
    assert not token_file.exists()


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_token_file_readable_by_others_is_refused(cli: Any, server: FakeGumroadServer,
                                                  token_file: Path, mode: int) -> None:
    _save(token_file, _oauth_record(server))
    os.chmod(token_file, mode)
    before = len(server.fake.requests)
    result = cli("whoami")
    assert result.code == 3
    assert "chmod 600" in result.err and str(token_file) in result.err
    assert len(server.fake.requests) == before


def test_environment_token_wins(cli: Any, server: FakeGumroadServer, token_file: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    _save(token_file, {"access_token": "stale", "api_base_url": server.api_url})
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", server.fake.issue_token()["access_token"])
    assert cli("whoami").code == 0
    assert json.loads(cli("auth", "status", "--offline").out)["source"] == "env"


def test_refresh_keeps_the_client_id_in_the_file(cli: Any, server: FakeGumroadServer,
                                                 token_file: Path) -> None:
    record = _oauth_record(server)
    _save(token_file, record)
    server.fake.faults.inject(401, count=1, route="/v2/user")
    result = cli("whoami")
    assert result.code == 0, result.err
    saved = json.loads(token_file.read_text())
    assert saved["access_token"] != record["access_token"]
    assert saved["refresh_token"] != record["refresh_token"]
    assert saved["client_id"] == record["client_id"] and saved["source"] == "oauth"
    assert _mode(token_file) == 0o600


def test_revoked_token_needs_login(cli: Any, server: FakeGumroadServer, token_file: Path) -> None:
    record = _oauth_record(server)
    _save(token_file, record)
    server.fake.revoke_token(record["access_token"])
    result = cli("whoami")
    assert result.code == 3
    assert "gumroad auth login" in result.err and "Traceback" not in result.err


def test_logout_revokes_an_oauth_token(cli: Any, server: FakeGumroadServer, token_file: Path) -> None:
    record = _oauth_record(server)
    _save(token_file, record)
    result = cli("auth", "logout")
    assert result.code == 0, result.err
    assert not token_file.exists()
    token = server.fake.token(record["access_token"])
    assert token is not None and token.revoked_at is not None
    assert cli("whoami").code == 3


def test_logout_personal_token_only_deletes(cli: Any, server: FakeGumroadServer,
                                            token_file: Path) -> None:
    _save(token_file, {"access_token": "abc", "source": "personal", "api_base_url": server.api_url})
    assert cli("auth", "logout").code == 0
    assert not token_file.exists()
    assert server.fake.count("POST", "/oauth/revoke") == 0


def test_logout_when_revoke_fails_still_deletes(cli: Any, server: FakeGumroadServer,
                                                token_file: Path) -> None:
    _save(token_file, _oauth_record(server))
    server.fake.faults.inject(503, count=None, route="/oauth/revoke")
    result = cli("auth", "logout")
    assert result.code == 1 and "could not revoke" in result.err
    assert not token_file.exists()


def test_status_not_logged_in(cli: Any) -> None:
    result = cli("auth", "status")
    assert result.code == 3 and result.err.startswith("error: not logged in")
    assert cli("auth", "logout").code == 0


def test_status_with_oauth_token(cli: Any, server: FakeGumroadServer, token_file: Path) -> None:
    record = _oauth_record(server)
    _save(token_file, record)
    status = cli("auth", "status", "--json")
    assert status.code == 0
    info = json.loads(status.out)
    assert info["kind"] == "oauth" and info["refreshable"] is True
    assert info["user"]["name"] == "Fake Seller" and info["token_file"] == str(token_file)
    for secret in (record["access_token"], record["refresh_token"]):
        assert secret not in status.out


def test_login_port_in_use_is_a_usage_error(cli: Any, oauth_env: FakeGumroadServer) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = cli("auth", "login", "--no-browser", "--port", str(busy.getsockname()[1]))
    assert result.code == 2 and result.err.startswith("error: cannot listen")
