"""
A Flask app that connects a Gumroad seller and shows their name, products and
recent sales, using :mod:`gumroad.contrib.flask`.

Run it against the fake Gumroad bundled with the SDK (no account, no network)::

    python examples/flask_app/app.py            # prints the URL to open

With a real Gumroad OAuth app instead, register the redirect URI
``http://127.0.0.1:8000/gumroad/callback`` and run::

    GUMROAD_CLIENT_ID=... GUMROAD_CLIENT_SECRET=... python examples/flask_app/app.py --port 8000
"""

from __future__ import annotations

import argparse
import itertools
import os
import secrets
import sys
import threading
from contextlib import ExitStack
from typing import Any

from flask import Flask, render_template_string, session
from werkzeug.serving import make_server

from gumroad.contrib.flask import GumroadOAuth
from gumroad.testing import FakeGumroadServer

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gumroad + Flask</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto}li{margin:.2rem 0}</style>
</head><body>
{% if seller %}
  <h1 id="seller-name">{{ seller.name }}</h1>
  <p>Connected to Gumroad as <strong>{{ seller.name }}</strong>.</p>
  <h2>Products</h2>
  <ul id="products">
  {% for product in products %}<li>{{ product.name }} ({{ product.formatted_price }})</li>{% endfor %}
  </ul>
  <h2>Recent sales</h2>
  <ul id="sales">
  {% for sale in sales %}<li>{{ sale.created_at[:10] }}: {{ sale.product_name }},
    {{ sale.formatted_display_price }}</li>{% else %}<li>No sales yet.</li>{% endfor %}
  </ul>
  <form method="post" action="{{ url_for('gumroad.disconnect') }}">
    <button type="submit">Disconnect</button>
  </form>
{% else %}
  <h1>Gumroad + Flask</h1>
  <p>Connect your Gumroad account to see your products and sales here.</p>
  <p><a id="connect" href="{{ url_for('gumroad.login') }}">Connect Gumroad</a></p>
{% endif %}
</body></html>
"""


def create_app(*, client_id: str, client_secret: str | None, api_base_url: str | None = None,
               oauth_base_url: str | None = None) -> Flask:
    """The example app; tokens live in a dict here, in your database in real life."""
    app = Flask(__name__)
    app.secret_key = secrets.token_hex(32)
    tokens: dict[str, dict[str, Any]] = {}

    def current_user() -> str:
        # Stands in for your own login: every browser is one demo user.
        return str(session.setdefault("user_id", "demo-user"))

    gumroad = GumroadOAuth(
        app,
        client_id=client_id,
        client_secret=client_secret,
        scopes=["view_profile", "view_sales"],
        seller_key=current_user,
        load_token=tokens.get,
        save_token=tokens.__setitem__,
        delete_token=lambda user: tokens.pop(user, None),
        api_base_url=api_base_url,
        oauth_base_url=oauth_base_url,
    )

    @app.get("/")
    def index() -> str:
        if not gumroad.is_connected(current_user()):
            return render_template_string(PAGE, seller=None)
        with gumroad.client_for_current_seller() as client:
            seller = client.user.get()
            products = list(client.products.list())
            sales = list(itertools.islice(client.sales.list(), 5))
        return render_template_string(PAGE, seller=seller, products=products, sales=sales)

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one)")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        client_id = os.environ.get("GUMROAD_CLIENT_ID")
        if client_id:
            app = create_app(client_id=client_id,
                             client_secret=os.environ.get("GUMROAD_CLIENT_SECRET"))
        else:
            fake = stack.enter_context(FakeGumroadServer(seed=0))
            oauth_app = fake.fake.create_app("Flask example", "http://127.0.0.1/gumroad/callback",
                                             scopes=["view_profile", "view_sales"])
            print(f"Fake Gumroad on {fake.url} (you are logged in there as "
                  f"{fake.fake.seller.name})", flush=True)
            app = create_app(client_id=oauth_app.client_id, client_secret=oauth_app.client_secret,
                             api_base_url=fake.api_url, oauth_base_url=fake.url)
        server = make_server("127.0.0.1", args.port, app, threaded=True)
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
