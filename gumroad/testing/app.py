"""
gumroad.testing.app
~~~~~~~~~~~~~~~~~~~

The transport-free heart of the fake: :func:`handle` turns one request into a
:class:`~gumroad.testing.FakeResponse`. The HTTP server and the ``responses``
front both call it, so they answer identically.

Order of work, as on the real server: faults (in front of the app), routing
(unknown routes are Rails' HTML 404), the Doorkeeper token check (401/403 with
empty bodies and ``WWW-Authenticate``), then the controller.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import parse_qsl, unquote

from . import _routes_account, _routes_checkout, _routes_oauth, _routes_products, _routes_sales
from ._http import (
    Abort,
    Ctx,
    FakeResponse,
    RouteSpec,
    Scopes,
    html_response,
    parse_params,
    token_from,
)
from ._http import routing_404 as _routing_404

if TYPE_CHECKING:
    from ._oauth import AccessToken
    from .model import FakeGumroad

__all__ = ["ROUTES", "handle", "token_from"]

_PREFIXES = ("/api/v2", "/v2")
_INTERNAL_ERROR = ("<!DOCTYPE html>\n<html>\n<head><title>We're sorry, but something went "
                   "wrong (500)</title></head>\n<body><h1>We're sorry, but something went "
                   "wrong.</h1></body>\n</html>\n")


class _Route(NamedTuple):
    spec: RouteSpec
    pattern: re.Pattern[str]


def _compile(spec: RouteSpec) -> _Route:
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(spec.template))
    return _Route(spec, re.compile(regex))


ROUTES: list[RouteSpec] = [*_routes_products.ROUTES, *_routes_checkout.ROUTES, *_routes_sales.ROUTES,
                           *_routes_account.ROUTES]
"""Every v2 route the fake serves, in matching order."""
_COMPILED = [_compile(spec) for spec in ROUTES]


def handle(fake: FakeGumroad, method: str, path: str, query: list[tuple[str, str]],
           headers: Mapping[str, str], body: bytes) -> FakeResponse:
    """Answer one request.

    :param method: the HTTP method.
    :param path: the URL path (a ``?query`` on it is merged into *query*).
    :param query: the decoded query pairs, in order.
    :param headers: request headers (any case).
    :param body: the raw body (form, JSON, or empty).
    """
    method = method.upper()
    path, _, raw_query = path.partition("?")
    if raw_query:
        query = parse_qsl(raw_query, keep_blank_values=True) + list(query)
    fault = fake.faults.take(method, path)
    if fault is not None and fault.kind != "delay":
        response = fault.response()
    else:
        try:
            with fake.lock:
                response = _dispatch(fake, method, path, query, headers, body)
        except Exception:
            fake.errors.append(traceback.format_exc())
            response = html_response(500, _INTERNAL_ERROR)
        if fault is not None:
            response.delay = fault.seconds
    fake.log.record(method, path, query, 0 if response.reset else response.status)
    if method == "HEAD":
        response.body = b""
    return response


def _dispatch(fake: FakeGumroad, method: str, path: str, query: list[tuple[str, str]],
              headers: Mapping[str, str], body: bytes) -> FakeResponse:
    params = parse_params(query, headers, body)
    override = params.get("_method")
    if method == "POST" and isinstance(override, str) and \
            override.upper() in ("PUT", "PATCH", "DELETE"):
        method = override.upper()
    if method == "HEAD":
        method = "GET"
    if path.startswith("/oauth/"):
        return _routes_oauth.dispatch(fake, method, path, params, headers)
    prefix = next((p for p in _PREFIXES if path.startswith(p + "/")), None)
    if prefix is None:
        return _routing_404()
    sub = path[len(prefix):].rstrip("/")
    if sub.endswith(".json"):
        sub = sub[: -len(".json")]
    for route in _COMPILED:
        match = route.pattern.fullmatch(sub)
        if match is None or route.spec.method != method:
            continue
        if fake.legacy and route.spec.since_2025:
            return _routing_404()
        args = {k: unquote(v) for k, v in match.groupdict().items()}
        ctx = Ctx(fake, method, sub, prefix, query, params, args)
        try:
            denied = _authorize(fake, ctx, route.spec.scopes, headers)
            return denied or route.spec.handler(ctx)
        except Abort as abort:
            return abort.response
    return _routing_404()


def _bearer_error(status: int, error: str, description: str) -> FakeResponse:
    escaped = description.replace('"', '\\"')
    value = f'Bearer realm="Doorkeeper", error="{error}", error_description="{escaped}"'
    return FakeResponse(status, [("WWW-Authenticate", value),
                                 ("Content-Type", "text/html"),
                                 ("Cache-Control", "no-cache")], b"")


def _authorize(fake: FakeGumroad, ctx: Ctx, scopes: Scopes,
               headers: Mapping[str, str]) -> FakeResponse | None:
    """Doorkeeper's ``doorkeeper_authorize!``; fills ``ctx.token`` and ``ctx.account``."""
    if scopes is None:
        return None
    value = token_from(headers, ctx.params)
    token: AccessToken | None = fake.oauth.tokens.get(value) if value else None
    if token is None:
        return _bearer_error(401, "invalid_token", "The access token is invalid")
    if token.revoked_at is not None:
        return _bearer_error(401, "invalid_token", "The access token was revoked")
    if token.expired:
        return _bearer_error(401, "invalid_token", "The access token expired")
    required = sorted(fake.read_scopes) if scopes == "read" else list(scopes)
    accepted = set(required) if fake.legacy else set(required) | {"account"}
    if not accepted & set(token.scopes):
        return _bearer_error(403, "insufficient_scope",
                             f'Access to this resource requires scope "{" ".join(required)}".')
    account = fake.account_for(token.user_id)
    if account is None:
        raise Abort(_routing_404())  # a client_credentials token: User.find(nil)
    ctx.token, ctx.account_or_none = token, account
    return None
