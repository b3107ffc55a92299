"""
gumroad.cli.main
~~~~~~~~~~~~~~~~

The ``gumroad`` command: builds the argument parser, runs one command, and
turns every failure into one line on stderr and an exit code:

====  ==========================================================
0     success (also ``--dry-run`` and ``--help``)
1     the API or the network said no (``error: <message> (request id X)``),
      or a confirmation was declined
2     usage error: bad option, bad argument, confirmation needed but
      stdin is not a terminal
3     needs login: no token, token refused (401), refresh impossible,
      or a token file others can read
130   interrupted (Ctrl-C)
====  ==========================================================
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from ..__version__ import __version__
from .._redact import redact
from ..errors import (
    AuthenticationError,
    ConfigurationError,
    GumroadClientError,
    PermissionDeniedError,
)
from . import api, auth, catalog, money, sandbox
from .context import (
    EXIT_API,
    EXIT_INTERRUPTED,
    EXIT_LOGIN,
    EXIT_OK,
    EXIT_USAGE,
    Aborted,
    Context,
    DryRunDone,
    NeedsLogin,
    UsageError,
)
from .options import make_parents

__all__ = ["build_parser", "main"]

_EPILOG = """\
environment:
  GUMROAD_ACCESS_TOKEN    a token to use instead of the saved login
  GUMROAD_API_BASE_URL    another API server (e.g. the sandbox's .../v2)
  GUMROAD_OAUTH_BASE_URL  another OAuth host
  GUMROAD_CLIENT_ID       your OAuth app's id, for `auth login`

Output is a table on a terminal; piped, lists are JSON lines and single objects
JSON. Exit codes: 0 ok, 1 API error, 2 usage error, 3 needs login.
Start with `gumroad demo` (no account needed) or `gumroad auth login`.
"""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full ``gumroad`` parser."""
    parents = make_parents()
    parser = _Parser(
        prog="gumroad",
        description="The Gumroad API from the command line.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[parents.output, parents.send, parents.confirm],
    )
    parser.add_argument("--version", action="version", version=f"gumroad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    auth.register(sub, parents)
    catalog.register(sub, parents)
    money.register(sub, parents)
    api.register(sub, parents)
    sandbox.register(sub, parents)
    return parser


def _fail(stream: TextIO, message: str, code: int) -> int:
    stream.write(f"error: {redact(message)}\n")
    stream.flush()
    return code


def _api_message(exc: GumroadClientError) -> str:
    text = exc.message or type(exc).__name__
    if exc.request_id:
        text += f" (request id {exc.request_id})"
    return text


def run(ctx: Context) -> int:
    """Run the parsed command in *ctx*, mapping every failure to an exit code."""
    err = ctx.stderr
    try:
        code: int = ctx.args.handler(ctx)
        return code
    except DryRunDone:
        ctx.note("dry run: nothing was sent")
        return EXIT_OK
    except UsageError as exc:
        return _fail(err, str(exc), EXIT_USAGE)
    except NeedsLogin as exc:
        return _fail(err, str(exc), EXIT_LOGIN)
    except Aborted as exc:
        return _fail(err, str(exc), EXIT_API)
    except AuthenticationError as exc:  # 401 and ReauthorizationRequired
        return _fail(err, _api_message(exc) + "; run `gumroad auth login`", EXIT_LOGIN)
    except PermissionDeniedError as exc:
        return _fail(err, _api_message(exc), EXIT_API)
    except ConfigurationError as exc:
        return _fail(err, _api_message(exc), EXIT_USAGE)
    except GumroadClientError as exc:
        return _fail(err, _api_message(exc), EXIT_API)
    except (ValueError, TypeError) as exc:  # the SDK refused an argument before sending
        return _fail(err, str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        err.write("\ninterrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        return _fail(err, f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""),
                     EXIT_API)
    except Exception as exc:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("GUMROAD_DEBUG"):
            raise
        return _fail(err, f"unexpected {type(exc).__name__}: {exc} "
                          "(set GUMROAD_DEBUG=1 to see the traceback)", EXIT_API)
    finally:
        ctx.close()


def _silence_stdout() -> None:
    """After the reader of a pipe went away (``| head``), let the exit flush go nowhere."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gumroad`` with *argv* (default: ``sys.argv[1:]``); return the exit code.

    Usage::

        from gumroad.cli import main
        code = main(["sales", "list", "--all", "--csv", "-o", "sales.csv"])
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    ctx = Context(args, sys.stdout, sys.stderr, sys.stdin)
    return run(ctx)
