"""
gumroad.cli.context
~~~~~~~~~~~~~~~~~~~

What every command handler receives: the streams, the parsed options, a lazily
built :class:`~gumroad.GumroadClient`, and the exceptions that map to the
command line's exit codes.

Exit codes: 0 ok, 1 API or network error, 2 usage error, 3 needs login,
130 interrupted.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from .config import NeedsLogin, load_credentials, make_client

if TYPE_CHECKING:
    from ..client import GumroadClient

__all__ = [
    "EXIT_API",
    "EXIT_INTERRUPTED",
    "EXIT_LOGIN",
    "EXIT_OK",
    "EXIT_USAGE",
    "Aborted",
    "Context",
    "DryRunDone",
    "NeedsLogin",
    "UsageError",
]

EXIT_OK = 0
EXIT_API = 1
EXIT_USAGE = 2
EXIT_LOGIN = 3
EXIT_INTERRUPTED = 130

#: The placeholder token a ``--dry-run`` without credentials shows (masked anyway).
DRY_RUN_TOKEN = "dry-run-placeholder"


class UsageError(Exception):
    """The command line asked for something impossible (exit 2)."""


class Aborted(Exception):
    """The user answered no to a confirmation (exit 1); nothing was sent."""


class DryRunDone(Exception):
    """Raised by the dry-run transport after printing the request (exit 0)."""


class Context:
    """The streams and options of one run, and the client, built on first use.

    :param args: the parsed command line.
    :param stdout: where results go.
    :param stderr: where notes, progress and errors go.
    :param stdin: where confirmations and pasted tokens come from.
    """

    def __init__(self, args: argparse.Namespace, stdout: TextIO, stderr: TextIO, stdin: TextIO) -> None:
        self.args = args
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self._client: GumroadClient | None = None

    def option(self, name: str, default: Any = None) -> Any:
        """An option that may be absent from this command's namespace."""
        return getattr(self.args, name, default)

    @property
    def dry_run(self) -> bool:
        """Whether ``--dry-run`` was given: print requests, send nothing."""
        return bool(self.option("dry_run", False))

    def note(self, message: str) -> None:
        """One line for the human, on stderr."""
        self.stderr.write(message + "\n")
        self.stderr.flush()

    def client(self, *, anonymous: bool = False) -> GumroadClient:
        """The client for this run, from the environment or the token file.

        :param anonymous: build one without a token when there is none (for
            ``licenses verify``, which needs no token).
        :raises NeedsLogin: no credentials, or the token file is unsafe.
        """
        if self._client is not None:
            return self._client
        try:
            creds = load_credentials()
        except NeedsLogin:
            if not self.dry_run:
                raise
            creds = None
        if creds is None and not (anonymous or self.dry_run):
            raise NeedsLogin(
                "not logged in: run `gumroad auth login` or set GUMROAD_ACCESS_TOKEN"
            )
        placeholder = DRY_RUN_TOKEN if self.dry_run else None
        client = make_client(creds, anonymous=anonymous, placeholder=placeholder)
        if self.dry_run:
            from .safety import DryRunAdapter

            adapter = DryRunAdapter(self.stdout)
            client.mount("https://", adapter)
            client.mount("http://", adapter)
        self._client = client
        return client

    def close(self) -> None:
        """Close the client's connections."""
        if self._client is not None:
            self._client.close()
            self._client = None
