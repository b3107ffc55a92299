"""
Run the Django demo against the fake Gumroad, in one command::

    python examples/django_project/run.py          # prints the URL to open

It starts the fake Gumroad in this process on a free port, registers an OAuth
app there, points the ``GUMROAD_*`` settings at it, migrates a fresh SQLite
database in a temporary folder, and serves the project on 127.0.0.1. With
``GUMROAD_CLIENT_ID`` (and ``GUMROAD_CLIENT_SECRET``) set, it talks to the real
Gumroad instead; register ``http://127.0.0.1:8000/gumroad/callback/`` and pass
``--port 8000``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

HERE = Path(__file__).resolve().parent


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The Gumroad + Django demo.")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
    with ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="gumroad-django-demo-"))
        os.environ["DEMO_DATABASE"] = str(Path(folder) / "db.sqlite3")
        if not os.environ.get("GUMROAD_CLIENT_ID"):
            from gumroad.testing import FakeGumroadServer

            fake = stack.enter_context(FakeGumroadServer(seed=0))
            oauth_app = fake.fake.create_app(
                "Django example", "http://127.0.0.1/gumroad/callback/",
                scopes=["view_profile", "view_sales"],
            )
            os.environ.update(
                GUMROAD_CLIENT_ID=oauth_app.client_id,
                GUMROAD_CLIENT_SECRET=oauth_app.client_secret,
                GUMROAD_API_BASE_URL=fake.api_url,
                GUMROAD_OAUTH_BASE_URL=fake.url,
            )
            print(f"Fake Gumroad on {fake.url} (you are logged in there as "
                  f"{fake.fake.seller.name})", flush=True)

        import django
        from django.core.handlers.wsgi import WSGIHandler
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        server = make_server("127.0.0.1", args.port, WSGIHandler(), server_class=_Server,
                             handler_class=_QuietHandler)
        print(f"Open http://127.0.0.1:{server.server_port}/  (Ctrl+C stops)", flush=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            thread.join()
        except KeyboardInterrupt:
            print("bye", file=sys.stderr)
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
