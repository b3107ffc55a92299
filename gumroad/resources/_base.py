"""
gumroad.resources._base
~~~~~~~~~~~~~~~~~~~~~~~

What every resource module shares: a reference to the client and one way to
call it. Resources build paths and parameters; the client does the HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._params import quote_id

if TYPE_CHECKING:
    from ..client import GumroadClient

__all__ = ["Resource", "path"]


def path(*segments: object, names: tuple[str, ...] = ()) -> str:
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
        data: Mapping[str, Any] | None = None,
        authenticated: bool = True,
    ) -> dict[str, Any]:
        return self._client.request_json(
            method, endpoint, params=params, data=data, authenticated=authenticated
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
