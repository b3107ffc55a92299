"""Shared bits of the contrib tests: the consent click, free ports, pings, redis-server."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

import pytest
import requests


class _FormParser(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form" and values.get("id") == self.form_id:
            self.inside, self.action = True, values.get("action")
        elif tag == "input" and self.inside and values.get("type") == "hidden":
            self.fields.append((values["name"], values.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def consent(authorize_url: str, *, button: str = "authorize") -> str:
    """Open the fake's consent page over HTTP, press Authorize (or Deny); return the redirect."""
    page = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert page.status_code == 200, page.text
    parser = _FormParser(button)
    parser.feed(page.text)
    assert parser.action, f"no form #{button} on the consent page"
    answer = requests.post(urljoin(authorize_url, parser.action), data=parser.fields,
                           allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def release_workers(go: Path, expected: int) -> None:
    """Wait until *expected* workers wrote their ready files, then create the go file."""
    deadline = time.monotonic() + 60
    while len(list(go.parent.glob(go.name + ".ready.*"))) < expected:
        if time.monotonic() > deadline:
            raise AssertionError("the workers did not get ready within 60 s")
        time.sleep(0.01)
    go.touch()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sale_ping(sale: Mapping[str, Any], **extra: str) -> dict[str, str]:
    """A form-style sale ping for a Sales API object, as Gumroad flattens it."""
    fields = {
        "seller_id": str(sale["seller_id"]),
        "sale_id": str(sale["id"]),
        "product_id": str(sale["product_id"]),
        "product_name": str(sale.get("product_name", "")),
        "email": str(sale.get("email", "")),
        "price": str(sale.get("price", 0)),
        "resource_name": "sale",
        "card[visual]": "**** **** **** 4242",
        "card[type]": "visa",
        "test": "false",
    }
    fields.update(extra)
    return fields


def form_body(fields: Mapping[str, str]) -> str:
    return urlencode(list(fields.items()))


def require_module(name: str) -> Any:
    """Import *name*; skip when it is missing outside CI (CI installs every extra and must run)."""
    if os.environ.get("CI"):
        import importlib

        return importlib.import_module(name)
    return pytest.importorskip(name)


def require_tool(name: str, why: str) -> str:
    """The path of *name*; skip when absent outside CI, fail when absent in CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, and CI must run {why}")
        pytest.skip(f"{name} is not installed (apt-get install {name}); CI installs it and runs {why}")
    return path


@contextmanager
def redis_server() -> Iterator[int]:
    """A throwaway redis-server on a free loopback port, with no persistence; yields the port."""
    binary = require_tool("redis-server", "the Redis token store tests")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


ROOT = Path(__file__).resolve().parents[2]


def _postgres_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


@contextmanager
def postgres_server() -> Iterator[dict[str, str]]:
    """A throwaway PostgreSQL cluster on a free loopback port; yields a Django DATABASES entry.

    Optional: skipped when PostgreSQL or psycopg is not installed (the SQLite tests always run).
    """
    initdb, pg_ctl = _postgres_binary("initdb"), _postgres_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); SQLite was tested")
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'psycopg[binary]')")
    folder = Path(tempfile.mkdtemp(prefix="gumroad-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                        "--no-sync"], check=True, capture_output=True, timeout=120)
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w",
                        "-t", "60", "-o", f"-p {port} -h 127.0.0.1 -k {folder} -F", "start"],
                       check=True, capture_output=True, timeout=120)
        try:
            yield {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres",
                   "USER": "postgres", "HOST": "127.0.0.1", "PORT": str(port)}
        finally:
            subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def expected_seller() -> tuple[str, list[str]]:
    """The seller name and product names the examples show (the fake is seeded with 0)."""
    from gumroad.testing import FakeGumroad

    fake = FakeGumroad(seed=0)
    return fake.seller.name, [product.name for product in fake.seller.live_products()]


@contextmanager
def run_example(script: str) -> Iterator[str]:
    """Start ``python examples/<script>`` as its README says; yield the URL it prints."""
    import queue
    import threading

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUMROAD_", "DJANGO_"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, str(ROOT / "examples" / script)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    stdout = proc.stdout
    reader = threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = lines.get(timeout=min(max(remaining, 0.01), 0.5))
            except queue.Empty:
                if proc.poll() is not None and lines.empty():
                    reader.join(timeout=5)
                    while not lines.empty():
                        seen.append(lines.get())
                    raise AssertionError(f"{script} exited {proc.returncode}: {''.join(seen)}") from None
                if remaining <= 0:
                    raise AssertionError(f"{script} printed no URL within 60 s: {seen}") from None
                continue
            seen.append(line)
            if line.startswith("Open "):
                yield line.split()[1]
                return
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        reader.join(timeout=5)
