"""
gumroad.export
~~~~~~~~~~~~~~

Parallel export of a date-filtered listing (sales), which no cursor can give:
``page_key`` paging is serial, so 100k sales are 10k round trips one after
another. This module splits the ``after``/``before`` range into date windows and
pages the windows concurrently on one client.

Usage::

    for sale in client.sales.export(after="2020-01-01", workers=8):
        write_row(sale)

Every sale is yielded exactly once. Order: page by page as the windows
deliver them, each page newest first, but **not** globally sorted.

How the windows stay exact: a window is ``after=A&before=B`` (``A <= created_at
< B``). When a worker is idle, a busy window whose last-seen sale was on day
``T`` hands off ``[A, M)`` for some day ``M`` at least a day before ``T`` and
continues itself with ``after=M`` and its cursor. Because ``before=M`` and
``after=M`` split at the same instant, whatever time zone the server reads
dates in, nothing is lost or repeated; the day of margin keeps the handed-off
window strictly older than anything already yielded.
"""

from __future__ import annotations

import datetime
import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from ._params import encode_date
from .errors import APIError
from .pagination import PaginationCycleError

__all__ = ["EARLIEST_DATE", "WindowedExport"]

T = TypeVar("T")
Fetch = Callable[[Mapping[str, str]], Mapping[str, Any]]

#: Gumroad launched in 2011; no sale is older.
EARLIEST_DATE = datetime.date(2011, 1, 1)


class _Window:
    """A date range ``[after, before)`` and, once started, its cursor."""

    __slots__ = ("after", "before", "page_key", "seen")

    def __init__(self, after: datetime.date, before: datetime.date) -> None:
        self.after = after
        self.before = before
        self.page_key: str | None = None
        self.seen: set[str] = set()


class WindowedExport(Generic[T]):
    """Iterate a date-filtered listing with *workers* threads over date windows.

    :param fetch: sends one request (one page) with the given query.
    :param key: the body key that holds the items (``"sales"``).
    :param params: other filters re-sent with every page (``email``, ``product_id``).
    :param after: first day (default: Gumroad's launch).
    :param before: day after the last (default: the day after tomorrow, UTC).
    :param workers: threads paging at once (1 pages serially).
    :param buffer_pages: pages held ready for the consumer; bounds memory.
    """

    def __init__(
        self,
        fetch: Fetch,
        key: str,
        params: Mapping[str, str] | None = None,
        *,
        after: datetime.date | str | None = None,
        before: datetime.date | str | None = None,
        workers: int = 8,
        buffer_pages: int | None = None,
    ) -> None:
        if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= 64:
            raise ValueError(f"workers must be an int from 1 to 64, got {workers!r}")
        start = _to_date(after, "after") if after is not None else EARLIEST_DATE
        today = datetime.datetime.now(datetime.timezone.utc).date()
        end = _to_date(before, "before") if before is not None else today + datetime.timedelta(days=2)
        if end <= start:
            raise ValueError(f"before ({end}) must be later than after ({start})")
        self._fetch = fetch
        self._key = key
        self._params = dict(params or {})
        self._start, self._end = start, end
        self._workers = workers
        self._buffer = buffer_pages or workers * 2

    def __iter__(self) -> Iterator[T]:
        out: queue.Queue[list[Any]] = queue.Queue(maxsize=self._buffer)
        stop = threading.Event()
        state = _State(self._initial_windows(), self._workers)
        threads = [
            threading.Thread(target=self._work, args=(state, out, stop), daemon=True,
                             name=f"gumroad-export-{i}")
            for i in range(self._workers)
        ]
        for thread in threads:
            thread.start()
        try:
            while True:
                if state.error is not None:
                    raise state.error
                try:
                    page = out.get(timeout=0.05)
                except queue.Empty:
                    if any(t.is_alive() for t in threads):
                        continue
                    if out.empty():
                        break
                    continue
                yield from page
            if state.error is not None:
                raise state.error
        finally:
            stop.set()
            state.wake_all()
            while any(t.is_alive() for t in threads):
                try:
                    out.get_nowait()
                except queue.Empty:
                    pass
                for thread in threads:
                    thread.join(timeout=0.05)

    def _initial_windows(self) -> list[_Window]:
        days = (self._end - self._start).days
        count = max(1, min(self._workers, days))
        step = days / count
        bounds = [self._start + datetime.timedelta(days=round(i * step)) for i in range(count)]
        bounds.append(self._end)
        # Newest first, so the first pages out are the most recent sales.
        return [_Window(a, b) for a, b in reversed(list(zip(bounds, bounds[1:]))) if a < b]

    def _work(self, state: _State, out: queue.Queue[list[Any]], stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                window = state.take(stop)
                if window is None:
                    break
                try:
                    self._drain(window, state, out, stop)
                finally:
                    state.done_one()
        except BaseException as exc:  # the consumer raises it
            state.fail(exc)
            stop.set()

    def _drain(
        self, window: _Window, state: _State, out: queue.Queue[list[Any]], stop: threading.Event
    ) -> None:
        while not stop.is_set():
            query = dict(self._params)
            query["after"] = window.after.isoformat()
            query["before"] = window.before.isoformat()
            if window.page_key is not None:
                query["page_key"] = window.page_key
            body = self._fetch(query)
            items = body.get(self._key)
            if not isinstance(items, list):
                raise APIError(f"expected a list under {self._key!r}, got {type(items).__name__}")
            _put(out, items, stop)
            next_key = body.get("next_page_key")
            if not isinstance(next_key, str) or not next_key:
                return
            if next_key in window.seen:
                raise PaginationCycleError(f"page_key {next_key!r} came back twice; stopping")
            window.seen.add(next_key)
            window.page_key = next_key
            if items:
                self._maybe_split(window, items[-1], state)

    @staticmethod
    def _maybe_split(window: _Window, last: Any, state: _State) -> None:
        """Hand the older part of *window* to an idle worker, if there is one."""
        if not state.someone_idle():
            return
        last_day = _created_day(last)
        if last_day is None:
            return
        # A day of margin below the last yielded item, whatever the server's time zone.
        newest_older = min(last_day - datetime.timedelta(days=1), window.before)
        span = (newest_older - window.after).days
        if span < 2:
            return
        middle = window.after + datetime.timedelta(days=span // 2 + span % 2)
        state.give(_Window(window.after, middle))
        window.after = middle


class _State:
    """The shared queue of windows and who is idle."""

    def __init__(self, windows: list[_Window], workers: int) -> None:
        self.cond = threading.Condition()
        self.pending = windows
        self.active = 0
        self.workers = workers
        self.error: BaseException | None = None

    def fail(self, exc: BaseException) -> None:
        with self.cond:
            if self.error is None:
                self.error = exc
            self.cond.notify_all()

    def wake_all(self) -> None:
        with self.cond:
            self.cond.notify_all()

    def take(self, stop: threading.Event) -> _Window | None:
        with self.cond:
            while not self.pending:
                if self.active == 0 or stop.is_set():
                    self.cond.notify_all()
                    return None
                self.cond.wait(0.1)
            self.active += 1
            return self.pending.pop(0)

    def done_one(self) -> None:
        with self.cond:
            self.active -= 1
            self.cond.notify_all()

    def someone_idle(self) -> bool:
        with self.cond:
            return not self.pending and self.active < self.workers

    def give(self, window: _Window) -> None:
        with self.cond:
            self.pending.append(window)
            self.cond.notify()


def _put(out: queue.Queue[list[Any]], page: list[Any], stop: threading.Event) -> None:
    """Hand a page to the consumer, waiting while the buffer is full (bounded memory)."""
    while not stop.is_set():
        try:
            out.put(page, timeout=0.05)
            return
        except queue.Full:
            continue


def _to_date(value: datetime.date | str, name: str) -> datetime.date:
    return datetime.date.fromisoformat(encode_date(value, name))


def _created_day(item: Any) -> datetime.date | None:
    created = item.get("created_at") if isinstance(item, Mapping) else None
    if not isinstance(created, str) or len(created) < 10:
        return None
    try:
        return datetime.date.fromisoformat(created[:10])
    except ValueError:
        return None
