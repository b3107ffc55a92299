"""
gumroad.cli.sandbox
~~~~~~~~~~~~~~~~~~~

``gumroad sandbox``: serve the fake Gumroad (:mod:`gumroad.testing`) with
seeded data on ``127.0.0.1`` until Ctrl-C or SIGTERM, and print the environment that
points the CLI, or any program using the SDK, at it. ``--sales 100000`` makes
a big account (sales are generated lazily, so it starts at once).

``gumroad demo`` (see :mod:`gumroad.cli.demo`) is registered here too: both
import :mod:`gumroad.testing` only when they run.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .context import Context, UsageError
from .listing import positive_int
from .options import Parents, Subparsers

if TYPE_CHECKING:
    from ..testing import FakeGumroadServer

__all__ = ["export_lines", "register", "sandbox", "start_sandbox"]


def start_sandbox(*, port: int = 0, sales: int = 250, seed: int = 0,
                  auto_approve: bool = False,
                  redirect_uris: Sequence[str] = ()) -> FakeGumroadServer:
    """Start a fake Gumroad on ``127.0.0.1`` and return the running server.

    *redirect_uris* are added to the sandbox app's callbacks, so a local web app
    (``http://127.0.0.1:5000/gumroad/callback``) can do the OAuth dance with it.
    """
    from ..testing import FakeGumroadServer

    for uri in redirect_uris:
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"--redirect-uri must be an absolute http(s) URL, got {uri!r}")
    server = FakeGumroadServer(port=port, sales=sales, seed=seed)
    server.fake.auto_approve = auto_approve
    server.fake.default_app.redirect_uris.extend(redirect_uris)
    try:
        return server.start()
    except OSError as exc:
        raise UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc


def export_lines(server: FakeGumroadServer, access_token: str) -> list[str]:
    """The ``export`` lines that point the CLI and the SDK at *server*."""
    return [
        f"export GUMROAD_API_BASE_URL={server.api_url}",
        f"export GUMROAD_OAUTH_BASE_URL={server.url}",
        f"export GUMROAD_ACCESS_TOKEN={access_token}",
        f"export GUMROAD_CLIENT_ID={server.fake.default_app.client_id}",
    ]


def _stop_on_sigterm() -> Callable[[], None]:
    """Treat SIGTERM (``kill``, ``kill %1``) like Ctrl-C; returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore


def sandbox(ctx: Context) -> int:
    """Serve until Ctrl-C, SIGTERM (or ``--seconds``); the output is valid shell."""
    args = ctx.args
    server = start_sandbox(port=args.port, sales=args.sales, seed=args.seed,
                           auto_approve=args.auto_approve, redirect_uris=args.redirect_uri or ())
    restore = _stop_on_sigterm()
    try:
        token = server.fake.issue_token()
        out = ctx.stdout
        out.write(f"# Gumroad sandbox at {server.url} ({server.fake.seller.name}, "
                  f"{args.sales:,} sales); Ctrl-C stops it. Paste into another shell:\n")
        for line in export_lines(server, token["access_token"]):
            out.write(line + "\n")
        app = server.fake.default_app
        out.write(f"# OAuth app: client secret {app.client_secret}; "
                  f"redirect URIs {' '.join(app.redirect_uris)}\n")
        out.write("# then try: gumroad whoami; gumroad sales list --all --csv -o sales.csv\n")
        out.flush()
        stop = threading.Event()
        waited = 0.0
        while not stop.wait(0.25):
            waited += 0.25
            if args.seconds is not None and waited >= args.seconds:
                break
    except KeyboardInterrupt:
        pass
    finally:
        restore()
        server.stop()
    ctx.note("sandbox stopped")
    return 0


def _demo(ctx: Context) -> int:
    from .demo import demo

    return demo(ctx)


def register(sub: Subparsers, parents: Parents) -> None:
    """Add ``sandbox`` and ``demo`` to the top-level subparsers *sub*."""
    p = sub.add_parser("sandbox", help="serve a fake Gumroad with seeded data on 127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    p.add_argument("--sales", type=positive_int, default=250, metavar="N",
                   help="sales of the seeded seller (default 250; 100000 is fine)")
    p.add_argument("--seed", type=int, default=0, help="seed of the generated data")
    p.add_argument("--auto-approve", action="store_true",
                   help="approve OAuth logins without showing the consent page")
    p.add_argument("--redirect-uri", action="append", metavar="URI",
                   help="also accept this OAuth callback (repeatable), e.g. a local web app's")
    p.add_argument("--seconds", type=float, default=None, help=argparse.SUPPRESS)
    p.set_defaults(handler=sandbox)

    p = sub.add_parser("demo", help="a guided tour against a built-in sandbox (no account)")
    p.add_argument("--sales", type=positive_int, default=120, metavar="N",
                   help="sales of the sandbox seller (default 120)")
    p.set_defaults(handler=_demo)
