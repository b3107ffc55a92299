"""
gumroad.cli.options
~~~~~~~~~~~~~~~~~~~

Options shared by many commands, as argparse "parent" parsers, so that
``gumroad --json sales list`` and ``gumroad sales list --json`` both work.

Every shared option defaults to ``argparse.SUPPRESS``: a value given before
the command is not overwritten by the command's own default. Read them with
:meth:`~gumroad.cli.context.Context.option`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, NamedTuple

__all__ = ["Parents", "Subparsers", "make_parents"]

# What ``add_subparsers()`` returns; each command module's ``register`` takes one.
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Any]
else:  # generic only to type checkers
    Subparsers = argparse._SubParsersAction


class Parents(NamedTuple):
    """The parent parsers a command can inherit from."""

    output: argparse.ArgumentParser
    send: argparse.ArgumentParser
    confirm: argparse.ArgumentParser


def _output() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("output")
    sup = argparse.SUPPRESS
    group.add_argument("--json", dest="format", action="store_const", const="json", default=sup,
                       help="JSON (an array for lists)")
    group.add_argument("--jsonl", dest="format", action="store_const", const="jsonl", default=sup,
                       help="JSON lines, one object per line")
    group.add_argument("--csv", dest="format", action="store_const", const="csv", default=sup,
                       help="CSV with a fixed header (see docs/cli.md)")
    group.add_argument("--table", dest="format", action="store_const", const="table", default=sup,
                       help="a table (the default on a terminal)")
    group.add_argument("-o", "--output", metavar="FILE", default=sup,
                       help="write to FILE (atomically; the format follows .csv/.json/.jsonl)")
    group.add_argument("--columns", metavar="A,B", default=sup,
                       help="columns for CSV and tables; dotted names read nested keys")
    return parser


def _send() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--dry-run", action="store_true", default=argparse.SUPPRESS,
                        help="print the request (token masked) and send nothing")
    return parser


def _confirm() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("-y", "--yes", action="store_true", default=argparse.SUPPRESS,
                        help="do not ask for confirmation")
    return parser


def make_parents() -> Parents:
    """Fresh parent parsers (argparse parents must not be shared across builds)."""
    return Parents(_output(), _send(), _confirm())
