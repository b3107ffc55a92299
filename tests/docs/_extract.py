"""Find the Python examples of the Markdown docs, with the hidden code that makes them runnable.

Every fenced block whose language is ``python`` (or ``py``, ``pycon``, or a MyST
``{code-block} python``) is an example. Instructions for the test hide in HTML
comments, which neither GitHub nor Sphinx shows:

``<!-- docs-test: setup`` ... ``-->``
    The Python fences inside run before every later example of the same file, in
    its namespace (define the names a fragment uses: ``request``, ``product_id``).
``<!-- docs-test: before`` ... ``-->``
    The Python fences inside run before the next example only, after the setup
    blocks (put the fake in the state the example is about: a revoked token).
``<!-- docs-test: then`` ... ``-->``
    The Python fences inside run right after the example above them, in its
    namespace: they drive what it defined (call the view) and check the outcome.
``<!-- docs-test: shared -->``
    The next example runs as usual, and also before every later example of the
    file (a page that builds one app step by step).
``<!-- docs-test: file PATH -->``
    The next example is also written to PATH, relative to the working directory
    of every example of the file (``mysite/settings.py``).
``<!-- docs-test: compile-only REASON -->``
    The next example is only compiled: for text that is not a Python program.
``<!-- docs-test: isolate -->``
    Every example of the file runs in a fresh Python process (Django: settings
    can be configured once per process).

A setup or ``then`` comment holds only fences; the one-line forms end with ``-->``.
Any other HTML comment is left alone. Examples written as ``>>>`` sessions run
through :mod:`doctest`, outputs checked.
"""

from __future__ import annotations

import doctest
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = frozenset({"python", "py", "python3", "pycon"})
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<kind>[\w-]+)(?P<rest>.*)$")
_MODIFIERS = frozenset({"shared", "file", "compile-only", "isolate"})
_HIDDEN = frozenset({"setup", "before", "then"})


class DocsTestSyntaxError(ValueError):
    """A ``docs-test`` comment the extractor cannot follow."""


@dataclass
class Block:
    """One fenced Python block: where it is and its source, dedented."""

    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based line of the opening fence
    source: str

    @property
    def first_line(self) -> int:
        return self.line + 1

    def code(self) -> object:
        """The block compiled so that tracebacks name the Markdown file and its line numbers.

        A ``>>>`` session compiles as the code of its examples, outputs left out.
        """
        if self.is_doctest:
            examples = doctest.DocTestParser().get_examples(self.source)
            return compile("".join(e.source for e in examples), self.path, "exec")
        padded = "\n" * (self.first_line - 1) + self.source
        return compile(padded, self.path, "exec")

    @property
    def is_doctest(self) -> bool:
        return any(line.lstrip().startswith(">>>") for line in self.source.splitlines())


@dataclass
class Example(Block):
    """A visible example and what the test does with it."""

    setups: list[Block] = field(default_factory=list)
    then: list[Block] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    compile_only: str | None = None  # the reason
    isolate: bool = False

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


def _language(info: str) -> str:
    info = info.strip()
    match = re.match(r"^\{(code-block|code|sourcecode)\}\s*(\S*)", info)
    if match:
        return match.group(2).lower()
    return info.split()[0].lower() if info else ""


def _read_fence(lines: list[str], start: int) -> tuple[int, str, str]:
    """Read the fence opening at *start*; return (index after it, language, dedented source)."""
    opening = _FENCE.match(lines[start])
    assert opening is not None
    indent = len(opening["indent"].expandtabs())
    marker = opening["fence"]
    language = _language(opening["info"])
    body: list[str] = []
    index = start + 1
    while index < len(lines):
        text = lines[index]
        stripped = text.strip()
        if stripped.startswith(marker[0] * len(marker)) and not stripped.strip(marker[0]):
            break
        expanded = text.expandtabs()
        body.append(expanded[min(indent, len(expanded) - len(expanded.lstrip())):])
        index += 1
    else:
        raise DocsTestSyntaxError(f"the fence opened on line {start + 1} is never closed")
    if opening["info"].strip().startswith("{"):
        while body and re.match(r"^:[\w-]+:", body[0]):  # directive options
            body.pop(0)
    return index + 1, language, "\n".join(body) + "\n"


def extract(path: Path) -> list[Example]:
    """Every Python example of the Markdown file *path*, in order."""
    rel = path.resolve().relative_to(ROOT).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    examples: list[Example] = []
    setups: list[Block] = []
    files: dict[str, str] = {}
    pending: dict[str, str] = {}  # modifiers waiting for the next example
    before: list[Block] = []  # hidden blocks waiting for the next example
    isolate = False
    index = 0

    def fail(message: str) -> DocsTestSyntaxError:
        return DocsTestSyntaxError(f"{rel}:{index + 1}: {message}")

    while index < len(lines):
        text = lines[index]
        directive = _DIRECTIVE.match(text)
        if directive:
            kind, rest = directive["kind"], directive["rest"].strip()
            if kind in _MODIFIERS:
                if not rest.endswith("-->"):
                    raise fail(f"'docs-test: {kind}' is a one-line comment ending with -->")
                argument = rest[:-3].strip()
                if kind == "isolate":
                    isolate = True
                elif kind in ("file", "compile-only") and not argument:
                    raise fail(f"'docs-test: {kind}' needs an argument (a path, a reason)")
                else:
                    pending[kind] = argument
                index += 1
                continue
            if kind not in _HIDDEN:
                raise fail(f"unknown 'docs-test: {kind}'")
            if rest:
                raise fail(f"'docs-test: {kind}' opens a comment that holds only fences")
            hidden: list[Block] = []
            index += 1
            while index < len(lines) and lines[index].strip() != "-->":
                if _FENCE.match(lines[index]):
                    start = index
                    index, language, source = _read_fence(lines, index)
                    if language not in PYTHON:
                        raise fail(f"a hidden fence must be Python, not {language!r}")
                    hidden.append(Block(rel, start + 1, source))
                elif lines[index].strip():
                    raise fail(f"only fences belong in 'docs-test: {kind}': {lines[index]!r}")
                else:
                    index += 1
            if index == len(lines):
                raise fail(f"'docs-test: {kind}' is never closed by a line '-->'")
            if not hidden:
                raise fail(f"'docs-test: {kind}' holds no Python fence")
            if kind == "setup":
                setups.extend(hidden)
            elif kind == "before":
                before.extend(hidden)
            else:
                if not examples:
                    raise fail("'docs-test: then' follows no example")
                examples[-1].then.extend(hidden)
            index += 1
            continue
        if text.lstrip().startswith("<!--"):  # another comment: skip it whole
            while index < len(lines) and "-->" not in lines[index]:
                index += 1
            index += 1
            continue
        if _FENCE.match(text):
            start = index
            index, language, source = _read_fence(lines, index)
            if language not in PYTHON:
                if pending or before:
                    raise fail("a 'docs-test' comment above this fence must precede a Python one")
                continue
            example = Example(rel, start + 1, source, setups=[*setups, *before], files=files,
                              compile_only=pending.pop("compile-only", None))
            before = []
            if "file" in pending:
                files[pending.pop("file")] = source
            if "shared" in pending:
                pending.pop("shared")
                setups.append(Block(rel, start + 1, source))
            if pending:
                raise fail(f"unknown modifiers {sorted(pending)}")
            examples.append(example)
            continue
        index += 1
    if pending or before:
        raise DocsTestSyntaxError(f"{rel}: a 'docs-test' comment at the end, before no example")
    for example in examples:
        example.isolate = isolate
    return examples


def markdown_files() -> list[Path]:
    """The pages whose examples run: every Markdown file of docs/, and the README."""
    pages = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)
    return [*pages, ROOT / "README.md"]


def all_examples() -> list[Example]:
    return [example for path in markdown_files() for example in extract(path)]
