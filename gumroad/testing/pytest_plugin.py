"""
gumroad.testing.pytest_plugin
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Fixtures for your own test suite, registered through the ``pytest11`` entry
point ``gumroad`` (installed with the package; nothing starts at import):

``gumroad_fake``
    a fresh, seeded :class:`~gumroad.testing.FakeGumroad`.
``gumroad_server``
    a running :class:`~gumroad.testing.FakeGumroadServer` over ``gumroad_fake``,
    stopped at teardown.
``gumroad_token``
    a token dict with every public scope, issued by ``gumroad_fake``.
``gumroad_client``
    a :class:`gumroad.GumroadClient` talking to ``gumroad_server`` with that token,
    able to refresh at the server's token endpoint.
``gumroad_responses``
    a :class:`responses.RequestsMock` serving ``gumroad_fake`` on the real
    Gumroad URLs, for socket-free unit tests.

Usage::

    def test_sales_report(gumroad_client, gumroad_fake):
        gumroad_fake.faults.inject(503, count=1)      # the client retries GETs
        assert len(list(gumroad_client.sales.list())) == 25
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .model import FakeGumroad
    from .server import FakeGumroadServer

__all__ = [
    "gumroad_client",
    "gumroad_fake",
    "gumroad_responses",
    "gumroad_server",
    "gumroad_token",
]


@pytest.fixture
def gumroad_fake() -> FakeGumroad:
    """A fresh fake Gumroad (seed 0, 25 sales, 4 products, 25 payouts)."""
    from .model import FakeGumroad

    return FakeGumroad(seed=0)


@pytest.fixture
def gumroad_server(gumroad_fake: FakeGumroad) -> Iterator[FakeGumroadServer]:
    """The fake served over HTTP on 127.0.0.1 (a free port); stopped at teardown."""
    from .server import FakeGumroadServer

    with FakeGumroadServer(gumroad_fake) as server:
        yield server


@pytest.fixture
def gumroad_token(gumroad_fake: FakeGumroad) -> dict[str, Any]:
    """An access + refresh token with every public scope, for the fake's seller."""
    return gumroad_fake.issue_token()


@pytest.fixture
def gumroad_client(gumroad_server: FakeGumroadServer,
                   gumroad_token: dict[str, Any]) -> Iterator[Any]:
    """A ``gumroad.GumroadClient`` connected to ``gumroad_server``."""
    from gumroad import GumroadClient

    app = gumroad_server.fake.default_app
    client = GumroadClient(token=dict(gumroad_token), client_id=app.client_id,
                           client_secret=app.client_secret, base_url=gumroad_server.api_url,
                           auto_refresh_url=gumroad_server.token_url)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def gumroad_responses(gumroad_fake: FakeGumroad) -> Iterator[Any]:
    """A started ``responses.RequestsMock`` that serves ``gumroad_fake``."""
    import responses

    from .responses_front import register

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        register(rsps, gumroad_fake)
        yield rsps
