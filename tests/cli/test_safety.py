"""Confirmations before refund/delete/disable/rotate, and --dry-run sending nothing."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import pytest

from gumroad.testing import FakeGumroadServer

from .conftest import TTYInput

pytestmark = pytest.mark.integration


def _sale(server: FakeGumroadServer) -> str:
    return str(server.fake.seller.sale(0)["id"])


def _licensed(server: FakeGumroadServer) -> dict[str, Any]:
    seller = server.fake.seller
    return next(s for s in (seller.sale(i) for i in range(40)) if s.get("license_key"))


def _writes(server: FakeGumroadServer) -> int:
    return sum(server.fake.count(m) for m in ("PUT", "POST", "DELETE"))


@pytest.mark.parametrize(
    "argv",
    [
        ["sales", "refund", "{sale}"],
        ["products", "delete", "{product}"],
        ["products", "disable", "{product}"],
        ["licenses", "disable", "{pid}", "{key}"],
        ["licenses", "rotate", "{pid}", "{key}"],
        ["webhooks", "delete", "someid"],
    ],
)
def test_refuses_without_a_terminal_or_yes(cli: Any, logged_in: FakeGumroadServer,
                                           argv: list[str]) -> None:
    lic = _licensed(logged_in)
    values = {"sale": _sale(logged_in), "product": logged_in.fake.seller.live_products()[0].id,
              "pid": lic["product_id"], "key": lic["license_key"]}
    before = len(logged_in.fake.requests)
    result = cli(*[a.format(**values) for a in argv])
    assert result.code == 2
    assert "--yes" in result.err and result.err.startswith("error: ")
    assert len(logged_in.fake.requests) == before  # nothing at all was sent


def test_prompt_yes_goes_ahead(cli: Any, logged_in: FakeGumroadServer,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", TTYInput("y\n"))
    result = cli("sales", "refund", _sale(logged_in), "--amount-cents", "100")
    assert result.code == 0, result.err
    assert "Refund sale" in result.err and "[y/N]" in result.err
    assert json.loads(result.out)["partially_refunded"] is True


@pytest.mark.parametrize("answer", ["n\n", "\n", "whatever\n", ""])
def test_prompt_anything_else_aborts(cli: Any, logged_in: FakeGumroadServer,
                                     monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    monkeypatch.setattr(sys, "stdin", TTYInput(answer))
    writes = _writes(logged_in)
    result = cli("products", "delete", logged_in.fake.seller.live_products()[0].id)
    assert result.code == 1
    assert "aborted" in result.err
    assert _writes(logged_in) == writes


def test_yes_skips_the_prompt(cli: Any, logged_in: FakeGumroadServer,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", TTYInput(""))  # would abort if asked
    result = cli("--yes", "sales", "refund", _sale(logged_in))
    assert result.code == 0, result.err
    assert "[y/N]" not in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ["sales", "refund", "{sale}", "--amount-cents", "250"],
        ["products", "delete", "{product}"],
        ["licenses", "rotate", "{pid}", "{key}"],
        ["sales", "list", "--all", "--csv"],
        ["api", "POST", "sales/{sale}/resend_receipt"],
        ["webhooks", "create", "sale", "https://example.com/hook"],
    ],
)
def test_dry_run_sends_nothing(cli: Any, logged_in: FakeGumroadServer, argv: list[str]) -> None:
    lic = _licensed(logged_in)
    values = {"sale": _sale(logged_in), "product": logged_in.fake.seller.live_products()[0].id,
              "pid": lic["product_id"], "key": lic["license_key"]}
    before = len(logged_in.fake.requests)
    result = cli(*[a.format(**values) for a in argv], "--dry-run")
    assert result.code == 0, result.err
    assert len(logged_in.fake.requests) == before
    first = result.out.splitlines()[0]
    method, url = first.split(" ", 1)
    assert method in ("GET", "PUT", "POST", "DELETE")
    assert url.startswith(logged_in.api_url + "/")
    assert "query: access_token=***" in result.out
    assert os.environ["GUMROAD_ACCESS_TOKEN"] not in result.out + result.err
    assert "dry run: nothing was sent" in result.err


def test_dry_run_shows_the_form(cli: Any, logged_in: FakeGumroadServer) -> None:
    sale = _sale(logged_in)
    out = cli("sales", "refund", sale, "--amount-cents", "250", "--dry-run").out.splitlines()
    assert out[0] == f"PUT {logged_in.api_url}/sales/{sale.replace('=', '%3D')}/refund"
    assert out[1] == "  query: access_token=***"
    assert out[2] == "  form:  amount_cents=250"


def test_dry_run_needs_no_login(cli: Any, server: FakeGumroadServer,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    result = cli("--dry-run", "products", "delete", "abc")
    assert result.code == 0
    assert result.out.splitlines()[0] == f"DELETE {server.api_url}/products/abc"
    assert len(server.fake.requests) == 0


def test_dry_run_default_server(cli: Any) -> None:
    result = cli("sales", "list", "--dry-run", "--after", "2024-01-01")
    assert result.code == 0
    assert result.out.splitlines()[0] == "GET https://api.gumroad.com/v2/sales"
    assert "after=2024-01-01" in result.out
