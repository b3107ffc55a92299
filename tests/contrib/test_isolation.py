"""The extras stay optional: ``import gumroad`` loads none of them, and the Django package is
safe to import before settings exist (as INSTALLED_APPS does)."""

from __future__ import annotations

import subprocess
import sys

from ._helpers import ROOT


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_gumroad_loads_no_extra() -> None:
    loaded = _run(
        "import sys, gumroad, gumroad.tokens, gumroad.webhooks, gumroad.oauth\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'django', 'redis')"
        " or m.startswith('gumroad.contrib')))"
    )
    assert loaded == "[]"


def test_the_django_package_imports_before_settings() -> None:
    assert _run(
        "import gumroad.contrib.django as d, sys\n"
        "print('gumroad.contrib.django.models' in sys.modules, d.NotConnectedError.__name__)"
    ) == "False NotConnectedError"


def test_not_connected_is_a_configuration_error() -> None:
    from gumroad import ConfigurationError, GumroadClientError
    from gumroad.contrib import NotConnectedError

    assert issubclass(NotConnectedError, ConfigurationError)
    assert issubclass(NotConnectedError, GumroadClientError)
