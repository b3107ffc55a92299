"""GumroadClient: construction, URL handling, token placement, the JSON helper."""

from __future__ import annotations

import pytest
import requests
import responses
from requests_oauthlib import OAuth2Session
from responses import matchers

import gumroad
from gumroad import GumroadClient

from .conftest import API


def test_is_an_oauth2_session():
    client = GumroadClient("tok")
    assert isinstance(client, OAuth2Session)
    assert isinstance(client, requests.Session)
    assert client.auto_refresh_url == "https://api.gumroad.com/oauth/token"


def test_no_token_raises_configuration_error_saying_what_to_set():
    with pytest.raises(gumroad.ConfigurationError) as info:
        GumroadClient()
    assert "GUMROAD_ACCESS_TOKEN" in str(info.value)
    assert isinstance(info.value, gumroad.GumroadClientError)


def test_reads_token_and_base_url_from_environment(monkeypatch, rsps):
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", "envtok")
    monkeypatch.setenv("GUMROAD_API_BASE_URL", "https://api.staging.gumroad.com/v2")
    rsps.get(
        "https://api.staging.gumroad.com/v2/user",
        json={"success": True, "user": {"name": "S"}},
        match=[matchers.query_param_matcher({"access_token": "envtok"})],
    )
    client = GumroadClient()
    assert client.get("user").json()["user"]["name"] == "S"


def test_access_token_and_token_are_exclusive():
    with pytest.raises(gumroad.ConfigurationError):
        GumroadClient("a", token={"access_token": "b"})


@pytest.mark.parametrize("bad", ["", "   "])
def test_blank_access_token_refused(bad):
    with pytest.raises(gumroad.ConfigurationError):
        GumroadClient(bad)


def test_plain_http_refused_except_loopback():
    with pytest.raises(gumroad.ConfigurationError, match="plain http"):
        GumroadClient("t", base_url="http://api.gumroad.com/v2")
    assert GumroadClient("t", base_url="http://127.0.0.1:9/v2").base_url == "http://127.0.0.1:9/v2"
    assert GumroadClient("t", base_url="http://localhost:9/v2/").base_url == "http://localhost:9/v2"


@pytest.mark.parametrize("endpoint", ["products", "/products", "/v2/products", "v2/products",
                                      f"{API}/products"])
def test_endpoint_forms_name_the_same_url(endpoint, rsps):
    rsps.get(f"{API}/products", json={"success": True, "products": []},
             match=[matchers.query_param_matcher({"access_token": "tok", "a": "1"})])
    client = GumroadClient("tok")
    response = client.get(endpoint, params={"a": 1})
    assert response.status_code == 200
    assert len(rsps.calls) == 1


@pytest.mark.parametrize("foreign", [
    "https://evil.example/v2/products",
    "http://api.gumroad.com/v2/products",  # other scheme, other port
    "https://api.gumroad.com:8443/v2/products",
    "https://api.gumroad.com.evil.example/v2/products",
    "//evil.example/v2/products",
])
def test_foreign_absolute_url_refused_before_sending(foreign, rsps):
    client = GumroadClient("tok")
    with pytest.raises(ValueError, match="refusing to send the token"):
        client.get(foreign)
    assert len(rsps.calls) == 0


def test_thin_methods_add_access_token_and_keep_session_semantics(rsps):
    client = GumroadClient("tok")
    rsps.put(f"{API}/sales/s1/refund",
             match=[matchers.query_param_matcher({"access_token": "tok"}),
                    matchers.urlencoded_params_matcher({"amount_cents": "100"})],
             json={"success": False, "message": "The sale was not found."})
    rsps.post(f"{API}/x", match=[matchers.query_param_matcher({"access_token": "tok"})],
              status=500, body="<html>oops</html>")
    rsps.delete(f"{API}/products/p", match=[matchers.query_param_matcher({"access_token": "tok"})],
                json={"success": True, "message": "The product was deleted successfully."})
    assert client.put("sales/s1/refund", data={"amount_cents": "100"}).json()["success"] is False
    assert client.post("x").status_code == 500  # no raise for an HTTP status
    assert client.delete("products/p").json()["success"] is True


def test_caller_cannot_smuggle_a_different_access_token(rsps):
    rsps.get(f"{API}/user", match=[matchers.query_param_matcher({"access_token": "tok"})],
             json={"success": True})
    GumroadClient("tok").get("user", params={"access_token": "other"})
    assert len(rsps.calls) == 1


def test_user_agent_and_default_timeout(monkeypatch, rsps):
    seen = {}
    original = requests.Session.send

    def spy(self, request, **kwargs):
        seen.update(kwargs)
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", spy)
    rsps.get(f"{API}/user", json={"success": True})
    client = GumroadClient("tok")
    client.get("user")
    assert rsps.calls[0].request.headers["User-Agent"] == f"gumroad-python/{gumroad.__version__}"
    assert seen["timeout"] == (5.0, 30.0)
    client.get("user", timeout=2)
    assert seen["timeout"] == 2
    GumroadClient("tok", timeout=(1, 7)).get("user")
    assert seen["timeout"] == (1, 7)


def test_request_json_returns_body_and_raises_typed_errors(rsps):
    client = GumroadClient("tok")
    rsps.get(f"{API}/user", json={"success": True, "user": {"id": "1"}})
    assert client.request_json("GET", "user") == {"success": True, "user": {"id": "1"}}
    rsps.get(f"{API}/sales/zz", json={"success": False, "message": "The sale was not found."})
    with pytest.raises(gumroad.NotFoundError, match=r"The sale was not found\."):
        client.request_json("GET", "sales/zz")


def test_request_json_sends_form_booleans_as_strings(rsps):
    rsps.post(f"{API}/x", match=[matchers.urlencoded_params_matcher({"required": "true", "n": "3"})],
              json={"success": True})
    GumroadClient("tok").request_json("POST", "x", data={"required": True, "n": 3})
    assert len(rsps.calls) == 1


def test_401_without_refresh_means_reauthorization(rsps):
    rsps.get(f"{API}/user", status=401, headers={
        "WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token", '
                            'error_description="The access token is invalid"'})
    client = GumroadClient("tok")
    assert client.get("user").status_code == 401  # thin: no raise
    with pytest.raises(gumroad.ReauthorizationRequired) as info:
        client.request_json("GET", "user")
    assert isinstance(info.value, gumroad.AuthenticationError)
    assert "The access token is invalid" in str(info.value)
    assert len(rsps.calls) == 2  # no refresh attempted without a refresh token


def test_add_access_token_and_encode_query():
    client = GumroadClient("tok")
    table = client.add_access_token({"after": "2024-01-01", "flag": True})
    assert list(table.items()) == [("after", "2024-01-01"), ("flag", "true"), ("access_token", "tok")]
    assert gumroad.encode_query(table) == "?after=2024-01-01&flag=true&access_token=tok"
    assert gumroad.encode_query({}) == ""
    assert gumroad.encode_query({"e": "a b&c=d"}) == "?e=a+b%26c%3Dd"
    assert isinstance(gumroad.QueryTable(a="1"), dict)


def test_configure_oauth_and_set_tokens():
    client = GumroadClient("tok")
    assert not client.can_refresh
    client.configure_oauth("cid", "secret")
    client.set_tokens("new", "refresh", expires_in=3600)
    assert client.client_id == "cid" and client.client_secret == "secret"
    assert client.token["access_token"] == "new"
    assert client.token["refresh_token"] == "refresh"
    assert client.token["expires_at"] > 0
    assert client.can_refresh


def test_repr_hides_token():
    client = GumroadClient("supersecrettoken", client_secret="topsecretvalue")
    assert "supersecrettoken" not in repr(client)
    assert "topsecretvalue" not in repr(client)
    assert "***" in repr(client)


def test_redirect_to_other_host_drops_token(rsps):
    rsps.get(f"{API}/moved", status=302, headers={"Location": "https://cdn.example/file"})
    rsps.get("https://cdn.example/file", body="data")
    GumroadClient("tok").get("moved")
    assert "access_token" not in rsps.calls[1].request.url


@responses.activate
def test_works_as_plain_session_for_other_libraries():
    responses.get(f"{API}/user", json={"success": True})
    session: requests.Session = GumroadClient("tok")
    assert session.request("GET", f"{API}/user").ok


def test_loopback_never_goes_through_an_environment_proxy(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    local = GumroadClient("tok", base_url="http://127.0.0.1:9/v2")
    settings = local.merge_environment_settings("http://127.0.0.1:9/v2/user", {}, None, None, None)
    assert settings["proxies"] == {}
    remote = GumroadClient("tok")
    settings = remote.merge_environment_settings("https://api.gumroad.com/v2/user", {}, None, None, None)
    assert settings["proxies"].get("https") == "http://proxy.invalid:3128"


def test_unauthenticated_client_never_reads_or_sends_a_token(monkeypatch, rsps):
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", "env-token-not-for-this")
    client = GumroadClient.unauthenticated()
    assert client.token == {}
    rsps.post(f"{API}/licenses/verify", json={"success": True, "uses": 1, "purchase": {}},
              match=[matchers.query_param_matcher({})])
    assert client.licenses.verify("p", "k")["uses"] == 1
    with pytest.raises(gumroad.ConfigurationError, match="needs an access token"):
        client.user.get()
    assert len(rsps.calls) == 1


def test_request_json_takes_repeated_form_keys(rsps):
    rsps.post(f"{API}/x", json={"success": True})
    GumroadClient("tok").request_json("POST", "x", data=[("tags[]", "a"), ("tags[]", "b"), ("n", 1)])
    assert rsps.calls[0].request.body == "tags%5B%5D=a&tags%5B%5D=b&n=1"


def test_pool_maxsize_sets_the_adapters_pool_and_is_checked():
    client = GumroadClient("tok", pool_maxsize=32)
    assert client.get_adapter("https://api.gumroad.com/v2/user")._pool_maxsize == 32
    with pytest.raises(gumroad.ConfigurationError, match="pool_maxsize"):
        GumroadClient("tok", pool_maxsize=0)
