"""
bench._servers
~~~~~~~~~~~~~~

The loopback servers the benches talk to, each in a **separate process** so
that its CPU time, GIL and memory do not count against the client measured:

- ``raw``: the floor. A stdlib ``http.server`` on HTTP/1.1 keep-alive that
  answers every request with the same prebuilt ``GET /v2/user`` answer in one
  write.
- ``fake``: :class:`gumroad.testing.FakeGumroadServer` over a
  ``FakeGumroad(seed=0, sales=N)``.

Both bind ``127.0.0.1`` on a free port. The parent talks to the child over its
stdin/stdout, one line per command (``stats``, ``expire``, ``delay 0.05``,
``quit``). A child stops by itself when its stdin closes (the parent went away)
or after ``--lifetime`` seconds, whichever comes first.

Usage::

    with ServerProcess("fake", sales=10_000) as server:
        server.info["api_url"], server.info["token"]["access_token"]
        server.call("stats")["connections"]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import _stats

__all__ = ["USER_BODY", "ServerProcess"]

#: What the raw server answers: the shape (and about the size) of the fake's ``/v2/user``.
USER_BODY = json.dumps({
    "success": True,
    "user": {
        "bio": "Fake seller for benchmarks", "name": "Bench Seller", "twitter_handle": None,
        "user_id": "G_-mnBf9b1j9A7a4ub4nFQ==", "email": "seller@example.com",
        "url": "https://bench.example.com", "profile_url": "https://public-files.example.com/a.png",
        "display_name": "Bench Seller", "id": "G_-mnBf9b1j9A7a4ub4nFQ==",
    },
}, separators=(",", ":")).encode()
_RAW_RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                 b"Content-Length: " + str(len(USER_BODY)).encode() + b"\r\n\r\n" + USER_BODY)


class ServerProcess:
    """A server child process; :attr:`info` is what it printed on start."""

    def __init__(self, kind: str, *, sales: int = 25, lifetime: float = 1800.0) -> None:
        self.kind = kind
        self.args = [sys.executable, __file__, kind, "--sales", str(sales),
                     "--lifetime", str(lifetime)]
        self.proc: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> ServerProcess:
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=_stats.child_env(), bufsize=1)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.kind} server did not start")
        self.info = json.loads(line)
        return self

    def call(self, command: str) -> Any:
        """Send one command line and return the JSON answer."""
        proc = self.proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        with self._lock:
            proc.stdin.write(command + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.kind} server went away")
        return json.loads(line)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        proc = self.proc
        if proc is None:
            return
        try:
            if proc.poll() is None and proc.stdin is not None:
                proc.stdin.write("quit\n")
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait(timeout=10)
        self.proc = None


# -- the child side ------------------------------------------------------------------------


class _RawHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 120

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)  # pygumroad sends its token in a GET body
        self.wfile.write(_RAW_RESPONSE)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _RawServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    connections = 0

    def get_request(self) -> Any:
        sock, address = super().get_request()
        self.connections += 1
        return sock, address


def _serve(kind: str, sales: int) -> tuple[dict[str, Any], Any, Any]:
    if kind == "raw":
        raw = _RawServer(("127.0.0.1", 0), _RawHandler)
        threading.Thread(target=raw.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        url = f"http://127.0.0.1:{raw.server_address[1]}"
        info = {"url": url, "api_url": url + "/v2",
                "token": {"access_token": "raw-bench-token"}}
        return info, raw, None

    from gumroad.testing import FakeGumroad, FakeGumroadServer

    fake = FakeGumroad(seed=0, sales=sales, log_size=200_000)
    server = FakeGumroadServer(fake).start()
    info = {"url": server.url, "api_url": server.api_url, "token_url": server.token_url,
            "token": fake.issue_token(), "client_id": fake.default_app.client_id,
            "client_secret": fake.default_app.client_secret}
    return info, server, fake


def _child(kind: str, sales: int, lifetime: float) -> None:
    # A watchdog: whatever the parent does, this process ends.
    timer = threading.Timer(lifetime, os._exit, args=(3,))
    timer.daemon = True
    timer.start()
    info, server, fake = _serve(kind, sales)
    print(json.dumps(info), flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        answer: Any = {}
        if command == "quit":
            break
        if command == "stats":
            if fake is None:
                answer = {"connections": server.connections}
            else:
                statuses = Counter(str(r.status) for r in fake.requests)
                answer = {"connections": server.connections_accepted,
                          "requests": fake.count(),
                          "token_calls": fake.count("POST", "/oauth/token"),
                          "statuses": statuses}
        elif command == "expire" and fake is not None:
            answer = {"expired": fake.expire_all_tokens()}
        elif command == "delay" and fake is not None:
            fake.faults.clear()
            if float(arg) > 0:
                fake.faults.inject("delay", count=None, route="/v2/sales", seconds=float(arg))
            answer = {"delay": float(arg)}
        elif command == "token" and fake is not None:
            answer = fake.issue_token()
        else:
            answer = {"error": f"unknown command {command!r}"}
        print(json.dumps(answer), flush=True)
    if fake is None:
        server.shutdown()
        server.server_close()
    else:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="a loopback server for the benches")
    parser.add_argument("kind", choices=["raw", "fake"])
    parser.add_argument("--sales", type=int, default=25)
    parser.add_argument("--lifetime", type=float, default=1800.0)
    options = parser.parse_args()
    _child(options.kind, options.sales, options.lifetime)
