"""
gumroad.testing.responses_front
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Serve a :class:`~gumroad.testing.FakeGumroad` through ``responses``: the same
model and answers as the HTTP server, without sockets.

Usage::

    import requests
    import responses
    from gumroad.testing import FakeGumroad
    from gumroad.testing.responses_front import register

    fake = FakeGumroad()
    token = fake.issue_token()
    with responses.RequestsMock() as rsps:
        register(rsps, fake)
        requests.get("https://api.gumroad.com/v2/user", params={"access_token": token["access_token"]})

One registration catches every method on the API base, the OAuth base and
``https://gumroad.com/oauth/authorize`` (also ``app.gumroad.com``), so
``assert_all_requests_are_fired`` only asks that the fake was used once.
A ``"reset"`` fault raises :class:`requests.ConnectionError`; a ``"delay"``
fault raises :class:`requests.ReadTimeout` when it is longer than the read
timeout the caller passed, and otherwise sleeps.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import requests
import responses

if TYPE_CHECKING:
    from requests import PreparedRequest

    from .model import FakeGumroad

__all__ = ["FakeGumroadResponse", "register"]

_WEB_AUTHORIZE = ("https://gumroad.com/oauth/", "https://app.gumroad.com/oauth/")


class FakeGumroadResponse(responses.CallbackResponse):
    """A ``responses`` entry that matches any method on the fake's URLs."""

    def __init__(self, fake: FakeGumroad, api_url: str, oauth_url: str) -> None:
        self.fake = fake
        self.api_url = api_url.rstrip("/")
        self.oauth_url = oauth_url.rstrip("/")
        roots = [re.escape(self.api_url) + r"(?:[/?#].*)?",
                 re.escape(self.oauth_url + "/oauth/") + ".*",
                 *(re.escape(root) + ".*" for root in _WEB_AUTHORIZE)]
        pattern = re.compile("^(?:" + "|".join(roots) + ")$")
        super().__init__("GET", pattern, self._callback, content_type=None)

    def matches(self, request: PreparedRequest) -> tuple[bool, str]:
        """Like the base class, but for every HTTP method."""
        if not self._url_matches(self.url, str(request.url)):
            return False, "URL does not match"
        return True, ""

    def _path(self, url: str) -> str:
        if url.startswith(self.api_url):
            return "/v2" + urlsplit(url[len(self.api_url):] or "/").path.rstrip("/")
        return urlsplit(url).path

    def _callback(self, request: PreparedRequest) -> Any:
        url = str(request.url)
        query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
        raw = request.body
        body = raw.encode() if isinstance(raw, str) else (raw or b"")
        response = self.fake.handle(str(request.method), self._path(url), query,
                                    dict(request.headers), body)
        if response.reset:
            return requests.ConnectionError(
                "Connection reset by peer (injected by gumroad.testing)", request=request)
        if response.delay:
            read_timeout = _read_timeout(getattr(request, "req_kwargs", {}).get("timeout"))
            if read_timeout is not None and response.delay >= read_timeout:
                return requests.ReadTimeout(
                    f"Read timed out (injected delay of {response.delay} s)", request=request)
            time.sleep(response.delay)
        return response.status, list(response.headers), response.body


def _read_timeout(timeout: object) -> float | None:
    if isinstance(timeout, tuple) and len(timeout) == 2:
        timeout = timeout[1]
    return float(timeout) if isinstance(timeout, (int, float)) else None


def register(rsps: responses.RequestsMock, fake: FakeGumroad, *,
             api_url: str = "https://api.gumroad.com/v2",
             oauth_url: str = "https://api.gumroad.com") -> FakeGumroadResponse:
    """Route requests to *api_url*, *oauth_url* ``/oauth/...`` and gumroad.com's OAuth to *fake*.

    :param rsps: an active (or about to be) :class:`responses.RequestsMock`.
    :param api_url: the API base the code under test uses (``.../v2``).
    :param oauth_url: the host of ``/oauth/token`` and ``/oauth/revoke``.
    :returns: the registered entry (its ``calls`` list what it served).
    """
    entry = FakeGumroadResponse(fake, api_url, oauth_url)
    rsps.add(entry)
    return entry
