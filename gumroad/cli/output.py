"""
gumroad.cli.output
~~~~~~~~~~~~~~~~~~

Writing results: a table for a person at a terminal, JSON, JSON lines or CSV
for everything else.

The format is ``--table``/``--json``/``--jsonl``/``--csv`` when given; else
taken from the extension of ``-o FILE`` (``.csv``, ``.json``, ``.jsonl``);
else a table when stdout is a terminal; else JSON lines for lists and JSON for
single objects. Lists are written as they arrive, one item at a time, so an
export of any size runs in flat memory. ``-o FILE`` writes to a temporary
file beside FILE and renames it into place only when the command succeeds
(mode 0600: exports hold buyers' data).
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from .columns import csv_columns, table_columns
from .context import Context, UsageError

__all__ = ["FORMATS", "cell", "choose_format", "lookup", "open_sink", "write_list", "write_one"]

FORMATS = ("table", "json", "jsonl", "csv")
_EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: Rows read before the table's column widths are fixed.
TABLE_SAMPLE = 50
#: Widest table cell; longer values are cut with an ellipsis.
TABLE_CELL = 40


def isatty(stream: Any) -> bool:
    """``stream.isatty()``, false for anything that cannot say."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def choose_format(ctx: Context, *, is_list: bool) -> str:
    """The output format for this command (see the module docstring)."""
    explicit = ctx.option("format")
    if explicit:
        return str(explicit)
    path = ctx.option("output")
    if path and path != "-":
        by_extension = _EXTENSIONS.get(os.path.splitext(path)[1].lower())
        if by_extension:
            return by_extension
    elif isatty(ctx.stdout):
        return "table"
    return "jsonl" if is_list else "json"


def _columns(ctx: Context, kind: str, fmt: str) -> Sequence[str] | None:
    given = ctx.option("columns")
    if given:
        names = [c.strip() for c in str(given).split(",") if c.strip()]
        if not names:
            raise UsageError("--columns needs at least one column name")
        return names
    return table_columns(kind) if fmt == "table" else csv_columns(kind)


@contextlib.contextmanager
def open_sink(ctx: Context) -> Iterator[TextIO]:
    """stdout, or ``-o FILE`` written atomically (temporary file, then rename)."""
    path = ctx.option("output")
    if not path or path == "-":
        yield ctx.stdout
        ctx.stdout.flush()
        return
    target = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(target)
    if not os.path.isdir(directory):
        raise UsageError(f"-o {path}: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def lookup(obj: Any, column: str) -> Any:
    """``obj[column]``, following dots into nested objects; ``None`` when absent."""
    if isinstance(obj, Mapping) and column in obj:
        return obj[column]
    value = obj
    for part in column.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def cell(value: Any) -> str:
    """One value as text: empty for null, ``true``/``false``, nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _clip(text: str, width: int = TABLE_CELL) -> str:
    text = text.replace("\n", " ").replace("\t", " ")
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def write_list(ctx: Context, items: Iterable[Mapping[str, Any]], kind: str) -> int:
    """Write a list of objects in the chosen format; returns how many were written.

    The first item is fetched before the output is opened, so an error on the
    first page leaves no empty file and a ``--dry-run`` prints only the request.
    """
    fmt = choose_format(ctx, is_list=True)
    iterator = iter(items)
    first = list(itertools.islice(iterator, 1))
    stream = itertools.chain(first, iterator)
    columns = _columns(ctx, kind, fmt)
    count = 0
    with open_sink(ctx) as out:
        if fmt == "jsonl":
            for item in stream:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
                count += 1
        elif fmt == "json":
            out.write("[")
            for item in stream:
                out.write(("\n" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
                count += 1
            out.write("\n]\n" if count else "]\n")
        elif fmt == "csv":
            count = _write_csv(out, stream, columns or _keys(first))
        else:
            count = _write_table(out, stream, columns or _keys(first))
    if count == 0 and fmt == "table":
        ctx.note(f"no {kind}s")
    return count


def _keys(sample: list[Mapping[str, Any]]) -> list[str]:
    return list(sample[0].keys()) if sample else []


def _write_csv(out: TextIO, items: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for item in items:
        writer.writerow([cell(lookup(item, c)) for c in columns])
        count += 1
    return count


def _write_table(out: TextIO, items: Iterator[Mapping[str, Any]], columns: Sequence[str]) -> int:
    sample = [[_clip(cell(lookup(i, c))) for c in columns] for i in itertools.islice(items, TABLE_SAMPLE)]
    if not sample:
        return 0
    widths = [max([len(c)] + [len(row[k]) for row in sample]) for k, c in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        padded = [_clip(text, widths[k]).ljust(widths[k]) for k, text in enumerate(cells)]
        return "  ".join(padded).rstrip() + "\n"

    out.write(line([c.upper() for c in columns]))
    for row in sample:
        out.write(line(row))
    count = len(sample)
    for item in items:
        out.write(line([cell(lookup(item, c)) for c in columns]))
        count += 1
    return count


def write_one(ctx: Context, obj: Mapping[str, Any], kind: str) -> None:
    """Write one object: JSON, one JSON line, one CSV row, or ``key  value`` lines."""
    fmt = choose_format(ctx, is_list=False)
    with open_sink(ctx) as out:
        if fmt == "json":
            out.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")
        elif fmt == "jsonl":
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            _write_csv(out, [obj], _columns(ctx, kind, fmt) or list(obj.keys()))
        else:
            flat = _flatten(obj) if not ctx.option("columns") else None
            keys = list(flat) if flat is not None else list(_columns(ctx, kind, fmt) or [])
            width = max((len(k) for k in keys), default=0)
            for key in keys:
                value = flat[key] if flat is not None else lookup(obj, key)
                out.write(f"{key.ljust(width)}  {_clip(cell(value), 200)}".rstrip() + "\n")


def _flatten(obj: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects as dotted keys (``purchase.email``), for the key/value table."""
    flat: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(value, Mapping) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
