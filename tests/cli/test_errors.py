"""Exit codes 0/1/2/3 and one-line errors on stderr, never a traceback."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from gumroad.cli import main
from gumroad.resources.user import UserResource
from gumroad.testing import FakeGumroadServer

pytestmark = pytest.mark.integration


def _one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


def test_not_found_is_exit_1_with_request_id(cli: Any, logged_in: FakeGumroadServer) -> None:
    result = cli("sales", "get", "nope")
    assert result.code == 1 and result.out == ""
    line = _one_line(result.err)
    assert line.startswith("error: The sale was not found. (request id ")


def test_bad_page_key_is_exit_1(cli: Any, logged_in: FakeGumroadServer) -> None:
    result = cli("sales", "list", "--page-key", "garbage")
    assert result.code == 1
    assert _one_line(result.err).startswith("error: Invalid page_key.")


def test_server_error_is_exit_1(cli: Any, logged_in: FakeGumroadServer) -> None:
    logged_in.fake.faults.inject(502, count=1, route="/v2/products", method="PUT")
    pid = logged_in.fake.seller.live_products()[0].id
    result = cli("products", "enable", pid)
    assert result.code == 1
    assert "502" in _one_line(result.err) or "server error" in result.err


def test_missing_scope_is_exit_1_naming_the_scope(cli: Any, server: FakeGumroadServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", server.fake.issue_token(["view_profile"])["access_token"])
    result = cli("payouts", "list")
    assert result.code == 1
    assert "view_payouts" in _one_line(result.err)


def test_no_token_is_exit_3(cli: Any) -> None:
    result = cli("products", "list")
    assert result.code == 3
    assert _one_line(result.err) == (
        "error: not logged in: run `gumroad auth login` or set GUMROAD_ACCESS_TOKEN")


def test_refused_token_is_exit_3(cli: Any, server: FakeGumroadServer,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUMROAD_API_BASE_URL", server.api_url)
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", "revoked-or-wrong")
    result = cli("sales", "list")
    assert result.code == 3
    assert "gumroad auth login" in _one_line(result.err)
    assert "revoked-or-wrong" not in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ["nonsense"],
        ["sales"],
        ["sales", "list", "--limit", "zero"],
        ["sales", "list", "--all", "--limit", "3"],
        ["sales", "refund"],
        ["products", "list", "--bogus"],
        ["sales", "list", "--after", "2024-02-30"],
        ["sales", "list", "--order", "abc"],
        ["webhooks", "list", "not-an-event"],
    ],
)
def test_usage_errors_are_exit_2(cli: Any, logged_in: FakeGumroadServer, argv: list[str]) -> None:
    before = len(logged_in.fake.requests)
    result = cli(*argv)
    assert result.code == 2, result
    assert _one_line(result.err).startswith("error: ")
    assert len(logged_in.fake.requests) == before


def test_no_command_prints_help_exit_2(cli: Any) -> None:
    result = cli()
    assert result.code == 2 and "usage: gumroad" in result.err


def test_help_and_version_exit_0(cli: Any) -> None:
    assert cli("--help").code == 0
    version = cli("--version")
    assert version.code == 0 and version.out.startswith("gumroad ")


def test_plain_http_to_a_remote_host_is_refused(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUMROAD_API_BASE_URL", "http://api.example.com/v2")
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", "abc")
    result = cli("whoami")
    assert result.code == 2 and "plain http" in _one_line(result.err)


def test_connection_refused_is_exit_1(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("GUMROAD_API_BASE_URL", f"http://127.0.0.1:{port}/v2")
    monkeypatch.setenv("GUMROAD_ACCESS_TOKEN", "abc")
    result = cli("products", "enable", "x")  # PUT: connect errors are retried, then reported
    assert result.code == 1
    assert _one_line(result.err).startswith("error: PUT /v2/products/x/enable:")
    assert "abc" not in result.err


def test_unexpected_exception_is_one_line(cli: Any, logged_in: FakeGumroadServer,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(UserResource, "get", broken)
    result = cli("whoami")
    assert result.code == 1
    assert _one_line(result.err).startswith("error: unexpected RuntimeError: boom")
    monkeypatch.setenv("GUMROAD_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["whoami"])


def test_ctrl_c_is_exit_130(cli: Any, logged_in: FakeGumroadServer,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(UserResource, "get", interrupted)
    result = cli("whoami")
    assert result.code == 130 and "Traceback" not in result.err
