"""Integration fixtures: the fake Gumroad over real loopback HTTP and real SDK clients on it.

Every test gets its own seeded fake and server (a free port on 127.0.0.1, stopped at
teardown), and a ``make_client`` factory building a ``GumroadClient`` exactly as an
application would: token, OAuth app credentials, ``base_url`` and ``auto_refresh_url``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import pytest

from gumroad import GumroadClient
from gumroad.testing import FakeGumroad, FakeGumroadServer

#: Enough sales for several pages overall and three pages per seeded product.
SALES = 120

MakeClient = Callable[..., GumroadClient]


@pytest.fixture
def fake() -> FakeGumroad:
    return FakeGumroad(seed=7, sales=SALES)


@pytest.fixture
def server(fake: FakeGumroad) -> Iterator[FakeGumroadServer]:
    with FakeGumroadServer(fake) as running:
        yield running


@pytest.fixture(autouse=True)
def _fake_had_no_internal_errors(fake: FakeGumroad) -> Iterator[None]:
    """A bug inside the fake answers a 500 the SDK would report as a ServerError: catch it here."""
    yield
    assert fake.errors == [], "the fake raised inside a route:\n" + "\n".join(fake.errors)


@pytest.fixture
def make_client(server: FakeGumroadServer, fake: FakeGumroad) -> Iterator[MakeClient]:
    """``make_client(scopes=None, token=None, **GumroadClient options)``."""
    made: list[GumroadClient] = []

    def make(scopes: Any = None, *, token: dict[str, Any] | None = None, **options: Any) -> GumroadClient:
        app = fake.default_app
        settings: dict[str, Any] = {
            "token": dict(token or fake.issue_token(scopes)),
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "base_url": server.api_url,
            "auto_refresh_url": server.token_url,
        }
        settings.update(options)
        client = GumroadClient(**settings)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> GumroadClient:
    """A client with every public scope."""
    return make_client()


def product_id(fake: FakeGumroad, name: str) -> str:
    """The id of the seeded product called *name*."""
    return next(p.id for p in fake.seller.products.values() if p.name == name)


PSD = "Pencil Icon PSD"  # licensed, a Size category, the SAVE2 offer code, the shared Company field
MEMBERSHIP = "Pro Membership"  # licensed tiered membership: its buyers are the subscribers
EBOOK = "The Python Handbook"  # custom fields Company (shared) and Role (required)
TSHIRT = "Gumroad T-Shirt"  # physical: its variants are its SKUs
