"""gumroad.contrib.flask: the dance against the fake over HTTP, refresh, disconnect, pings."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from ._helpers import consent, form_body, require_module, sale_ping

flask = require_module("flask")

from gumroad.contrib import NotConnectedError  # noqa: E402
from gumroad.contrib.flask import GumroadOAuth, MemoryPingLog  # noqa: E402
from gumroad.testing import FakeGumroadServer, OAuthApp  # noqa: E402
from gumroad.webhooks import Ping  # noqa: E402


class Harness:
    """A Flask app with a dict for storage, a fake login and the extension."""

    def __init__(self, server: FakeGumroadServer, app_reg: OAuthApp, **options: Any) -> None:
        self.server = server
        self.tokens: dict[str, dict[str, Any]] = {}
        self.saves: list[tuple[str, dict[str, Any]]] = []
        self.pings: list[tuple[Ping, Mapping[str, Any] | None]] = []
        app = flask.Flask(__name__)
        app.secret_key = "test-secret"
        app.config["TESTING"] = True

        @app.get("/_login/<uid>")
        def _login(uid: str) -> str:
            flask.session["uid"] = uid
            return "ok"

        @app.get("/me")
        def me() -> Any:
            client = self.ext.client_for_current_seller()
            return {"name": client.user.get()["name"]}

        def save(seller: str, token: dict[str, Any]) -> None:
            self.tokens[seller] = dict(token)
            self.saves.append((seller, dict(token)))

        options.setdefault("on_ping", lambda ping, confirmed: self.pings.append((ping, confirmed)))
        self.ext = GumroadOAuth(
            app,
            client_id=app_reg.client_id,
            client_secret=app_reg.client_secret,
            scopes=["view_profile", "view_sales"],
            seller_key=lambda: flask.session.get("uid"),
            load_token=lambda seller: self.tokens.get(seller),
            save_token=save,
            delete_token=lambda seller: self.tokens.pop(seller, None),
            api_base_url=server.api_url,
            oauth_base_url=server.url,
            **options,
        )
        self.app = app
        self.http = app.test_client()

    def login(self, uid: str = "u1") -> None:
        assert self.http.get(f"/_login/{uid}").status_code == 200

    def start(self) -> str:
        """GET /gumroad/login; return the authorization URL it redirects to."""
        response = self.http.get("/gumroad/login")
        assert response.status_code == 302
        return str(response.headers["Location"])

    def connect(self, uid: str = "u1") -> dict[str, Any]:
        self.login(uid)
        callback = consent(self.start())
        response = self.http.get(_path(callback))
        assert response.status_code == 302, response.get_data(as_text=True)
        return self.tokens[uid]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + "?" + parts.query


@pytest.fixture
def harness(fake_server: FakeGumroadServer, oauth_app: OAuthApp) -> Harness:
    return Harness(fake_server, oauth_app)


def test_the_whole_dance_stores_a_working_token(harness: Harness, oauth_app: OAuthApp) -> None:
    harness.login()
    url = harness.start()
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(harness.server.url + "/oauth/authorize?")
    assert query["client_id"] == [oauth_app.client_id]
    assert query["redirect_uri"] == ["http://localhost/gumroad/callback"]
    assert query["scope"] == ["view_profile view_sales"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert len(query["state"][0]) >= 32

    callback = consent(url)
    assert parse_qs(urlsplit(callback).query)["state"] == query["state"]
    response = harness.http.get(_path(callback))
    assert response.status_code == 302 and response.headers["Location"] == "/"

    token = harness.tokens["u1"]
    assert token["access_token"] and token["refresh_token"]
    assert harness.server.fake.token(token["access_token"]).revoked_at is None
    assert harness.http.get("/me").get_json() == {"name": "Fake Seller"}
    with harness.app.test_request_context():
        flask.session["uid"] = "u1"
        client = harness.ext.client_for_current_seller()
        assert len(list(client.products.list())) == 4
        assert harness.ext.is_connected()


def test_next_is_kept_for_local_paths_only(harness: Harness) -> None:
    harness.login()
    harness.http.get("/gumroad/login?next=/dashboard")
    with harness.http.session_transaction() as session:
        assert session["_gumroad_oauth"]["next"] == "/dashboard"
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        harness.http.get("/gumroad/login", query_string={"next": evil})
        with harness.http.session_transaction() as session:
            assert session["_gumroad_oauth"]["next"] is None


@pytest.mark.parametrize("state", ["wrong-state", ""], ids=["mismatched", "missing"])
def test_bad_state_is_400_and_stores_nothing(harness: Harness, state: str) -> None:
    harness.login()
    callback = consent(harness.start())
    code = parse_qs(urlsplit(callback).query)["code"][0]
    query = f"code={code}" + (f"&state={state}" if state else "")
    response = harness.http.get(f"/gumroad/callback?{query}")
    assert response.status_code == 400
    assert "state" in response.get_data(as_text=True)
    assert harness.tokens == {}
    # The code was never exchanged, and the pending state is gone too.
    assert harness.server.fake.count("POST", "/oauth/token") == 0
    assert harness.http.get(_path(callback)).status_code == 400


def test_callback_without_a_login_is_400(harness: Harness) -> None:
    harness.login()
    assert harness.http.get("/gumroad/callback?code=x&state=y").status_code == 400
    assert harness.tokens == {}


def test_a_replayed_code_fails_and_changes_nothing(harness: Harness) -> None:
    harness.login()
    callback = consent(harness.start())
    assert harness.http.get(_path(callback)).status_code == 302
    first = dict(harness.tokens["u1"])

    # The same callback again: its state was used up.
    again = harness.http.get(_path(callback))
    assert again.status_code == 400
    # A fresh login's state with the old code: Gumroad refuses the spent code.
    new_state = parse_qs(urlsplit(harness.start()).query)["state"][0]
    code = parse_qs(urlsplit(callback).query)["code"][0]
    replay = harness.http.get(f"/gumroad/callback?code={code}&state={new_state}")
    assert replay.status_code == 400
    assert "refused the authorization code" in replay.get_data(as_text=True)
    assert harness.tokens["u1"] == first and len(harness.saves) == 1
    assert harness.server.fake.token(first["access_token"]).revoked_at is None


def test_access_denied_shows_a_clear_page(harness: Harness) -> None:
    harness.login()
    callback = consent(harness.start(), button="deny")
    assert parse_qs(urlsplit(callback).query)["error"] == ["access_denied"]
    response = harness.http.get(_path(callback))
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "You declined access on Gumroad" in text and "/gumroad/login" in text
    assert harness.tokens == {}


def test_login_needs_a_logged_in_user(harness: Harness) -> None:
    assert harness.http.get("/gumroad/login").status_code == 401
    with pytest.raises(NotConnectedError), harness.app.test_request_context():
        harness.ext.client_for_current_seller()


def test_disconnect_revokes_and_deletes(harness: Harness) -> None:
    token = harness.connect()
    before = requests.get(harness.server.api_url + "/user",
                          params={"access_token": token["access_token"]}, timeout=10)
    assert before.status_code == 200
    response = harness.http.post("/gumroad/disconnect")
    assert response.status_code == 302
    assert harness.tokens == {}
    after = requests.get(harness.server.api_url + "/user",
                         params={"access_token": token["access_token"]}, timeout=10)
    assert after.status_code == 401
    with pytest.raises(NotConnectedError), harness.app.test_request_context():
        flask.session["uid"] = "u1"
        harness.ext.client_for_current_seller()


def test_disconnect_deletes_even_when_gumroad_is_down(harness: Harness) -> None:
    harness.connect()
    harness.server.fake.faults.inject(503, count=None, route="/oauth/revoke")
    assert harness.http.post("/gumroad/disconnect").status_code == 302
    assert harness.tokens == {}


def test_a_refresh_during_a_view_is_saved_to_the_store(harness: Harness) -> None:
    token = harness.connect()
    # Gumroad stopped accepting the access token; the refresh token still works.
    harness.tokens["u1"] = {**token, "access_token": "no-longer-accepted"}
    exchanges = harness.server.fake.count("POST", "/oauth/token")

    assert harness.http.get("/me").get_json() == {"name": "Fake Seller"}

    assert harness.server.fake.count("POST", "/oauth/token") == exchanges + 1
    rotated = harness.tokens["u1"]
    assert rotated["access_token"] not in (token["access_token"], "no-longer-accepted")
    assert rotated["refresh_token"] != token["refresh_token"]
    assert harness.saves[-1] == ("u1", rotated)
    # The next view uses the saved token and does not refresh again.
    assert harness.http.get("/me").status_code == 200
    assert harness.server.fake.count("POST", "/oauth/token") == exchanges + 1


def test_threads_of_one_process_rotate_once(harness: Harness) -> None:
    token = harness.connect()
    harness.tokens["u1"] = {**token, "access_token": "no-longer-accepted"}
    exchanges = harness.server.fake.count("POST", "/oauth/token")
    barrier = threading.Barrier(8)
    seen: list[str] = []

    def worker() -> None:
        with harness.app.test_request_context():
            client = harness.ext.client_for("u1")
            barrier.wait(timeout=10)
            client.user.get()
            seen.append(client.token["access_token"])

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert harness.server.fake.count("POST", "/oauth/token") == exchanges + 1
    assert seen == [harness.tokens["u1"]["access_token"]] * 8


def _sale(harness: Harness, index: int = 0) -> dict[str, Any]:
    return harness.server.fake.seller.sale(index)


def test_form_and_json_pings_are_handled_once(harness: Harness) -> None:
    sale = _sale(harness)
    body = form_body(sale_ping(sale))
    form = "application/x-www-form-urlencoded"
    first = harness.http.post("/gumroad/ping", data=body, content_type=form)
    assert (first.status_code, first.get_data(as_text=True)) == (200, "ok")
    retry = harness.http.post("/gumroad/ping", data=form_body(sale_ping(sale, retry_count="1")),
                              content_type=form)
    assert (retry.status_code, retry.get_data(as_text=True)) == (200, "duplicate")
    assert len(harness.pings) == 1
    ping, confirmed = harness.pings[0]
    assert ping.sale_id == sale["id"] and ping["card"] == {"visual": "**** **** **** 4242",
                                                           "type": "visa"}
    assert confirmed is None

    other = _sale(harness, 1)
    payload = {"seller_id": other["seller_id"], "sale_id": other["id"],
               "product_id": other["product_id"], "resource_name": "sale", "price": 500,
               "card": {"visual": "4242"}}
    for retry_count in (None, 1, 2):
        extra = {} if retry_count is None else {"retry_count": retry_count}
        response = harness.http.post("/gumroad/ping", json={**payload, **extra})
        assert response.status_code == 200
    assert [p.sale_id for p, _ in harness.pings] == [sale["id"], other["id"]]
    assert harness.pings[1][0].encoding == "json"


def test_a_bad_ping_is_400(harness: Harness) -> None:
    response = harness.http.post("/gumroad/ping", data="not a ping", content_type="text/plain")
    assert response.status_code == 400
    assert harness.pings == []


def test_a_failing_handler_is_500_and_the_retry_is_handled(
    fake_server: FakeGumroadServer, oauth_app: OAuthApp
) -> None:
    calls: list[int | None] = []

    def on_ping(ping: Ping, confirmed: Mapping[str, Any] | None) -> None:
        calls.append(ping.retry_count)
        if len(calls) == 1:
            raise RuntimeError("the database is down")

    harness = Harness(fake_server, oauth_app, on_ping=on_ping)
    harness.app.config["TESTING"] = False  # let Flask answer 500 instead of raising
    sale = _sale(harness)
    form = "application/x-www-form-urlencoded"
    assert harness.http.post("/gumroad/ping", data=form_body(sale_ping(sale)),
                             content_type=form).status_code == 500
    assert harness.http.post("/gumroad/ping", data=form_body(sale_ping(sale, retry_count="1")),
                             content_type=form).status_code == 200
    assert harness.http.post("/gumroad/ping", data=form_body(sale_ping(sale, retry_count="2")),
                             content_type=form).get_data(as_text=True) == "duplicate"
    assert calls == [None, 1]


def test_confirmed_pings_carry_the_api_copy_and_forgeries_are_refused(
    fake_server: FakeGumroadServer, oauth_app: OAuthApp
) -> None:
    harness = Harness(fake_server, oauth_app, confirm_pings=True,
                      seller_for_ping=lambda ping: "u1", ping_log=MemoryPingLog())
    harness.connect()
    sale = _sale(harness)
    form = "application/x-www-form-urlencoded"
    ok = harness.http.post("/gumroad/ping", data=form_body(sale_ping(sale)), content_type=form)
    assert ok.status_code == 200
    _ping, confirmed = harness.pings[0]
    assert confirmed is not None and confirmed["id"] == sale["id"]

    forged = sale_ping(_sale(harness, 1), product_id="not-the-product")
    refused = harness.http.post("/gumroad/ping", data=form_body(forged), content_type=form)
    assert refused.status_code == 400 and len(harness.pings) == 1
    # The key was released: the genuine delivery of that sale is still handled.
    genuine = harness.http.post("/gumroad/ping", data=form_body(sale_ping(_sale(harness, 1))),
                                content_type=form)
    assert genuine.get_data(as_text=True) == "ok" and len(harness.pings) == 2


def test_confirm_pings_needs_seller_for_ping(fake_server: FakeGumroadServer,
                                            oauth_app: OAuthApp) -> None:
    from gumroad import ConfigurationError

    with pytest.raises(ConfigurationError, match="seller_for_ping"):
        Harness(fake_server, oauth_app, confirm_pings=True)


def test_settings_come_from_app_config(fake_server: FakeGumroadServer, oauth_app: OAuthApp) -> None:
    app = flask.Flask(__name__)
    app.secret_key = "s"
    app.config.update(GUMROAD_CLIENT_ID=oauth_app.client_id, GUMROAD_SCOPES="view_sales",
                      GUMROAD_OAUTH_BASE_URL=fake_server.url,
                      GUMROAD_REDIRECT_URI="http://127.0.0.1/gumroad/callback")
    ext = GumroadOAuth(seller_key=lambda: "u", load_token=lambda s: None,
                       save_token=lambda s, t: None, delete_token=lambda s: None)
    ext.init_app(app)
    location = app.test_client().get("/gumroad/login").headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(fake_server.url + "/oauth/authorize?")
    assert query["scope"] == ["view_sales"]
    assert query["redirect_uri"] == ["http://127.0.0.1/gumroad/callback"]
