"""
gumroad.pagination
~~~~~~~~~~~~~~~~~~

The ``page_key`` cursor: a lazy :class:`Pager` over every item of a listing.

Usage::

    pager = client.sales.list(after="2024-01-01")   # nothing sent yet
    for sale in pager:                              # one page in memory at a time
        print(sale["id"])

    for page in client.sales.list().pages():        # page by page
        save(page.items)
        checkpoint(page.next_page_key)              # None on the last page

    rest = list(client.sales.list(page_key=saved_key))  # resume where you stopped

Gumroad answers a page with the items and, when more exist, a
``next_page_key`` (absent on the last page). The pager asks for the next page
by re-sending the caller's own filters plus ``page_key``; it never follows the
server's relative ``next_page_url``. A key seen twice means the server is
going round in circles: :class:`PaginationCycleError` is raised instead of
looping forever. Listings the server does not page (or no longer pages) come
back as one page without a key, and the pager simply stops.

A 401 on page 37 is the client's business: it refreshes the token and replays
that one request, so the iteration goes on with nothing lost or repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from .errors import APIError

__all__ = ["Page", "Pager", "PaginationCycleError"]

T = TypeVar("T")

#: Sends one request with the given query and returns the parsed JSON body.
Fetch = Callable[[Mapping[str, str]], Mapping[str, Any]]


class PaginationCycleError(APIError):
    """The server handed out a ``page_key`` it had already given: stopping instead of looping."""


class Page(Generic[T]):
    """One page of a listing.

    :ivar items: the objects on this page.
    :ivar page_key: the key this page was fetched with (``None`` for the first page).
    :ivar next_page_key: the key of the next page, ``None`` on the last one.
    """

    __slots__ = ("__weakref__", "items", "next_page_key", "page_key")

    def __init__(self, items: list[T], page_key: str | None, next_page_key: str | None) -> None:
        self.items = items
        self.page_key = page_key
        self.next_page_key = next_page_key

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"<Page items={len(self.items)} next_page_key={self.next_page_key!r}>"


class Pager(Generic[T]):
    """A lazy, re-iterable listing across every page.

    Nothing is sent until you iterate. Each iteration starts again from the
    first page (or from *page_key*), so ``list(pager)`` twice makes the
    requests twice. Only the current page is held in memory; the keys already
    seen are kept (a few dozen bytes each) to detect cycles.

    :param fetch: sends one request with a query and returns the JSON body.
    :param key: the body key that holds the items (``"sales"``).
    :param params: the caller's filters, re-sent with every page.
    :param page_key: start from this key instead of the first page.
    """

    def __init__(
        self,
        fetch: Fetch,
        key: str,
        params: Mapping[str, str] | None = None,
        *,
        page_key: str | None = None,
    ) -> None:
        if page_key is not None and (not isinstance(page_key, str) or not page_key.strip()):
            raise ValueError(f"page_key must be a non-empty string, got {page_key!r}")
        self._fetch = fetch
        self._key = key
        self._params = dict(params or {})
        self._start = page_key

    @property
    def params(self) -> dict[str, str]:
        """A copy of the filters sent with every page."""
        return dict(self._params)

    def pages(self) -> Iterator[Page[T]]:
        """Yield one :class:`Page` at a time, following ``next_page_key``.

        :raises PaginationCycleError: a ``page_key`` came back a second time.
        """
        key = self._start
        seen: set[str] = set()
        while True:
            if key is not None:
                if key in seen:
                    raise PaginationCycleError(
                        f"pagination of {self._key!r} returned page_key {key!r} twice; "
                        "stopping instead of looping (the server's listing changed or is broken)"
                    )
                seen.add(key)
            query = dict(self._params)
            if key is not None:
                query["page_key"] = key
            body = self._fetch(query)
            items = body.get(self._key)
            if not isinstance(items, list):
                kind = type(items).__name__
                raise APIError(f"expected a list under {self._key!r} in the answer, got {kind}")
            next_key = body.get("next_page_key")
            if not isinstance(next_key, str) or not next_key:
                next_key = None
            page: Page[T] = Page(items, key, next_key)
            del body, items  # the page is all we keep
            yield page
            del page
            if next_key is None:
                return
            key = next_key

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def first(self) -> T | None:
        """The first item, fetching only the first page; ``None`` when empty."""
        for item in self:
            return item
        return None

    def __repr__(self) -> str:
        start = f" page_key={self._start!r}" if self._start else ""
        return f"<Pager {self._key} params={sorted(self._params)}{start}>"
