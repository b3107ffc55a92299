"""Typed errors end to end: what the fake answers over HTTP reaches the caller as the right class."""

from __future__ import annotations

import re
import traceback

import pytest

import gumroad

from .conftest import PSD, product_id

pytestmark = pytest.mark.integration

UNKNOWN = "AAAAAAAAAAAAAAAAAAAAAA=="


def no_secret_in(exc, *secrets):
    text = "".join(traceback.format_exception(exc)) + repr(exc)
    for secret in secrets:
        assert secret not in text


def test_missing_scope_is_permission_denied_naming_the_scope(make_client, fake):
    token = fake.issue_token(["view_profile"])
    client = make_client(token=token)
    with pytest.raises(gumroad.PermissionDeniedError) as info:
        list(client.sales.list())
    error = info.value
    assert error.status_code == 403 and error.required_scope == "view_sales"
    assert "view_sales" in str(error)
    no_secret_in(error, token["access_token"], token["refresh_token"])

    with pytest.raises(gumroad.PermissionDeniedError) as info:
        list(client.tax_forms.list())
    assert info.value.required_scope == "view_tax_data"

    sale = fake.seller.sale(0)
    with pytest.raises(gumroad.PermissionDeniedError) as info:
        make_client(["view_sales"]).sales.refund(sale["id"])
    assert "edit_sales" in (info.value.required_scope or "")
    assert fake.seller.sale(0)["refunded"] is False


def test_bad_page_key_is_bad_request(client):
    with pytest.raises(gumroad.BadRequestError) as info:
        list(client.sales.list(page_key="not-a-key"))
    assert (info.value.status_code, info.value.message) == (400, "Invalid page_key.")
    with pytest.raises(gumroad.BadRequestError, match=re.escape("Invalid page_key.")):
        list(client.payouts.list(page_key="0-0"))


def test_bad_filters_are_bad_requests(client):
    with pytest.raises(gumroad.BadRequestError, match=re.escape("Invalid product ID.")):
        list(client.sales.list(product_id="!!!"))
    # The SDK checks dates itself; sent raw, the server's 400 is typed too.
    with pytest.raises(gumroad.BadRequestError, match="Invalid date format provided in field 'after'"):
        client.request_json("GET", "sales", params={"after": "2024-13-45"})


@pytest.mark.parametrize(
    ("call", "thing"),
    [
        (lambda c, p: c.products.get(UNKNOWN), "product"),
        (lambda c, p: c.sales.get(UNKNOWN), "sale"),
        (lambda c, p: c.subscribers.get(UNKNOWN), "subscriber"),
        (lambda c, p: c.payouts.get(UNKNOWN), "payout"),
        (lambda c, p: c.offer_codes.get(p, UNKNOWN), "offer_code"),
        (lambda c, p: c.variant_categories.get(p, UNKNOWN), "variant_category"),
        (lambda c, p: c.custom_fields.delete(p, "No such field"), "custom_field"),
        (lambda c, p: c.resource_subscriptions.delete(UNKNOWN), "resource_subscription"),
        (lambda c, p: c.sales.refund(UNKNOWN), "sale"),
        (lambda c, p: c.products.enable(UNKNOWN), "product"),
        (lambda c, p: list(c.skus.list(UNKNOWN)), "product"),
    ],
)
def test_unknown_id_is_not_found(client, fake, call, thing):
    with pytest.raises(gumroad.NotFoundError) as info:
        call(client, product_id(fake, PSD))
    error = info.value
    assert error.message == f"The {thing} was not found."
    assert error.status_code == 200  # the server's quirk: 200 {"success": false}
    assert error.request_id  # X-Request-Id is carried


def test_revoked_token_without_refresh_is_reauthorization_required(server, fake):
    token = fake.issue_token()
    client = gumroad.GumroadClient(token["access_token"], base_url=server.api_url)
    try:
        assert client.user.get()["user_id"] == fake.seller.user_id
        fake.revoke_token(token["access_token"])
        with pytest.raises(gumroad.ReauthorizationRequired) as info:
            client.user.get()
        assert isinstance(info.value, gumroad.AuthenticationError)
        assert info.value.status_code == 401
        no_secret_in(info.value, token["access_token"], token["refresh_token"])
    finally:
        client.close()
    assert fake.count("POST", "/oauth/token") == 0


def test_revoked_token_with_a_dead_refresh_token_is_reauthorization_required(make_client, fake):
    token = fake.issue_token()
    client = make_client(token=token)
    fake.revoke_token(token["access_token"])  # the refresh token dies with it
    with pytest.raises(gumroad.ReauthorizationRequired) as info:
        client.user.get()
    assert info.value.error == "invalid_grant"
    assert fake.count("POST", "/oauth/token") == 1
    no_secret_in(info.value, token["access_token"], token["refresh_token"], fake.default_app.client_secret)


def test_rate_limit_is_typed_with_retry_after(make_client, fake):
    client = make_client(max_retries=0)
    fake.faults.inject(429, route="/v2/user", retry_after=7)
    with pytest.raises(gumroad.RateLimitError) as info:
        client.user.get()
    assert (info.value.status_code, info.value.retry_after) == (429, 7.0)
    fake.faults.inject(429, route="/v2/user")
    with pytest.raises(gumroad.RateLimitError) as info:
        client.user.get()
    assert info.value.retry_after is None


def test_get_is_retried_on_503_but_refund_is_not(make_client, fake):
    client = make_client()
    fake.faults.inject(503, route="/v2/user")
    assert client.user.get()["user_id"] == fake.seller.user_id
    assert fake.count("GET", "/v2/user") == 2

    sale = next(s for s in client.sales.list() if s["price"] > 0)
    fake.faults.inject(503, method="PUT")
    with pytest.raises(gumroad.ServerError) as info:
        client.sales.refund(sale["id"])
    assert info.value.status_code == 503
    assert fake.count("PUT") == 1
    assert client.sales.get(sale["id"])["refunded"] is False


def test_reset_on_a_write_is_a_connection_error_and_not_replayed(make_client, fake):
    client = make_client()
    sale = next(s for s in client.sales.list() if s["price"] > 0)
    fake.faults.inject("reset", method="PUT")
    with pytest.raises(gumroad.APIConnectionError) as info:
        client.sales.refund(sale["id"])
    assert not isinstance(info.value, gumroad.APITimeoutError)
    assert fake.count("PUT") == 1
    assert client.sales.get(sale["id"])["refunded"] is False


def test_lost_answer_to_a_write_is_a_timeout_and_not_replayed(make_client, fake):
    client = make_client(timeout=(5, 0.2))
    sale = next(s for s in client.sales.list() if s["price"] > 0)
    fake.faults.inject("delay", method="PUT", seconds=0.6)
    with pytest.raises(gumroad.APITimeoutError):
        client.sales.refund(sale["id"])
    assert fake.count("PUT") == 1
    # The server acted before its answer was lost: replaying would have refunded twice.
    assert client.sales.get(sale["id"])["refunded"] is True


def test_get_read_timeout_after_retries_is_api_timeout_error(make_client, fake):
    """DESIGN: APITimeoutError is "the API did not answer within the timeout".

    FAILS: a GET whose read times out on every attempt raises a plain
    APIConnectionError. urllib3 wraps the last ReadTimeoutError in MaxRetryError,
    which requests turns into ConnectionError (not Timeout), and
    GumroadClient._send maps that to APIConnectionError. A POST/PUT timing out
    (never retried) does give APITimeoutError, so callers see two classes for the
    same condition.
    """
    client = make_client(timeout=(5, 0.2), max_retries=1)
    fake.faults.inject("delay", count=2, route="/v2/user", seconds=0.5)
    with pytest.raises(gumroad.APIConnectionError) as info:
        client.user.get()
    assert fake.count("GET", "/v2/user") == 2
    assert isinstance(info.value, gumroad.APITimeoutError), type(info.value)


def test_get_read_timeout_without_retries_is_api_timeout_error(make_client, fake):
    """FAILS for the same reason: even max_retries=0 goes through Retry(total=0) -> MaxRetryError."""
    client = make_client(timeout=(5, 0.2), max_retries=0)
    fake.faults.inject("delay", route="/v2/user", seconds=0.5)
    with pytest.raises(gumroad.APIConnectionError) as info:
        client.user.get()
    assert isinstance(info.value, gumroad.APITimeoutError), type(info.value)
