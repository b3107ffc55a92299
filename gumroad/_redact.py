"""
gumroad._redact
~~~~~~~~~~~~~~~

Redaction of secrets (tokens, client secrets, authorization codes) from any
text the SDK produces or lets through: log lines, ``repr`` and exception
messages. urllib3 logs every request line with its query string and embeds the
URL in its own exception messages, so the same function also backs a logging
filter installed on the urllib3 loggers.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

__all__ = ["MASK", "install_urllib3_filter", "redact", "redact_exception"]

MASK = "***"

#: Parameter names whose values are secrets, in query strings, form bodies and JSON.
SECRET_NAMES = (
    "access_token",
    "refresh_token",
    "bearer_token",
    "client_secret",
    "code_verifier",
    "code",
    "token",
    "device_code",
)

_names = "|".join(sorted(SECRET_NAMES, key=len, reverse=True))
# name=value in a query or form body (also percent-encoded quotes around it in reprs).
_QUERY_RE = re.compile(rf"(?<![A-Za-z0-9_])({_names})=([^&\s'\"<>;,)\]]*)", re.IGNORECASE)
# "name": "value" in JSON or a dict repr.
_JSON_RE = re.compile(rf"""(["']({_names})["']\s*:\s*)(["'])(.*?)(\3)""", re.IGNORECASE)
_BEARER_RE = re.compile(r"(Bearer\s+)(?!realm)[A-Za-z0-9\-._~+/=]+", re.IGNORECASE)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return *text* with every secret replaced by ``***``.

    Known parameter names (``access_token=…``, ``"refresh_token": "…"``,
    ``Bearer …``) are masked by pattern; the literal values in *secrets* are
    masked wherever they appear.
    """
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    text = _QUERY_RE.sub(lambda m: f"{m.group(1)}={MASK}" if m.group(2) else m.group(0), text)
    text = _JSON_RE.sub(lambda m: f"{m.group(1)}{m.group(3)}{MASK}{m.group(5)}", text)
    return _BEARER_RE.sub(lambda m: f"{m.group(1)}{MASK}", text)


def redact_exception(exc: BaseException | None, secrets: Iterable[str | None] = ()) -> None:
    """Mask secrets in the text of *exc* and of every exception chained to it.

    requests' and urllib3's exceptions carry the full URL, query string and
    token included, in their arguments; a traceback prints the whole chain.
    """
    secret_list = [s for s in secrets if s]
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        try:
            exc.args = tuple(
                redact(a, secret_list) if isinstance(a, str) else _redact_arg(a, secret_list)
                for a in exc.args
            )
        except (AttributeError, TypeError):  # pragma: no cover - exotic exception types
            pass
        url = getattr(exc, "url", None)
        if isinstance(url, str):
            try:
                exc.url = redact(url, secret_list)  # type: ignore[attr-defined]
            except AttributeError:  # pragma: no cover
                pass
        exc = exc.__cause__ or exc.__context__


def _redact_arg(arg: object, secrets: list[str]) -> object:
    if isinstance(arg, BaseException):
        redact_exception(arg, secrets)
        return arg
    text = str(arg)
    cleaned = redact(text, secrets)
    return arg if cleaned == text else cleaned


class _RedactingFilter(logging.Filter):
    """Rewrites a log record's message with its secrets masked; never drops it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is the logging module's business
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


_URLLIB3_LOGGERS = (
    "urllib3",
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.response",
    "urllib3.poolmanager",
    "urllib3.util.retry",
)
_installed = False
_install_lock = threading.Lock()
_FILTER = _RedactingFilter()


def install_urllib3_filter() -> None:
    """Attach the redaction filter to urllib3's loggers, once.

    This is the one process-wide change the SDK makes, and it only ever removes
    secrets: urllib3 logs ``"GET /v2/user?access_token=… HTTP/1.1" 200`` at DEBUG.
    Filters on a logger apply to records created on that very logger, so each of
    urllib3's module loggers gets it.
    """
    global _installed
    with _install_lock:
        if _installed:
            return
        for name in _URLLIB3_LOGGERS:
            logger = logging.getLogger(name)
            if _FILTER not in logger.filters:
                logger.addFilter(_FILTER)
        _installed = True
