"""gumroad.contrib._dance: the OAuth dance without a framework (begin, finish, disconnect)."""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import responses
from responses import matchers

from gumroad.contrib import _dance
from gumroad.contrib._dance import Connected, Failure, OAuthSettings
from gumroad.tokens import MemoryTokenStore

BASE = "https://oauth.example"
REDIRECT = "https://app.example/gumroad/callback"
SETTINGS = OAuthSettings(client_id="cid", client_secret="shh", scopes=["view_profile", "view_sales"],
                         redirect_uri=None, api_base_url="https://api.example/v2", oauth_base_url=BASE + "/")
TOKEN = {"access_token": "a1", "token_type": "Bearer", "refresh_token": "r1", "scope": "view_sales"}


def _begin(**options: Any) -> tuple[dict[str, Any], str]:
    return _dance.begin(SETTINGS, owner=7, redirect_uri=REDIRECT, next_url="/next", **options)


def _finish(pending: object, query: dict[str, str], owner: object = 7, **options: Any) -> Any:
    return _dance.finish(pending, query, owner=lambda: owner, settings=SETTINGS,
                         redirect_uri=lambda: REDIRECT, **options)


def test_settings_move_the_endpoints_and_build_a_client() -> None:
    assert SETTINGS.endpoint("/oauth/token") == BASE + "/oauth/token"
    assert SETTINGS.token_url == BASE + "/oauth/token"
    default = OAuthSettings("cid", None, [], None, None, None)
    assert default.endpoint("/oauth/token") is None
    assert default.token_url == "https://api.gumroad.com/oauth/token"
    with SETTINGS.client(MemoryTokenStore(TOKEN)) as client:
        assert (client.client_id, client.client_secret) == ("cid", "shh")
        assert client.base_url == "https://api.example/v2"
        assert client.auto_refresh_url == BASE + "/oauth/token"
        assert client.token["access_token"] == "a1"


def test_begin_keeps_state_and_verifier_and_sends_the_challenge() -> None:
    pending, url = _begin()
    assert list(pending) == ["state", "verifier", "user", "next"]
    assert pending["user"] == "7" and pending["next"] == "/next" and len(pending["state"]) >= 32
    digest = hashlib.sha256(pending["verifier"].encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == BASE + "/oauth/authorize"
    assert parse_qsl(parts.query) == [
        ("client_id", "cid"), ("redirect_uri", REDIRECT), ("response_type", "code"),
        ("scope", "view_profile view_sales"), ("state", pending["state"]),
        ("code_challenge", challenge), ("code_challenge_method", "S256")]
    again, _url = _begin()
    assert again["state"] != pending["state"] and again["verifier"] != pending["verifier"]


def test_begin_names_the_owner_field() -> None:
    pending, _url = _begin(owner_field="seller")
    assert list(pending) == ["state", "verifier", "seller", "next"] and pending["seller"] == "7"


def _pending() -> dict[str, Any]:
    return {"state": "s" * 43, "verifier": "v" * 43, "user": "7", "next": "/next"}


EXPIRED = Failure(400, "This link has expired", "The sign-in could not be matched to this browser "
                  "session (missing or mismatched state). Nothing was connected; start again.",
                  retry=True)


@pytest.mark.parametrize(("pending", "query", "owner", "expected"), [
    (_pending(), {"error": "access_denied", "state": "s" * 43}, 7,
     Failure(403, "Gumroad was not connected", "You declined access on Gumroad, so nothing was "
             "connected. You can try again whenever you like.", retry=True)),
    (_pending(), {"error": "server_error", "error_description": "<try later>"}, 7,
     Failure(400, "Gumroad was not connected", "Gumroad answered: <try later>")),
    (_pending(), {"error": "temporarily_unavailable"}, 7,
     Failure(400, "Gumroad was not connected", "Gumroad answered: temporarily_unavailable")),
    (None, {"code": "c", "state": "s" * 43}, 7, EXPIRED),
    ("not a dict", {"code": "c", "state": "s" * 43}, 7, EXPIRED),
    (_pending(), {"code": "c"}, 7, EXPIRED),
    (_pending(), {"code": "c", "state": ""}, 7, EXPIRED),
    (_pending(), {"code": "c", "state": "t" * 43}, 7, EXPIRED),
    ({"verifier": "v", "user": "7"}, {"code": "c", "state": "s" * 43}, 7, EXPIRED),
    (_pending(), {"code": "c", "state": "s" * 43}, 8,
     Failure(400, "Wrong account", "Log in as the user who started connecting Gumroad.")),
    (_pending(), {"code": "c", "state": "s" * 43}, None,
     Failure(400, "Wrong account", "Log in as the user who started connecting Gumroad.")),
    ({**_pending(), "user": "None"}, {"code": "c", "state": "s" * 43}, None,
     Failure(400, "Wrong account", "Log in as the user who started connecting Gumroad.")),
    (_pending(), {"state": "s" * 43}, 7,
     Failure(400, "Gumroad was not connected", "Gumroad sent no authorization code.")),
    (_pending(), {"code": "", "state": "s" * 43}, 7,
     Failure(400, "Gumroad was not connected", "Gumroad sent no authorization code.")),
], ids=["denied", "error-description", "error", "no-pending", "bad-pending", "no-state",
        "empty-state", "wrong-state", "pending-without-state", "wrong-owner", "nobody",
        "nobody-started-it",
        "no-code", "empty-code"])
def test_finish_refuses_without_exchanging(rsps: responses.RequestsMock, pending: object,
                                           query: dict[str, str], owner: object,
                                           expected: Failure) -> None:
    assert _finish(pending, query, owner) == expected
    assert len(rsps.calls) == 0


def test_finish_calls_owner_and_redirect_uri_only_when_needed() -> None:
    calls: list[str] = []

    def owner() -> object:
        calls.append("owner")
        return 7

    def redirect_uri() -> str:
        calls.append("redirect_uri")
        return REDIRECT

    for query in ({"error": "access_denied"}, {"code": "c", "state": "wrong"}):
        _dance.finish(_pending(), query, owner=owner, settings=SETTINGS, redirect_uri=redirect_uri)
    assert calls == []
    _dance.finish(_pending(), {"state": "s" * 43}, owner=owner, settings=SETTINGS,
                  redirect_uri=redirect_uri)
    assert calls == ["owner"]


def test_finish_exchanges_the_code_once_with_the_verifier(rsps: responses.RequestsMock) -> None:
    rsps.post(BASE + "/oauth/token", json=TOKEN, match=[matchers.urlencoded_params_matcher({
        "grant_type": "authorization_code", "code": "c0de", "redirect_uri": REDIRECT,
        "client_id": "cid", "client_secret": "shh", "code_verifier": "v" * 43})])
    outcome = _finish(_pending(), {"code": "c0de", "state": "s" * 43})
    assert outcome == Connected(token=TOKEN, owner=7, next_url="/next")
    assert len(rsps.calls) == 1


def test_finish_compares_the_owner_as_a_string_under_the_named_field(
    rsps: responses.RequestsMock,
) -> None:
    rsps.post(BASE + "/oauth/token", json=TOKEN)
    pending = {"state": "s" * 43, "verifier": "v", "seller": "u1", "next": None}
    outcome = _finish(pending, {"code": "c", "state": "s" * 43}, owner="u1", owner_field="seller")
    assert outcome == Connected(token=TOKEN, owner="u1", next_url=None)
    assert _finish(pending, {"code": "c", "state": "s" * 43}, owner="u1").title == "Wrong account"


def test_finish_maps_an_unreachable_gumroad_to_502(rsps: responses.RequestsMock,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    rsps.post(BASE + "/oauth/token", body=requests.ConnectionError("refused"))
    with caplog.at_level(logging.WARNING, logger="gumroad"):
        outcome = _finish(_pending(), {"code": "c", "state": "s" * 43})
    assert outcome == Failure(502, "Gumroad is unreachable", "Could not reach Gumroad; try again shortly.")
    assert "could not reach Gumroad to exchange the code" in caplog.text


def test_finish_maps_a_refused_code_to_400(rsps: responses.RequestsMock,
                                           caplog: pytest.LogCaptureFixture) -> None:
    rsps.post(BASE + "/oauth/token", status=400,
              json={"error": "invalid_grant", "error_description": "The code was used."})
    with caplog.at_level(logging.WARNING, logger="gumroad"):
        outcome = _finish(_pending(), {"code": "c", "state": "s" * 43})
    assert outcome == Failure(400, "Gumroad was not connected", "Gumroad refused the authorization "
                              "code (it was used already or has expired). Nothing was connected; "
                              "start again.", retry=True)
    assert "Gumroad refused the authorization code: OAuth invalid_grant" in caplog.text


class _Store(MemoryTokenStore):
    def __init__(self, token: dict[str, Any] | None) -> None:
        super().__init__(token)
        self.locked_during_load = False
        self.held = threading.Lock()

    def load(self) -> Any:
        self.locked_during_load = self.held.locked()
        return super().load()

    def lock(self) -> Any:
        return self.held


def test_disconnect_revokes_under_the_lock_then_deletes(rsps: responses.RequestsMock) -> None:
    rsps.post(BASE + "/oauth/revoke", match=[matchers.urlencoded_params_matcher(
        {"token": "a1", "client_id": "cid", "client_secret": "shh"})])
    store, deleted = _Store(TOKEN), []
    _dance.disconnect(SETTINGS, store, lambda: deleted.append(store.held.locked()), owner="user 7")
    assert len(rsps.calls) == 1 and store.locked_during_load and deleted == [True]


@pytest.mark.parametrize("token", [None, {"token_type": "Bearer"}, {"access_token": ""}],
                         ids=["none", "no-access-token", "empty-access-token"])
def test_disconnect_without_a_token_only_deletes(rsps: responses.RequestsMock,
                                                 token: dict[str, Any] | None) -> None:
    deleted: list[bool] = []
    _dance.disconnect(SETTINGS, _Store(token), lambda: deleted.append(True), owner="user 7")
    assert deleted == [True] and len(rsps.calls) == 0


@pytest.mark.parametrize("failure", [{"status": 503}, {"body": requests.ConnectionError("down")}],
                         ids=["refused", "unreachable"])
def test_disconnect_deletes_even_when_revoking_fails(rsps: responses.RequestsMock,
                                                     caplog: pytest.LogCaptureFixture,
                                                     failure: dict[str, Any]) -> None:
    rsps.post(BASE + "/oauth/revoke", **failure)
    deleted: list[bool] = []
    with caplog.at_level(logging.WARNING, logger="gumroad"):
        _dance.disconnect(SETTINGS, _Store(TOKEN), lambda: deleted.append(True), owner="seller 'u1'")
    assert deleted == [True]
    assert "revoking the Gumroad token of seller 'u1' failed" in caplog.text


def test_disconnect_deletes_and_raises_on_an_unexpected_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(_dance.oauth, "revoke_token", broken)
    deleted: list[bool] = []
    with pytest.raises(RuntimeError, match="a bug"):
        _dance.disconnect(SETTINGS, _Store(TOKEN), lambda: deleted.append(True), owner="user 7")
    assert deleted == [True]


@pytest.mark.parametrize("state", ["é-not-ascii", "\u2603" * 40, "x"])
def test_finish_refuses_a_non_ascii_or_wrong_state_with_400(state: str) -> None:
    pending, _ = _begin()
    outcome = _finish(pending, {"state": state, "code": "c"})
    assert isinstance(outcome, Failure)
    assert outcome.status == 400
