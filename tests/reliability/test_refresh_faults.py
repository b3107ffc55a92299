"""Faults on the token endpoint during a refresh: typed errors, nothing leaked, no refresh loop.

Gumroad rotates refresh tokens. A refresh that never reached the app (5xx from a proxy, a
reset, a 429) leaves the old pair valid, so the next call refreshes fine. A refresh whose
answer was lost after the server rotated leaves the client with a dead pair: that must end
in ``ReauthorizationRequired``, not in a loop of refresh attempts.
"""

from __future__ import annotations

import pytest

import gumroad
from gumroad.testing import FakeGumroad, FakeGumroadServer

from ._harness import make_client

pytestmark = pytest.mark.reliability


@pytest.mark.parametrize(
    ("kind", "error"),
    [(503, gumroad.ServerError), ("reset", gumroad.APIConnectionError)],
    ids=["503", "reset"],
)
def test_refresh_that_never_reached_the_server_can_be_retried(
    kind, error, quick_backoff, secrets_guard, figures
):
    fake = secrets_guard.watch(FakeGumroad(seed=51, sales=5))
    with FakeGumroadServer(fake) as server:
        saves: list[dict] = []
        token = fake.issue_token(["view_sales"])
        client = make_client(server, token, token_saver=saves.append)
        try:
            fake.expire_token(token["access_token"])
            fake.faults.inject(kind, route="/oauth/token", method="POST")
            with pytest.raises(error) as info:
                client.user.get()
            secrets_guard.exception(info.value)
            assert fake.count("POST", "/oauth/token") == 1  # a POST is not retried on 5xx/reset
            assert saves == [] and client.token["access_token"] == token["access_token"]

            assert client.user.get()["user_id"] == fake.seller.user_id  # the old pair still refreshes
            assert fake.count("POST", "/oauth/token") == 2 and len(saves) == 1
        finally:
            client.close()
    figures.record(
        f"refresh hit by {kind}",
        raised=type(info.value).__name__,
        token_posts=fake.count("POST", "/oauth/token"),
        saves=len(saves),
    )


def test_throttled_refresh_is_retried(quick_backoff, secrets_guard):
    fake = secrets_guard.watch(FakeGumroad(seed=52, sales=5))
    with FakeGumroadServer(fake) as server:
        token = fake.issue_token(["view_sales"])
        client = make_client(server, token)
        try:
            fake.expire_token(token["access_token"])
            fake.faults.inject(429, count=2, route="/oauth/token", method="POST")
            assert client.user.get()["user_id"] == fake.seller.user_id
        finally:
            client.close()
    assert fake.count("POST", "/oauth/token") == 3  # 429 means "not run": retried for POST too


def test_refresh_whose_answer_was_lost_ends_in_reauthorization(secrets_guard, figures):
    fake = secrets_guard.watch(FakeGumroad(seed=53, sales=5))
    with FakeGumroadServer(fake) as server:
        saves: list[dict] = []
        token = fake.issue_token(["view_sales"])
        client = make_client(server, token, token_saver=saves.append, timeout=(5, 0.2))
        try:
            fake.expire_token(token["access_token"])
            fake.faults.inject("delay", route="/oauth/token", method="POST", seconds=0.5)
            with pytest.raises(gumroad.APITimeoutError) as lost:
                client.user.get()
            secrets_guard.exception(lost.value)
            # The server rotated; the client never heard of the new pair.
            assert fake.token(token["refresh_token"]).revoked_at is not None
            with pytest.raises(gumroad.ReauthorizationRequired) as info:
                client.user.get()
            secrets_guard.exception(info.value)
            with pytest.raises(gumroad.ReauthorizationRequired):
                client.user.get()
        finally:
            client.close()
    assert saves == []
    posts = fake.count("POST", "/oauth/token")
    assert posts == 3  # one per call: no loop
    figures.record(
        "refresh answer lost (rotated server-side)",
        first=type(lost.value).__name__,
        then=type(info.value).__name__,
        token_posts=posts,
    )
