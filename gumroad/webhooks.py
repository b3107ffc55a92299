"""
gumroad.webhooks
~~~~~~~~~~~~~~~~

Receive Gumroad pings (webhooks): parse the body, confirm it through the API,
and process each event once.

.. warning::

   **A ping proves nothing until it is confirmed.** Gumroad does not sign pings:
   there is no signature, HMAC or secret header, so anyone who knows your
   endpoint's URL can post a convincing "sale". Never fulfil, refund, grant or
   revoke on the ping's word. Confirm it with :func:`confirm_sale` or
   :func:`confirm_subscription`, which fetch the object through the API with the
   seller's token, check that it matches the ping, and return the API's copy.
   Act on that copy.

Usage in a Flask view::

    from flask import Flask, abort, request

    from gumroad.webhooks import (
        InvalidPingError, PingMismatchError, confirm_sale, parse_ping,
    )

    app = Flask(__name__)

    @app.post("/gumroad/ping")
    def gumroad_ping():
        # Read the raw body before anything touches request.form.
        try:
            ping = parse_ping(request.get_data(), request.content_type)
        except InvalidPingError:
            abort(400)
        key = str(ping.idempotency_key)         # same for every retry of this event
        if already_done(key):                   # your storage
            return "", 200
        client = client_for_seller(ping["seller_id"])    # your token store
        try:
            sale = confirm_sale(client, ping)   # GET /v2/sales/:sale_id
        except PingMismatchError:
            abort(400)                          # forged or misrouted: do not act
        fulfil(sale)                            # the API's copy, not the ping
        mark_done(key)
        return "", 200

Django reads the body as ``parse_ping(request.body, request.META.get("CONTENT_TYPE"))``
(before ``request.POST``). Answer within 5 seconds: Gumroad gives up after
that and does not retry a timeout. It retries only on HTTP 499, 500, 502, 503
and 504, three times at most (after 60 s, 180 s and 600 s), adding a
``retry_count`` of 1 to 3; so answer 5xx when *your* side failed and a retry
would help, and 2xx or 4xx otherwise. API errors raised while confirming (the
API is down, rate limited) propagate, and a Flask view turns them into a 500.

Form bodies keep every value a **string** (``"true"``, ``"500"``, ``""`` for
null), JSON bodies keep JSON types; the typed accessors of :class:`Ping`,
:func:`to_bool`, :func:`to_int` and :meth:`Ping.as_sale_ping` read both alike.
"""

from __future__ import annotations

import json
from typing import Any

from . import _forms
from ._forms import InvalidPingError
from ._ping import IdempotencyKey, Ping, ResourceName, to_bool, to_int
from ._ping_confirm import (
    PingMismatchError,
    SupportsSales,
    SupportsSubscribers,
    confirm_sale,
    confirm_subscription,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "FORM_CONTENT_TYPE",
    "JSON_CONTENT_TYPE",
    "IdempotencyKey",
    "InvalidPingError",
    "Ping",
    "PingMismatchError",
    "ResourceName",
    "SupportsSales",
    "SupportsSubscribers",
    "confirm_sale",
    "confirm_subscription",
    "parse_ping",
    "to_bool",
    "to_int",
]

DEFAULT_MAX_BYTES = 1 << 20
"""Largest body :func:`parse_ping` accepts by default (1 MiB); real pings are a few KiB."""

DEFAULT_MAX_DEPTH = 8
"""Deepest nesting :func:`parse_ping` accepts by default; real pings nest 3 deep."""

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"

# --------------------------------------------------------------------------- parsing


def parse_ping(
    body: bytes | str,
    content_type: str | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Ping:
    """Parse a ping body into a :class:`Ping` of plain nested dicts and lists.

    :param body: the raw request body (Flask ``request.get_data()``, Django
        ``request.body``).
    :param content_type: the ``Content-Type`` header: ``application/x-www-form-urlencoded``
        (the default for resource subscriptions) or ``application/json``; a
        ``charset`` parameter is honoured (default UTF-8).
    :param max_bytes: refuse larger bodies.
    :param max_depth: refuse deeper nesting (``card[visual]`` is 2 deep).
    :raises InvalidPingError: for a missing or other content type, an empty,
        oversized, too deep or malformed body; the message says which.

    Form bodies are decoded as Gumroad builds them with HTTParty: bracketed keys
    nest (``card[visual]``, ``old_plan[tier][id]``), ``key[]`` collects a list
    (a lone empty ``key[]=`` is an empty list, as HTTParty sends ``[]``), and
    brackets inside a name (custom field ``a[b]``), which Gumroad
    percent-encodes, stay part of the name. Values stay strings, and null
    arrives as ``""``; an empty object is absent. JSON bodies keep their types.

    >>> ping = parse_ping(b"sale_id=S1&card%5Bvisual%5D=4242&resource_name=sale",
    ...                   "application/x-www-form-urlencoded")
    >>> ping["card"], ping.resource_name, ping.sale_id
    ({'visual': '4242'}, <ResourceName.SALE: 'sale'>, 'S1')
    """
    for name, limit in (("max_bytes", max_bytes), ("max_depth", max_depth)):
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"{name} must be a positive int, got {limit!r}")
    media_type, charset = _parse_content_type(content_type)
    raw = _forms.body_bytes(body, charset, max_bytes)
    if not raw.strip():
        raise InvalidPingError("the ping body is empty")
    if media_type == FORM_CONTENT_TYPE:
        return Ping(_forms.parse_form(raw, charset, max_depth), encoding="form")
    return Ping(_parse_json(raw, charset, max_depth), encoding="json")


_EXPECTED_TYPES = f"Gumroad pings are {FORM_CONTENT_TYPE} or {JSON_CONTENT_TYPE}"


def _parse_content_type(content_type: str | None) -> tuple[str, str]:
    if content_type is None or not content_type.strip():
        raise InvalidPingError(f"the request has no Content-Type; {_EXPECTED_TYPES}")
    media, _, params = content_type.partition(";")
    media = media.strip().lower()
    if media not in (FORM_CONTENT_TYPE, JSON_CONTENT_TYPE):
        raise InvalidPingError(f"unsupported Content-Type {media[:80]!r}; {_EXPECTED_TYPES}")
    charset = "utf-8"
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').strip().lower() or "utf-8"
    try:
        b"".decode(charset)
        "".encode(charset)
    except (LookupError, ValueError):
        raise InvalidPingError(f"unknown charset {charset[:40]!r} in the Content-Type") from None
    return media, charset


# --- JSON bodies (form bodies: gumroad._forms)


def _reject_constant(name: str) -> Any:
    raise InvalidPingError(f"the JSON body contains {name}, which JSON does not allow")


def _parse_json(raw: bytes, charset: str, max_depth: int) -> dict[str, Any]:
    text = _forms.decode_text(raw, charset, "the JSON body").lstrip("\ufeff")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except InvalidPingError:
        raise
    except RecursionError:
        raise InvalidPingError(f"the JSON body nests deeper than the limit of {max_depth}") from None
    except json.JSONDecodeError as exc:
        raise InvalidPingError(
            f"the body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError:  # e.g. an integer longer than Python's digit limit
        raise InvalidPingError("the body is not valid JSON: a value cannot be decoded") from None
    if not isinstance(value, dict):
        raise InvalidPingError(f"a JSON ping must be an object, got {type(value).__name__}")
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise InvalidPingError(f"the JSON body nests deeper than the limit of {max_depth}")
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return value


# --------------------------------------------------------------------------- re-exports

# Defined in private modules, documented, pickled and shown in tracebacks as gumroad.webhooks.
for _public in (InvalidPingError, ResourceName, IdempotencyKey, Ping, to_bool, to_int,
                PingMismatchError, SupportsSales, SupportsSubscribers, confirm_sale,
                confirm_subscription):  # fmt: skip
    _public.__module__ = __name__
del _public
