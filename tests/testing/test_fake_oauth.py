"""The OAuth dance against the fake: consent page, codes, PKCE, refresh rotation, revoke."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

REDIRECT = "http://127.0.0.1:8765/callback"
VERIFIER = "a" * 20 + "-verifier-" + "b" * 30
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).decode().rstrip("=")


class _Forms(HTMLParser):
    """Collects forms: action, method, hidden inputs and button labels."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a["action"], "method": a["method"], "fields": {}, "buttons": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["fields"][a["name"]] = a["value"]
        elif tag == "button" and self.forms:
            self.forms[-1]["buttons"].append(a.get("value"))


def _authorize_params(fake, **extra):
    params = {"client_id": fake.default_app.client_id, "redirect_uri": REDIRECT,
              "response_type": "code", "scope": "view_sales edit_products", "state": "xyz"}
    params.update(extra)
    return {k: v for k, v in params.items() if v is not None}


def _code_from(response) -> str:
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


def _approve(server, fake, **extra) -> str:
    response = requests.post(server.authorize_url, data=_authorize_params(fake, **extra),
                             allow_redirects=False, timeout=10)
    return _code_from(response)


def _exchange(server, fake, code, **extra):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
            "client_id": fake.default_app.client_id}
    data.update(extra)
    return requests.post(server.token_url, data={k: v for k, v in data.items() if v is not None},
                         timeout=10)


def test_consent_page_has_authorize_and_deny_forms(server, fake):
    page = requests.get(server.authorize_url, params=_authorize_params(fake), timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Fake Gumroad App" in page.text and "view_sales" in page.text
    parser = _Forms()
    parser.feed(page.text)
    approve, deny = parser.forms
    assert approve["method"] == "post" and approve["action"] == "/oauth/authorize"
    assert approve["buttons"] == ["Authorize"] and deny["buttons"] == ["Deny"]
    assert deny["fields"]["_method"] == "delete"
    assert approve["fields"]["state"] == "xyz" and approve["fields"]["redirect_uri"] == REDIRECT
    # Submitting the form as a browser would:
    response = requests.post(server.url + approve["action"], data=approve["fields"],
                             allow_redirects=False, timeout=10)
    assert response.headers["Location"].startswith(REDIRECT + "?code=")
    denied = requests.post(server.url + deny["action"], data=deny["fields"], allow_redirects=False,
                           timeout=10)
    query = parse_qs(urlsplit(denied.headers["Location"]).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["xyz"]
    assert query["error_description"] == ["The resource owner or authorization server denied the request."]


def test_full_code_exchange(server, fake):
    code = _approve(server, fake)
    response = _exchange(server, fake, code)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"
    token = response.json()
    assert set(token) == {"access_token", "token_type", "refresh_token", "scope", "created_at"}
    assert token["token_type"] == "Bearer" and token["scope"] == "view_sales edit_products"
    assert "expires_in" not in token
    sales = requests.get(server.api_url + "/sales", timeout=10,
                         headers={"Authorization": f"Bearer {token['access_token']}"})
    assert sales.status_code == 200


def test_code_is_single_use(server, fake):
    code = _approve(server, fake)
    assert _exchange(server, fake, code).status_code == 200
    again = _exchange(server, fake, code)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert again.headers["Cache-Control"] == "no-store"


def test_code_expires_after_ten_minutes(server, fake):
    now = [1_700_000_000.0]
    fake.clock = lambda: now[0]
    fresh, stale = _approve(server, fake), _approve(server, fake)
    now[0] += 599
    assert _exchange(server, fake, fresh).status_code == 200
    now[0] += 2
    response = _exchange(server, fake, stale)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_advance_moves_the_clock(server, fake):
    code = _approve(server, fake)
    fake.advance(601)
    assert _exchange(server, fake, code).json()["error"] == "invalid_grant"


def test_pkce_s256(server, fake):
    code = _approve(server, fake, code_challenge=CHALLENGE, code_challenge_method="S256")
    assert _exchange(server, fake, code, code_verifier=VERIFIER).status_code == 200
    code = _approve(server, fake, code_challenge=CHALLENGE, code_challenge_method="S256")
    wrong = _exchange(server, fake, code, code_verifier="x" * 50)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    code = _approve(server, fake, code_challenge=CHALLENGE, code_challenge_method="S256")
    missing = _exchange(server, fake, code)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"


def test_pkce_plain_and_bad_method(server, fake):
    code = _approve(server, fake, code_challenge=VERIFIER, code_challenge_method="plain")
    assert _exchange(server, fake, code, code_verifier=VERIFIER).status_code == 200
    response = requests.post(server.authorize_url, allow_redirects=False, timeout=10,
                             data=_authorize_params(fake, code_challenge="c", code_challenge_method="MD5"))
    assert parse_qs(urlsplit(response.headers["Location"]).query)["error"] == ["invalid_request"]


def test_redirect_uri_must_match(server, fake):
    code = _approve(server, fake)
    response = _exchange(server, fake, code, redirect_uri="https://evil.example/callback")
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    page = requests.get(server.authorize_url, timeout=10,
                        params=_authorize_params(fake, redirect_uri="https://evil.example/cb"))
    assert page.status_code == 400 and "redirect uri" in page.text
    assert "Location" not in page.headers


def test_loopback_redirect_ignores_port(server, fake):
    code = _approve(server, fake, redirect_uri="http://127.0.0.1:50123/callback")
    assert code


@pytest.mark.parametrize(
    ("extra", "status", "error"),
    [
        ({"client_id": "nope"}, 401, "invalid_client"),
        ({"client_id": None}, 400, "invalid_request"),
        ({"redirect_uri": None}, 400, "invalid_redirect_uri"),
    ],
)
def test_authorize_errors_that_cannot_redirect(server, fake, extra, status, error):
    page = requests.get(server.authorize_url, params=_authorize_params(fake, **extra),
                        allow_redirects=False, timeout=10)
    assert page.status_code == status and f'data-error="{error}"' in page.text


@pytest.mark.parametrize(
    ("extra", "error"),
    [({"scope": "view_sales nonsense"}, "invalid_scope"),
     ({"response_type": "token"}, "unsupported_response_type")],
)
def test_authorize_errors_redirect_back(server, fake, extra, error):
    response = requests.get(server.authorize_url, params=_authorize_params(fake, **extra),
                            allow_redirects=False, timeout=10)
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["error"] == [error] and query["state"] == ["xyz"]


def test_scopes_must_be_within_the_apps_scopes(server, fake):
    app = fake.create_app("Narrow", REDIRECT, scopes=["view_sales"])
    response = requests.get(server.authorize_url, allow_redirects=False, timeout=10,
                            params=_authorize_params(fake, client_id=app.client_id))
    assert parse_qs(urlsplit(response.headers["Location"]).query)["error"] == ["invalid_scope"]


def test_blank_scope_defaults_to_view_public_and_blank_response_type_to_code(server, fake):
    fake.auto_approve = True
    response = requests.get(server.authorize_url, allow_redirects=False, timeout=10,
                            params=_authorize_params(fake, scope=None, response_type=None))
    token = _exchange(server, fake, _code_from(response)).json()
    assert token["scope"] == "view_public"


def test_auto_approve_redirects_immediately(server, fake):
    fake.auto_approve = True
    response = requests.get(server.authorize_url, params=_authorize_params(fake),
                            allow_redirects=False, timeout=10)
    assert _exchange(server, fake, _code_from(response)).status_code == 200


def test_blank_grant_type_means_authorization_code(server, fake):
    code = _approve(server, fake)
    assert _exchange(server, fake, code, grant_type=None).status_code == 200


def test_unsupported_grant_type(server, fake):
    response = requests.post(server.token_url, data={"grant_type": "password"}, timeout=10)
    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"
    assert set(response.json()) == {"error", "error_description"}


def test_client_secret_optional_but_must_match(server, fake):
    app = fake.default_app
    assert _exchange(server, fake, _approve(server, fake), client_secret=app.client_secret).ok
    wrong = _exchange(server, fake, _approve(server, fake), client_secret="wrong")
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    unknown = _exchange(server, fake, _approve(server, fake), client_id="unknown")
    assert unknown.status_code == 401


def test_confidential_app_needs_its_secret(server, fake):
    app = fake.create_app("Server app", REDIRECT, confidential=True)
    code = _approve(server, fake, client_id=app.client_id)
    assert _exchange(server, fake, code, client_id=app.client_id).status_code == 401
    code = _approve(server, fake, client_id=app.client_id)
    ok = _exchange(server, fake, code, client_id=app.client_id, client_secret=app.client_secret)
    assert ok.status_code == 200


def test_http_basic_client_credentials(server, fake):
    app = fake.default_app
    code = _approve(server, fake)
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    ok = requests.post(server.token_url, data=data, auth=(app.client_id, app.client_secret), timeout=10)
    assert ok.status_code == 200
    bad = requests.post(server.token_url, data=data, auth=(app.client_id, "wrong"), timeout=10)
    assert bad.status_code == 401 and bad.headers["WWW-Authenticate"] == 'Basic realm="Doorkeeper"'


def test_code_of_another_client_is_invalid_grant(server, fake):
    other = fake.create_app("Other", REDIRECT)
    code = _approve(server, fake)
    response = _exchange(server, fake, code, client_id=other.client_id)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def _refresh(server, fake, refresh_token, **extra):
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token,
            "client_id": fake.default_app.client_id, "client_secret": fake.default_app.client_secret}
    data.update(extra)
    return requests.post(server.token_url, data={k: v for k, v in data.items() if v is not None},
                         timeout=10)


def test_refresh_rotates_and_old_pair_dies_at_once(server, fake):
    first = fake.issue_token(["view_sales"])
    response = _refresh(server, fake, first["refresh_token"])
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    second = response.json()
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert second["scope"] == "view_sales" and "expires_in" not in second
    old = requests.get(server.api_url + "/sales", params={"access_token": first["access_token"]}, timeout=10)
    assert old.status_code == 401
    new = requests.get(server.api_url + "/sales", params={"access_token": second["access_token"]}, timeout=10)
    assert new.status_code == 200
    reuse = _refresh(server, fake, first["refresh_token"])
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    assert _refresh(server, fake, second["refresh_token"]).status_code == 200


def test_refresh_needs_the_right_client(server, fake):
    token = fake.issue_token()
    other = fake.create_app("Other")
    wrong = _refresh(server, fake, token["refresh_token"], client_id=other.client_id, client_secret=None)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    missing = _refresh(server, fake, None)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    narrower = _refresh(server, fake, token["refresh_token"], scope="view_sales")
    assert narrower.json()["scope"] == "view_sales"


def test_refresh_cannot_widen_scope(server, fake):
    token = fake.issue_token(["view_sales"])
    response = _refresh(server, fake, token["refresh_token"], scope="view_sales edit_products")
    assert response.status_code == 400 and response.json()["error"] == "invalid_scope"


def test_revoke(server, fake):
    token = fake.issue_token()
    app = fake.default_app
    creds = {"client_id": app.client_id, "client_secret": app.client_secret}
    response = requests.post(server.url + "/oauth/revoke", data={"token": token["access_token"], **creds},
                             timeout=10)
    assert response.status_code == 200 and response.json() == {}
    assert requests.get(server.api_url + "/user", params={"access_token": token["access_token"]},
                        timeout=10).status_code == 401
    assert _refresh(server, fake, token["refresh_token"]).json()["error"] == "invalid_grant"
    unknown = requests.post(server.url + "/oauth/revoke", data={"token": "nope", **creds}, timeout=10)
    assert unknown.status_code == 200 and unknown.json() == {}
    bad = requests.post(server.url + "/oauth/revoke", data={"token": "nope", "client_id": "x"}, timeout=10)
    assert bad.status_code == 401


def test_revoking_a_confidential_apps_token_needs_that_app(server, fake):
    owner = fake.create_app("Conf", REDIRECT, confidential=True)
    token = fake.issue_token(app=owner)
    other = fake.default_app
    response = requests.post(server.url + "/oauth/revoke", timeout=10,
                             data={"token": token["access_token"], "client_id": other.client_id})
    assert response.status_code == 403 and response.json()["error"] == "unauthorized_client"


def test_token_info(server, fake):
    token = fake.issue_token(["view_sales"])
    info = requests.get(server.url + "/oauth/token/info", timeout=10,
                        headers={"Authorization": f"Bearer {token['access_token']}"}).json()
    assert info["scope"] == ["view_sales"] and info["expires_in"] is None
    assert info["application"]["uid"] == fake.default_app.client_id


def test_oob_redirect_shows_the_code(server, fake):
    app = fake.create_app("CLI", "urn:ietf:wg:oauth:2.0:oob")
    response = requests.post(server.authorize_url, allow_redirects=False, timeout=10,
                             data=_authorize_params(fake, client_id=app.client_id,
                                                    redirect_uri="urn:ietf:wg:oauth:2.0:oob"))
    page = requests.get(server.url + response.headers["Location"], timeout=10)
    code = re.search(r'id="authorization_code">([^<]+)<', page.text).group(1)
    token = _exchange(server, fake, code, client_id=app.client_id,
                      redirect_uri="urn:ietf:wg:oauth:2.0:oob")
    assert token.status_code == 200


def test_app_credentials_are_deterministic(fake):
    from gumroad.testing import FakeGumroad

    again = FakeGumroad(seed=0)
    assert again.default_app.client_id == fake.default_app.client_id
    assert again.default_app.client_secret == fake.default_app.client_secret
    assert FakeGumroad(seed=1).default_app.client_id != fake.default_app.client_id


def test_expired_access_token_still_refreshes(server, fake):
    token = fake.issue_token(["view_sales"])
    assert fake.expire_token(token["access_token"]) is True
    assert fake.expire_token(token["access_token"]) is False
    response = requests.get(server.api_url + "/sales", params={"access_token": token["access_token"]},
                            timeout=10)
    assert response.status_code == 401 and response.content == b""
    assert 'error_description="The access token expired"' in response.headers["WWW-Authenticate"]
    fresh = _refresh(server, fake, token["refresh_token"]).json()
    assert requests.get(server.api_url + "/sales", params={"access_token": fresh["access_token"]},
                        timeout=10).status_code == 200
    assert fake.expire_all_tokens() == 1
