"""
gumroad._params
~~~~~~~~~~~~~~~

Wire encoding shared by the client and the resource modules: the query table,
booleans as the strings the server compares against, dates, and path ids.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any, Union
from urllib.parse import quote, urlencode

__all__ = [
    "QueryTable",
    "check_encodable",
    "check_kwargs",
    "encode_bool",
    "encode_date",
    "encode_query",
    "quote_id",
]

QueryTable = dict[str, str]
"""An ordered ``str -> str`` mapping of query parameters (the seed's ``QueryTable``).

A plain :class:`dict` keeps insertion order, so ``QueryTable(a="1", b="2")``
encodes as ``?a=1&b=2``.
"""

DateLike = Union[datetime.date, str]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def encode_query(query: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> str:
    """Encode *query* as ``"?a=1&b=2"``, percent-encoded, or ``""`` when it is empty.

    >>> encode_query({"after": "2024-01-01", "email": "a b@example.com"})
    '?after=2024-01-01&email=a+b%40example.com'
    >>> encode_query({})
    ''
    """
    if not query:
        return ""
    items = list(query.items()) if isinstance(query, Mapping) else list(query)
    if not items:
        return ""
    return "?" + urlencode([(str(k), encode_value(v)) for k, v in items])


def encode_value(value: Any) -> str:
    """One parameter value as the server reads it: booleans as ``"true"``/``"false"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    return str(value)


def encode_bool(value: object, name: str) -> str:
    """Encode a boolean argument as the string ``"true"`` or ``"false"``.

    The server compares strings (``required == "true"``), so JSON ``true`` would
    read as false. Anything but a real :class:`bool` is refused.
    """
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return "true" if value else "false"


def encode_date(value: object, name: str) -> str:
    """Encode a date argument as ``YYYY-MM-DD``.

    Accepts a :class:`datetime.date` (a :class:`datetime.datetime` is cut to its
    date) or a string already in that form; anything else raises
    :class:`ValueError` naming the argument, before any request is sent.
    """
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return value
    raise ValueError(
        f"{name} must be a datetime.date or a 'YYYY-MM-DD' string, got {value!r}"
    )


def quote_id(value: object, name: str = "id") -> str:
    """Quote one path segment so that it cannot change the path.

    Every character outside the unreserved set is percent-encoded (``/`` too),
    so ``"a/b"`` stays one segment. Quoting leaves dots alone and URL
    normalisation would turn ``..`` into "go up", so an empty id, ``.`` and
    ``..`` are refused with :class:`ValueError`.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    text = str(value)
    if text.strip() in ("", ".", ".."):
        raise ValueError(f"{name} must be a non-empty id, not {text!r}")
    check_encodable(text, name)
    return quote(text, safe="")


def check_encodable(text: str, name: str) -> str:
    """Refuse text that cannot be sent as UTF-8 (a lone surrogate), naming the argument."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"{name} contains a character that cannot be sent (a lone surrogate at {exc.start})"
        ) from None
    return text


def check_kwargs(method: str, given: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse keyword arguments the endpoint does not take, rather than send them."""
    allowed_set = set(allowed)
    unknown = sorted(k for k in given if k not in allowed_set)
    if unknown:
        raise TypeError(
            f"{method}() got unexpected keyword argument(s) {', '.join(unknown)}; "
            f"it accepts: {', '.join(sorted(allowed_set)) or 'none'}"
        )
