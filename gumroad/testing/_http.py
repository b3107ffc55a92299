"""
gumroad.testing._http
~~~~~~~~~~~~~~~~~~~~~

Transport-free HTTP pieces shared by the app and both fronts: the response
value, Rails-style parameter parsing (query + form body with bracketed keys,
or JSON, merged with the query winning) and the stock response shapes.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Union
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from ._oauth import AccessToken
    from .model import FakeAccount, FakeGumroad

__all__ = [
    "Abort",
    "Ctx",
    "FakeResponse",
    "Handler",
    "RouteSpec",
    "Scopes",
    "error_400",
    "failure",
    "html_response",
    "json_response",
    "not_found",
    "parse_form",
    "parse_params",
    "routing_404",
    "success",
    "token_from",
]

_KEY = re.compile(r"^([^\[\]]*)((?:\[[^\[\]]*\])*)$")


@dataclass
class FakeResponse:
    """What the fake answers: a status, headers and a body.

    ``reset`` asks the front to drop the connection instead of answering;
    ``delay`` asks it to wait that many seconds before answering.
    """

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    reset: bool = False
    delay: float = 0.0

    def header(self, name: str) -> str | None:
        """The first header called *name* (case-insensitive), or ``None``."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body.decode("utf-8"))


def _insert(container: dict[str, Any], keys: list[str], value: Any) -> None:
    key, rest = keys[0], keys[1:]
    if not rest:
        container[key] = value
        return
    if rest[0] == "":
        items = container.get(key)
        if not isinstance(items, list):
            items = container[key] = []
        if len(rest) == 1:
            items.append(value)
            return
        last = items[-1] if items else None
        if not isinstance(last, dict) or rest[1] in last:
            last = {}
            items.append(last)
        _insert(last, rest[1:], value)
        return
    child = container.get(key)
    if not isinstance(child, dict):
        child = container[key] = {}
    _insert(child, rest, value)


def _normalize(value: Any) -> Any:
    """Hashes keyed ``"0"``, ``"1"``... become arrays (``files[0][url]=...``)."""
    if isinstance(value, dict):
        value = {k: _normalize(v) for k, v in value.items()}
        if value and all(k.isdigit() for k in value):
            return [value[k] for k in sorted(value, key=int)]
        return value
    if isinstance(value, list):
        return [_normalize(v) for v in value]
    return value


def parse_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Rack's nested parameters: ``a[b]=1``, ``a[]=1&a[]=2``, ``a[0][url]=x``."""
    params: dict[str, Any] = {}
    for name, value in pairs:
        match = _KEY.match(name)
        if not match or not match.group(1):
            params[name] = value
            continue
        keys = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        _insert(params, keys, value)
    normalized: dict[str, Any] = _normalize(params)
    return normalized


def parse_params(query: list[tuple[str, str]], headers: Mapping[str, str],
                 body: bytes) -> dict[str, Any]:
    """Query and body parameters merged as Rails does (the query wins)."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    body_params: dict[str, Any] = {}
    text = body.decode("utf-8", errors="replace") if body else ""
    if text.strip():
        if "json" in content_type.lower():
            try:
                loaded = json.loads(text)
            except ValueError:
                loaded = None
            if isinstance(loaded, dict):
                body_params = _normalize(loaded)
        elif "multipart" not in content_type.lower():
            body_params = parse_form(parse_qsl(text, keep_blank_values=True))
    body_params.update(parse_form(query))
    return body_params


def _headers(content_type: str) -> list[tuple[str, str]]:
    return [("Content-Type", content_type), ("X-Request-Id", str(uuid.uuid4()))]


def json_response(status: int, data: Any,
                  headers: list[tuple[str, str]] | None = None) -> FakeResponse:
    """A JSON answer, compact like Rails renders it."""
    body = json.dumps(data, separators=(",", ":")).encode()
    return FakeResponse(status, _headers("application/json; charset=utf-8") + (headers or []),
                        body)


def html_response(status: int, html: str,
                  headers: list[tuple[str, str]] | None = None) -> FakeResponse:
    """An HTML answer."""
    return FakeResponse(status, _headers("text/html; charset=utf-8") + (headers or []),
                        html.encode())


def routing_404() -> FakeResponse:
    """Rails' 404 page, for unknown routes."""
    return html_response(404, (
        "<!DOCTYPE html>\n<html>\n<head><title>The page you were looking for doesn't exist "
        "(404)</title></head>\n<body><h1>The page you were looking for doesn't exist.</h1>\n"
        "<p>You may have mistyped the address or the page may have moved.</p></body>\n</html>\n"))


def success(**data: Any) -> FakeResponse:
    """HTTP 200 ``{"success": true, ...}``."""
    return json_response(200, {"success": True, **data})


def failure(message: str) -> FakeResponse:
    """HTTP 200 ``{"success": false, "message": ...}``: how most v2 errors look."""
    return json_response(200, {"success": False, "message": message})


def not_found(thing: str) -> FakeResponse:
    """HTTP 200 ``{"success":false,"message":"The <thing> was not found."}``."""
    return failure(f"The {thing} was not found.")


def error_400(message: str) -> FakeResponse:
    """HTTP 400 ``{"status":400,"error":...}`` (no ``success`` key)."""
    return json_response(400, {"status": 400, "error": message})


@dataclass
class Ctx:
    """One API request on its way to a handler."""

    fake: FakeGumroad
    method: str
    path: str
    prefix: str
    query: list[tuple[str, str]]
    params: dict[str, Any]
    args: dict[str, str]
    token: AccessToken | None = None
    account_or_none: FakeAccount | None = None

    @property
    def account(self) -> FakeAccount:
        """The seller the token belongs to."""
        if self.account_or_none is None:
            raise RuntimeError("this route has no token, hence no account")
        return self.account_or_none

    def text(self, name: str) -> str | None:
        """Parameter *name* as a string (numbers too), else ``None``."""
        value = self.params.get(name)
        if isinstance(value, bool) or value is None:
            return None
        return str(value) if isinstance(value, (str, int, float)) else None

    def has_scope(self, *scopes: str) -> bool:
        """Whether the token carries any of *scopes*."""
        return self.token is not None and bool(set(self.token.scopes) & set(scopes))


def token_from(headers: Mapping[str, str], params: Mapping[str, object]) -> str | None:
    """Doorkeeper's lookup: ``Authorization: Bearer``, ``access_token``, ``bearer_token``."""
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    for name in ("access_token", "bearer_token"):
        found = params.get(name)
        if isinstance(found, str) and found:
            return found
    return None


class Abort(Exception):
    """Raised by a handler to answer *response* at once (a 400, a not-found...)."""

    def __init__(self, response: FakeResponse) -> None:
        super().__init__(response.status)
        self.response = response


Handler = Callable[[Ctx], FakeResponse]
Scopes = Union[str, tuple[str, ...], None]
"""``None``: no token; ``"read"``: the read set; else any of these scopes."""


class RouteSpec(NamedTuple):
    """One v2 route: ``template`` like ``"/products/{product_id}/skus"``."""

    method: str
    template: str
    scopes: Scopes
    handler: Handler
    since_2025: bool = False
