"""Every Python example of the docs and the README runs, against the fake Gumroad.

One test per fenced block (id ``file:line``). Each runs in a fresh namespace, in a
temporary working directory, with a fresh fake Gumroad serving on 127.0.0.1 and the
environment a reader would have set: ``GUMROAD_API_BASE_URL`` and
``GUMROAD_OAUTH_BASE_URL`` point at the fake, ``GUMROAD_ACCESS_TOKEN`` holds a token
it issued (every public scope), ``GUMROAD_CLIENT_ID``/``GUMROAD_CLIENT_SECRET`` name
an OAuth app registered there. So ``gumroad.GumroadClient()`` works unchanged.

How pages make fragments runnable (hidden setup, ``then`` checks, compile-only
blocks) is described in ``_extract.py``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gumroad.testing import FakeGumroadServer, OAuthApp

from . import _runner
from ._extract import ROOT, Example, all_examples, markdown_files
from ._runner import time_limit

EXAMPLES = all_examples()
TIMEOUT = 30  # seconds, per example

#: Callback URLs of the docs' OAuth app: Flask's and Django's test clients, loopback, and
#: the example site of the authentication guide.
REDIRECT_URIS = [
    "http://localhost/gumroad/callback",
    "http://testserver/gumroad/callback/",
    "http://127.0.0.1/callback",
    "https://example.com/gumroad/callback",
]


@pytest.fixture
def docs_gumroad(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[FakeGumroadServer, OAuthApp]]:
    """A fresh fake Gumroad, the OAuth app of the examples, and a reader's environment."""
    with FakeGumroadServer(seed=0) as server:
        app = server.fake.create_app("Docs examples", REDIRECT_URIS)
        token = server.fake.issue_token(app=app)
        home = tmp_path / "home"
        home.mkdir()
        for name, value in {
            "GUMROAD_API_BASE_URL": server.api_url,
            "GUMROAD_OAUTH_BASE_URL": server.url,
            "GUMROAD_ACCESS_TOKEN": token["access_token"],
            "GUMROAD_CLIENT_ID": app.client_id,
            "GUMROAD_CLIENT_SECRET": app.client_secret or "",
            "FLASK_SECRET_KEY": secrets.token_hex(16),
            "DJANGO_SECRET_KEY": secrets.token_hex(16),
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
        work = tmp_path / "work"
        work.mkdir()
        monkeypatch.chdir(work)
        yield server, app


@pytest.fixture(scope="session")
def docs_redis_url() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, for the examples that use Redis."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed, and CI must run the Redis examples")
        pytest.skip("redis-server is not installed (apt-get install redis-server); CI runs these")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _blocks(example: Example) -> tuple[list[tuple[str, int, str]], tuple[str, int, str],
                                       list[tuple[str, int, str]]]:
    setups = [(b.path, b.first_line, b.source) for b in example.setups]
    then = [(b.path, b.first_line, b.source) for b in example.then]
    return setups, (example.path, example.first_line, example.source), then


def _run_isolated(example: Example, work: Path) -> None:
    setups, block, then = _blocks(example)
    spec = work.parent / "example.json"
    spec.write_text(json.dumps({"setups": setups, "example": block, "then": then}))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, str(Path(_runner.__file__)), str(spec)],
        cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT * 2, check=False,
    )
    sys.stdout.write(done.stdout)
    if done.returncode != 0:
        pytest.fail(f"{example.id} failed in a fresh interpreter:\n{done.stderr}", pytrace=False)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example(example: Example, request: pytest.FixtureRequest) -> None:
    for block in (*example.setups, example, *example.then):
        block.code()  # every block compiles, whatever else happens to it
    if example.compile_only:
        return
    server, app = request.getfixturevalue("docs_gumroad")
    if any("REDIS_URL" in block.source for block in (*example.setups, example, *example.then)):
        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("docs_redis_url"))
    work = Path.cwd()
    for name, text in example.files.items():
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if example.isolate:
        _run_isolated(example, work)
        return
    namespace: dict[str, Any] = {
        "__name__": "__main__", "docs_fake": server.fake, "docs_server": server, "docs_app": app,
    }
    sys.path.insert(0, str(work))
    try:
        with time_limit(TIMEOUT):
            _runner.run(*_blocks(example), namespace)
    finally:
        _runner.close_sessions(namespace)
        sys.path.remove(str(work))
    assert not server.fake.errors, f"the fake Gumroad broke: {server.fake.errors}"


_PYTHON_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(python|py|python3|pycon|\{code-block\}\s*python)\b",
                           re.IGNORECASE)


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_python_fence_is_missed(path: Path) -> None:
    """The extractor sees every Python fence of a page (visible examples and hidden ones)."""
    from ._extract import extract

    found = extract(path)
    hidden = sum(len(e.then) for e in found) + len({(b.path, b.line) for e in found for b in e.setups})
    # (a "before" block is in one example's setups: counted once, like a setup)
    fences = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if _PYTHON_FENCE.match(line))
    shared = len({(b.path, b.line) for e in found for b in e.setups} & {(e.path, e.line) for e in found})
    assert len(found) + hidden - shared == fences


def test_the_docs_have_examples() -> None:
    pages = {e.path for e in EXAMPLES}
    assert {"README.md", "docs/quickstart.md", "docs/authentication.md", "docs/django.md"} <= pages
    assert len(EXAMPLES) >= 80
