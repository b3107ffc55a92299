"""
gumroad.resources._base
~~~~~~~~~~~~~~~~~~~~~~~

What every resource module shares: a reference to the client and one way to
call it. Resources build paths and parameters; the client does the HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .._params import encode_bool, quote_id
from ..errors import APIError, error_from_response
from ..pagination import Pager

if TYPE_CHECKING:
    from ..client import GumroadClient

__all__ = ["FormPairs", "Resource", "form", "path", "require_int", "require_text", "unwrap"]

T = TypeVar("T")

FormPairs = list[tuple[str, str]]
"""Form fields in order; a key may repeat (``tags[]``)."""


def path(*segments: object) -> str:
    """Join literal segments and quoted ids into a path.

    Segments given as ``str`` literals are kept; ids are passed as
    ``(name, value)`` tuples and quoted with :func:`~gumroad._params.quote_id`.
    """
    parts: list[str] = []
    for segment in segments:
        if isinstance(segment, tuple):
            name, value = segment
            parts.append(quote_id(value, name))
        else:
            parts.append(str(segment))
    return "/".join(parts)


def require_text(value: object, name: str) -> str:
    """A required string argument: refuse anything else, or an empty one, by name."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


def require_int(value: object, name: str, *, minimum: int | None = None) -> int:
    """An integer argument (``True`` is not a number here), at least *minimum*."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def unwrap(body: Mapping[str, Any], key: str) -> Any:
    """``body[key]``, or a clear :class:`~gumroad.APIError` when the answer lacks it."""
    if key not in body:
        raise APIError(f"expected {key!r} in the answer, got keys {sorted(body)}")
    return body[key]


def form(fields: Mapping[str, Any]) -> FormPairs:
    """Flatten keyword arguments into form pairs, as Rails reads them.

    ``None`` values are left out; booleans become ``"true"``/``"false"``; a
    list of scalars becomes ``key[]`` repeated; dicts and lists of dicts
    become ``key[sub]`` and ``key[0][sub]``.
    """
    pairs: list[tuple[str, str]] = []
    for name, value in fields.items():
        _flatten(name, value, pairs, top=True)
    return pairs


def _flatten(key: str, value: Any, out: list[tuple[str, str]], *, top: bool = False) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        out.append((key, encode_bool(value, key)))
    elif isinstance(value, Mapping):
        for sub, item in value.items():
            _flatten(f"{key}[{sub}]", item, out)
    elif isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        if any(isinstance(item, Mapping) for item in value):
            for index, item in enumerate(value):
                _flatten(f"{key}[{index}]", item, out)
        else:
            for item in value:
                _flatten(f"{key}[]", item, out)
    elif isinstance(value, (str, int, float)):
        out.append((key, str(value)))
    else:
        raise TypeError(f"{key} cannot be sent as a form value: {type(value).__name__}")


class Resource:
    """Base of every resource: holds the client, calls its JSON helper."""

    def __init__(self, client: GumroadClient) -> None:
        self._client = client

    def _call(
        self,
        method: str,
        endpoint: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        authenticated: bool = True,
    ) -> dict[str, Any]:
        return self._client.request_json(
            method, endpoint, params=params, data=data, authenticated=authenticated
        )

    def _pager(
        self,
        endpoint: str,
        key: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_key: str | None = None,
    ) -> Pager[T]:
        """A lazy listing of *endpoint*; *params* are re-sent with every page."""
        query = {k: str(v) for k, v in (params or {}).items() if v is not None}

        def fetch(page_query: Mapping[str, str]) -> dict[str, Any]:
            return self._call("GET", endpoint, params=page_query)

        return Pager(fetch, key, query, page_key=page_key)

    def _download(self, endpoint: str, *, params: Mapping[str, Any] | None = None) -> bytes:
        """GET a non-JSON document (a PDF) and return its bytes, raising typed errors."""
        response = self._client.request("GET", endpoint, params=params)
        if response.status_code == 200:
            content: bytes = response.content
            return content
        error = error_from_response(response)
        raise error or APIError(f"GET {endpoint}: unexpected HTTP {response.status_code}")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
