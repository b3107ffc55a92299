"""Worker processes for the many-workers tests: each makes a client, waits for the go file,
calls GET /user (401 -> refresh or reuse), and prints the access token it ended with.

    python -m tests.contrib._workers redis PORT KEY API_URL TOKEN_URL CLIENT_ID SECRET GO THREADS
    python -m tests.contrib._workers django DATABASE USER_ID API_URL OAUTH_BASE CLIENT_ID SECRET GO THREADS
    python -m tests.contrib._workers django-setup DATABASE TOKEN_JSON

DATABASE is a SQLite path or a JSON ``DATABASES`` entry (PostgreSQL).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any


def _wait_for(path: str) -> None:
    deadline = time.monotonic() + 30
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise SystemExit("the go file never appeared")
        time.sleep(0.005)


def _run(make_client: Callable[[], Any], go: str, threads: int,
         cleanup: Callable[[], None] = lambda: None) -> None:
    results: list[str] = []
    errors: list[str] = []

    def one() -> None:
        try:
            client = make_client()
            ready = f"{go}.ready.{os.getpid()}.{threading.get_ident()}"
            with open(ready, "w"):
                pass
            _wait_for(go)
            client.user.get()
            results.append(client.token["access_token"])
        except Exception as exc:  # reported to the test through stdout
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            cleanup()

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    print(json.dumps({"tokens": results, "errors": errors}), flush=True)


def redis_main(port: str, key: str, api_url: str, token_url: str, client_id: str, secret: str,
               go: str, threads: str) -> None:
    import redis

    from gumroad import GumroadClient
    from gumroad.contrib.redis import RedisTokenStore

    connection = redis.Redis(host="127.0.0.1", port=int(port))
    _run(lambda: GumroadClient(client_id=client_id, client_secret=secret, base_url=api_url,
                               auto_refresh_url=token_url,
                               token_store=RedisTokenStore(connection, key)),
         go, int(threads))


def _django(database: str, client_id: str, secret: str, api_url: str, oauth_base: str) -> None:
    """Configure Django on *database*: a SQLite path, or a JSON DATABASES entry."""
    import django
    from django.conf import settings

    entry = json.loads(database) if database.startswith("{") else {
        "ENGINE": "django.db.backends.sqlite3", "NAME": database, "OPTIONS": {"timeout": 30}}
    settings.configure(
        SECRET_KEY="worker", USE_TZ=True,
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes",
                        "gumroad.contrib.django"],
        DATABASES={"default": entry},
        GUMROAD_CLIENT_ID=client_id, GUMROAD_CLIENT_SECRET=secret,
        GUMROAD_API_BASE_URL=api_url, GUMROAD_OAUTH_BASE_URL=oauth_base,
    )
    django.setup()


def django_main(database: str, user_id: str, api_url: str, oauth_base: str, client_id: str,
                secret: str, go: str, threads: str) -> None:
    _django(database, client_id, secret, api_url, oauth_base)
    from django.db import connections

    from gumroad.contrib.django import client_for

    _run(lambda: client_for(int(user_id)), go, int(threads), cleanup=connections.close_all)


def django_setup(database: str, token_json: str) -> None:
    """Migrate, create a user, store *token_json* for them; print the user's id."""
    _django(database, "setup", "", "http://127.0.0.1:1/v2", "http://127.0.0.1:1")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from gumroad.contrib.django import DjangoTokenStore

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("worker-seller")
    DjangoTokenStore(user).save(json.loads(token_json))
    print(user.pk, flush=True)


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    {"redis": redis_main, "django": django_main, "django-setup": django_setup}[kind](*args)
