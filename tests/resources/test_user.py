"""client.user: GET /user."""

from __future__ import annotations

import pytest

from gumroad import NotFoundError

from .conftest import API, not_found, query


def test_get_returns_the_user(client, rsps):
    user = {"id": "123", "user_id": "G_-mnBf9b1j9A7a4ub4nFQ==", "name": "Sam", "url": "https://sam.gumroad.com"}
    rsps.get(f"{API}/user", json={"success": True, "user": user}, match=[query()])
    assert client.user.get() == user
    assert rsps.calls[0].request.method == "GET"


def test_get_not_found(client, rsps):
    rsps.get(f"{API}/user", json=not_found("user"), match=[query()])
    with pytest.raises(NotFoundError, match="The user was not found"):
        client.user.get()
