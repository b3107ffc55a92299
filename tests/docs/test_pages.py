"""What the pages promise: every public name in the reference, every scope in the table,
the README's two commands."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import pytest

from ._extract import ROOT

#: The public modules: each name of their ``__all__`` must be described in the docs.
PUBLIC_MODULES = [
    "gumroad", "gumroad.client", "gumroad.oauth", "gumroad.tokens", "gumroad.errors",
    "gumroad.pagination", "gumroad.export", "gumroad.webhooks", "gumroad.types",
    "gumroad.resources", "gumroad.testing", "gumroad.testing.faults", "gumroad.testing.model",
    "gumroad.testing.server", "gumroad.testing.app", "gumroad.testing.responses_front",
    "gumroad.contrib", "gumroad.contrib.flask", "gumroad.contrib.redis", "gumroad.cli",
    "gumroad.contrib.django", "gumroad.contrib.django.models", "gumroad.contrib.django.store",
    "gumroad.contrib.django.signals", "gumroad.contrib.django.conf", "gumroad.contrib.django.views",
]


def _resolve(name: str) -> Any:
    """The object a documented full name stands for, or a sentinel when it does not import."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attribute in parts[cut:]:
                obj = getattr(obj, attribute)
        except AttributeError:
            return _resolve
        return obj
    return _resolve


def test_every_public_name_is_in_the_reference(docs_scan: Any) -> None:
    import gumroad.resources

    modules = PUBLIC_MODULES + [
        f"gumroad.resources.{m.name}" for m in pkgutil.iter_modules(gumroad.resources.__path__)
        if not m.name.startswith("_")
    ]
    documented = {id(_resolve(name)) for name in docs_scan.documented}
    missing = []
    for module_name in modules:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if f"{module_name}.{name}" in docs_scan.documented:
                continue
            if id(getattr(module, name)) not in documented:
                missing.append(f"{module_name}.{name}")
    assert not missing, f"public names the docs do not describe: {missing}"


def test_the_scope_table_lists_every_scope() -> None:
    from gumroad import GumroadScope

    page = (ROOT / "docs" / "authentication.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| `([a-z_]+)` \|", page, re.MULTILINE))
    assert rows == {scope.name: scope.value for scope in GumroadScope}


@pytest.mark.parametrize("command", [
    "python -m pip install -e . && gumroad demo",
    "python -m pip install -e '.[test,flask,django,redis]' && python -m pytest",
])
def test_the_readme_keeps_its_two_commands(command: str) -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert command in lines


def test_the_readme_links_to_pages_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(((?:docs/)[^)#]+|CHANGELOG\.md)\)", readme)
    assert targets
    for target in targets:
        assert (ROOT / target).exists(), target
