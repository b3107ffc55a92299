"""
gumroad.cli.demo
~~~~~~~~~~~~~~~~

``gumroad demo``: a guided tour of the SDK against a sandbox started inside
the command, on ``127.0.0.1``. It needs no account, no configuration and no
network, reads no token file and ignores ``GUMROAD_*`` variables.

The tour: start the sandbox; the OAuth dance with PKCE and the CLI's own
redirect server (the sandbox approves at once); ``GET /user``; the products;
every page of sales through the lazy pager; a license check; a refused access
token that the SDK refreshes (rotating the refresh token) and replays; and a
revoked token, after which the seller must connect again.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import requests

from .. import oauth
from ..client import GumroadClient
from ..errors import ReauthorizationRequired
from ..types import Sale
from .callback import CallbackServer
from .context import Context
from .listing import Progress
from .sandbox import start_sandbox

if TYPE_CHECKING:
    from ..testing import FakeGumroadServer

__all__ = ["demo"]

STEPS = 8
SCOPES = ("view_profile", "edit_products", "view_sales", "view_payouts")


def _tail(secret: object) -> str:
    """A token as ``…abcd``: enough to see it change, never the token."""
    return "\u2026" + str(secret)[-4:]


class _Tour:
    def __init__(self, ctx: Context, server: FakeGumroadServer) -> None:
        self.ctx = ctx
        self.server = server
        self.step = 0
        self.http = requests.Session()
        self.http.trust_env = False  # loopback only: no proxy from the environment

    def say(self, text: str = "") -> None:
        self.ctx.stdout.write(text + "\n")
        self.ctx.stdout.flush()

    def title(self, text: str) -> None:
        self.step += 1
        self.say(f"\n[{self.step}/{STEPS}] {text}")

    def connect(self) -> GumroadClient:
        """The OAuth dance, exactly as ``gumroad auth login`` does it."""
        server = self.server
        client_id = server.fake.default_app.client_id
        self.title("Connect a seller with OAuth (authorization code + PKCE)")
        verifier, challenge = oauth.generate_pkce_pair()
        state = oauth.generate_state()
        callback = CallbackServer(state, timeout=30)
        url = oauth.get_authorization_url(client_id, callback.redirect_uri, list(SCOPES), state,
                                          code_challenge=challenge,
                                          authorize_url=server.authorize_url)
        self.say(f"  redirect server listening on {callback.redirect_uri}")
        self.say(f"  authorization URL: {url.split('?')[0]}?client_id=…&code_challenge=…&state=…")
        callback.start()
        try:
            page = self.http.get(url, timeout=10)  # the "browser": auto-approved, redirected
            code = callback.wait()
        finally:
            callback.close()
        self.say(f"  the sandbox approved; the browser landed on the callback (HTTP {page.status_code})")
        token = oauth.exchange_code_for_token(client_id, None, code, callback.redirect_uri,
                                              code_verifier=verifier, token_url=server.token_url,
                                              session=self.http)
        self.say(f"  exchanged the code (with the PKCE verifier) for a token {_tail(token['access_token'])}"
                 f", scopes: {token.get('scope')}")

        def saver(new: dict[str, Any]) -> None:
            self.say(f"  token saver called: new access token {_tail(new['access_token'])}, "
                     f"new refresh token {_tail(new['refresh_token'])}")

        client = GumroadClient(token=token, client_id=client_id, base_url=server.api_url,
                               auto_refresh_url=server.token_url, token_saver=saver)
        return client  # loopback calls never go through an HTTP(S)_PROXY (see GumroadClient)

    def tour(self, client: GumroadClient, total_sales: int) -> None:
        self.title("Who is this? GET /user")
        me = client.user.get()
        self.say(f"  {me.get('name')} <{me.get('email')}>, {me.get('url')}")

        self.title("Products: client.products.list()")
        for product in client.products.list():
            state = "published" if product.get("published") else "unpublished"
            self.say(f"  {product.get('id')}  {product.get('name')!s:<24} "
                     f"{product.get('formatted_price')!s:>8}  {state}")

        self.title(f"Every sale, page by page: client.sales.list().pages() ({total_sales} sales)")
        count = pages = 0
        licensed: Sale | None = None
        progress = Progress(self.ctx.stderr, "sales", enabled=True)
        for page in client.sales.list().pages():
            pages += 1
            count += len(page.items)
            progress.page(len(page.items))
            if pages <= 2:
                self.say(f"  page {pages}: {len(page.items)} sales, next page_key "
                         f"{page.next_page_key}")
            if licensed is None:
                licensed = next((s for s in page.items if s.get("license_key")), None)
        progress.done()
        self.say(f"  … {count} sales in {pages} pages, one page in memory at a time")

        self.title("Verify a license key: client.licenses.verify(product_id, key)")
        if licensed is None:
            self.say("  (no licensed sale in this sandbox)")
        else:
            result = client.licenses.verify(str(licensed["product_id"]), str(licensed["license_key"]),
                                            increment_uses_count=False)
            buyer = result.get("purchase", {}).get("email")
            self.say(f"  {licensed['product_name']}: valid, bought by {buyer}, "
                     f"uses {result.get('uses')}")

        self.title("A refused access token: the SDK refreshes and replays")
        self.server.fake.faults.inject(401, count=1, route="/v2/user", method="GET")
        self.say("  the sandbox will answer the next GET /user with 401")
        old = client.token["access_token"]
        me = client.user.get()
        self.say(f"  GET /user succeeded after the refresh: {me.get('name')}; "
                 f"token {_tail(old)} -> {_tail(client.token['access_token'])}")

        self.title("Disconnect: client.revoke() at /oauth/revoke")
        client.revoke()
        self.say("  revoked; Gumroad's refresh tokens die with their access token")
        try:
            client.user.get()
        except ReauthorizationRequired as exc:
            self.say(f"  the next call raises ReauthorizationRequired ({exc.error}): the refresh "
                     "was refused, so the seller must connect again")
        else:  # pragma: no cover - the sandbox would be wrong
            self.say("  unexpected: the revoked token still works")


def demo(ctx: Context) -> int:
    """Run the tour; returns 0 when every step worked."""
    started = time.monotonic()
    sales: int = ctx.args.sales
    out = ctx.stdout
    out.write("gumroad demo: the SDK against a sandbox on this computer "
              "(no account, no network, nothing saved).\n")
    server = start_sandbox(sales=sales, auto_approve=True)
    tour = _Tour(ctx, server)
    client: GumroadClient | None = None
    try:
        tour.title(f"Started a sandbox Gumroad at {server.url}")
        tour.say(f"  seller {server.fake.seller.name}, {sales} sales, OAuth app "
                 f"{server.fake.default_app.client_id[:8]}…")
        client = tour.connect()
        tour.tour(client, sales)
    finally:
        if client is not None:
            client.close()
        tour.http.close()
        server.stop()
    out.write(f"\nDone in {time.monotonic() - started:.1f} s. Next: `gumroad sandbox` to keep one "
              "running, or `gumroad auth login` for your real account.\n")
    return 0
