"""
gumroad.errors
~~~~~~~~~~~~~~

Every exception the SDK raises, and the one function that maps an HTTP
response to its class:

.. code-block:: text

    GumroadClientError
    ├── ConfigurationError            no token, bad arguments to the SDK
    ├── APIConnectionError            DNS, refused, reset, TLS (raised from the requests error)
    │   └── APITimeoutError
    ├── OAuthError                    the token endpoint answered {"error": ...}
    │   └── ReauthorizationRequired   invalid_grant on refresh, or a 401 with no way to refresh
    └── APIError                      any failed API answer, including HTTP 200 {"success": false}
        ├── BadRequestError           400 {"status": 400, "error": ...}
        ├── AuthenticationError       401 (empty body; WWW-Authenticate says why)
        │   └── ReauthorizationRequired
        ├── PermissionDeniedError     403 (names the scope that is missing)
        ├── NotFoundError             404, and 200 {"success": false, "message": "The ... was not found."}
        ├── RateLimitError            429 (text body "Retry later")
        ├── ServerError               5xx, and non-JSON bodies where JSON was due
        └── PaginationCycleError      a page_key came back twice (gumroad.pagination)

``APIConnectionError`` and ``APITimeoutError`` are also ``requests``'
``ConnectionError`` and ``Timeout``, so code written against a plain session
keeps working. No message ever contains a token, secret or code.
"""

from __future__ import annotations

import re
from typing import Any

import requests
from urllib3 import exceptions as urllib3_exceptions

from ._redact import redact

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "GumroadClientError",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitError",
    "ReauthorizationRequired",
    "ServerError",
    "error_from_response",
]


class GumroadClientError(Exception):
    """Root of every exception the SDK raises."""

    def __init__(
        self,
        message: str = "",
        *,
        status_code: int | None = None,
        response: requests.Response | None = None,
        request_id: str | None = None,
        body: Any = None,
    ) -> None:
        self.message = redact(message)
        self.status_code = status_code
        self.response = response
        self.request_id = request_id
        self.body = body
        super().__init__(self.message)

    def __str__(self) -> str:
        text = self.message
        if self.status_code is not None:
            text = f"{text} (HTTP {self.status_code})"
        if self.request_id:
            text = f"{text} [request id {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status_code={self.status_code!r})"


class ConfigurationError(GumroadClientError):
    """The SDK is missing configuration (no token) or was given bad arguments."""


class APIConnectionError(GumroadClientError, requests.exceptions.ConnectionError):
    """The API could not be reached: DNS, refused or reset connection, TLS."""


class APITimeoutError(APIConnectionError, requests.exceptions.Timeout):
    """The API did not answer within the timeout."""


class APIError(GumroadClientError):
    """The API answered, and the answer is a failure."""


class BadRequestError(APIError):
    """HTTP 400: a parameter was refused (bad ``page_key``, date, id)."""


class AuthenticationError(APIError):
    """HTTP 401: the access token is missing, invalid or revoked."""


class PermissionDeniedError(APIError):
    """HTTP 403: the token lacks a scope; ``required_scope`` names it."""

    required_scope: str | None = None


class NotFoundError(APIError):
    """The object does not exist (HTTP 404, or 200 ``"The ... was not found."``)."""


class RateLimitError(APIError):
    """HTTP 429: throttled; ``retry_after`` is set when the server gave one."""

    retry_after: float | None = None


class ServerError(APIError):
    """HTTP 5xx, or an answer that is not the JSON the API promises."""


class OAuthError(GumroadClientError):
    """The OAuth token endpoint refused: ``error`` and ``error_description`` say why."""

    def __init__(
        self,
        message: str = "",
        *,
        error: str | None = None,
        error_description: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.error = error
        self.error_description = error_description
        super().__init__(message, **kwargs)


class ReauthorizationRequired(OAuthError, AuthenticationError):
    """The seller must connect again: the refresh token is dead or there is none."""


_WWW_AUTH_PARAM = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
_SCOPE_IN_DESCRIPTION = re.compile(r'requires scope \\?"([^"\\]+)\\?"')


def is_timeout(exc: BaseException) -> bool:
    """Whether a ``requests`` error is a timeout.

    A read timeout that exhausted urllib3's retries reaches requests wrapped in
    ``MaxRetryError`` and comes out as a plain ``ConnectionError``; look inside.
    """
    if isinstance(exc, requests.exceptions.Timeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, urllib3_exceptions.ReadTimeoutError):
        return True
    return isinstance(reason, urllib3_exceptions.ConnectTimeoutError) and not isinstance(
        reason, urllib3_exceptions.NewConnectionError
    )


def parse_www_authenticate(value: str | None) -> dict[str, str]:
    """Parse ``Bearer realm="Doorkeeper", error="…", error_description="…"``."""
    if not value:
        return {}
    return {k: v.replace('\\"', '"') for k, v in _WWW_AUTH_PARAM.findall(value)}


def _json_body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _body_message(body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("message", "error_description", "error"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
    return None


def _describe(response: requests.Response) -> str:
    request = response.request
    method = request.method if request is not None else "?"
    path = "?"
    if request is not None and request.path_url:
        path = request.path_url.split("?", 1)[0]
    return f"{method} {path}"


_NOT_PARSED: Any = object()


def error_from_response(response: requests.Response, *, body: Any = _NOT_PARSED) -> APIError | None:
    """Map an API answer to its exception, or ``None`` when it is a success.

    Handles every shape the Gumroad API uses: 200 ``{"success": false}``, 400
    ``{"status", "error"}``, 401/403 with empty bodies and ``WWW-Authenticate``,
    404 ``{"success": false, "error": "Not found"}``, 429 ``text/plain``, 5xx
    HTML, and a non-JSON body where JSON was due. Pass *body* when you have
    parsed the JSON already (``None`` for a body that is not JSON).
    """
    status = response.status_code
    if body is _NOT_PARSED:
        body = _json_body(response)
    request_id = response.headers.get("X-Request-Id")
    common: dict[str, Any] = {
        "status_code": status,
        "response": response,
        "request_id": request_id,
        "body": body,
    }
    where = _describe(response)

    if 200 <= status < 300:
        if not isinstance(body, dict):
            return ServerError(f"{where}: expected a JSON object, got {_content_kind(response)}", **common)
        if body.get("success") is False:
            failure = _body_message(body) or f"{where} failed"
            cls: type[APIError] = NotFoundError if "not found" in failure.lower() else APIError
            return cls(failure, **common)
        return None

    message = _body_message(body)
    if status == 401:
        auth = parse_www_authenticate(response.headers.get("WWW-Authenticate"))
        text = auth.get("error_description") or message or "the access token is invalid"
        return AuthenticationError(f"{where}: {text}", **common)
    if status == 403:
        auth = parse_www_authenticate(response.headers.get("WWW-Authenticate"))
        description: str = auth.get("error_description") or message or "access denied"
        match = _SCOPE_IN_DESCRIPTION.search(description)
        error = PermissionDeniedError(f"{where}: {description}", **common)
        if match:
            error.required_scope = match.group(1)
            error.message = redact(
                f"{where}: the token lacks the {match.group(1)!r} scope; connect again asking for it"
            )
        return error
    if status == 400:
        return BadRequestError(message or f"{where}: bad request", **common)
    if status == 404:
        return NotFoundError(message or f"{where}: not found", **common)
    if status == 429:
        error_429 = RateLimitError(f"{where}: rate limited by the API; retry later", **common)
        error_429.retry_after = _retry_after(response.headers.get("Retry-After"))
        return error_429
    if status >= 500:
        text = message or f"server error, {_content_kind(response)}"
        return ServerError(f"{where}: {text}", **common)
    return APIError(message or f"{where}: unexpected HTTP {status}", **common)


def _content_kind(response: requests.Response) -> str:
    ctype = response.headers.get("Content-Type", "no content type").split(";")[0]
    return f"{len(response.content)} bytes of {ctype}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        import datetime
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        now = datetime.datetime.now(when.tzinfo or datetime.timezone.utc)
        return max(0.0, (when - now).total_seconds())
