"""
gumroad.cli.safety
~~~~~~~~~~~~~~~~~~

The two brakes on commands that change things:

- :func:`confirm` asks before a refund, a delete, a disable or a rotate. It
  reads the answer from stdin, and refuses to guess when stdin is not a
  terminal: a script must say ``--yes``.
- ``--dry-run`` mounts :class:`DryRunAdapter` on the client. The SDK builds
  the request exactly as it would send it; the adapter prints it with the
  token masked and stops, so nothing reaches the network.
"""

from __future__ import annotations

from typing import Any, TextIO
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter

from .._redact import redact
from .context import Aborted, Context, DryRunDone, UsageError

__all__ = ["DryRunAdapter", "confirm", "describe_request"]


def describe_request(request: requests.PreparedRequest) -> list[str]:
    """The request as lines: ``METHOD URL`` (token masked) and its form or JSON body."""
    url = request.url or ""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    bare = urlunsplit(parts._replace(query=""))
    lines = [f"{request.method} {bare}"]
    if query:
        lines.append("  query: " + redact(_pairs(query)))
    body = request.body
    if body:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        ctype = str(request.headers.get("Content-Type", ""))
        if "x-www-form-urlencoded" in ctype:
            lines.append("  form:  " + redact(_pairs(parse_qsl(text, keep_blank_values=True))))
        else:
            lines.append(f"  body:  {redact(text)}")
    return lines


def _pairs(pairs: list[tuple[str, str]]) -> str:
    return " ".join(f"{key}={value}" for key, value in pairs)


class DryRunAdapter(BaseAdapter):
    """A transport that prints each request instead of sending it."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        for line in describe_request(request):
            self.stream.write(line + "\n")
        self.stream.flush()
        raise DryRunDone()

    def close(self) -> None:
        """Nothing to close: no connection was ever opened."""


def confirm(ctx: Context, action: str) -> None:
    """Ask "*action*? [y/N]" unless ``--yes`` or ``--dry-run`` was given.

    :raises UsageError: stdin is not a terminal and ``--yes`` was not given.
    :raises Aborted: the answer was not yes.
    """
    if ctx.option("yes", False) or ctx.dry_run:
        return
    stdin = ctx.stdin
    if not _isatty(stdin):
        raise UsageError(f"{action}: refusing without confirmation (stdin is not a terminal); "
                         "pass --yes to go ahead")
    ctx.stderr.write(f"{action}? [y/N] ")
    ctx.stderr.flush()
    answer = stdin.readline()
    if answer.strip().lower() not in ("y", "yes"):
        raise Aborted("aborted; nothing was sent")


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False

