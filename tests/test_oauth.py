"""gumroad.oauth: the authorization URL, code exchange, refresh and revoke."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest

import gumroad
from gumroad import GumroadScope, oauth

TOKEN_URL = "https://api.gumroad.com/oauth/token"
REVOKE_URL = "https://api.gumroad.com/oauth/revoke"
TOKEN = {"access_token": "a1", "token_type": "Bearer", "refresh_token": "r1",
         "scope": "view_sales", "created_at": 1700000000}


def test_scope_enum_values():
    assert GumroadScope.ACCOUNT == "account"
    names = {s.value for s in GumroadScope}
    assert {"view_profile", "edit_products", "view_sales", "view_payouts", "view_tax_data",
            "mark_sales_as_shipped", "edit_sales", "edit_profile", "edit_emails",
            "refund_sales"} <= names
    assert str(GumroadScope.VIEW_SALES) == "view_sales"


def test_authorization_url_exact_query():
    url = oauth.get_authorization_url(
        "cid", "https://app.example/cb?x=1", [GumroadScope.VIEW_SALES, "edit_products"], "st8",
        code_challenge="chal")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://gumroad.com/oauth/authorize"
    assert parse_qsl(parts.query) == [
        ("client_id", "cid"), ("redirect_uri", "https://app.example/cb?x=1"),
        ("response_type", "code"), ("scope", "view_sales edit_products"), ("state", "st8"),
        ("code_challenge", "chal"), ("code_challenge_method", "S256")]
    assert "scope=view_sales%20edit_products" in parts.query


def test_authorization_url_without_state_or_pkce_and_overrides(monkeypatch):
    url = oauth.get_authorization_url("cid", "http://127.0.0.1:5000/cb", "view_sales")
    assert parse_qsl(urlsplit(url).query) == [
        ("client_id", "cid"), ("redirect_uri", "http://127.0.0.1:5000/cb"),
        ("response_type", "code"), ("scope", "view_sales")]
    monkeypatch.setenv("GUMROAD_OAUTH_BASE_URL", "http://127.0.0.1:8000")
    assert oauth.get_authorization_url("c", "https://x/cb", []).startswith(
        "http://127.0.0.1:8000/oauth/authorize?")
    assert oauth.get_authorization_url(
        "c", "https://x/cb", [], authorize_url="https://staging.example/oauth/authorize"
    ).startswith("https://staging.example/oauth/authorize?")


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"scopes": ["view_sale"]}, "unknown scope 'view_sale'"),
    ({"redirect_uri": "/cb"}, "absolute http"),
    ({"client_id": ""}, "client_id"),
])
def test_authorization_url_bad_input(kwargs, error):
    args = {"client_id": "cid", "redirect_uri": "https://x/cb", "scopes": ["view_sales"], **kwargs}
    with pytest.raises((ValueError, gumroad.ConfigurationError), match=error):
        oauth.get_authorization_url(**args)


def test_plain_http_oauth_endpoint_refused():
    with pytest.raises(gumroad.ConfigurationError, match="plain http"):
        oauth.exchange_code_for_token("c", None, "code", "https://x/cb",
                                      token_url="http://gumroad.example/oauth/token")


def test_pkce_pair_is_s256():
    verifier, challenge = oauth.generate_pkce_pair()
    assert 43 <= len(verifier) <= 128
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    assert challenge == expected.decode()
    assert oauth.generate_pkce_pair().verifier != verifier
    assert len(oauth.generate_state()) >= 32


def test_exchange_code_body(rsps):
    rsps.post(TOKEN_URL, json=TOKEN, headers={"Cache-Control": "no-store"})
    token = oauth.exchange_code_for_token("cid", "sec", "the-code", "https://x/cb",
                                          code_verifier="ver")
    assert token == TOKEN
    assert parse_qs(rsps.calls[0].request.body) == {
        "grant_type": ["authorization_code"], "code": ["the-code"],
        "redirect_uri": ["https://x/cb"], "client_id": ["cid"], "client_secret": ["sec"],
        "code_verifier": ["ver"]}


def test_exchange_code_public_client_sends_no_secret(rsps):
    rsps.post(TOKEN_URL, json=TOKEN)
    oauth.exchange_code_for_token("cid", None, "c", "https://x/cb")
    assert "client_secret" not in parse_qs(rsps.calls[0].request.body)


def test_expires_in_gives_expires_at(rsps):
    rsps.post(TOKEN_URL, json={**TOKEN, "expires_in": 60})
    token = oauth.exchange_code_for_token("cid", None, "c", "https://x/cb")
    assert token["expires_at"] > 0


def test_token_endpoint_error_raises_oauth_error(rsps):
    rsps.post(TOKEN_URL, status=400, json={"error": "invalid_grant",
                                            "error_description": "The grant is invalid"})
    with pytest.raises(gumroad.OAuthError) as info:
        oauth.exchange_code_for_token("cid", "sec", "secret-code-xyz", "https://x/cb")
    assert not isinstance(info.value, gumroad.ReauthorizationRequired)  # a code, not a refresh
    assert info.value.error == "invalid_grant"
    assert info.value.error_description == "The grant is invalid"
    assert info.value.status_code == 400
    assert "secret-code-xyz" not in str(info.value)


def test_invalid_client_401(rsps):
    rsps.post(TOKEN_URL, status=401, json={"error": "invalid_client",
                                            "error_description": "Client authentication failed"})
    with pytest.raises(gumroad.OAuthError) as info:
        oauth.refresh_access_token("cid", "bad", "r1")
    assert info.value.error == "invalid_client"
    assert not isinstance(info.value, gumroad.ReauthorizationRequired)


@pytest.mark.parametrize(("status", "body", "ctype", "cls"), [
    (429, "Retry later", "text/plain", gumroad.RateLimitError),
    (502, "<html>Bad Gateway</html>", "text/html", gumroad.ServerError),
    (200, "<html>login</html>", "text/html", gumroad.ServerError),
])
def test_non_json_token_answers_map_to_typed_errors(rsps, status, body, ctype, cls):
    rsps.post(TOKEN_URL, status=status, body=body, content_type=ctype)
    with pytest.raises(cls) as info:
        oauth.refresh_access_token("cid", "sec", "r1")
    assert "missing access token" not in str(info.value).lower()


def test_refresh_and_invalid_grant(rsps):
    rsps.post(TOKEN_URL, json=TOKEN)
    assert oauth.refresh_access_token("cid", None, "r0")["access_token"] == "a1"
    assert parse_qs(rsps.calls[0].request.body) == {
        "grant_type": ["refresh_token"], "refresh_token": ["r0"], "client_id": ["cid"]}
    rsps.replace("POST", TOKEN_URL, status=400, json={"error": "invalid_grant"})
    with pytest.raises(gumroad.ReauthorizationRequired):
        oauth.refresh_access_token("cid", None, "r0")


def test_revoke(rsps):
    rsps.post(REVOKE_URL, json={})
    oauth.revoke_token("cid", "sec", "a1", token_type_hint="access_token")
    assert parse_qs(rsps.calls[0].request.body) == {
        "token": ["a1"], "client_id": ["cid"], "client_secret": ["sec"],
        "token_type_hint": ["access_token"]}
    rsps.replace("POST", REVOKE_URL, status=403, json={"error": "unauthorized_client"})
    with pytest.raises(gumroad.OAuthError):
        oauth.revoke_token("cid", "sec", "a1")


def test_client_revoke_uses_the_oauth_host(rsps):
    rsps.post(REVOKE_URL, json={})
    client = gumroad.GumroadClient("a1", client_id="cid", client_secret="sec")
    client.revoke()
    assert parse_qs(rsps.calls[0].request.body)["token"] == ["a1"]


def test_oauth_base_env_moves_token_and_revoke(monkeypatch, rsps):
    monkeypatch.setenv("GUMROAD_OAUTH_BASE_URL", "http://127.0.0.1:8123/")
    rsps.post("http://127.0.0.1:8123/oauth/token", json=TOKEN)
    rsps.post("http://127.0.0.1:8123/oauth/revoke", json={})
    oauth.exchange_code_for_token("cid", None, "c", "https://x/cb")
    oauth.revoke_token("cid", None, "a1")
    client = gumroad.GumroadClient("t")
    assert client.auto_refresh_url == "http://127.0.0.1:8123/oauth/token"
    assert len(rsps.calls) == 2


def test_loopback_token_endpoint_bypasses_an_environment_proxy(monkeypatch):
    import json as _json

    from ._loopback import LoopbackServer, json_reply

    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with LoopbackServer(lambda *a: json_reply(200, _json.dumps(TOKEN))) as server:
        token = oauth.exchange_code_for_token("cid", None, "c", "https://x/cb",
                                              token_url=server.url + "/oauth/token")
    assert token["access_token"] == "a1"
    assert [s.path for s in server.seen] == ["/oauth/token"]
