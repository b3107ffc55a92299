"""Fixtures for testing the fake Gumroad itself, with plain ``requests``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import pytest
import requests

from gumroad.testing import FakeGumroad, FakeGumroadServer

Call = Callable[..., requests.Response]
_DEFAULT = object()


@pytest.fixture
def fake() -> FakeGumroad:
    return FakeGumroad(seed=0)


@pytest.fixture
def server(fake: FakeGumroad) -> Iterator[FakeGumroadServer]:
    with FakeGumroadServer(fake) as running:
        yield running


@pytest.fixture
def token(fake: FakeGumroad) -> str:
    """An access token with every public scope."""
    return str(fake.issue_token()["access_token"])


@pytest.fixture
def call(server: FakeGumroadServer, token: str) -> Iterator[Call]:
    """``call(method, path, token=..., **requests_kwargs)`` against the running server.

    The token goes in the ``access_token`` query parameter unless ``token=None``.
    """
    session = requests.Session()
    default_token = token

    def _call(method: str, path: str, *, token: Any = _DEFAULT, **kwargs: Any) -> requests.Response:
        params = dict(kwargs.pop("params", None) or {})
        chosen = default_token if token is _DEFAULT else token
        if chosen is not None:
            params["access_token"] = chosen
        kwargs.setdefault("timeout", 10)
        return session.request(method, server.url + path, params=params, **kwargs)

    yield _call
    session.close()


def product_ids(fake: FakeGumroad) -> list[str]:
    """Seeded product ids, oldest first: PSD (licensed), membership, ebook, t-shirt."""
    return list(fake.seller.products)
