"""The offline intersphinx inventories: committed, up to date, and exactly what the docs use."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import pytest

from ._extract import ROOT
from .conftest import INVENTORIES as FOLDER
from .conftest import load_make

pytest.importorskip("sphinx", reason="the docs extra (sphinx) is not installed")

from sphinx.util.inventory import InventoryFile

make = load_make()


@pytest.mark.parametrize("project", make.INVENTORIES, ids=lambda p: p.filename)
def test_the_committed_inventory_is_up_to_date(project: object, tmp_path: Path) -> None:
    fresh = make.write(project, tmp_path)
    committed = FOLDER / project.filename  # type: ignore[attr-defined]
    assert committed.exists(), f"run: python docs/_inventories/make.py (missing {committed.name})"
    # Compare what the files say, not their bytes: zlib builds may compress differently.
    assert _content(committed) == _content(fresh), (
        f"{committed.name} is stale: run python docs/_inventories/make.py and commit it"
    )


def _content(path: Path) -> tuple[list[bytes], bytes]:
    header = path.read_bytes().split(b"\n", 4)
    return header[:4], zlib.decompress(header[4])


@pytest.mark.parametrize("project", make.INVENTORIES, ids=lambda p: p.filename)
def test_every_entry_points_at_the_real_site(project: object) -> None:
    base = project.base_url  # type: ignore[attr-defined]
    inventory = InventoryFile.loads((FOLDER / project.filename).read_bytes(), uri=base)  # type: ignore[attr-defined]
    entries = {name: item.uri for objects in inventory.data.values() for name, item in objects.items()}
    expected = {name for _, name, _, _ in project.entries()} | {  # type: ignore[attr-defined]
        alias for alias, target in make.ALIASES.items()
        if target in {name for _, name, _, _ in project.entries()}  # type: ignore[attr-defined]
    }
    assert set(entries) == expected
    for name, uri in entries.items():
        assert uri.startswith(base + "/"), (name, uri)
        page, _, anchor = uri[len(base) + 1:].partition("#")
        assert page in project.pages, (name, uri)  # type: ignore[attr-defined]
        assert anchor == make.ALIASES.get(name, name) or anchor == f"module-{name}", (name, uri)


def test_conf_reads_these_inventories() -> None:
    namespace: dict[str, object] = {"__file__": str(ROOT / "docs" / "conf.py")}
    source = (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
    mapping_start = source.index("intersphinx_mapping = {")
    exec(source[mapping_start:source.index("}\n", mapping_start) + 2], namespace)  # noqa: S102
    mapping = namespace["intersphinx_mapping"]
    assert mapping == {
        "python": ("https://docs.python.org/3", "_inventories/python.inv"),
        "requests": ("https://requests.readthedocs.io/en/latest", "_inventories/requests.inv"),
        "requests-oauthlib": ("https://requests-oauthlib.readthedocs.io/en/latest",
                              "_inventories/requests-oauthlib.inv"),
    }
    for project in make.INVENTORIES:
        assert (project.base_url, f"_inventories/{project.filename}") in mapping.values()  # type: ignore[union-attr]


def test_the_inventories_list_exactly_what_the_docs_reference(docs_scan: Any) -> None:
    """No outside reference of the docs is missing from the inventories, no entry is unused."""
    assert not docs_scan.missing, f"add to docs/_inventories/make.py: {sorted(docs_scan.missing)}"
    assert not docs_scan.unused, (
        f"nothing references these any more; drop them from make.py: {sorted(docs_scan.unused)}"
    )
