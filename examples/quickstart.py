"""A tour of the gumroad SDK against the bundled fake Gumroad: no account, no network.

Run it with ``python examples/quickstart.py``. It starts the fake Gumroad on
127.0.0.1, connects a seller through the whole OAuth dance, lists products,
pages through sales, verifies a license key without any token, and shows the
client refreshing a token that stopped working.

Against the real Gumroad, drop the fake and its URLs: the defaults point at
gumroad.com and api.gumroad.com.
"""

from __future__ import annotations

import itertools
from urllib.parse import parse_qs, urlsplit

import requests

import gumroad
from gumroad import GumroadScope, oauth
from gumroad.testing import FakeGumroadServer


def step(title: str) -> None:
    print(f"\n== {title}")


def authorize_in_a_browser(url: str) -> str:
    """Stand-in for the seller's browser: approve the consent page, return the redirect."""
    response = requests.get(url, allow_redirects=False, timeout=10)
    return response.headers["Location"]


def main() -> None:
    with FakeGumroadServer(seed=1, sales=120) as server:
        fake = server.fake
        fake.auto_approve = True  # the seller clicks "Authorize" at once
        app = fake.default_app
        print(f"fake Gumroad serving at {server.url}")

        step("1. Send the seller to Gumroad (PKCE + state)")
        verifier, challenge = oauth.generate_pkce_pair()
        state = oauth.generate_state()
        redirect_uri = "http://127.0.0.1:8000/callback"
        url = oauth.get_authorization_url(
            app.client_id, redirect_uri,
            [GumroadScope.VIEW_PROFILE, GumroadScope.VIEW_SALES, GumroadScope.EDIT_PRODUCTS],
            state, code_challenge=challenge, authorize_url=server.authorize_url,
        )
        print(f"authorization URL: {url.split('?')[0]}?client_id=...&scope=...")

        step("2. Gumroad redirects back with a code; check the state, exchange the code")
        callback = parse_qs(urlsplit(authorize_in_a_browser(url)).query)
        assert callback["state"] == [state], "state mismatch: refuse the callback"
        token = oauth.exchange_code_for_token(
            app.client_id, app.client_secret, callback["code"][0], redirect_uri,
            code_verifier=verifier, token_url=server.token_url,
        )
        print(f"got a token with scopes {token['scope']!r} (expires_in: {token.get('expires_in')})")

        step("3. A client for this seller, saving every refreshed token")
        saved: list[dict[str, object]] = []
        client = gumroad.GumroadClient(
            token=token, client_id=app.client_id, client_secret=app.client_secret,
            token_saver=saved.append, base_url=server.api_url, auto_refresh_url=server.token_url,
        )
        print(f"{client!r}")
        print(f"seller: {client.user.get().get('name')}")

        step("4. Products")
        for product in client.products.list():
            print(f"  {product['id']}  {product['name']:<32} {product.get('formatted_price')}")

        step("5. Sales, page by page (10 a page; the pager follows next_page_key)")
        sales = client.sales.list(after="2000-01-01")
        for number, page in enumerate(itertools.islice(sales.pages(), 3), start=1):
            first = page.items[0]
            print(f"  page {number}: {len(page)} sales, newest {first['created_at']} "
                  f"{first.get('product_name')}, next_page_key={page.next_page_key}")
        total = sum(1 for _ in client.sales.export(after="2000-01-01", workers=4))
        print(f"  all sales through the parallel export: {total}")

        step("6. Verify a license key, with no token at all")
        licensed = next(s for s in client.sales.list() if s.get("license_key"))
        result = gumroad.verify_license(
            licensed["product_id"], licensed["license_key"], base_url=server.api_url,
        )
        print(f"  license of {result['purchase'].get('email')} is valid; uses = {result['uses']}")
        try:
            gumroad.verify_license(licensed["product_id"], "NOT-A-KEY", base_url=server.api_url)
        except gumroad.NotFoundError as error:
            print(f"  a wrong key: NotFoundError: {error.message}")

        step("7. The access token stops working: the client refreshes and replays")
        fake.expire_token(client.token["access_token"])
        print(f"  seller again: {client.user.get().get('name')}")
        print(f"  token endpoint calls so far: {fake.count('POST', '/oauth/token')} "
              f"(1 code exchange + 1 refresh); token_saver got {len(saved)} new token(s)")

        step("8. The seller disconnects: revoke, and the next call needs a new dance")
        client.revoke()
        try:
            client.user.get()
        except gumroad.ReauthorizationRequired as error:
            print(f"  ReauthorizationRequired: {error.message}")
        print("\ndone: every step ran against the fake Gumroad on 127.0.0.1")


if __name__ == "__main__":
    main()
