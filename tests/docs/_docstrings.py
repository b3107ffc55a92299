"""The examples of the ``gumroad`` package's docstrings, and the setup they run in.

Finding them
------------
Every module of the package is imported (the Django migrations excepted) and every
docstring read: the module's, and those of the classes, functions, methods and
properties it defines (``__module__`` is the module; re-exports count once, where
they are defined). Sphinx renders three kinds of block as code, and so they are
the examples:

- a **literal block**, the indented block after a paragraph ending with ``::``
  (``Usage::``): Python, as Sphinx highlights it;
- a ``.. code-block:: LANG`` directive (also ``code``, ``sourcecode``): Python
  when LANG is ``python``, ``py``, ``python3`` or ``pycon``. Other languages
  (``console``, ``text``) are not examples; :func:`find` lists them apart;
- a **doctest block**, a paragraph opening with ``>>>``. Consecutive ones (blank
  lines between) make one example.

A block holding ``>>>`` prompts runs through :mod:`doctest`, its outputs
checked; any other block runs as a script. An example is named
``module:object:line``: ``<module>`` for the module's own docstring, ``line``
the line of the file where its code starts.

The Django modules that need configured settings to import (models, views...)
are read from their source with :mod:`ast` when this process has no settings,
and their examples run in a fresh interpreter that configures Django
(:func:`run_django`).

The setup
---------
An example runs like a doctest, in a copy of its module's globals, plus the
names below, against a fresh fake Gumroad (a running
:class:`~gumroad.testing.FakeGumroadServer`, seed 0) whose address and a token
the environment holds, as in ``test_examples.py``: ``GumroadClient()`` works
unchanged. The names, so that the examples can read like real code:

``client``
    ``gumroad.GumroadClient()``: the seller's client, every public scope.
``fake``, ``server``
    the :class:`~gumroad.testing.FakeGumroad` and its server (not in Django's
    interpreter). Its request log starts empty.
``CLIENT_ID``, ``CLIENT_SECRET``
    the OAuth app registered at the fake (``GUMROAD_CLIENT_ID``/``_SECRET``); its
    callbacks include ``https://example.com/callback`` and loopback ones.
``token``, ``saved_token``
    the seller's token dict as the OAuth callback got it (refreshable), and the
    same as your database kept it.
``product_id``, ``category_id``
    a licensed membership product ("Pro Membership") and its variant category.
``license_key``, ``subscriber_id``
    the key and subscription of a sale of that product.
``sale_id``, ``payout_id``, ``seller_id``
    a physical sale (shippable, refundable), a payout, the seller's ``user_id``.
``saved_key``
    a ``page_key`` of the sales listing, as a checkpoint kept it.
``save``, ``checkpoint``, ``write_row``, ``save_token_for_seller``, ``fulfil``, ``mark_done``
    your storage: each records what it is given in ``saved``, ``checkpoints``,
    ``rows``, ``saved_tokens``, ``fulfilled``, ``done``; ``already_done(key)``
    reads ``done``.
``client_for_seller(seller_id)``
    your token lookup: a client for the seller.
``current_user``, ``db``
    Flask-Login's user (``id``) and your token table (``load``/``save``/``delete``).
``webbrowser``
    the seller's browser: ``open(url)`` visits the URL at the fake, the seller
    approves, and the redirect to the callback is followed when it is on this
    machine (the CLI's callback server); else it is where the browser "landed".
``request``
    the request of your OAuth callback view: ``request.args`` is the query of
    the redirect after the seller approved the authorization URL the example
    built (the last ``str`` of the namespace that starts with the fake's
    authorize endpoint).
``expected_state``, ``url_with(redirect_uri)``
    the CLI login's ``state``, and its authorization URL for a callback.
``REDIS_URL``
    a throwaway ``redis-server`` (only for the examples that name it).

Inside the Django interpreter, ``request.user`` is a user whose Gumroad token is
saved, and ``path``/``include`` are Django's.

``THEN`` adds, for a few examples that only define something (a view, a signal
receiver, a pytest test), code that drives it and checks the outcome, keyed by
``module:object``.
"""

from __future__ import annotations

import ast
import doctest
import functools
import importlib
import inspect
import io
import json
import linecache
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator, MutableMapping
from dataclasses import asdict, dataclass
from pathlib import Path
from types import CodeType, FunctionType, ModuleType, SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "gumroad"
PYTHON = frozenset({"python", "py", "python3", "pycon"})
SKIPPED_MODULES = re.compile(r"^gumroad\.contrib\.django\.migrations(\.|$)")
DJANGO_MODULES = re.compile(r"^gumroad\.contrib\.django(\.|$)")
MODULE_DOC = "<module>"

_DIRECTIVE = re.compile(r"^\.\.\s+(?P<name>[\w:-]+)::(?:\s+(?P<arg>.*))?$")
_CODE_DIRECTIVES = frozenset({"code-block", "code", "sourcecode"})
_OPTION = re.compile(r"^:[\w-]+:")


# -- finding the examples ----------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One code block of a docstring."""

    module: str
    qualname: str  # the object, or MODULE_DOC
    path: str  # relative to the repository root
    line: int  # 1-based line of the file where the code starts
    source: str  # dedented
    language: str  # "python" for literal blocks and doctest blocks

    @property
    def id(self) -> str:
        return f"{self.module}:{self.qualname}:{self.line}"

    @property
    def key(self) -> str:
        return f"{self.module}:{self.qualname}"

    @property
    def is_python(self) -> bool:
        return self.language in PYTHON

    @property
    def is_doctest(self) -> bool:
        return any(line.lstrip().startswith(">>>") for line in self.source.splitlines())

    def compile(self) -> list[CodeType]:
        """The code, compiled so that tracebacks name the file and its lines.

        A ``>>>`` session compiles example by example, as :mod:`doctest` runs it.
        """
        if self.is_doctest:
            examples = doctest.DocTestParser().get_examples(self.source)
            return [compile("\n" * (self.line - 1 + e.lineno) + e.source, self.path, "single",
                            dont_inherit=True) for e in examples]
        return [compile("\n" * (self.line - 1) + self.source, self.path, "exec", dont_inherit=True)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _dedent(lines: list[str]) -> str:
    width = min(_indent(line) for line in lines if line.strip())
    return "\n".join(line[width:] if line.strip() else "" for line in lines).rstrip() + "\n"


def _indented_block(lines: list[str], start: int, indent: int) -> tuple[int, int, int]:
    """The block of lines indented deeper than *indent* from *start* (blank lines skipped first).

    Returns ``(first, stop, next)``: the block is ``lines[first:stop]``, parsing resumes at *next*.
    """
    first = start
    while first < len(lines) and not lines[first].strip():
        first += 1
    stop = first
    while stop < len(lines) and (not lines[stop].strip() or _indent(lines[stop]) > indent):
        stop += 1
    end = stop
    while end > first and not lines[end - 1].strip():
        end -= 1
    if first < len(lines) and _indent(lines[first]) <= indent:
        return first, first, first  # no block: the paragraph goes on at the same level
    return first, end, stop


def blocks_of(doc: str, first_line: int) -> Iterator[tuple[int, str, str]]:
    """The code blocks of the docstring *doc*: ``(line, language, dedented source)``.

    Line ``k`` (0-based) of *doc* is line ``first_line + k`` of the file.
    """
    lines = doc.expandtabs().splitlines()
    index = 0
    while index < len(lines):
        text = lines[index]
        stripped = text.strip()
        if not stripped:
            index += 1
            continue
        indent = _indent(text)
        directive = _DIRECTIVE.match(stripped)
        if directive:
            if directive["name"] in _CODE_DIRECTIVES:
                language = (directive["arg"] or "python").strip().lower()
                first, stop, resume = _indented_block(lines, index + 1, indent)
                while first < stop and _OPTION.match(lines[first].strip()):
                    first += 1
                while first < stop and not lines[first].strip():
                    first += 1
                if first < stop:
                    yield first_line + first, language, _dedent(lines[first:stop])
                index = resume
            else:
                index += 1  # another directive: its body is read as ordinary text
            continue
        if stripped.startswith(">>>"):  # doctest blocks, blank lines between them
            start = stop = index
            while True:
                while stop < len(lines) and lines[stop].strip():
                    stop += 1
                after = stop
                while after < len(lines) and not lines[after].strip():
                    after += 1
                if after == len(lines) or _indent(lines[after]) != indent \
                        or not lines[after].strip().startswith(">>>"):
                    break
                stop = after
            yield first_line + start, "python", _dedent(lines[start:stop])
            index = stop
            continue
        stop = index  # a paragraph: does it end with "::"?
        while stop < len(lines) and lines[stop].strip() and not (
                stop > index and _DIRECTIVE.match(lines[stop].strip())):
            stop += 1
        if lines[stop - 1].rstrip().endswith("::"):
            first, end, resume = _indented_block(lines, stop, indent)
            if first < end:
                yield first_line + first, "python", _dedent(lines[first:end])
            index = max(resume, stop)
        else:
            index = stop


def docstrings_in_source(path: Path) -> dict[str, tuple[int, str]]:
    """``qualname -> (line where the docstring starts, its text)``, read with :mod:`ast`.

    The module's docstring is under ``<module>``; nested functions get ``.<locals>.``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, tuple[int, str]] = {}

    def add(qualname: str, node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        first = node.body[0] if node.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                and isinstance(first.value.value, str):
            found.setdefault(qualname, (first.value.lineno, first.value.value))

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                add(prefix + child.name, child)
                inner = "." if isinstance(child, ast.ClassDef) else ".<locals>."
                visit(child, prefix + child.name + inner)
            elif isinstance(child, ast.stmt):
                visit(child, prefix)  # if/try blocks at module or class level

    add(MODULE_DOC, tree)
    visit(tree, "")
    return found


def _relative(module: ModuleType) -> str:
    assert module.__file__ is not None
    return Path(module.__file__).resolve().relative_to(ROOT).as_posix()


def _documented(module: ModuleType) -> Iterator[tuple[str, Any]]:
    """The module, then every class, function, method and property it defines, by qualname."""
    yield MODULE_DOC, module
    seen: set[int] = set()

    def unwrap(value: Any) -> Any:
        # type(), not isinstance(): a lazy object (Django's settings) must not be touched
        kind = type(value)
        if issubclass(kind, (staticmethod, classmethod)):
            return value.__func__
        if issubclass(kind, property):
            return value.fget
        if issubclass(kind, functools.cached_property):
            return value.func
        return value

    def visit(owner: Any, prefix: str) -> Iterator[tuple[str, Any]]:
        for name, value in list(vars(owner).items()):
            target = unwrap(value)
            if not issubclass(type(target), (type, FunctionType)):
                continue
            if getattr(target, "__module__", None) != module.__name__:
                continue
            if getattr(target, "__qualname__", None) != prefix + name or id(target) in seen:
                continue  # an alias, or met already
            seen.add(id(target))
            yield prefix + name, value if isinstance(value, property) else target
            if inspect.isclass(target):
                yield from visit(target, prefix + name + ".")

    yield from visit(module, "")


def module_names() -> list[str]:
    """Every module of the package but the Django migrations, the package first."""
    package = importlib.import_module(PACKAGE)
    names = [PACKAGE] + [info.name for info in pkgutil.walk_packages(package.__path__, PACKAGE + ".")]
    return [name for name in names if not SKIPPED_MODULES.match(name)]


def _needs_django_settings(error: BaseException) -> bool:
    try:
        from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
    except ImportError:
        return False
    return isinstance(error, (AppRegistryNotReady, ImproperlyConfigured))


def blocks_in_module(name: str) -> list[Block]:
    """The code blocks of the docstrings of the module *name*, imported.

    A module that needs configured Django settings (when this process has none) is
    read with :mod:`ast` instead.
    """
    try:
        module = importlib.import_module(name)
    except Exception as error:
        if not _needs_django_settings(error):
            raise
        return blocks_in_source(name)
    path = _relative(module)
    starts = docstrings_in_source(ROOT / path)
    found: list[Block] = []
    for qualname, obj in _documented(module):
        doc = obj.__doc__  # its own: not inherited, as inspect.getdoc would
        if not isinstance(doc, str):
            continue
        if qualname not in starts:  # generated (a NamedTuple's, a dataclass's): no examples
            if any(blocks_of(doc, 1)):
                raise LookupError(f"{name}:{qualname}: a docstring with code, not in {path}")
            continue
        for line, language, source in blocks_of(doc, starts[qualname][0]):
            found.append(Block(name, qualname, path, line, source, language))
    return found


def _path_of(name: str) -> Path:
    parts = name.split(".")
    base = ROOT.joinpath(*parts)
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def blocks_in_source(name: str) -> list[Block]:
    """The code blocks of a module's docstrings, read with :mod:`ast` (no import)."""
    path = _path_of(name)
    rel = path.relative_to(ROOT).as_posix()
    return [Block(name, qualname, rel, line, source, language)
            for qualname, (start, doc) in docstrings_in_source(path).items()
            for line, language, source in blocks_of(doc, start)]


def find() -> tuple[list[Block], list[Block]]:
    """``(examples, other_blocks)``: the Python blocks, and the blocks in another language."""
    blocks = [block for name in module_names() for block in blocks_in_module(name)]
    return [b for b in blocks if b.is_python], [b for b in blocks if not b.is_python]


# -- the setup ------------------------------------------------------------------------------

#: The OAuth app's callbacks: the oauth module's example site, and loopback (any port).
REDIRECT_URIS = ["https://example.com/callback", "http://127.0.0.1/callback"]


def facts(fake: Any, token: dict[str, Any]) -> dict[str, Any]:
    """The ids and the token the examples name, from the fake's seeded data (no request logged).

    *token* is the seller's token, issued to the OAuth app of the environment.
    """
    seller = fake.seller
    products = seller.live_products()
    membership = next(p for p in products if p.subscription_duration and p.licensed)
    physical = next(p for p in products if p.is_physical)
    sales = [seller.sale(i) for i in range(min(40, seller.sales.total))]
    member_sale = next(s for s in sales if s["product_id"] == membership.id and s.get("license_key"))
    shipped = next(s for s in sales if s["product_id"] == physical.id)
    page = fake.handle("GET", "/v2/sales", [("access_token", token["access_token"])]).json()
    fake.log.clear()
    return {
        "token": token,
        "product_id": membership.id,
        "category_id": membership.variant_categories[0].id,
        "license_key": member_sale["license_key"],
        "subscriber_id": member_sale["subscription_id"],
        "sale_id": shipped["id"],
        "payout_id": seller.payouts[0].id,
        "seller_id": seller.user_id,
        "saved_key": page["next_page_key"],
    }


class Recorder(list[Any]):
    """Your storage, as a list: calling it records its argument (or its arguments, as a tuple)."""

    def __call__(self, *args: Any) -> None:
        self.append(args[0] if len(args) == 1 else args)


class TokenTable:
    """Your table of tokens by seller."""

    def __init__(self) -> None:
        self.rows: dict[Any, dict[str, Any]] = {}

    def load(self, seller: Any) -> dict[str, Any] | None:
        return self.rows.get(seller)

    def save(self, seller: Any, token: dict[str, Any]) -> None:
        self.rows[seller] = dict(token)

    def delete(self, seller: Any) -> None:
        self.rows.pop(seller, None)


class Browser:
    """The seller's browser, approving every authorization at the fake Gumroad."""

    def __init__(self, fake: Any) -> None:
        self.fake = fake
        self.landed: str | None = None

    def open(self, url: str) -> bool:
        import requests

        self.fake.auto_approve = True  # the seller presses "Authorize"
        with requests.get(url, allow_redirects=False, timeout=10) as answer:
            assert answer.status_code in (301, 302, 303), f"no redirect from {url}: {answer.status_code}"
            self.landed = answer.headers["Location"]
        if urlsplit(self.landed).hostname in ("127.0.0.1", "localhost", "::1"):
            requests.get(self.landed, timeout=10).close()  # a callback server on this machine
        return True


class CallbackRequest:
    """The request Gumroad's redirect makes to your callback, once the seller approved."""

    def __init__(self, namespace: MutableMapping[str, Any], browser: Browser, authorize_url: str) -> None:
        self._namespace = namespace
        self._browser = browser
        self._authorize_url = authorize_url

    @property
    def args(self) -> dict[str, str]:
        if self._browser.landed is None:
            urls = [v for v in self._namespace.values()
                    if isinstance(v, str) and v.startswith(self._authorize_url)]
            assert urls, "no authorization URL in the namespace for the seller to approve"
            self._browser.open(urls[-1])
        assert self._browser.landed is not None
        return dict(parse_qsl(urlsplit(self._browser.landed).query))


def prepare(namespace: MutableMapping[str, Any], known: dict[str, Any],
            server: Any = None) -> None:
    """Add the setup's names (see the module docstring) to *namespace*."""
    import gumroad
    from gumroad import oauth

    client = gumroad.GumroadClient()
    stores = {name: Recorder() for name in ("saved", "checkpoints", "rows", "saved_tokens",
                                             "fulfilled", "done")}
    namespace.update(known)
    namespace.update(stores)
    namespace.update(
        client=client,
        CLIENT_ID=os.environ["GUMROAD_CLIENT_ID"],
        CLIENT_SECRET=os.environ["GUMROAD_CLIENT_SECRET"],
        saved_token=known["token"],
        save=stores["saved"],
        checkpoint=stores["checkpoints"],
        write_row=stores["rows"],
        save_token_for_seller=stores["saved_tokens"],
        fulfil=stores["fulfilled"],
        mark_done=stores["done"],
        already_done=stores["done"].__contains__,
        client_for_seller=lambda seller_id: client,
        current_user=SimpleNamespace(id=42),
        db=TokenTable(),
        expected_state=oauth.generate_state(),
    )
    namespace["url_with"] = lambda redirect_uri: oauth.get_authorization_url(
        namespace["CLIENT_ID"], redirect_uri, ["view_profile"], namespace["expected_state"])
    if "REDIS_URL" in os.environ:
        namespace["REDIS_URL"] = os.environ["REDIS_URL"]
    if server is not None:
        browser = Browser(server.fake)
        namespace.update(fake=server.fake, server=server, webbrowser=browser,
                         request=CallbackRequest(namespace, browser, server.authorize_url))


#: Code run right after an example, in its namespace, by ``module:object``: for the
#: examples that define something (a view, a receiver, a test) without using it.
THEN = {
    "gumroad.contrib.flask:<module>": """
db.save(current_user.id, saved_token)
with app.test_client() as web:
    assert web.get("/dashboard").get_json() == {"name": client.user.get()["name"]}
""",
    "gumroad.webhooks:<module>": """
from urllib.parse import urlencode

_sale = client.sales.get(sale_id)
_body = urlencode({"resource_name": "sale", "sale_id": _sale["id"], "seller_id": _sale["seller_id"],
                   "product_id": _sale["product_id"], "email": _sale["email"]})
_forged = _body.replace("email=", "email=attacker")
_form = "application/x-www-form-urlencoded"
with app.test_client() as web:
    assert web.post("/gumroad/ping", data=_forged, content_type=_form).status_code == 400
    assert web.post("/gumroad/ping", data=_body, content_type=_form).status_code == 200
    assert web.post("/gumroad/ping", data=_body, content_type=_form).status_code == 200
assert [sale["id"] for sale in fulfilled] == [sale_id], fulfilled
""",
    "gumroad.contrib.django.signals:<module>": """
from gumroad.webhooks import parse_ping

_ping = parse_ping(b"resource_name=sale&sale_id=S1", "application/x-www-form-urlencoded")
ping_received.send(sender=None, ping=_ping, user="a user", confirmed={"id": "S1"}, record=None)
_ping = parse_ping(b"resource_name=cancellation&subscription_id=X", "application/x-www-form-urlencoded")
ping_received.send(sender=None, ping=_ping, user="a user", confirmed={"id": "X"}, record=None)
assert fulfilled == [("a user", {"id": "S1"})], fulfilled
""",
    "gumroad.contrib.django:<module>": """
assert [p["id"] for p in products] == [p["id"] for p in client.products.list()]
""",
    "gumroad.testing.pytest_plugin:<module>": """
test_sales_report(client, fake)
assert fake.count("GET", "/v2/sales") == 4      # the 503, then three pages of 10
""",
    "gumroad.pagination:<module>": """
assert len(saved) == 3 and checkpoints[-1] is None
assert len(rest) == 15
""",
    "gumroad.export:<module>": """
assert len(rows) == 25 and len({sale["id"] for sale in rows}) == 25
""",
    "gumroad.cli.callback:<module>": """
assert code and webbrowser.landed.startswith(server.redirect_uri)
""",
}


# -- running ----------------------------------------------------------------------------------


def run(block: Block, namespace: dict[str, Any]) -> None:
    """Run *block* (and its ``THEN`` code) in *namespace*; a doctest's outputs are checked."""
    if block.is_doctest:
        test = doctest.DocTestParser().get_doctest(block.source, namespace, block.id, block.path,
                                                   block.line - 1)
        out = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        result = runner.run(test, out=out.write, clear_globs=False)
        if result.failed:
            raise AssertionError(f"{result.failed} of {result.attempted} doctest examples failed:\n"
                                 f"{out.getvalue()}")
    else:
        for code in block.compile():
            exec(code, namespace)  # noqa: S102 - running the docs is the point
    then = THEN.get(block.key)
    if then is not None:
        name = f"<then of {block.key}>"
        linecache.cache[name] = (len(then), None, then.splitlines(True), name)  # for tracebacks
        exec(compile(then, name, "exec", dont_inherit=True), namespace)  # noqa: S102


def module_namespace(name: str) -> dict[str, Any]:
    """A copy of the module's globals, as :mod:`doctest` gives an example."""
    return dict(vars(importlib.import_module(name)))


def close(namespace: MutableMapping[str, Any]) -> None:
    """Close the sessions an example left open, so that no socket outlives it."""
    import requests

    for value in list(namespace.values()):
        if isinstance(value, requests.Session):
            value.close()


def configure_django(token: dict[str, Any]) -> Any:
    """Configure the smallest Django project for the examples, with its tables; return a user.

    The user has connected Gumroad: the setup's token is saved as theirs.
    """
    import django
    from django.conf import settings

    settings.configure(
        SECRET_KEY="docstring-examples", USE_TZ=True, ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                        "django.contrib.sessions", "django.contrib.messages", "gumroad.contrib.django"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        GUMROAD_CLIENT_ID=os.environ["GUMROAD_CLIENT_ID"],
        GUMROAD_CLIENT_SECRET=os.environ["GUMROAD_CLIENT_SECRET"],
    )
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from gumroad.contrib.django import DjangoTokenStore

    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user("seller", password=None)
    DjangoTokenStore(user).save(token)
    return user


def run_django(spec_path: str) -> None:
    """``python -m tests.docs._docstrings SPEC``: run one example in a Django project."""
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    user = configure_django(spec["facts"]["token"])
    from django.urls import include, path

    block = Block(**spec["block"])
    namespace = module_namespace(block.module)
    prepare(namespace, spec["facts"])
    namespace.update(request=SimpleNamespace(user=user), path=path, include=include)
    try:
        run(block, namespace)
    finally:
        close(namespace)


def run_in_django(block: Block, known: dict[str, Any], work: Path, timeout: float) -> None:
    """Run *block* in a fresh interpreter with Django configured; fail with its stderr."""
    spec = work.parent / "docstring-example.json"
    spec.write_text(json.dumps({"block": asdict(block), "facts": known}), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-m", "tests.docs._docstrings", str(spec)], cwd=work,
                          env=env, capture_output=True, text=True, timeout=timeout, check=False)
    sys.stdout.write(done.stdout)
    if done.returncode != 0:
        raise AssertionError(f"{block.id} failed in a Django interpreter:\n{done.stderr}")


if __name__ == "__main__":
    run_django(sys.argv[1])
