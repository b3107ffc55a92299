"""
gumroad.cli.api
~~~~~~~~~~~~~~~

``gumroad api METHOD PATH -f key=value ...``: any endpoint, with the token
placed, refreshed and redacted like every other call, and the JSON answer
printed. For GET and DELETE the fields go in the query, otherwise in a form
body; a key given twice (``-f tags[]=a -f tags[]=b``) is sent twice.
"""

from __future__ import annotations

import json
from typing import Any

from .context import Context, UsageError
from .options import Parents, Subparsers
from .output import choose_format, open_sink

__all__ = ["api", "parse_fields", "register"]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def parse_fields(items: list[str]) -> list[tuple[str, str]]:
    """``["a=1", "b=x=y"]`` as pairs (split at the first ``=``).

    :raises UsageError: an item without ``=`` or with an empty key.
    """
    pairs: list[tuple[str, str]] = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"-f expects key=value, got {item!r}")
        pairs.append((key, value))
    return pairs


def api(ctx: Context) -> int:
    """Send one request and print the JSON answer."""
    method = str(ctx.args.method).upper()
    if method not in METHODS:
        raise UsageError(f"METHOD must be one of {', '.join(METHODS)}, got {ctx.args.method!r}")
    pairs = parse_fields(ctx.args.field or [])
    params: Any = None
    data: list[tuple[str, str]] | None = None
    if method in ("GET", "DELETE"):
        params = _query(pairs)
    elif pairs:
        data = list(pairs)
    client = ctx.client()
    try:
        body = client.request_json(method, ctx.args.path, params=params, data=data)
    except ValueError as exc:  # an absolute URL on another host, refused before sending
        raise UsageError(str(exc)) from exc
    fmt = choose_format(ctx, is_list=False)
    with open_sink(ctx) as out:
        if fmt == "jsonl":
            out.write(json.dumps(body, ensure_ascii=False) + "\n")
        else:
            out.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    return 0


def _query(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    query: dict[str, Any] = {}
    for key, value in pairs:
        if key in query:
            current = query[key]
            query[key] = [*current, value] if isinstance(current, list) else [current, value]
        else:
            query[key] = value
    return query


def register(sub: Subparsers, parents: Parents) -> None:
    """Add ``api`` to the top-level subparsers *sub*."""
    p = sub.add_parser(
        "api",
        parents=[parents.output, parents.send],
        help="call any endpoint and print its JSON",
        description="Call any API endpoint; PATH is relative to the API base (e.g. sales/ID).",
    )
    p.add_argument("method", metavar="METHOD", help="GET, POST, PUT, PATCH or DELETE")
    p.add_argument("path", metavar="PATH", help="e.g. user, products/ID, /v2/sales")
    p.add_argument("-f", "--field", action="append", metavar="KEY=VALUE",
                   help="a parameter (query for GET/DELETE, form body otherwise); repeatable")
    p.set_defaults(handler=api)
