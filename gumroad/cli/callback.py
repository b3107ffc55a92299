"""
gumroad.cli.callback
~~~~~~~~~~~~~~~~~~~~

The one-shot redirect server of ``gumroad auth login``: it listens on
``127.0.0.1`` (a free port unless one is asked for), waits for Gumroad to
redirect the browser to ``/callback?code=...&state=...``, checks ``state``,
answers with a small "you can close this tab" page and stops. It also stops
after *timeout* seconds. Requests for other paths (a browser's
``/favicon.ico``) get a 404 and do not end the wait.

Usage::

    server = CallbackServer(expected_state)
    server.start()                          # a daemon thread
    webbrowser.open(url_with(server.redirect_uri))
    code = server.wait()                    # raises LoginFailed on error/timeout
"""

from __future__ import annotations

import html
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

__all__ = ["CallbackServer", "LoginFailed"]

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>gumroad CLI</title>
<style>body{{font-family:system-ui,sans-serif;margin:4em auto;max-width:32em;color:#222}}</style>
</head><body><h1>{title}</h1><p>{text}</p></body></html>
"""


class LoginFailed(Exception):
    """The browser flow did not produce a code: denied, wrong state, or timed out."""


class _Server(HTTPServer):
    outcome: tuple[str | None, str | None] | None = None  # (code, error)
    expected_state = ""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the terminal belongs to the CLI."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/callback" or self.server.outcome is not None:
            self._page(404, "Not found", "This is the gumroad CLI's login callback.")
            return
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        state = query.get("state", "")
        if not secrets.compare_digest(state.encode(), self.server.expected_state.encode()):
            self.server.outcome = (None, "the callback's state does not match this login "
                                         "(a stale tab or a forged request); run login again")
            self._page(400, "Login failed", "The request did not come from this login. "
                                            "Run <code>gumroad auth login</code> again.")
            return
        if "error" in query:
            reason = query.get("error_description") or query["error"]
            self.server.outcome = (None, f"authorization refused: {reason}")
            self._page(200, "Login cancelled", f"Gumroad said: {html.escape(reason)}. "
                                               "You can close this tab.")
            return
        code = query.get("code", "")
        if not code:
            self.server.outcome = (None, "the callback carried no code")
            self._page(400, "Login failed", "No authorization code arrived.")
            return
        self.server.outcome = (code, None)
        self._page(200, "You are logged in",
                   "The gumroad command line has your authorization. You can close this tab.")

    def _page(self, status: int, title: str, text: str) -> None:
        body = _PAGE.format(title=html.escape(title), text=text).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


class CallbackServer:
    """Waits on ``http://127.0.0.1:<port>/callback`` for one redirect.

    :param state: the ``state`` the authorization URL carries.
    :param port: 0 for a free port.
    :param timeout: seconds to wait before giving up.
    """

    def __init__(self, state: str, *, port: int = 0, timeout: float = 300.0) -> None:
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.expected_state = state
        self.timeout = timeout
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    @property
    def redirect_uri(self) -> str:
        """The ``redirect_uri`` to put in the authorization URL."""
        return f"http://127.0.0.1:{self.port}/callback"

    def _serve(self) -> None:
        deadline = time.monotonic() + self.timeout
        try:
            while self._server.outcome is None and not self._stop.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._server.timeout = min(0.2, remaining)
                self._server.handle_request()
        finally:
            self._server.server_close()

    def start(self) -> None:
        """Serve in a daemon thread until one callback arrives or the time is up."""
        self._thread = threading.Thread(target=self._serve, name="gumroad-login-callback",
                                        daemon=True)
        self._thread.start()

    def wait(self) -> str:
        """Block until the callback; return the authorization code.

        :raises LoginFailed: denied, wrong state, no code, or timed out.
        """
        if self._thread is None:
            self.start()
        if self._thread is not None:
            self._thread.join(self.timeout + 5)
        outcome = self._server.outcome
        if outcome is None:
            self.close()
            raise LoginFailed(f"no answer from the browser within {self.timeout:g} seconds")
        code, error = outcome
        if error or not code:
            raise LoginFailed(error or "no code")
        return code

    def close(self) -> None:
        """Stop waiting (the thread ends within a fraction of a second)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2)
