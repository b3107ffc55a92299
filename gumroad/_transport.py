"""
gumroad._transport
~~~~~~~~~~~~~~~~~~

The retry policy, as a ``urllib3`` ``Retry`` mounted through a ``requests``
``HTTPAdapter``:

=========================================  ==========  ===================
condition                                  GET / HEAD  PUT / DELETE / POST
=========================================  ==========  ===================
connection never made (connect error, DNS) retry       retry
429 (rejected before the app ran)          retry       retry
408, 5xx, read timeout, reset after send   retry       **no**
=========================================  ==========  ===================

A refund must never run twice: once a non-idempotent request may have reached
the application, it is not replayed.
"""

from __future__ import annotations

import inspect
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

__all__ = ["DEFAULT_MAX_RETRIES", "MAX_RETRY_AFTER", "GumroadRetry", "make_adapter"]

DEFAULT_MAX_RETRIES = 3
#: The longest ``Retry-After`` the SDK will sleep for, in seconds.
MAX_RETRY_AFTER = 60.0
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ANY_METHOD_STATUSES = frozenset({429})
IDEMPOTENT_STATUSES = frozenset({408, 500, 502, 503, 504})

_HAS_JITTER = "backoff_jitter" in inspect.signature(Retry.__init__).parameters


class GumroadRetry(Retry):
    """``Retry`` that retries 429 on any method but 408/5xx on idempotent ones only.

    urllib3 alone cannot say that: ``allowed_methods`` applies to every status.
    ``Retry-After`` is honoured and capped at :data:`MAX_RETRY_AFTER`.
    """

    max_retry_after: float = MAX_RETRY_AFTER

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if not self.total and self.total is not None:
            return False
        if status_code in ANY_METHOD_STATUSES:
            return True
        return status_code in IDEMPOTENT_STATUSES and method.upper() in IDEMPOTENT_METHODS

    def get_retry_after(self, response: Any) -> float | None:
        value = super().get_retry_after(response)
        if value is None:
            return None
        return min(max(0.0, value), self.max_retry_after)


def make_retry(max_retries: int) -> GumroadRetry:
    """The retry policy for *max_retries* attempts (``0`` turns retrying off)."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
    options: dict[str, Any] = {
        "total": max_retries,
        "connect": max_retries,
        # Read errors (timeout or reset after the request was sent) only for
        # idempotent methods: allowed_methods governs exactly that in urllib3.
        "read": max_retries,
        "status": max_retries,
        "other": 0,
        "redirect": False,
        "allowed_methods": IDEMPOTENT_METHODS,
        "status_forcelist": ANY_METHOD_STATUSES | IDEMPOTENT_STATUSES,
        "backoff_factor": 0.5,
        "raise_on_status": False,
        "raise_on_redirect": False,
        "respect_retry_after_header": True,
    }
    if _HAS_JITTER:
        options["backoff_jitter"] = 0.25
        options["backoff_max"] = 8.0
    return GumroadRetry(**options)


def make_adapter(max_retries: int, pool_maxsize: int = 10) -> HTTPAdapter:
    """An ``HTTPAdapter`` carrying the Gumroad retry policy."""
    return HTTPAdapter(max_retries=make_retry(max_retries), pool_maxsize=pool_maxsize)
