"""Every error shape of the API maps to its class, with a request id and no token."""

from __future__ import annotations

import pytest

import gumroad
from gumroad import GumroadClient
from gumroad.errors import error_from_response

from .conftest import API

RID = {"X-Request-Id": "req-123"}
INSUFFICIENT = ('Bearer realm="Doorkeeper", error="insufficient_scope", error_description='
                '"Access to this resource requires scope \\"view_sales\\"."')

CASES = [
    # (status, body kwargs, headers, class, text expected in the message)
    (200, {"json": {"success": False, "message": "The sale was not found."}}, {},
     gumroad.NotFoundError, "The sale was not found."),
    (200, {"json": {"success": False, "message": "The offer_code was unable to be modified."}}, {},
     gumroad.APIError, "unable to be modified"),
    (400, {"json": {"status": 400, "error": "Invalid page_key."}}, {},
     gumroad.BadRequestError, "Invalid page_key."),
    (401, {"body": ""}, {"WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token", '
                                             'error_description="The access token was revoked"'},
     gumroad.AuthenticationError, "The access token was revoked"),
    (403, {"body": ""}, {"WWW-Authenticate": INSUFFICIENT},
     gumroad.PermissionDeniedError, "view_sales"),
    (403, {"json": {"success": False, "message": "This endpoint requires the edit_profile scope."}},
     {}, gumroad.PermissionDeniedError, "edit_profile"),
    (404, {"json": {"success": False, "error": "Not found"}}, {},
     gumroad.NotFoundError, "Not found"),
    (404, {"body": "<html>The page you were looking for doesn't exist</html>",
           "content_type": "text/html"}, {}, gumroad.NotFoundError, "not found"),
    (429, {"body": "Retry later", "content_type": "text/plain"}, {},
     gumroad.RateLimitError, "rate limited"),
    (500, {"json": {"success": False, "message": "The 'product_id' parameter is required"}}, {},
     gumroad.ServerError, "product_id"),
    (502, {"body": "<html>Bad gateway</html>", "content_type": "text/html"}, {},
     gumroad.ServerError, "text/html"),
    (200, {"body": "<html>maintenance</html>", "content_type": "text/html"}, {},
     gumroad.ServerError, "expected a JSON object"),
    (418, {"json": {"success": False, "message": "teapot"}}, {}, gumroad.APIError, "teapot"),
]


@pytest.mark.parametrize(("status", "body", "headers", "cls", "text"), CASES)
def test_error_shapes_map_to_classes(rsps, status, body, headers, cls, text):
    rsps.get(f"{API}/thing", status=status, headers={**RID, **headers}, **body)
    client = GumroadClient("tok-SECRET-123", max_retries=0)
    with pytest.raises(cls) as info:
        client.request_json("GET", "thing")
    error = info.value
    assert type(error) is cls or cls is gumroad.AuthenticationError
    assert error.status_code == status
    assert error.request_id == "req-123"
    assert error.response is not None and error.response.status_code == status
    assert text.lower() in str(error).lower()
    assert "tok-SECRET-123" not in str(error) and "tok-SECRET-123" not in repr(error)


def test_permission_denied_names_the_missing_scope(rsps):
    rsps.get(f"{API}/sales", status=403, headers={"WWW-Authenticate": INSUFFICIENT})
    with pytest.raises(gumroad.PermissionDeniedError) as info:
        GumroadClient("tok").request_json("GET", "sales")
    assert info.value.required_scope == "view_sales"
    assert "'view_sales' scope" in str(info.value)


def test_rate_limit_reads_retry_after(rsps):
    rsps.get(f"{API}/x", status=429, body="Retry later", headers={"Retry-After": "7"})
    with pytest.raises(gumroad.RateLimitError) as info:
        GumroadClient("tok", max_retries=0).request_json("GET", "x")
    assert info.value.retry_after == 7.0


def test_success_is_none(rsps):
    rsps.get(f"{API}/x", json={"success": True})
    response = GumroadClient("tok").get("x")
    assert error_from_response(response) is None


def test_tree():
    assert issubclass(gumroad.ReauthorizationRequired, gumroad.OAuthError)
    assert issubclass(gumroad.ReauthorizationRequired, gumroad.AuthenticationError)
    assert issubclass(gumroad.APITimeoutError, gumroad.APIConnectionError)
    import requests

    assert issubclass(gumroad.APIConnectionError, requests.ConnectionError)
    assert issubclass(gumroad.APITimeoutError, requests.Timeout)
    for cls in (gumroad.ConfigurationError, gumroad.APIError, gumroad.OAuthError,
                gumroad.APIConnectionError):
        assert issubclass(cls, gumroad.GumroadClientError)


def test_message_with_token_in_body_is_redacted(rsps):
    rsps.get(f"{API}/x", json={"success": False,
                               "message": "bad url /v2/x?access_token=tok-leaky-1234&a=1"})
    with pytest.raises(gumroad.APIError) as info:
        GumroadClient("tok-leaky-1234").request_json("GET", "x")
    assert "tok-leaky-1234" not in str(info.value)
    assert "access_token=***" in str(info.value)
