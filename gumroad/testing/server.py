"""
gumroad.testing.server
~~~~~~~~~~~~~~~~~~~~~~

:class:`FakeGumroadServer`: the fake over real HTTP on ``127.0.0.1``.

Usage::

    import requests
    from gumroad.testing import FakeGumroadServer

    with FakeGumroadServer(sales=250) as server:
        token = server.fake.issue_token()
        requests.get(server.api_url + "/sales", params={"access_token": token["access_token"]})

It speaks HTTP/1.1 with keep-alive (``Content-Length`` on every answer), so a
``requests.Session`` reuses its connection; :attr:`connections_accepted`
counts TCP connections for benchmarks. A ``"reset"`` fault closes the socket
with an RST instead of answering.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .model import FakeGumroad

__all__ = ["FakeGumroadServer"]


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 resets bursts of new connections.
    request_queue_size = 128
    owner: FakeGumroadServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-exchange is normal for a test server; stay quiet."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def get_request(self) -> tuple[socket.socket, Any]:
        """Accept a connection, counting it."""
        sock, address = super().get_request()
        self.owner._accepted(sock)
        return sock, address

    def shutdown_request(self, request: Any) -> None:
        """Close a connection: gracefully, or with an RST after a ``"reset"`` fault."""
        if self.owner._forget(request):  # reset: close at once, so the peer gets an RST
            self.close_request(request)
        else:
            super().shutdown_request(request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeGumroad"
    sys_version = ""
    timeout = 60  # idle keep-alive connections end after this
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the fake keeps its own request log."""

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self) -> None:
        owner = self.server.owner
        body = self._read_body()
        parts = urlsplit(self.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        response = owner.fake.handle(self.command, parts.path, query, dict(self.headers.items()),
                                     body)
        if response.delay and owner._stopping.wait(response.delay):
            response.reset = True
        if response.reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            owner._mark_reset(self.connection)
            self.close_connection = True
            return
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except OSError:  # the client went away (e.g. it timed out during a delay)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve


class FakeGumroadServer:
    """A real HTTP server over a :class:`FakeGumroad`, in a daemon thread.

    :param fake: the model to serve; a new ``FakeGumroad(**model_kwargs)`` if ``None``.
    :param host: the address to bind (loopback by default).
    :param port: 0 picks a free port.

    Attributes: :attr:`url` (``http://127.0.0.1:PORT``), :attr:`api_url`
    (``url + "/v2"``), :attr:`token_url`, :attr:`authorize_url`, :attr:`fake`,
    :attr:`connections_accepted`.
    """

    def __init__(self, fake: FakeGumroad | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, **model_kwargs: Any) -> None:
        if fake is not None and model_kwargs:
            raise TypeError("pass either a FakeGumroad or model arguments, not both")
        self.fake = fake if fake is not None else FakeGumroad(**model_kwargs)
        self.host = host
        self.port = port
        self.connections_accepted = 0
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._resets: set[socket.socket] = set()
        self._stopping = threading.Event()

    # -- bookkeeping used by the handler ---------------------------------------------------
    def _accepted(self, sock: socket.socket) -> None:
        with self._lock:
            self.connections_accepted += 1
            self._open.add(sock)

    def _mark_reset(self, sock: socket.socket) -> None:
        with self._lock:
            self._resets.add(sock)

    def _forget(self, sock: socket.socket) -> bool:
        with self._lock:
            self._open.discard(sock)
            if sock in self._resets:
                self._resets.discard(sock)
                return True
            return False

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> FakeGumroadServer:
        """Bind and start serving; returns ``self``."""
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _HTTPServer((self.host, self.port), _Handler)
        httpd.owner = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                        name=f"fake-gumroad:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close every connection and the socket, and join the thread."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._stopping.set()
        httpd.shutdown()
        with self._lock:
            still_open = list(self._open)
        for sock in still_open:  # wake handler threads blocked on idle keep-alive reads
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        httpd.server_close()
        thread.join(timeout=10)
        self._httpd = self._thread = None

    @property
    def running(self) -> bool:
        """Whether the serving thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def thread(self) -> threading.Thread | None:
        """The serving thread (``None`` once stopped)."""
        return self._thread

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if self._httpd is None:
            raise RuntimeError("the server is not running: call start() or use 'with'")
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The API base, ``url + "/v2"``."""
        return self.url + "/v2"

    @property
    def token_url(self) -> str:
        """The OAuth token endpoint."""
        return self.url + "/oauth/token"

    @property
    def authorize_url(self) -> str:
        """The OAuth consent page."""
        return self.url + "/oauth/authorize"

    def __enter__(self) -> FakeGumroadServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = f"http://{self.host}:{self.port}" if self._httpd else "stopped"
        return f"<FakeGumroadServer {where}>"
