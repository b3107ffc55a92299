"""The output writers on their own: format choice, cells, tables, CSV, JSON, files."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

import pytest

from gumroad.cli.context import Context, UsageError
from gumroad.cli.output import TABLE_CELL, cell, choose_format, lookup, write_list, write_one

from .conftest import TTYOutput


def _ctx(stdout: io.StringIO | None = None, **options: Any) -> Context:
    return Context(argparse.Namespace(**options), stdout or io.StringIO(), io.StringIO(), io.StringIO())


@pytest.mark.parametrize(
    ("options", "tty", "is_list", "expected"),
    [
        ({}, False, True, "jsonl"),
        ({}, False, False, "json"),
        ({}, True, True, "table"),
        ({}, True, False, "table"),
        ({"format": "csv"}, True, True, "csv"),
        ({"output": "x.csv"}, True, True, "csv"),
        ({"output": "x.JSON"}, False, True, "json"),
        ({"output": "x.ndjson"}, False, False, "jsonl"),
        ({"output": "x.txt"}, True, True, "jsonl"),
        ({"output": "x.csv", "format": "json"}, False, True, "json"),
        ({"output": "-"}, True, True, "table"),
    ],
)
def test_choose_format(options: dict[str, Any], tty: bool, is_list: bool, expected: str) -> None:
    ctx = _ctx(TTYOutput() if tty else io.StringIO(), **options)
    assert choose_format(ctx, is_list=is_list) == expected


def test_cells_and_lookup() -> None:
    assert [cell(None), cell(True), cell(False), cell(0), cell("a,b")] == ["", "true", "false", "0", "a,b"]
    assert cell({"Size": "L", "n": [1, 2]}) == '{"Size":"L","n":[1,2]}'
    assert cell("\u00e9") == "\u00e9"
    obj = {"a": {"b": {"c": 1}}, "x.y": 2}
    assert lookup(obj, "a.b.c") == 1 and lookup(obj, "x.y") == 2
    assert lookup(obj, "a.z") is None and lookup(obj, "missing") is None


def test_csv_fixed_columns_missing_keys_and_nested_json() -> None:
    out = io.StringIO()
    items = [{"id": "1", "email": "a@x", "variants": {"Size": "L"}, "extra": "dropped"}, {"id": "2"}]
    assert write_list(_ctx(out, format="csv", columns="id,email,variants"), items, "sale") == 2
    assert out.getvalue() == 'id,email,variants\n1,a@x,"{""Size"":""L""}"\n2,,\n'


def test_empty_lists() -> None:
    for fmt, expected in (("json", "[]\n"), ("jsonl", ""), ("csv", "id,resource_name,post_url\n")):
        out = io.StringIO()
        assert write_list(_ctx(out, format=fmt), [], "webhook") == 0
        assert out.getvalue() == expected
    ctx = _ctx(TTYOutput())
    write_list(ctx, [], "webhook")
    assert ctx.stdout.getvalue() == "" and "no webhooks" in ctx.stderr.getvalue()  # type: ignore[attr-defined]


def test_json_array_streams_valid_json() -> None:
    out = io.StringIO()
    write_list(_ctx(out, format="json"), ({"n": i} for i in range(3)), "thing")
    assert json.loads(out.getvalue()) == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert out.getvalue().count("\n") == 5  # one item per line


def test_table_clips_long_cells_and_keeps_widths_past_the_sample() -> None:
    out = io.StringIO()
    rows = [{"id": str(i), "name": "n" * (5 if i < 60 else 80)} for i in range(70)]
    write_list(_ctx(out, format="table", columns="id,name"), rows, "thing")
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["ID", "NAME"] and len(lines) == 71
    assert max(len(line) for line in lines) <= 2 + 2 + TABLE_CELL
    assert lines[-1].endswith("\u2026")


def test_single_object_table_flattens_nested_objects() -> None:
    out = io.StringIO()
    write_one(_ctx(out, format="table"), {"uses": 3, "purchase": {"email": "a@x", "card": {"type": "visa"}}},
              "license")
    assert out.getvalue().splitlines() == [
        "uses                3",
        "purchase.email      a@x",
        "purchase.card.type  visa",
    ]


def test_single_object_csv_and_jsonl() -> None:
    out = io.StringIO()
    write_one(_ctx(out, format="csv"), {"id": "1", "name": "N", "email": "e"}, "user")
    assert out.getvalue().splitlines()[1].startswith("1,,N,,e,")
    out = io.StringIO()
    write_one(_ctx(out, format="jsonl"), {"a": 1}, "user")
    assert out.getvalue() == '{"a": 1}\n'


def test_output_file_is_atomic_and_private(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")

    def failing() -> Any:
        yield {"n": 1}
        raise RuntimeError("page 2 failed")

    with pytest.raises(RuntimeError):
        write_list(_ctx(output=str(target)), failing(), "thing")
    assert target.read_text() == "old\n"  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    write_list(_ctx(output=str(target)), [{"n": 1}], "thing")
    assert target.read_text() == '{"n": 1}\n'
    assert target.stat().st_mode & 0o777 == 0o600


def test_output_into_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_one(_ctx(output=str(tmp_path / "nope" / "x.json")), {"a": 1}, "user")


def test_empty_columns_option_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        write_list(_ctx(format="csv", columns=" , "), [{"a": 1}], "thing")
