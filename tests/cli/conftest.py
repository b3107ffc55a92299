"""Fixtures for the command line: a fake Gumroad on loopback and an in-process runner.

No test reads the developer's token: XDG_CONFIG_HOME and HOME point into tmp_path
and every GUMROAD_* variable is removed first.
"""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import requests

from gumroad.cli import main
from gumroad.testing import FakeGumroadServer

REPO = Path(__file__).resolve().parents[2]
ENV_NAMES = ("GUMROAD_ACCESS_TOKEN", "GUMROAD_API_BASE_URL", "GUMROAD_OAUTH_BASE_URL",
             "GUMROAD_CLIENT_ID", "GUMROAD_CLIENT_SECRET", "GUMROAD_DEBUG")


class Result(NamedTuple):
    code: int
    out: str
    err: str


class TTYInput(io.StringIO):
    """A stdin that claims to be a terminal, with canned answers."""

    def isatty(self) -> bool:
        return True


class TTYOutput(io.StringIO):
    """A stdout/stderr that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return config


@pytest.fixture
def token_file(_isolated: Path) -> Path:
    return _isolated / "gumroad" / "token.json"


@pytest.fixture
def server() -> Iterator[FakeGumroadServer]:
    with FakeGumroadServer(sales=45, seed=3) as srv:
        yield srv


@pytest.fixture
def logged_in(server: FakeGumroadServer, monkeypatch: pytest.MonkeyPatch) -> FakeGumroadServer:
    """The environment points at *server* with a personal token (every public scope)."""
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    monkeypatch.setenv("GUMROAD_OAUTH_BASE_URL", server.url)
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", server.fake.issue_token()["access_token"])
    return server


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    """``cli("sales", "list")`` runs ``main`` in-process and returns (code, out, err)."""

    def run(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def approve_in_browser(url: str, *, deny: bool = False) -> requests.Response:
    """Play the browser: open the consent page, press Authorize (or Deny), follow the redirect."""
    with requests.Session() as browser:
        browser.trust_env = False
        page = browser.get(url, timeout=10)
        page.raise_for_status()
        form_id = "deny" if deny else "authorize"
        form = re.search(rf'<form id="{form_id}"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', page.text, re.S)
        assert form is not None, page.text
        fields = {name: html.unescape(value)
                  for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2))}
        action = requests.compat.urljoin(page.url, html.unescape(form.group(1)))
        return browser.post(action, data=fields, timeout=10)


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment with nothing but PATH, a tmp HOME/XDG_CONFIG_HOME and the repo on PYTHONPATH."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(REPO),
        "LANG": "C.UTF-8",
    }
    env.update(extra)
    return env


def run_module(*argv: str, env: dict[str, str], timeout: float = 60, stdin: str = "") -> Result:
    """``python -m gumroad ARGV`` in a subprocess."""
    proc = subprocess.run([sys.executable, "-m", "gumroad", *argv], env=env, input=stdin,
                          capture_output=True, text=True, timeout=timeout, check=False)
    return Result(proc.returncode, proc.stdout, proc.stderr)
