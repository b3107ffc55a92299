"""
gumroad._urls
~~~~~~~~~~~~~

Which URLs the SDK will talk to: ``https`` anywhere, plain ``http`` only on
loopback (the fake Gumroad), decided per URL, never through ``os.environ``.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

import requests

from .errors import ConfigurationError

__all__ = ["LoopbackAwareSession", "check_transport", "is_loopback_host", "origin"]


def is_loopback_host(host: str | None) -> bool:
    """True for ``localhost``, ``127.0.0.0/8`` and ``::1``."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_transport(url: str, name: str) -> None:
    """Refuse a URL that would send secrets in clear text or is not a URL at all."""
    if not isinstance(url, str):
        raise ConfigurationError(f"{name} must be a URL string, got {type(url).__name__}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"{name} must be an absolute http(s) URL, got {url!r}")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigurationError(
            f"{name} {url!r} uses plain http: tokens would travel in clear text. "
            "Use https (plain http is accepted for loopback hosts only)."
        )


def origin(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` with the default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port


class LoopbackAwareSession(requests.Session):
    """A session that keeps loopback traffic (the fake Gumroad) off environment proxies."""

    def merge_environment_settings(
        self, url: str | bytes | None, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> Any:
        """Never send loopback traffic (the fake Gumroad) through an environment proxy."""
        explicit = bool(proxies)  # requests fills *proxies* in place from the environment
        settings: Any = super().merge_environment_settings(url, proxies, stream, verify, cert)
        text = url.decode() if isinstance(url, bytes) else (url or "")
        if not explicit and is_loopback_host(urlsplit(text).hostname):
            settings["proxies"] = {}
        return settings
