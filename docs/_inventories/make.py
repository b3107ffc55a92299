"""Write the intersphinx inventories the docs build reads, so it needs no network.

CI has no internet, so Sphinx cannot fetch ``objects.inv`` from docs.python.org or
Read the Docs. These small inventories list exactly the outside objects our pages and
docstrings name, each with its real page and anchor, so the links still go to the real
sites. ``conf.py`` maps them::

    intersphinx_mapping = {"python": ("https://docs.python.org/3", "_inventories/python.inv"), ...}

Run ``python docs/_inventories/make.py`` after changing :data:`INVENTORIES`, and commit
the ``.inv`` files; ``tests/docs/test_inventories.py`` checks they are up to date.
``python docs/_inventories/make.py --scan`` builds the docs once and lists the outside
references missing from the table, and the entries nothing references any more.

The files are written by Sphinx's own writer, :meth:`sphinx.util.inventory.InventoryFile.dump`.
"""

from __future__ import annotations

import argparse
import builtins
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sphinx.util.inventory import InventoryFile

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent


@dataclass(frozen=True)
class Project:
    """One inventory: the objects of one site, by page."""

    filename: str
    name: str
    version: str
    base_url: str
    #: ``{page: [(role, name), ...]}``; the anchor is the name (``module-<name>`` for modules).
    pages: dict[str, list[tuple[str, str]]]

    def entries(self) -> Iterator[tuple[str, str, str, str]]:
        """``(role, name, page, anchor)`` for every object."""
        for page, objects in self.pages.items():
            for role, name in objects:
                anchor = f"module-{name}" if role == "py:module" else name
                yield role, name, page, anchor


PYTHON = Project(
    filename="python.inv",
    name="Python",
    version="3",
    base_url="https://docs.python.org/3",
    pages={
        "library/functions.html": [
            ("py:class", "bool"),
            ("py:class", "float"),
            ("py:class", "int"),
            ("py:class", "object"),
        ],
        "library/stdtypes.html": [
            ("py:class", "bytes"),
            ("py:class", "dict"),
            ("py:class", "frozenset"),
            ("py:class", "list"),
            ("py:class", "set"),
            ("py:class", "str"),
            ("py:class", "tuple"),
        ],
        "library/constants.html": [
            ("py:data", "None"),
        ],
        "library/exceptions.html": [
            ("py:exception", "Exception"),
            ("py:exception", "TimeoutError"),
            ("py:exception", "TypeError"),
            ("py:exception", "ValueError"),
        ],
        "library/collections.abc.html": [
            ("py:class", "collections.abc.Iterable"),
            ("py:class", "collections.abc.Iterator"),
            ("py:class", "collections.abc.Mapping"),
            ("py:class", "collections.abc.Sequence"),
        ],
        "library/datetime.html": [
            ("py:class", "datetime.date"),
            ("py:class", "datetime.datetime"),
        ],
        "library/enum.html": [
            ("py:class", "enum.Enum"),
        ],
        "library/os.html": [
            ("py:class", "os.PathLike"),
        ],
        "library/re.html": [
            ("py:class", "re.Pattern"),
        ],
        "library/threading.html": [
            ("py:class", "threading.RLock"),
            ("py:class", "threading.Thread"),
        ],
        "library/time.html": [
            ("py:function", "time.time"),
        ],
        "library/typing.html": [
            ("py:data", "typing.Any"),
            ("py:class", "typing.ContextManager"),
            ("py:class", "typing.Generic"),
            ("py:class", "typing.NamedTuple"),
            ("py:class", "typing.Protocol"),
            ("py:class", "typing.TypedDict"),
        ],
    },
)

REQUESTS = Project(
    filename="requests.inv",
    name="Requests",
    version="latest",
    base_url="https://requests.readthedocs.io/en/latest",
    pages={
        # Read the Docs serves this site with directory URLs: api/#requests.Session.
        "api/": [
            ("py:class", "requests.Response"),
            ("py:class", "requests.Session"),
            ("py:method", "requests.Session.request"),
            ("py:class", "requests.adapters.HTTPAdapter"),
            ("py:exception", "requests.exceptions.ConnectionError"),
            ("py:exception", "requests.exceptions.ReadTimeout"),
            ("py:exception", "requests.exceptions.Timeout"),
        ],
    },
)

REQUESTS_OAUTHLIB = Project(
    filename="requests-oauthlib.inv",
    name="Requests-OAuthlib",
    version="latest",
    base_url="https://requests-oauthlib.readthedocs.io/en/latest",
    pages={
        "api.html": [
            ("py:class", "requests_oauthlib.OAuth2Session"),
        ],
    },
)

INVENTORIES = (PYTHON, REQUESTS, REQUESTS_OAUTHLIB)

#: Other names of the same objects: the module that defines them (autodoc writes that in
#: signatures) or the package that re-exports them. They point at the documented anchor.
ALIASES = {
    "requests.ConnectionError": "requests.exceptions.ConnectionError",
    "requests.ReadTimeout": "requests.exceptions.ReadTimeout",
    "requests.Timeout": "requests.exceptions.Timeout",
    "requests.models.Response": "requests.Response",
    "requests.sessions.Session": "requests.Session",
    "requests_oauthlib.oauth2_session.OAuth2Session": "requests_oauthlib.OAuth2Session",
}


# -- the writer -----------------------------------------------------------------------------


class _Domain:
    def __init__(self, name: str, objects: list[tuple[str, str, str, str, str, int]]) -> None:
        self.name = name
        self._objects = objects

    def get_objects(self) -> list[tuple[str, str, str, str, str, int]]:
        return self._objects


class _Domains:
    def __init__(self, domains: list[_Domain]) -> None:
        self._domains = domains

    def sorted(self) -> list[_Domain]:
        return sorted(self._domains, key=lambda d: d.name)


class _Config:
    def __init__(self, project: str, version: str) -> None:
        self.project = project
        self.version = version


class _Env:
    """What :meth:`InventoryFile.dump` reads of a build environment."""

    def __init__(self, project: Project) -> None:
        self.config = _Config(project.name, project.version)
        by_domain: dict[str, list[tuple[str, str, str, str, str, int]]] = {}
        documented = {name: (page, anchor) for _, name, page, anchor in project.entries()}
        for role, name, page, anchor in project.entries():
            domain, objtype = role.split(":")
            by_domain.setdefault(domain, []).append((name, name, objtype, page, anchor, 1))
        for alias, target in ALIASES.items():
            if target in documented:
                page, anchor = documented[target]
                role = next(r for r, n, _, _ in project.entries() if n == target)
                domain, objtype = role.split(":")
                by_domain[domain].append((alias, alias, objtype, page, anchor, 1))
        self.domains = _Domains([_Domain(name, objs) for name, objs in by_domain.items()])


class _Builder:
    @staticmethod
    def get_target_uri(docname: str) -> str:
        return docname  # the page, as written in the table


def write(project: Project, folder: Path = HERE) -> Path:
    """Write *project*'s inventory into *folder*; return its path."""
    path = folder / project.filename
    InventoryFile.dump(path, _Env(project), _Builder())  # type: ignore[arg-type]
    return path


def write_all(folder: Path = HERE) -> list[Path]:
    return [write(project, folder) for project in INVENTORIES]


# -- the scan -------------------------------------------------------------------------------


@dataclass
class Scan:
    """What one build of the docs says about their cross-references."""

    missing: set[tuple[str, str]]  # outside references the inventories lack: (role, target)
    unused: set[str]  # inventory entries nothing references
    documented: set[str]  # every Python object the docs describe (their full names)


def scan() -> Scan:
    """Build the docs once (text builder, into a temporary folder) and compare."""
    from sphinx.application import Sphinx

    seen: set[tuple[str, str]] = set()

    def record(app: object, env: object, node: dict[str, str], contnode: object) -> None:
        target = node.get("reftarget", "")
        if node.get("refdomain") == "py" and not target.startswith("gumroad"):
            seen.add((node.get("reftype", ""), target))

    known = {name for project in INVENTORIES for _, name, _, _ in project.entries()} | set(ALIASES)
    with tempfile.TemporaryDirectory() as out:
        app = Sphinx(str(DOCS), str(DOCS), out, str(Path(out) / ".doctrees"), "text",
                     status=None, warning=sys.stderr, freshenv=True)
        app.connect("missing-reference", record, priority=100)
        app.build(force_all=True)
        documented = {name for name, *_ in app.env.get_domain("py").get_objects()}
        ignored = {(kind, target) for kind, target in app.config.nitpick_ignore}
        patterns = [(re.compile(kind), re.compile(target))
                    for kind, target in app.config.nitpick_ignore_regex]

    def excused(role: str, target: str) -> bool:
        kind = f"py:{role}"
        if (kind, target) in ignored or any(k.fullmatch(kind) and t.fullmatch(target) for k, t in patterns):
            return True
        return "." not in target and not hasattr(builtins, target)  # a bare local name

    missing = {(role, target) for role, target in seen if target not in known and not excused(role, target)}
    used = {target for _, target in seen}
    used |= {ALIASES[name] for name in used if name in ALIASES}  # an alias uses its target
    return Scan(missing, known - used, documented)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scan", action="store_true",
                        help="build the docs and compare their outside references with the table")
    args = parser.parse_args(argv)
    if args.scan:
        found = scan()
        for role, target in sorted(found.missing):
            print(f"missing: {role} {target}")
        for name in sorted(found.unused):
            print(f"unused:  {name}")
        return 1 if found.missing or found.unused else 0
    for path in write_all():
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
