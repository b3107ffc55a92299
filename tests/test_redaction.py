"""No token, secret or code in logs, reprs or exception text."""

from __future__ import annotations

import logging

import pytest

from gumroad._redact import install_urllib3_filter, redact


@pytest.mark.parametrize(("text", "leaked"), [
    ("GET /v2/user?access_token=abc123def HTTP/1.1", "abc123def"),
    ("grant_type=refresh_token&refresh_token=r-xyz-1&client_id=c", "r-xyz-1"),
    ("client_secret=s3cr3t&code=the-code-9", "s3cr3t"),
    ("client_secret=s3cr3t&code=the-code-9", "the-code-9"),
    ('{"access_token": "tok-json-1", "token_type": "Bearer"}', "tok-json-1"),
    ("{'refresh_token': 'tok-repr-2'}", "tok-repr-2"),
    ("Authorization: Bearer tok-hdr-3", "tok-hdr-3"),
    ("url='/v2/user?bearer_token=tok-b-4'", "tok-b-4"),
    ("token=tok-revoke-5&client_id=c", "tok-revoke-5"),
])
def test_redact_masks(text, leaked):
    assert leaked not in redact(text)
    assert "***" in redact(text)


def test_redact_keeps_innocent_text():
    text = "zip_code=12345&country_code=US&postcode=1 realm=x"
    assert redact(text) == text
    assert redact('Bearer realm="Doorkeeper"') == 'Bearer realm="Doorkeeper"'


def test_literal_secrets_masked_anywhere():
    assert redact("the token is tok-lit-777!", ["tok-lit-777"]) == "the token is ***!"


def test_urllib3_filter_is_idempotent_and_redacts(caplog):
    install_urllib3_filter()
    install_urllib3_filter()
    logger = logging.getLogger("urllib3.connectionpool")
    assert len([f for f in logger.filters if type(f).__name__ == "_RedactingFilter"]) == 1
    caplog.set_level(logging.DEBUG, logger="urllib3.connectionpool")
    logger.debug('%s://%s:%s "%s %s %s" %s', "https", "api.gumroad.com", 443, "GET",
                 "/v2/user?access_token=tok-log-8", "HTTP/1.1", 200)
    assert "tok-log-8" not in caplog.text
    assert "access_token=***" in caplog.text
