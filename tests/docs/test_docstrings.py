"""Every example in the docstrings of the ``gumroad`` package compiles, and runs.

Sphinx renders the docstrings (autodoc), so their examples are documentation as much
as the Markdown pages are. One test per example, id ``module:object:line``
(``<module>`` for a module's own docstring). Each example is compiled, then run in a
fresh namespace against a fresh fake Gumroad, with the environment a reader would
have set (``GUMROAD_API_BASE_URL``, ``GUMROAD_ACCESS_TOKEN``... as in
``test_examples.py``) and the names of the shared setup (``client``, ``product_id``,
``save``...) that ``_docstrings.py`` documents. ``>>>`` sessions run through
:mod:`doctest`, their outputs checked. The examples of ``gumroad.contrib.django``
run in a fresh interpreter with a configured Django project.

An example that cannot run goes in :data:`COMPILE_ONLY`, with the reason.
"""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gumroad.testing import FakeGumroadServer

from . import _docstrings
from ._docstrings import DJANGO_MODULES, REDIRECT_URIS, Block
from ._runner import time_limit
from .test_examples import docs_redis_url  # noqa: F401 - a fixture, for the Redis example

EXAMPLES, OTHER_BLOCKS = _docstrings.find()
TIMEOUT = 30  # seconds, per example

#: Examples that are only compiled, by id, with the reason. Keep it short: an example
#: that cannot run is usually an example to fix.
COMPILE_ONLY: dict[str, str] = {}

#: The languages a docstring's code block may be in when it is not Python.
OTHER_LANGUAGES = frozenset({"console", "text", "shell-session"})


@pytest.fixture
def docstring_gumroad(monkeypatch: pytest.MonkeyPatch,
                      tmp_path: Path) -> Iterator[tuple[FakeGumroadServer, dict[str, Any]]]:
    """A fresh fake Gumroad, a reader's environment, and the facts of the shared setup."""
    with FakeGumroadServer(seed=0) as server:
        app = server.fake.create_app("Docstring examples", REDIRECT_URIS)
        reader = server.fake.issue_token(app=app)
        home = tmp_path / "home"
        home.mkdir()
        for name, value in {
            "GUMROAD_API_BASE_URL": server.api_url,
            "GUMROAD_OAUTH_BASE_URL": server.url,
            "GUMROAD_ACCESS_TOKEN": reader["access_token"],
            "GUMROAD_CLIENT_ID": app.client_id,
            "GUMROAD_CLIENT_SECRET": app.client_secret or "",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
        work = tmp_path / "work"
        work.mkdir()
        monkeypatch.chdir(work)
        yield server, _docstrings.facts(server.fake, server.fake.issue_token(app=app))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_docstring_example(example: Block, request: pytest.FixtureRequest) -> None:
    example.compile()  # every example compiles, whatever else happens to it
    if example.id in COMPILE_ONLY:
        return
    if "REDIS_URL" in example.source:
        request.getfixturevalue("monkeypatch").setenv(
            "REDIS_URL", request.getfixturevalue("docs_redis_url"))
    server, known = request.getfixturevalue("docstring_gumroad")
    if DJANGO_MODULES.match(example.module):
        _docstrings.run_in_django(example, known, Path.cwd(), TIMEOUT * 2)
    else:
        namespace = _docstrings.module_namespace(example.module)
        _docstrings.prepare(namespace, known, server)
        try:
            with time_limit(TIMEOUT):
                _docstrings.run(example, namespace)
        finally:
            _docstrings.close(namespace)
    assert not server.fake.errors, f"the fake Gumroad broke: {server.fake.errors}"


def test_the_docstrings_have_examples() -> None:
    modules = {e.module for e in EXAMPLES}
    assert {"gumroad", "gumroad.client", "gumroad.oauth", "gumroad.pagination", "gumroad.webhooks",
            "gumroad.resources.sales", "gumroad.testing", "gumroad.contrib.flask"} <= modules
    assert len(EXAMPLES) >= 40
    assert any(e.is_doctest for e in EXAMPLES)


def test_no_docstring_is_missed() -> None:
    """Walking the imported modules finds the code blocks that every docstring of the source holds."""
    in_source = {
        (name, block.path, block.line)
        for name in _docstrings.module_names()
        for block in _docstrings.blocks_in_source(name)
    }
    found = {(b.module, b.path, b.line) for b in (*EXAMPLES, *OTHER_BLOCKS)}
    assert found == in_source


def test_doctests_check_something() -> None:
    """A ``>>>`` session shows outputs; code with nothing to show belongs in a ``Usage::`` block."""
    for example in EXAMPLES:
        if example.is_doctest:
            parsed = doctest.DocTestParser().get_examples(example.source)
            assert any(e.want for e in parsed), f"{example.id}: a >>> session without any output"


@pytest.mark.parametrize("block", OTHER_BLOCKS, ids=[b.id for b in OTHER_BLOCKS])
def test_other_blocks_are_not_python(block: Block) -> None:
    """A block marked as another language (a shell session, a tree) is not Python in disguise."""
    assert block.language in OTHER_LANGUAGES
    with pytest.raises(SyntaxError):
        compile(block.source, block.path, "exec")


def test_compile_only_is_short_and_current() -> None:
    ids = {e.id for e in EXAMPLES}
    assert set(COMPILE_ONLY) <= ids, f"stale entries: {sorted(set(COMPILE_ONLY) - ids)}"
    assert len(COMPILE_ONLY) <= 3
    assert all(reason.strip() for reason in COMPILE_ONLY.values())


def test_every_check_has_its_example() -> None:
    keys = {e.key for e in EXAMPLES}
    assert set(_docstrings.THEN) <= keys, f"stale checks: {sorted(set(_docstrings.THEN) - keys)}"
