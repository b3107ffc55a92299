"""
gumroad.cli.listing
~~~~~~~~~~~~~~~~~~~

List commands: which pages to fetch and a progress line while fetching them.

Without options a list command prints the first page. ``--limit N`` fetches
pages until it has N items, ``--all`` every page, and ``--page-key KEY``
starts from a page key instead of the first page. Pages are read lazily from
the SDK's :class:`~gumroad.pagination.Pager` and written as they come.

The progress line (``sales: 1,230 fetched, 123 pages``) goes to stderr only
when stderr is a terminal, the rows are not already scrolling on that
terminal, and a second page is being fetched; piped, there is nothing.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from ..pagination import Pager
from .context import Context, UsageError
from .output import isatty, write_list

__all__ = ["Progress", "add_paging", "run_list"]


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def add_paging(parser: argparse.ArgumentParser) -> None:
    """Add ``--all``, ``--limit`` and ``--page-key`` to a list command."""
    group = parser.add_argument_group("paging")
    how = group.add_mutually_exclusive_group()
    how.add_argument("--all", action="store_true", help="fetch every page (default: the first page)")
    how.add_argument("--limit", type=positive_int, metavar="N", help="stop after N items")
    group.add_argument("--page-key", metavar="KEY", help="start from this page key")


class Progress:
    """A one-line ``\\r`` counter on a terminal; silent anywhere else."""

    def __init__(self, stream: TextIO, label: str, *, enabled: bool, interval: float = 0.1) -> None:
        self.stream = stream
        self.label = label
        self.enabled = enabled and isatty(stream)
        self.interval = interval
        self.items = 0
        self.pages = 0
        self._shown = False
        self._last = 0.0

    def page(self, items: int) -> None:
        """Count one more page of *items* items."""
        self.items += items
        self.pages += 1
        now = time.monotonic()
        if self.enabled and self.pages >= 2 and now - self._last >= self.interval:
            self._last = now
            self._shown = True
            self.stream.write(f"\r{self.label}: {self.items:,} fetched, {self.pages:,} pages")
            self.stream.flush()

    def done(self) -> None:
        """Erase the line, leaving the terminal as it was."""
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False


def _items(pager: Pager[Any], ctx: Context, label: str, state: dict[str, Any]) -> Iterator[Any]:
    fetch_all = bool(ctx.option("all"))
    limit: int | None = ctx.option("limit")
    # Rows scrolling on the terminal are progress enough; the line is for files and pipes.
    rows_on_terminal = isatty(ctx.stdout) and ctx.option("output") in (None, "-")
    progress = Progress(ctx.stderr, label,
                        enabled=(fetch_all or limit is not None) and not rows_on_terminal)
    given = 0
    try:
        for page in pager.pages():
            progress.page(len(page.items))
            state["next_page_key"] = page.next_page_key
            for item in page.items:
                if limit is not None and given >= limit:
                    return
                given += 1
                yield item
            if not fetch_all and (limit is None or given >= limit):
                return
        state["next_page_key"] = None
    finally:
        progress.done()


def run_list(ctx: Context, pager: Pager[Any], kind: str) -> int:
    """Write the chosen pages of *pager*; tell a person at a terminal how to go on."""
    state: dict[str, Any] = {"next_page_key": None}
    write_list(ctx, _items(pager, ctx, kind + "s", state), kind)
    more = state["next_page_key"]
    if more and not ctx.option("all") and isatty(ctx.stderr):
        hint = "" if ctx.option("limit") else f", or --page-key {more}"
        ctx.note(f"more {kind}s: use --all or a larger --limit{hint}")
    return 0


def list_params(ctx: Context, names: Mapping[str, str]) -> dict[str, Any]:
    """Options as SDK keyword arguments: ``{"after": "after", "product": "product_id"}``."""
    params: dict[str, Any] = {}
    for option, keyword in names.items():
        value = ctx.option(option)
        if value is not None:
            params[keyword] = value
    page_key = ctx.option("page_key")
    if page_key is not None:
        if not str(page_key).strip():
            raise UsageError("--page-key must not be empty")
        params["page_key"] = page_key
    return params
