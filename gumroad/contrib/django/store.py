"""
gumroad.contrib.django.store
~~~~~~~~~~~~~~~~~~~~~~~~~~~~

:class:`DjangoTokenStore`, a :class:`~gumroad.tokens.TokenStore` on the
:class:`~gumroad.contrib.django.models.GumroadToken` row of one user, and
:func:`client_for`.

The lock is the database's: ``transaction.atomic()`` plus
``select_for_update()`` on the user's row, so every worker process and thread
that meets the same dead access token waits for the first one's refresh, then
reloads the row and uses the rotated token instead of refreshing again.

SQLite ignores ``FOR UPDATE``. There the lock opens its transaction with a
no-op ``UPDATE`` of the row, which takes SQLite's database-wide write lock at
once; other connections wait for it (up to the ``timeout`` database option,
5 s by default; raise it) until the refresh commits.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from django.db import connections, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from ...client import GumroadClient
from ...tokens import Token
from .. import NotConnectedError
from .conf import get_settings
from .models import GumroadToken

__all__ = ["DjangoTokenStore", "client_for"]

log = logging.getLogger("gumroad")


class DjangoTokenStore:
    """One user's token in the ``GumroadToken`` table, locked by a row lock.

    :param user: a user instance or its primary key.
    :param using: the database alias (default ``GUMROAD_TOKEN_DATABASE``, else
        ``"default"``).

    Take the lock outside any surrounding transaction: Gumroad has already
    rotated the token when it is saved, and a rollback of an outer
    transaction (``ATOMIC_REQUESTS``) would lose the only valid one. With
    ``ATOMIC_REQUESTS`` on, point ``GUMROAD_TOKEN_DATABASE`` at a second alias
    of the same database without it.
    """

    def __init__(self, user: Any, *, using: str | None = None) -> None:
        self.user_id: Any = getattr(user, "pk", user)
        self.using = using or get_settings().token_database

    def _rows(self) -> QuerySet[GumroadToken]:
        return GumroadToken.objects.using(self.using).filter(user_id=self.user_id)

    def load(self) -> Token | None:
        row = self._rows().first()
        return row.as_token() if row is not None else None

    def save(self, token: Token) -> None:
        fields = GumroadToken.fields_from(token)
        if not self._rows().update(**fields, updated_at=timezone.now()):
            GumroadToken.objects.using(self.using).create(user_id=self.user_id, **fields)

    def delete(self) -> None:
        """Forget the token (the user disconnected)."""
        self._rows().delete()

    @contextlib.contextmanager
    def lock(self) -> Iterator[object]:
        connection = connections[self.using]
        if connection.in_atomic_block:
            log.warning(
                "refreshing a Gumroad token inside a transaction on %r: if it rolls back, the "
                "rotated token is lost (see DjangoTokenStore)", self.using,
            )  # fmt: skip
        with transaction.atomic(using=self.using):
            rows = self._rows()
            if not connection.features.has_select_for_update:
                # SQLite: a write as the transaction's first statement takes the
                # database write lock now, so other workers wait here.
                rows.update(updated_at=F("updated_at"))
            list(rows.select_for_update())
            yield self

    def __repr__(self) -> str:
        return f"<DjangoTokenStore user_id={self.user_id!r} using={self.using!r}>"


def client_for(user: Any, *, using: str | None = None) -> GumroadClient:
    """A :class:`~gumroad.GumroadClient` for *user*, refreshing through :class:`DjangoTokenStore`.

    :raises NotConnectedError: the user has not connected Gumroad.
    """
    settings = get_settings()
    store = DjangoTokenStore(user, using=using)
    if store.load() is None:
        raise NotConnectedError(f"user {store.user_id!r} has not connected Gumroad")
    return settings.client(store)
