"""`sales list --all --csv -o FILE` streams every sale exactly once, in flat memory."""

from __future__ import annotations

import csv
import gc
import json
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gumroad.cli import main
from gumroad.cli.columns import COLUMNS
from gumroad.testing import FakeGumroadServer

from .conftest import TTYOutput, clean_env

pytestmark = pytest.mark.integration


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGumroadServer]:
    with FakeGumroadServer(sales=2000, seed=7) as server:
        monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
        monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", server.fake.issue_token()["access_token"])
        yield server


def test_every_sale_exactly_once(cli: Any, big: FakeGumroadServer, tmp_path: Path) -> None:
    target = tmp_path / "sales.csv"
    result = cli("sales", "list", "--all", "--csv", "-o", str(target))
    assert result.code == 0, result.err
    assert result.out == "" and result.err == ""  # piped: no progress, no notes
    with target.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        ids = [row[0] for row in reader]
    assert header == list(COLUMNS["sale"][0])
    assert len(ids) == 2000 and len(set(ids)) == 2000
    expected = {big.fake.seller.sale(i)["id"] for i in range(2000)}
    assert set(ids) == expected
    assert big.fake.count("GET", "/v2/sales") == 200  # each page fetched once


def test_jsonl_stream_matches_csv(cli: Any, big: FakeGumroadServer) -> None:
    lines = cli("sales", "list", "--limit", "35", "--jsonl").out.splitlines()
    assert len(lines) == 35
    assert big.fake.count("GET", "/v2/sales") == 4  # stops after the page that holds #35
    assert [json.loads(x)["id"] for x in lines] == [big.fake.seller.sale(i)["id"] for i in range(35)]


def test_progress_only_on_a_terminal(cli: Any, big: FakeGumroadServer,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    piped = cli("sales", "list", "--limit", "40")
    assert piped.err == ""
    terminal = TTYOutput()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["sales", "list", "--limit", "40", "--jsonl"]) == 0
    shown = terminal.getvalue()
    assert "\rsales: " in shown and "fetched" in shown and "\r\033[K" in shown
    terminal.seek(0)
    terminal.truncate()
    assert main(["sales", "list", "--jsonl"]) == 0  # one page: no progress, a hint instead
    assert "fetched" not in terminal.getvalue()
    assert "more sales: use --all" in terminal.getvalue()


def test_memory_stays_flat(tmp_path: Path) -> None:
    """Peak Python memory of the CLI for 300 pages is about that of 10 pages.

    The fake runs in another process (the ``sandbox`` command), so only the
    CLI's own allocations are traced. For 100k sales (10k pages) the same
    holds; that run takes a minute or two, so it is described in docs/cli.md
    rather than run here.
    """
    env = clean_env(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "gumroad", "sandbox", "--sales", "3000",
                             "--seconds", "120"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(5)]
        exports = dict(line[len("export "):].strip().split("=", 1)
                       for line in lines if line.startswith("export "))
        with pytest.MonkeyPatch.context() as mp:
            for name, value in exports.items():
                mp.setenv(name, value)
            peaks = {}
            for label, extra in (("small", ["--limit", "100"]), ("all", ["--all"])):
                target = tmp_path / f"{label}.csv"
                gc.collect()
                tracemalloc.start()
                code = main(["sales", "list", "--csv", "-o", str(target), *extra])
                peaks[label] = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                assert code == 0
        rows = sum(1 for _ in (tmp_path / "all.csv").open(encoding="utf-8")) - 1
        assert rows == 3000
        assert peaks["all"] < peaks["small"] * 1.5 + 512 * 1024, peaks
    finally:
        proc.send_signal(2)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def test_no_progress_line_between_table_rows(big: FakeGumroadServer,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = TTYOutput()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["sales", "list", "--limit", "40"]) == 0
    lines = terminal.getvalue().splitlines()
    assert "\r" not in terminal.getvalue()
    assert len(lines) == 42 and lines[0].startswith("ID ")  # header, 40 rows, the hint
    assert lines[-1].startswith("more sales:")
