"""Fixtures shared by the resource tests: a client, and matchers for what goes on the wire."""

from __future__ import annotations

from typing import Any

import pytest
from responses import matchers

from gumroad import GumroadClient

API = "https://api.gumroad.com/v2"
TOKEN = "tok"


@pytest.fixture
def client() -> GumroadClient:
    return GumroadClient(access_token=TOKEN, base_url=API, max_retries=0)


def query(**params: Any) -> Any:
    """Match the query string exactly: *params* plus the access token."""
    return matchers.query_param_matcher({**params, "access_token": TOKEN})


def body(**fields: Any) -> Any:
    """Match the form body exactly."""
    return matchers.urlencoded_params_matcher(fields)


def no_body() -> Any:
    """Match a request sent without a body."""
    return matchers.urlencoded_params_matcher(None)


def not_found(thing: str) -> dict[str, Any]:
    """The server's answer for a missing object: HTTP 200 with ``success: false``."""
    return {"success": False, "message": f"The {thing} was not found."}


def deleted(thing: str) -> dict[str, Any]:
    return {"success": True, "message": f"The {thing} was deleted successfully."}
