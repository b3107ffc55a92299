"""Guard: every public method of every resource is driven by this integration suite."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from gumroad.resources import Resources

pytestmark = pytest.mark.integration

HERE = Path(__file__).parent


def resource_methods() -> list[tuple[str, str]]:
    hints = inspect.get_annotations(Resources, eval_str=True)
    found = []
    for attribute, cls in sorted(hints.items()):
        for name, _ in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                found.append((attribute, name))
    return found


def test_every_resource_method_is_called_somewhere_in_this_suite():
    sources = "\n".join(p.read_text() for p in HERE.glob("test_*.py") if p.name != Path(__file__).name)
    methods = resource_methods()
    assert len(methods) >= 45
    missing = [
        f"client.{attribute}.{name}"
        for attribute, name in methods
        if not re.search(rf"\.{attribute}\.{name}\(", sources)
    ]
    assert missing == [], f"not driven over HTTP by tests/integration: {missing}"
    assert "gumroad.verify_license(" in sources
