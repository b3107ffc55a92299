"""Every command against the fake Gumroad over loopback HTTP, in each output format."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from gumroad.cli.columns import COLUMNS
from gumroad.testing import FakeGumroadServer

pytestmark = pytest.mark.integration


def _ids(server: FakeGumroadServer) -> dict[str, Any]:
    seller = server.fake.seller
    products = seller.live_products()
    licensed = next(s for s in (seller.sale(i) for i in range(40)) if s.get("license_key"))
    membership = next(p for p in products if p.subscription_duration)
    return {"product": products[0].id, "products": [p.id for p in products],
            "sale": seller.sale(0)["id"], "licensed": licensed, "membership": membership.id,
            "payout": seller.payouts[0].id}


def _jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_whoami_json_when_piped(cli: Any, logged_in: FakeGumroadServer) -> None:
    result = cli("whoami")
    assert result.code == 0, result.err
    user = json.loads(result.out)
    assert user["name"] == logged_in.fake.seller.name
    assert result.err == ""


def test_whoami_table_and_csv(cli: Any, logged_in: FakeGumroadServer) -> None:
    table = cli("whoami", "--table")
    assert table.code == 0
    assert any(line.split()[:1] == ["email"] for line in table.out.splitlines())
    rows = _csv(cli("--csv", "whoami").out)
    assert list(rows[0]) == list(COLUMNS["user"][0])
    assert rows[0]["email"] == logged_in.fake.seller.email


def test_products_list_formats(cli: Any, logged_in: FakeGumroadServer) -> None:
    ids = _ids(logged_in)
    lines = _jsonl(cli("products", "list").out)
    assert [p["id"] for p in lines] == ids["products"]
    as_json = json.loads(cli("products", "list", "--json").out)
    assert as_json == lines
    rows = _csv(cli("products", "list", "--csv").out)
    assert list(rows[0]) == list(COLUMNS["product"][0])
    assert [r["id"] for r in rows] == ids["products"]
    assert rows[0]["published"] in ("true", "false")
    table = cli("products", "list", "--table").out.splitlines()
    assert table[0].split() == [c.upper() for c in COLUMNS["product"][1]]
    assert len(table) == 1 + len(ids["products"])


def test_products_get_enable_disable_delete(cli: Any, logged_in: FakeGumroadServer) -> None:
    pid = _ids(logged_in)["product"]
    assert json.loads(cli("products", "get", pid).out)["id"] == pid
    assert json.loads(cli("products", "disable", pid, "--yes").out)["published"] is False
    assert json.loads(cli("products", "enable", pid).out)["published"] is True
    deleted = cli("products", "delete", pid, "-y")
    assert deleted.code == 0 and json.loads(deleted.out)["success"] is True
    gone = cli("products", "get", pid)
    assert gone.code == 1
    assert gone.err.startswith("error: The product was not found.")
    assert gone.out == ""


def test_sales_list_first_page_limit_and_all(cli: Any, logged_in: FakeGumroadServer) -> None:
    first = _jsonl(cli("sales", "list").out)
    assert len(first) == 10
    assert len(_jsonl(cli("sales", "list", "--limit", "23").out)) == 23
    everything = _jsonl(cli("sales", "list", "--all").out)
    assert len(everything) == 45 and len({s["id"] for s in everything}) == 45
    assert everything[:10] == first


def test_sales_list_resumes_from_page_key(cli: Any, logged_in: FakeGumroadServer) -> None:
    seller = logged_in.fake.seller
    pages = list(_client(logged_in).sales.list().pages())
    key = pages[0].next_page_key
    resumed = _jsonl(cli("sales", "list", "--page-key", key).out)
    assert [s["id"] for s in resumed] == [s["id"] for s in pages[1].items]
    assert seller is not None


def test_sales_list_filters_and_csv(cli: Any, logged_in: FakeGumroadServer) -> None:
    ids = _ids(logged_in)
    email = ids["licensed"]["email"]
    rows = _csv(cli("sales", "list", "--all", "--email", email, "--csv").out)
    assert rows and all(r["email"] == email for r in rows)
    assert list(rows[0]) == list(COLUMNS["sale"][0])
    by_product = _jsonl(cli("sales", "list", "--all", "--product", ids["product"]).out)
    assert by_product and {s["product_id"] for s in by_product} == {ids["product"]}
    custom = _csv(cli("sales", "list", "--columns", "id,card.visual,variants", "--csv").out)
    assert list(custom[0]) == ["id", "card.visual", "variants"]
    assert custom[0]["card.visual"].startswith("****")
    assert custom[0]["variants"].startswith("{")  # nested values are compact JSON


def test_sales_get_ship_refund_resend(cli: Any, logged_in: FakeGumroadServer) -> None:
    sale_id = _ids(logged_in)["sale"]
    assert json.loads(cli("sales", "get", sale_id).out)["id"] == sale_id
    shipped = cli("sales", "ship", sale_id, "--tracking-url", "https://track.example/1")
    assert shipped.code == 0, shipped.err
    assert json.loads(shipped.out)["tracking_url"] == "https://track.example/1"
    resent = cli("sales", "resend-receipt", sale_id)
    assert resent.code == 0 and json.loads(resent.out) == {"success": True, "id": sale_id}
    refunded = cli("sales", "refund", sale_id, "--yes")
    assert refunded.code == 0, refunded.err
    assert json.loads(refunded.out)["refunded"] is True
    again = cli("sales", "refund", sale_id, "--yes")
    assert again.code == 1 and "already refunded" in again.err
    assert again.err.count("\n") == 1 and "request id" in again.err


def test_subscribers(cli: Any, logged_in: FakeGumroadServer) -> None:
    membership = _ids(logged_in)["membership"]
    subs = _jsonl(cli("subscribers", "list", membership, "--all").out)
    assert subs and {s["product_id"] for s in subs} == {membership}
    one = json.loads(cli("subscribers", "get", subs[0]["id"]).out)
    assert one["id"] == subs[0]["id"]
    rows = _csv(cli("subscribers", "list", membership, "--csv", "--limit", "2").out)
    assert len(rows) == 2 and list(rows[0]) == list(COLUMNS["subscriber"][0])


def test_licenses_lifecycle(cli: Any, logged_in: FakeGumroadServer) -> None:
    sale = _ids(logged_in)["licensed"]
    pid, key = sale["product_id"], sale["license_key"]
    verified = json.loads(cli("licenses", "verify", pid, key).out)
    uses = verified["uses"]
    assert verified["success"] is True and uses == sale.get("license_uses", 0) + 1
    assert json.loads(cli("licenses", "verify", pid, key, "--no-increment").out)["uses"] == uses
    assert json.loads(cli("licenses", "decrement", pid, key).out)["uses"] == uses - 1
    assert cli("licenses", "disable", pid, key, "--yes").code == 0
    refused = cli("licenses", "verify", pid, key)
    assert refused.code == 1 and refused.err.startswith("error: ")
    assert cli("licenses", "enable", pid, key).code == 0
    rotated = json.loads(cli("licenses", "rotate", pid, key, "--yes").out)
    assert rotated["purchase"]["license_key"] != key
    rows = _csv(cli("licenses", "verify", pid, rotated["purchase"]["license_key"], "--csv").out)
    assert list(rows[0]) == list(COLUMNS["license"][0])
    assert rows[0]["purchase.email"] == sale["email"]


def test_license_verify_needs_no_login(cli: Any, server: FakeGumroadServer,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    sale = _ids(server)["licensed"]
    result = cli("licenses", "verify", sale["product_id"], sale["license_key"])
    assert result.code == 0, result.err
    assert json.loads(result.out)["purchase"]["email"] == sale["email"]
    assert cli("whoami").code == 3


def test_payouts(cli: Any, logged_in: FakeGumroadServer) -> None:
    listed = _jsonl(cli("payouts", "list").out)
    assert listed[0]["id"] is None  # the upcoming payout leads the first page
    real = _jsonl(cli("payouts", "list", "--no-upcoming", "--all").out)
    assert len(real) == len(logged_in.fake.seller.payouts)
    payout_id = real[0]["id"]
    one = json.loads(cli("payouts", "get", payout_id, "--include-sales").out)
    assert one["id"] == payout_id
    table = cli("payouts", "list", "--table", "--limit", "3").out.splitlines()
    assert table[0].split()[:3] == ["ID", "CREATED_AT", "AMOUNT"] and len(table) == 4


def test_webhooks(cli: Any, logged_in: FakeGumroadServer) -> None:
    assert cli("webhooks", "list").out == ""
    made = cli("webhooks", "create", "sale", "https://example.com/ping")
    assert made.code == 0, made.err
    hook = json.loads(made.out)
    assert hook["post_url"] == "https://example.com/ping"
    cli("webhooks", "create", "refund", "https://example.com/refunds")
    every = _jsonl(cli("webhooks", "list").out)
    assert {h["resource_name"] for h in every} == {"sale", "refund"}
    only = _csv(cli("webhooks", "list", "sale", "--csv").out)
    assert [r["id"] for r in only] == [hook["id"]] and list(only[0]) == ["id", "resource_name", "post_url"]
    assert cli("webhooks", "delete", hook["id"], "--yes").code == 0
    assert [h["resource_name"] for h in _jsonl(cli("webhooks", "list").out)] == ["refund"]
    assert cli("webhooks", "create", "nonsense", "https://example.com").code == 2


def test_api_command(cli: Any, logged_in: FakeGumroadServer) -> None:
    sale = _ids(logged_in)["licensed"]
    got = cli("api", "GET", "sales", "-f", f"email={sale['email']}")
    assert got.code == 0
    body = json.loads(got.out)
    assert body["success"] is True and all(s["email"] == sale["email"] for s in body["sales"])
    one_line = cli("api", "GET", "/v2/user", "--jsonl").out
    assert one_line.count("\n") == 1 and json.loads(one_line)["user"]["name"]
    made = cli("api", "PUT", "resource_subscriptions", "-f", "resource_name=sale",
               "-f", "post_url=https://example.com/x")
    assert json.loads(made.out)["resource_subscription"]["post_url"] == "https://example.com/x"
    missing = cli("api", "GET", "sales/nope")
    assert missing.code == 1 and "not found" in missing.err
    assert cli("api", "GET", "user", "-f", "novalue").code == 2
    assert cli("api", "FETCH", "user").code == 2
    assert cli("api", "GET", "https://evil.example/v2/user").code == 2


def test_output_file_by_extension(cli: Any, logged_in: FakeGumroadServer, tmp_path: Any) -> None:
    target = tmp_path / "products.csv"
    result = cli("products", "list", "-o", str(target))
    assert result.code == 0 and result.out == ""
    assert list(_csv(target.read_text())[0]) == list(COLUMNS["product"][0])
    as_json = tmp_path / "me.json"
    assert cli("whoami", "-o", str(as_json)).code == 0
    assert json.loads(as_json.read_text())["name"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_failed_export_leaves_no_file(cli: Any, logged_in: FakeGumroadServer, tmp_path: Any) -> None:
    logged_in.fake.faults.inject(404, count=None, route="/v2/sales")
    target = tmp_path / "sales.csv"
    result = cli("sales", "list", "--all", "-o", str(target))
    assert result.code == 1
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def _client(server: FakeGumroadServer) -> Any:
    from gumroad import GumroadClient

    return GumroadClient(token=server.fake.issue_token(), base_url=server.api_url)
