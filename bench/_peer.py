"""
bench._peer
~~~~~~~~~~~

The peer: ``pygumroad`` from PyPI, the one other Python Gumroad client. It is
GPL-3.0, so it is never a dependency of ours and none of its code is in this
repository: the bench installs it with pip at run time, into the environment
it runs in, and only calls it.

How it is pointed at a loopback server (read from its installed source,
``pygumroad/core.py`` 0.0.3): ``GumroadClient(secrets_dict={"gumroad": {"host":
..., "token": ...}})`` builds ``self.BASE_URL = f"https://{host}"`` and every
method calls ``api_query("/v2/...")``, which sends ``requests.get(BASE_URL +
endpoint, data={"access_token": token})``. So after construction the bench sets
the instance attribute ``BASE_URL`` to ``http://127.0.0.1:PORT``. Note how it
sends: a module-level ``requests.get`` (a new session, so a new TCP connection,
per call) with the token in a form body on a GET.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from types import ModuleType
from typing import Any

__all__ = ["load", "make_client", "version"]

_state: dict[str, Any] = {}


def load(install: bool) -> tuple[ModuleType | None, str]:
    """Import pygumroad, installing it with pip first if allowed; ``(module, why_not)``."""
    if "result" in _state:
        return _state["result"]  # type: ignore[no-any-return]
    result: tuple[ModuleType | None, str]
    try:
        result = (importlib.import_module("pygumroad"), "")
    except ImportError:
        if not install:
            result = (None, "pygumroad is not installed and --no-peer was given")
        else:
            print("installing the peer: python -m pip install pygumroad", flush=True)
            done = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                 "pygumroad"], capture_output=True, text=True, timeout=300, check=False)
            importlib.invalidate_caches()
            try:
                result = (importlib.import_module("pygumroad"), "")
            except ImportError as exc:
                tail = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or [str(exc)]
                result = (None, f"pip install pygumroad failed: {tail[0]}")
    if result[0] is not None and not hasattr(result[0], "GumroadClient"):
        result = (None, "pygumroad has no GumroadClient: its API changed; adapt bench/_peer.py")
    _state["result"] = result
    return result


def make_client(module: ModuleType, url: str, access_token: str) -> Any:
    """A ``pygumroad.GumroadClient`` whose ``BASE_URL`` is *url* (no ``/v2``)."""
    host = url.split("://", 1)[1]
    client = module.GumroadClient(secrets_dict={"gumroad": {"host": host, "token": access_token}})
    client.BASE_URL = url
    return client


def version(module: ModuleType) -> str:
    """The installed version."""
    try:
        from importlib.metadata import version as dist_version

        return dist_version("pygumroad")
    except Exception:
        return str(getattr(module, "__version__", "?"))
