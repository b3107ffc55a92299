"""gumroad.contrib._pings: the ping receiver without a framework, its desks and the ping log."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import pytest

from gumroad.contrib import NotConnectedError, _pings
from gumroad.contrib._pings import Answer, LogDesk, MemoryPingLog
from gumroad.webhooks import InvalidPingError, Ping, PingMismatchError, parse_ping

from ._helpers import form_body, sale_ping

FORM = "application/x-www-form-urlencoded"
SALE = {"seller_id": "s1", "id": "sale-1", "product_id": "p1", "product_name": "Book",
        "email": "buyer@example.com", "price": 500}
BODY = form_body(sale_ping(SALE)).encode()


class Desk:
    """A desk that records what receive() asks of it, and fails where told to."""

    def __init__(self, *, seen: bool = False, confirm_raises: BaseException | None = None,
                 deliver_raises: BaseException | None = None, delivered: bool = True,
                 deliver_refusals: tuple[type[Exception], ...] = ()) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self._seen, self._delivered = seen, delivered
        self._confirm_raises, self._deliver_raises = confirm_raises, deliver_raises
        self.deliver_refusals = deliver_refusals

    def seen(self, key: str) -> bool:
        self.calls.append(("seen", key))
        return self._seen

    def confirm(self, ping: Ping) -> Mapping[str, Any] | None:
        self.calls.append(("confirm", ping.sale_id))
        if self._confirm_raises is not None:
            raise self._confirm_raises
        return {"id": ping.sale_id}

    def deliver(self, key: str, ping: Ping, confirmed: Mapping[str, Any] | None) -> bool:
        self.calls.append(("deliver", key, confirmed))
        if self._deliver_raises is not None:
            raise self._deliver_raises
        return self._delivered

    def forget(self, key: str) -> None:
        self.calls.append(("forget", key))


def test_a_new_ping_is_confirmed_and_delivered() -> None:
    desk = Desk()
    assert _pings.receive(BODY, FORM, desk) == Answer(200, "ok")
    assert desk.calls == [("seen", "sale:sale-1"), ("confirm", "sale-1"),
                          ("deliver", "sale:sale-1", {"id": "sale-1"})]


@pytest.mark.parametrize(("body", "content_type"), [
    (b"", FORM), (b"not a ping", "text/plain"), (b"[1]", "application/json"), (BODY, None),
], ids=["empty", "text", "json-list", "no-content-type"])
def test_a_body_that_is_no_ping_is_400_and_touches_nothing(body: bytes, content_type: str | None) -> None:
    desk = Desk()
    answer = _pings.receive(body, content_type, desk)
    assert answer.status == 400 and answer.text.startswith("invalid ping: ")
    assert desk.calls == []


def test_a_redelivery_is_a_duplicate() -> None:
    desk = Desk(seen=True)
    assert _pings.receive(BODY, FORM, desk) == Answer(200, "duplicate")
    assert desk.calls == [("seen", "sale:sale-1")]


def test_a_delivery_that_lost_the_race_is_a_duplicate() -> None:
    desk = Desk(delivered=False)
    assert _pings.receive(BODY, FORM, desk) == Answer(200, "duplicate")
    assert desk.calls[-1][0] == "deliver"


@pytest.mark.parametrize("exc", [InvalidPingError("the API disagrees"),
                                 NotConnectedError("no connected seller matches this ping")],
                         ids=["invalid", "not-connected"])
def test_a_refused_confirmation_is_400_and_forgets_the_key(exc: Exception,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    desk = Desk(confirm_raises=exc)
    with caplog.at_level(logging.WARNING, logger="gumroad"):
        assert _pings.receive(BODY, FORM, desk) == Answer(400, f"refused: {exc}")
    assert desk.calls == [("seen", "sale:sale-1"), ("confirm", "sale-1"), ("forget", "sale:sale-1")]
    assert "refused a Gumroad ping" in caplog.text and str(exc) in caplog.text


@pytest.mark.parametrize("stage", ["confirm", "deliver"])
def test_any_other_failure_propagates_and_forgets_the_key(stage: str) -> None:
    boom = RuntimeError("the database is down")
    desk = Desk(**{f"{stage}_raises": boom})  # type: ignore[arg-type]
    with pytest.raises(RuntimeError) as raised:
        _pings.receive(BODY, FORM, desk)
    assert raised.value is boom
    assert desk.calls[-1] == ("forget", "sale:sale-1")


def test_a_refusal_while_delivering_is_a_failure_unless_the_desk_says_so() -> None:
    strict = Desk(deliver_raises=NotConnectedError("the receiver's own lookup"))
    with pytest.raises(NotConnectedError):
        _pings.receive(BODY, FORM, strict)
    assert strict.calls[-1] == ("forget", "sale:sale-1")

    lenient = Desk(deliver_raises=InvalidPingError("on_ping refused it"),
                   deliver_refusals=_pings.REFUSALS)
    assert _pings.receive(BODY, FORM, lenient) == Answer(400, "refused: on_ping refused it")
    assert lenient.calls[-1] == ("forget", "sale:sale-1")


def test_memory_ping_log_claims_once_releases_and_keeps_the_last_keys() -> None:
    log = MemoryPingLog(size=2)
    assert log.claim("a") and not log.claim("a")
    log.release("a")
    assert log.claim("a")
    log.release("never-claimed")
    assert log.claim("b") and log.claim("c")  # "a" falls out
    assert log.claim("a") and not log.claim("c")


def test_log_desk_over_a_ping_log() -> None:
    handled: list[tuple[str | None, Any]] = []
    log = MemoryPingLog()
    desk = LogDesk(log, confirm=lambda ping: None, handle=lambda ping, c: handled.append((ping.sale_id, c)))
    assert _pings.receive(BODY, FORM, desk) == Answer(200, "ok")
    assert _pings.receive(BODY, FORM, desk) == Answer(200, "duplicate")
    assert handled == [("sale-1", None)]
    quiet = LogDesk(MemoryPingLog(), confirm=lambda ping: {"id": "x"}, handle=None)
    assert _pings.receive(BODY, FORM, quiet) == Answer(200, "ok")


def test_log_desk_releases_the_key_when_handling_fails() -> None:
    attempts: list[int] = []

    def handle(ping: Ping, confirmed: Mapping[str, Any] | None) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("the database is down")
        if len(attempts) == 2:
            raise PingMismatchError("on_ping checked it itself")

    desk = LogDesk(MemoryPingLog(), confirm=lambda ping: None, handle=handle)
    with pytest.raises(RuntimeError):
        _pings.receive(BODY, FORM, desk)
    assert _pings.receive(BODY, FORM, desk) == Answer(400, "refused: on_ping checked it itself")
    assert _pings.receive(BODY, FORM, desk) == Answer(200, "ok")
    assert len(attempts) == 3


class _Service:
    def __init__(self, calls: list[str], name: str, answer: Any) -> None:
        self.calls, self.name, self.answer = calls, name, answer

    def get(self, object_id: str) -> Any:
        self.calls.append(f"{self.name}.get({object_id})")
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


class StubClient:
    """Enough of a GumroadClient for confirm(): sales, subscribers, and the context manager."""

    def __init__(self, sale: Any = None, subscriber: Any = None) -> None:
        self.calls: list[str] = []
        self.sales = _Service(self.calls, "sales", sale)
        self.subscribers = _Service(self.calls, "subscribers", subscriber)

    def __enter__(self) -> StubClient:
        self.calls.append("enter")
        return self

    def __exit__(self, *exc: object) -> None:
        self.calls.append("close")


def test_confirm_fetches_the_sale_and_closes_the_client() -> None:
    client = StubClient(sale={"id": "sale-1", "product_id": "p1", "email": "Buyer@example.com"})
    confirmed = _pings.confirm(client, parse_ping(BODY, FORM))  # type: ignore[arg-type]
    assert confirmed["id"] == "sale-1"
    assert client.calls == ["enter", "sales.get(sale-1)", "close"]


def test_confirm_refuses_a_contradicted_sale_and_still_closes() -> None:
    client = StubClient(sale={"id": "sale-1", "product_id": "another", "email": "buyer@example.com"})
    with pytest.raises(PingMismatchError, match="product_id"):
        _pings.confirm(client, parse_ping(BODY, FORM))  # type: ignore[arg-type]
    assert client.calls[-1] == "close"


def test_confirm_fetches_a_subscription_for_a_subscription_ping() -> None:
    boom = RuntimeError("the API is down")
    client = StubClient(subscriber=boom)
    body = form_body({"seller_id": "s1", "resource_name": "cancellation", "subscription_id": "sub-1",
                      "product_id": "p1", "cancelled": "true"}).encode()
    with pytest.raises(RuntimeError) as raised:
        _pings.confirm(client, parse_ping(body, FORM))  # type: ignore[arg-type]
    assert raised.value is boom
    assert client.calls == ["enter", "subscribers.get(sub-1)", "close"]
