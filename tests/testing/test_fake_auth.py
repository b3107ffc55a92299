"""Doorkeeper's answers on v2 endpoints: 401/403 with empty bodies, scopes, token placement."""

from __future__ import annotations

import pytest

from gumroad.testing import FakeGumroad, FakeGumroadServer

INVALID = 'Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token is invalid"'


def test_missing_token_is_401_with_empty_body(call):
    response = call("GET", "/v2/sales", token=None)
    assert response.status_code == 401
    assert response.content == b""
    assert response.headers["WWW-Authenticate"] == INVALID


def test_unknown_token_is_401(call):
    response = call("GET", "/v2/user", token="not-a-token")
    assert response.status_code == 401 and response.content == b""
    assert response.headers["WWW-Authenticate"] == INVALID


def test_revoked_token_is_401_with_revoked_wording(call, fake, token):
    assert call("GET", "/v2/user").status_code == 200
    assert fake.revoke_token(token) is True
    response = call("GET", "/v2/user")
    assert response.status_code == 401 and response.content == b""
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert "revoked" in response.headers["WWW-Authenticate"]


def test_revoke_all_tokens(call, fake):
    other = fake.issue_token(["view_sales"])["access_token"]
    assert fake.revoke_all_tokens() == 2
    assert call("GET", "/v2/user").status_code == 401
    assert call("GET", "/v2/sales", token=other).status_code == 401


def test_missing_scope_is_403_naming_the_scope(call, fake):
    token = fake.issue_token(["view_profile"])["access_token"]
    response = call("GET", "/v2/sales", token=token)
    assert response.status_code == 403
    assert response.content == b""
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="Doorkeeper", error="insufficient_scope", '
        'error_description="Access to this resource requires scope \\"view_sales\\"."')


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("GET", "/v2/sales", "view_sales"),
        ("GET", "/v2/payouts", "view_payouts"),
        ("GET", "/v2/earnings", "view_tax_data"),
        ("PUT", "/v2/products/x/enable", "edit_products"),
        ("PUT", "/v2/sales/x/mark_as_shipped", "mark_sales_as_shipped"),
        ("POST", "/v2/sales/x/resend_receipt", "edit_sales"),
        ("PUT", "/v2/resource_subscriptions", "view_sales"),
        ("PUT", "/v2/licenses/disable", "edit_products"),
    ],
)
def test_each_route_checks_its_scope(call, fake, method, path, scope):
    wrong = fake.issue_token(["view_public"])["access_token"]
    assert call(method, path, token=wrong).status_code == 403
    right = fake.issue_token([scope])["access_token"]
    assert call(method, path, token=right).status_code not in (401, 403)


def test_refund_accepts_edit_sales_or_legacy_refund_sales(call, fake):
    for scope in ("edit_sales", "refund_sales"):
        token = fake.issue_token([scope])["access_token"]
        assert call("PUT", "/v2/sales/x/refund", token=token).status_code == 200
    denied = call("PUT", "/v2/sales/x/refund", token=fake.issue_token(["view_sales"])["access_token"])
    assert denied.status_code == 403
    assert 'requires scope \\"refund_sales edit_sales\\"' in denied.headers["WWW-Authenticate"]


def test_read_routes_accept_any_read_scope(call, fake):
    for scope in ("view_public", "view_profile", "edit_products", "view_sales", "view_payouts"):
        token = fake.issue_token([scope])["access_token"]
        assert call("GET", "/v2/products", token=token).status_code == 200, scope
    writer_only = fake.issue_token(["edit_emails"])["access_token"]
    assert call("GET", "/v2/products", token=writer_only).status_code == 403


def test_account_scope_passes_everything(call, fake):
    token = fake.issue_token(["account"])["access_token"]
    for method, path in [("GET", "/v2/sales"), ("GET", "/v2/payouts"), ("GET", "/v2/user"),
                         ("PUT", "/v2/sales/x/refund"), ("GET", "/v2/earnings")]:
        assert call(method, path, token=token).status_code == 200, path


def test_legacy_server_has_no_account_fallback():
    fake = FakeGumroad(legacy=True)
    token = fake.issue_token(["account"])["access_token"]
    with FakeGumroadServer(fake) as server:
        import requests

        response = requests.get(server.api_url + "/sales", params={"access_token": token}, timeout=10)
        assert response.status_code == 403
        assert requests.post(server.api_url + "/products", timeout=10).status_code == 404


def test_token_in_header_query_body_or_bearer_param(call, token):
    assert call("GET", "/v2/user", token=None, headers={"Authorization": f"Bearer {token}"}).ok
    assert call("GET", "/v2/user", token=None, params={"bearer_token": token}).ok
    body = call("PUT", "/v2/products/x/enable", token=None, data={"access_token": token})
    assert body.status_code == 200 and body.json()["success"] is False
    assert call("GET", "/v2/user", token=None, data={"access_token": token}).ok  # curl -d -X GET


def test_header_wins_over_parameter(call, token):
    response = call("GET", "/v2/user", token="wrong", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_client_credentials_tokens_cannot_use_v2(call, fake):
    token = fake.oauth.issue(fake.default_app.client_id, None, ("view_public",), fake.now())
    assert call("GET", "/v2/user", token=token.token).status_code == 404


def test_license_verify_needs_no_token(call, fake):
    response = call("POST", "/v2/licenses/verify", token=None,
                    data={"product_id": "x", "license_key": "y"})
    assert response.status_code == 404
    assert response.json() == {"success": False,
                               "message": "That license does not exist for the provided product."}
