"""Shared fixtures: no test may reach the network or read the developer's token."""

from __future__ import annotations

import pytest
import responses

API = "https://api.gumroad.com/v2"
TOKEN_URL = "https://api.gumroad.com/oauth/token"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GUMROAD_ACCESS_TOKEN", "GUMROAD_API_BASE_URL", "GUMROAD_OAUTH_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock
