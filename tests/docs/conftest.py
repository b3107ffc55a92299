"""One build of the docs, shared by the tests that look at what the docs describe and link."""

from __future__ import annotations

import importlib.util
import sys
import warnings
from types import ModuleType
from typing import Any

import pytest

from ._extract import ROOT

INVENTORIES = ROOT / "docs" / "_inventories"


def load_make() -> ModuleType:
    """``docs/_inventories/make.py`` as a module (it is a script, not a package)."""
    name = "docs_inventories_make"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, INVENTORIES / "make.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def docs_scan() -> Any:
    """Build the docs once (a few seconds): their outside references and documented objects."""
    pytest.importorskip("sphinx", reason="the docs extra (sphinx) is not installed")
    with warnings.catch_warnings():
        # Sphinx extensions announce their own API deprecations; they are not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return load_make().scan()
