"""
gumroad.contrib._pings
~~~~~~~~~~~~~~~~~~~~~~

The ping receiver of the web front doors, with no web framework in it:
:func:`receive` parses the body, skips redeliveries, confirms, hands the ping
on, and says what to answer. A :class:`PingDesk` keeps the record of handled
events and does the handing on: :class:`LogDesk` over a :class:`PingLog` (the
Flask extension's), or the Django app's ``GumroadPing`` table.

The answers: 400 for a body that is not a ping or a ping that is refused
(Gumroad does not retry a 4xx), 200 ``duplicate`` for an event handled
already, 200 ``ok``; when delivering raises, the exception propagates (a 500:
Gumroad retries, and :meth:`PingDesk.forget` lets the retry be handled).

Private: not public API (:class:`PingLog` and :class:`MemoryPingLog` are, as
``gumroad.contrib.flask``'s names), and ``import gumroad`` does not load it.
"""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..client import GumroadClient
from ..webhooks import InvalidPingError, Ping, confirm_sale, confirm_subscription, parse_ping
from . import NotConnectedError

__all__ = ["REFUSALS", "Answer", "LogDesk", "MemoryPingLog", "PingDesk", "PingLog", "confirm", "receive"]

log = logging.getLogger("gumroad")

#: Raised while confirming (and by a desk that says so, while delivering): answer 400.
REFUSALS: tuple[type[Exception], ...] = (InvalidPingError, NotConnectedError)


@dataclass(frozen=True)
class Answer:
    """What to answer Gumroad: *status* and a short plain *text*."""

    status: int
    text: str


class PingDesk(Protocol):
    """A framework's side of :func:`receive`, for one ping."""

    #: Exceptions from :meth:`deliver` that refuse the ping (400) rather than fail it (500).
    deliver_refusals: tuple[type[Exception], ...]

    def seen(self, key: str) -> bool:
        """Whether the event *key* was handled already (this is a redelivery)."""

    def confirm(self, ping: Ping) -> Mapping[str, Any] | None:
        """The API's copy of the ping's sale or subscription, or ``None`` when not confirming."""

    def deliver(self, key: str, ping: Ping, confirmed: Mapping[str, Any] | None) -> bool:
        """Hand the ping on; ``False`` when another delivery of *key* got there first."""

    def forget(self, key: str) -> None:
        """Confirming or delivering failed: Gumroad's retry of *key* must be handled again."""


class PingLog(Protocol):
    """Remembers which ping events were handled, so a redelivery is handled once."""

    def claim(self, key: str) -> bool:
        """Atomically mark *key* taken; ``False`` if it already was."""

    def release(self, key: str) -> None:
        """Forget *key* (handling failed; Gumroad's retry should be handled again)."""


class MemoryPingLog:
    """A :class:`PingLog` in this process's memory, keeping the last *size* keys.

    Good for one process; with several workers use shared storage (a unique
    database column, Redis ``SET NX``).
    """

    def __init__(self, size: int = 10_000) -> None:
        self._keys: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            while len(self._keys) > self._size:
                self._keys.popitem(last=False)
            return True

    def release(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)


class LogDesk:
    """A :class:`PingDesk` over a :class:`PingLog`: a key is claimed on arrival, released on failure.

    :param confirm: ``confirm(ping) -> the API's copy | None``.
    :param handle: ``handle(ping, confirmed)``, or ``None``. It may refuse a
        ping too (say, by confirming it itself): that is answered 400.
    """

    deliver_refusals: tuple[type[Exception], ...] = REFUSALS

    def __init__(
        self,
        ping_log: PingLog,
        *,
        confirm: Callable[[Ping], Mapping[str, Any] | None],
        handle: Callable[[Ping, Mapping[str, Any] | None], None] | None,
    ) -> None:
        self.ping_log = ping_log
        self._confirm = confirm
        self._handle = handle

    def seen(self, key: str) -> bool:
        return not self.ping_log.claim(key)

    def confirm(self, ping: Ping) -> Mapping[str, Any] | None:
        return self._confirm(ping)

    def deliver(self, key: str, ping: Ping, confirmed: Mapping[str, Any] | None) -> bool:
        if self._handle is not None:
            self._handle(ping, confirmed)
        return True

    def forget(self, key: str) -> None:
        self.ping_log.release(key)


def receive(body: bytes, content_type: str | None, desk: PingDesk) -> Answer:
    """Handle one ping request's *body*; return the answer to send."""
    try:
        ping = parse_ping(body, content_type)
        key = str(ping.idempotency_key)
    except InvalidPingError as exc:
        return Answer(400, f"invalid ping: {exc}")
    if desk.seen(key):
        return Answer(200, "duplicate")
    refusals = REFUSALS  # what answers 400 depends on the step that raised
    try:
        confirmed = desk.confirm(ping)
        refusals = desk.deliver_refusals
        delivered = desk.deliver(key, ping, confirmed)
    except BaseException as exc:
        desk.forget(key)
        if not isinstance(exc, refusals):
            raise
        log.warning("refused a Gumroad ping %r: %s", ping, exc)
        return Answer(400, f"refused: {exc}")
    return Answer(200, "ok" if delivered else "duplicate")


def confirm(client: GumroadClient, ping: Ping) -> Mapping[str, Any]:
    """The API's copy of *ping*'s sale or subscription, fetched with *client* (closed after).

    :raises PingMismatchError: the API contradicts the ping. It is an
        :class:`~gumroad.webhooks.InvalidPingError`: answered 400, never acted on.
    """
    with client:
        if ping.is_subscription_event:
            return confirm_subscription(client, ping)
        return confirm_sale(client, ping)
