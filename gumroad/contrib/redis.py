"""
gumroad.contrib.redis
~~~~~~~~~~~~~~~~~~~~~

:class:`RedisTokenStore`: one seller's token in Redis, shared by every worker
on every host, rotated once.

Gumroad rotates refresh tokens: the old pair dies the moment a new one is
issued. When several app servers meet the same dead access token at once, only
one of them may refresh. The store's :meth:`~RedisTokenStore.lock` is a Redis
lock (``SET NX PX`` with a random owner token, released by a script that checks
the owner); :class:`~gumroad.GumroadClient` takes it around a refresh, reloads
the token inside it, and uses the token another worker already rotated instead
of refreshing again.

Usage::

    import redis
    from gumroad import GumroadClient
    from gumroad.contrib.redis import RedisTokenStore

    r = redis.Redis.from_url(REDIS_URL)     # "redis://localhost:6379/0"
    store = RedisTokenStore(r, f"gumroad:token:{seller_id}")
    store.save(token)                       # once, after the OAuth callback
    client = GumroadClient(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_store=store)

Install with ``pip install 'gumroad[redis]'``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import redis
from redis.exceptions import LockError

from ..errors import ConfigurationError, GumroadClientError
from ..tokens import Token

__all__ = ["RedisTokenStore", "TokenLockTimeout"]

log = logging.getLogger("gumroad")


class TokenLockTimeout(GumroadClientError, TimeoutError):
    """Another worker held the token lock longer than ``blocking_timeout``."""


class RedisTokenStore:
    """A token kept as JSON under one Redis key, locked with a Redis lock.

    :param redis_client: a :class:`redis.Redis` (any client whose ``lock()``
        follows redis-py's); ``decode_responses`` may be on or off.
    :param key: the key holding this seller's token, e.g. ``"gumroad:token:42"``.
    :param lock_key: the key of the lock (default ``key + ":lock"``).
    :param lock_timeout: seconds after which a lock whose holder died expires.
        Keep it above the longest refresh (the token request's timeout).
    :param blocking_timeout: seconds to wait for the lock before raising
        :class:`TokenLockTimeout`.
    :param ttl: optional expiry of the token key in seconds (``None``: never;
        Gumroad tokens do not expire).

    The lock is re-entrant within one thread, and excludes other threads and
    other processes on any host that use the same Redis and key.
    """

    def __init__(
        self,
        redis_client: redis.Redis,
        key: str,
        *,
        lock_key: str | None = None,
        lock_timeout: float = 60.0,
        blocking_timeout: float = 60.0,
        ttl: int | None = None,
    ) -> None:
        if not isinstance(key, str) or not key:
            raise ConfigurationError("key must be a non-empty string")
        if lock_timeout <= 0 or blocking_timeout < 0:
            raise ConfigurationError("lock_timeout must be > 0 and blocking_timeout >= 0")
        self.redis = redis_client
        self.key = key
        self.lock_key = lock_key or key + ":lock"
        self.lock_timeout = float(lock_timeout)
        self.blocking_timeout = float(blocking_timeout)
        self.ttl = ttl
        self._held = threading.local()

    def load(self) -> Token | None:
        """The stored token, or ``None`` when the key is absent."""
        raw: Any = self.redis.get(self.key)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ConfigurationError(
                f"Redis key {self.key!r} does not hold JSON; delete it and connect the seller again"
            ) from exc
        if not isinstance(data, dict):
            raise ConfigurationError(f"Redis key {self.key!r} does not hold a JSON object")
        return data

    def save(self, token: Token) -> None:
        """Store *token* (``SET``, overwriting); raises if Redis refuses."""
        self.redis.set(self.key, json.dumps(token, separators=(",", ":")), ex=self.ttl)

    def delete(self) -> None:
        """Forget the token (after the seller disconnects)."""
        self.redis.delete(self.key)

    @contextlib.contextmanager
    def lock(self) -> Iterator[object]:
        """Hold the Redis lock for this token; raise :class:`TokenLockTimeout` if it stays taken."""
        depth: int = getattr(self._held, "depth", 0)
        if depth:
            self._held.depth = depth + 1
            try:
                yield self
            finally:
                self._held.depth -= 1
            return
        # thread_local=False: the owner token lives on this Lock object, which
        # only this call uses; a new object per call keeps threads apart.
        redis_lock = self.redis.lock(
            self.lock_key,
            timeout=self.lock_timeout,
            blocking_timeout=self.blocking_timeout,
            thread_local=False,
        )
        if not redis_lock.acquire(blocking=True):
            raise TokenLockTimeout(
                f"waited {self.blocking_timeout:g} s for the token lock {self.lock_key!r}; "
                "another worker is refreshing, or died holding it (it expires after "
                f"{self.lock_timeout:g} s)"
            )
        self._held.depth = 1
        try:
            yield self
        finally:
            self._held.depth = 0
            try:
                redis_lock.release()
            except LockError:
                # The lock expired while held: another worker may have entered.
                # The token was saved already; say so loudly rather than fail.
                log.warning(
                    "the token lock %r expired before the refresh finished; raise lock_timeout",
                    self.lock_key,
                )

    def __repr__(self) -> str:
        return f"<RedisTokenStore key={self.key!r}>"
