"""client.licenses and verify_license: verify needs no token; the rest are PUTs."""

from __future__ import annotations

import pytest
from responses import matchers

from gumroad import ConfigurationError, GumroadClient, NotFoundError, ServerError
from gumroad.resources.licenses import verify_license

from .conftest import API, body, not_found, query

PID = "A-m3CDDC5dlrSdKZp0RFhA=="
KEY = "85DB562A-C11D4B06-A2335A6B-8C3F166E"
ANSWER = {"success": True, "uses": 3, "purchase": {"email": "buyer@example.com", "license_key": KEY}}
NO_QUERY = matchers.query_param_matcher({})


def test_verify_sends_no_token(client, rsps):
    rsps.post(f"{API}/licenses/verify", json=ANSWER,
              match=[NO_QUERY, body(product_id=PID, license_key=KEY, increment_uses_count="true")])
    assert client.licenses.verify(PID, KEY) == ANSWER
    request = rsps.calls[0].request
    assert "access_token" not in request.url and "access_token" not in request.body
    assert "Authorization" not in request.headers


def test_verify_without_incrementing(client, rsps):
    rsps.post(f"{API}/licenses/verify", json=ANSWER,
              match=[NO_QUERY, body(product_id=PID, license_key=KEY, increment_uses_count="false")])
    assert client.licenses.verify(PID, KEY, increment_uses_count=False)["uses"] == 3


def test_verify_license_needs_no_token_at_all(monkeypatch, rsps):
    monkeypatch.delenv("GUMROAD_ACCESS_TOKEN", raising=False)
    with pytest.raises(ConfigurationError):
        GumroadClient()  # proves there is no token to fall back on
    rsps.post("https://api.gumroad.com/v2/licenses/verify", json=ANSWER,
              match=[NO_QUERY, body(product_id=PID, license_key=KEY, increment_uses_count="true")])
    assert verify_license(PID, KEY) == ANSWER
    request = rsps.calls[0].request
    assert "access_token" not in request.url and "access_token" not in request.body
    assert "Authorization" not in request.headers


def test_verify_license_base_url_and_flag(rsps):
    rsps.post("https://api.staging.gumroad.com/v2/licenses/verify", json=ANSWER,
              match=[NO_QUERY, body(product_id=PID, license_key=KEY, increment_uses_count="false")])
    result = verify_license(PID, KEY, increment_uses_count=False,
                            base_url="https://api.staging.gumroad.com/v2", timeout=3)
    assert result["uses"] == 3


def test_verify_license_is_exported_by_the_package():
    import gumroad

    exported = getattr(gumroad, "verify_license", verify_license)
    assert exported is verify_license


@pytest.mark.parametrize(
    "message",
    ["That license does not exist for the provided product.", "This license key has been disabled."],
)
def test_verify_404_is_not_found_with_the_servers_message(rsps, message):
    rsps.post(f"{API}/licenses/verify", status=404, json={"success": False, "message": message})
    with pytest.raises(NotFoundError) as info:
        verify_license(PID, KEY)
    assert info.value.message == message
    assert info.value.status_code == 404


def test_verify_500_is_server_error_with_its_message(rsps):
    message = ("The 'product_id' parameter is required to verify the license for this product. "
               "Please set 'product_id' to 'abc' in the request.")
    rsps.post(f"{API}/licenses/verify", status=500, json={"success": False, "message": message})
    with pytest.raises(ServerError, match="product_id' parameter is required"):
        verify_license("perma", KEY)


@pytest.mark.parametrize("bad", [("", KEY), (PID, ""), (PID, None)])
def test_verify_refuses_empty_arguments_before_any_request(client, rsps, bad):
    with pytest.raises((TypeError, ValueError)):
        client.licenses.verify(*bad)
    assert len(rsps.calls) == 0


def test_verify_flag_must_be_a_bool(client, rsps):
    with pytest.raises(TypeError, match="increment_uses_count"):
        client.licenses.verify(PID, KEY, increment_uses_count="no")  # type: ignore[arg-type]
    assert len(rsps.calls) == 0


@pytest.mark.parametrize("action", ["enable", "disable", "decrement_uses_count", "rotate"])
def test_actions_are_authenticated_puts(client, rsps, action):
    rsps.put(f"{API}/licenses/{action}", json=ANSWER,
             match=[query(), body(product_id=PID, license_key=KEY)])
    assert getattr(client.licenses, action)(PID, KEY) == ANSWER


@pytest.mark.parametrize("action", ["enable", "disable", "decrement_uses_count", "rotate"])
def test_actions_not_found(client, rsps, action):
    rsps.put(f"{API}/licenses/{action}", json=not_found("license"), match=[query()])
    with pytest.raises(NotFoundError, match="The license was not found"):
        getattr(client.licenses, action)(PID, KEY)


def test_action_on_another_sellers_product_is_404(client, rsps):
    rsps.put(f"{API}/licenses/enable", status=404, json={"success": False, "error": "Not found"})
    with pytest.raises(NotFoundError, match="Not found"):
        client.licenses.enable(PID, KEY)


def test_verify_not_found_200(client, rsps):
    rsps.post(f"{API}/licenses/verify", json=not_found("license"), match=[NO_QUERY])
    with pytest.raises(NotFoundError, match="The license was not found"):
        client.licenses.verify(PID, KEY)
