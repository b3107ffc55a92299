"""The OAuth dance end to end over HTTP: consent page, PKCE, exchange, revoke, reconnect, refresh."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

import gumroad
from gumroad import GumroadScope, oauth

pytestmark = pytest.mark.integration

REDIRECT = "http://127.0.0.1:8765/callback"
SCOPES = [GumroadScope.VIEW_SALES, GumroadScope.EDIT_PRODUCTS, GumroadScope.VIEW_PROFILE]


class _Forms(HTMLParser):
    """Collects each <form>: its id, method, action and named inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict] = {}
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": attrs.get("method", "get"),
                "action": attrs.get("action", ""),
                "fields": [],
            }
            self.forms[attrs.get("id", str(len(self.forms)))] = self._current
        elif tag in ("input", "button") and self._current is not None and attrs.get("name"):
            self._current["fields"].append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def authorize(page_url: str, *, approve: bool = True) -> dict[str, str]:
    """What a seller's browser does: load the consent page, press a button, follow nothing."""
    with requests.Session() as browser:
        page = browser.get(page_url, timeout=10)
        assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
        parser = _Forms()
        parser.feed(page.text)
        form = parser.forms["authorize" if approve else "deny"]
        assert form["method"].lower() == "post"
        answer = browser.post(
            urljoin(page.url, form["action"]), data=form["fields"], allow_redirects=False, timeout=10
        )
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def connect(fake, server, *, env: bool = False) -> tuple[dict, str, str]:
    """One whole dance; returns the token, the code and the PKCE verifier used."""
    app = fake.default_app
    verifier, challenge = oauth.generate_pkce_pair()
    state = oauth.generate_state()
    extra = {} if env else {"authorize_url": server.authorize_url}
    url = oauth.get_authorization_url(
        app.client_id, REDIRECT, SCOPES, state, code_challenge=challenge, **extra
    )
    assert url.startswith(server.authorize_url + "?")
    callback = authorize(url)
    assert callback["state"] == state
    extra = {} if env else {"token_url": server.token_url}
    token = oauth.exchange_code_for_token(
        app.client_id, app.client_secret, callback["code"], REDIRECT, code_verifier=verifier, **extra
    )
    assert set(token) >= {"access_token", "refresh_token", "token_type", "scope"}
    assert "expires_in" not in token
    assert set(token["scope"].split()) == {s.value for s in SCOPES}
    return token, callback["code"], verifier


def test_dance_pkce_revoke_reconnect_refresh(server, fake):
    app = fake.default_app
    token, code, verifier = connect(fake, server)

    saved: list[tuple[dict, int]] = []

    def saver(new):
        # What the fake had served of /v2/user when the saver ran: the replay must come after.
        saved.append((dict(new), fake.count("GET", "/v2/user")))

    client = gumroad.GumroadClient(
        token=token,
        client_id=app.client_id,
        client_secret=app.client_secret,
        base_url=server.api_url,
        auto_refresh_url=server.token_url,
        token_saver=saver,
    )
    try:
        assert client.user.get()["user_id"] == fake.seller.user_id

        # A code works once.
        with pytest.raises(gumroad.OAuthError) as info:
            oauth.exchange_code_for_token(
                app.client_id,
                app.client_secret,
                code,
                REDIRECT,
                code_verifier=verifier,
                token_url=server.token_url,
            )
        assert info.value.error == "invalid_grant"

        client.revoke()
        assert fake.token(token["access_token"]).revoked_at is not None
        raw = requests.get(
            server.api_url + "/user", params={"access_token": token["access_token"]}, timeout=10
        )
        assert raw.status_code == 401 and "revoked" in raw.headers["WWW-Authenticate"]
        with pytest.raises(gumroad.ReauthorizationRequired) as info:
            client.user.get()  # 401, and the refresh token died with the revoke
        assert info.value.error == "invalid_grant"
        assert saved == []
    finally:
        client.close()

    # The seller connects again.
    token, _, _ = connect(fake, server)
    client = gumroad.GumroadClient(
        token=token,
        client_id=app.client_id,
        client_secret=app.client_secret,
        base_url=server.api_url,
        auto_refresh_url=server.token_url,
        token_saver=saver,
    )
    try:
        assert client.user.get()["user_id"] == fake.seller.user_id
        refreshes = fake.count("POST", "/oauth/token")
        users = fake.count("GET", "/v2/user")

        assert fake.expire_token(token["access_token"])
        assert client.user.get()["user_id"] == fake.seller.user_id  # 401, refresh, replay

        assert fake.count("POST", "/oauth/token") == refreshes + 1
        assert len(saved) == 1
        new, users_when_saved = saved[0]
        assert users_when_saved == users + 1  # only the 401 had been served: saved before the replay
        assert fake.count("GET", "/v2/user") == users + 2
        assert new["access_token"] == client.token["access_token"] != token["access_token"]
        assert new["refresh_token"] != token["refresh_token"]
        assert fake.token(token["access_token"]).revoked_at is not None  # rotation killed the old pair
        statuses = [r.status for r in fake.requests if r.path == "/v2/user"][-2:]
        assert statuses == [401, 200]

        assert client.user.get()["user_id"] == fake.seller.user_id  # the new token just works
        assert len(saved) == 1 and fake.count("POST", "/oauth/token") == refreshes + 1
    finally:
        client.close()


def test_dance_with_environment_variables(server, fake, monkeypatch):
    monkeypatch.setenv("GUMROAD_OAUTH_BASE_URL", server.url)
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    app = fake.default_app
    token, _, _ = connect(fake, server, env=True)

    client = gumroad.GumroadClient(token=token, client_id=app.client_id, client_secret=app.client_secret)
    try:
        assert client.base_url == server.api_url and client.auto_refresh_url == server.token_url
        assert client.user.get()["user_id"] == fake.seller.user_id
        fake.expire_token(token["access_token"])
        assert next(iter(client.sales.list()))["id"] == fake.seller.sale(0)["id"]
        assert fake.count("POST", "/oauth/token") == 2  # the exchange, then one refresh
        client.revoke()  # the revoke URL follows GUMROAD_OAUTH_BASE_URL too
        assert fake.count("POST", "/oauth/revoke") == 1
        assert fake.token(client.token["access_token"]).revoked_at is not None
    finally:
        client.close()

    # The token-less license check follows GUMROAD_API_BASE_URL as well.
    sale = next(s for s in map(fake.seller.sale, range(10)) if "license_key" in s)
    assert gumroad.verify_license(sale["product_id"], sale["license_key"])["success"] is True
    assert fake.count("POST", "/v2/licenses/verify") == 1


def test_wrong_pkce_verifier_is_refused(server, fake):
    app = fake.default_app
    _, challenge = oauth.generate_pkce_pair()
    url = oauth.get_authorization_url(
        app.client_id, REDIRECT, SCOPES, "s", code_challenge=challenge, authorize_url=server.authorize_url
    )
    code = authorize(url)["code"]
    wrong, _ = oauth.generate_pkce_pair()
    with pytest.raises(gumroad.OAuthError) as info:
        oauth.exchange_code_for_token(
            app.client_id, None, code, REDIRECT, code_verifier=wrong, token_url=server.token_url
        )
    assert info.value.error == "invalid_grant" and info.value.status_code == 400
    assert code not in str(info.value)


def test_public_client_exchanges_without_secret_and_code_expires(server, fake):
    app = fake.default_app
    verifier, challenge = oauth.generate_pkce_pair()
    url = oauth.get_authorization_url(
        app.client_id, REDIRECT, "view_sales", code_challenge=challenge, authorize_url=server.authorize_url
    )
    code = authorize(url)["code"]
    token = oauth.exchange_code_for_token(
        app.client_id, None, code, REDIRECT, code_verifier=verifier, token_url=server.token_url
    )
    assert token["scope"] == "view_sales"

    code = authorize(url)["code"]
    fake.advance(601)
    with pytest.raises(gumroad.OAuthError, match="invalid_grant"):
        oauth.exchange_code_for_token(
            app.client_id, None, code, REDIRECT, code_verifier=verifier, token_url=server.token_url
        )


def test_denied_consent_redirects_with_access_denied(server, fake):
    url = oauth.get_authorization_url(
        fake.default_app.client_id, REDIRECT, SCOPES, "st8", authorize_url=server.authorize_url
    )
    callback = authorize(url, approve=False)
    assert callback["error"] == "access_denied" and callback["state"] == "st8" and "code" not in callback
