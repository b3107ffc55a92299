"""gumroad.contrib.django: views against the fake over HTTP, the token store's lock, pings, admin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from ._helpers import consent, form_body, release_workers, require_module, sale_ping

require_module("django")
require_module("pytest_django")

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from gumroad.contrib import NotConnectedError  # noqa: E402
from gumroad.contrib.django import DjangoTokenStore, client_for  # noqa: E402
from gumroad.contrib.django.models import GumroadPing, GumroadToken  # noqa: E402
from gumroad.contrib.django.signals import ping_received  # noqa: E402
from gumroad.testing import FakeGumroadServer, OAuthApp  # noqa: E402
from gumroad.tokens import TokenStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def gumroad_settings(settings: Any, fake_server: FakeGumroadServer, oauth_app: OAuthApp) -> Any:
    settings.GUMROAD_CLIENT_ID = oauth_app.client_id
    settings.GUMROAD_CLIENT_SECRET = oauth_app.client_secret
    settings.GUMROAD_SCOPES = ["view_profile", "view_sales"]
    settings.GUMROAD_API_BASE_URL = fake_server.api_url
    settings.GUMROAD_OAUTH_BASE_URL = fake_server.url
    return settings


@pytest.fixture
def user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("seller", password="pw")


@pytest.fixture
def web(client: Client, user: Any, gumroad_settings: Any) -> Client:
    client.force_login(user)
    return client


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + "?" + parts.query


def _connect(web: Client) -> GumroadToken:
    start = web.get("/gumroad/login/")
    assert start.status_code == 302
    response = web.get(_path(consent(start["Location"])))
    assert response.status_code == 302, response.content
    return GumroadToken.objects.get()


pytestmark = pytest.mark.django_db


def test_the_whole_dance_stores_a_working_token(web: Client, user: Any,
                                                fake_server: FakeGumroadServer) -> None:
    start = web.get("/gumroad/login/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(fake_server.url + "/oauth/authorize?")
    assert query["redirect_uri"] == ["http://testserver/gumroad/callback/"]
    assert query["code_challenge_method"] == ["S256"] and query["state"][0]
    response = web.get(_path(consent(start["Location"])))
    assert response.status_code == 302 and response["Location"] == "/"

    row = GumroadToken.objects.get(user=user)
    assert row.refresh_token and row.scope == "view_profile view_sales"
    assert row.seller_id == fake_server.fake.seller.user_id
    assert fake_server.fake.token(row.access_token).revoked_at is None
    assert web.get("/me/").json() == {"name": "Fake Seller"}
    with client_for(user) as api:
        assert len(list(api.products.list())) == 4


def test_login_needs_a_logged_in_user(client: Client, gumroad_settings: Any) -> None:
    response = client.get("/gumroad/login/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("state", ["wrong-state", ""], ids=["mismatched", "missing"])
def test_bad_state_is_400_and_stores_nothing(web: Client, state: str,
                                             fake_server: FakeGumroadServer) -> None:
    callback = consent(web.get("/gumroad/login/")["Location"])
    code = parse_qs(urlsplit(callback).query)["code"][0]
    query = f"code={code}" + (f"&state={state}" if state else "")
    response = web.get(f"/gumroad/callback/?{query}")
    assert response.status_code == 400 and b"state" in response.content
    assert not GumroadToken.objects.exists()
    assert fake_server.fake.count("POST", "/oauth/token") == 0
    assert web.get(_path(callback)).status_code == 400  # the pending state is gone


def test_a_replayed_code_fails_and_changes_nothing(web: Client) -> None:
    start = web.get("/gumroad/login/")
    callback = consent(start["Location"])
    assert web.get(_path(callback)).status_code == 302
    first = GumroadToken.objects.get()
    assert web.get(_path(callback)).status_code == 400
    new_state = parse_qs(urlsplit(web.get("/gumroad/login/")["Location"]).query)["state"][0]
    code = parse_qs(urlsplit(callback).query)["code"][0]
    replay = web.get(f"/gumroad/callback/?code={code}&state={new_state}")
    assert replay.status_code == 400 and b"refused the authorization code" in replay.content
    after = GumroadToken.objects.get()
    assert (after.access_token, after.refresh_token) == (first.access_token, first.refresh_token)


def test_access_denied_shows_a_clear_page(web: Client) -> None:
    callback = consent(web.get("/gumroad/login/")["Location"], button="deny")
    response = web.get(_path(callback))
    assert response.status_code == 403
    assert b"You declined access on Gumroad" in response.content
    assert not GumroadToken.objects.exists()


def test_disconnect_revokes_and_deletes(web: Client, user: Any,
                                        fake_server: FakeGumroadServer) -> None:
    row = _connect(web)
    assert web.get("/gumroad/disconnect/").status_code == 405  # POST only
    assert web.post("/gumroad/disconnect/").status_code == 302
    assert not GumroadToken.objects.exists()
    answer = requests.get(fake_server.api_url + "/user",
                          params={"access_token": row.access_token}, timeout=10)
    assert answer.status_code == 401
    with pytest.raises(NotConnectedError):
        client_for(user)


def test_disconnect_needs_the_csrf_token(user: Any, gumroad_settings: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/gumroad/disconnect/").status_code == 403


def test_a_refresh_during_a_view_is_saved(web: Client, fake_server: FakeGumroadServer) -> None:
    row = _connect(web)
    GumroadToken.objects.update(access_token="no-longer-accepted")
    exchanges = fake_server.fake.count("POST", "/oauth/token")
    assert web.get("/me/").json() == {"name": "Fake Seller"}
    rotated = GumroadToken.objects.get()
    assert fake_server.fake.count("POST", "/oauth/token") == exchanges + 1
    assert rotated.access_token not in (row.access_token, "no-longer-accepted")
    assert rotated.refresh_token != row.refresh_token
    assert web.get("/me/").status_code == 200
    assert fake_server.fake.count("POST", "/oauth/token") == exchanges + 1


def test_the_store_is_a_token_store(user: Any, gumroad_settings: Any) -> None:
    store = DjangoTokenStore(user)
    assert isinstance(store, TokenStore) and store.load() is None
    store.save({"access_token": "a", "refresh_token": "r", "scope": "view_sales"})
    store.save({"access_token": "b", "refresh_token": "s", "expires_at": 1.5})
    assert store.load() == {"access_token": "b", "refresh_token": "s", "token_type": "Bearer",
                            "expires_at": 1.5}
    assert GumroadToken.objects.count() == 1
    store.delete()
    assert store.load() is None


class Received:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail_next = False

    def __call__(self, sender: Any, **kwargs: Any) -> None:
        self.calls.append(kwargs)
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("the receiver failed")


@pytest.fixture
def received() -> Any:
    receiver = Received()
    ping_received.connect(receiver)
    yield receiver
    ping_received.disconnect(receiver)


def test_form_and_json_pings_are_handled_once(web: Client, user: Any, received: Received,
                                              fake_server: FakeGumroadServer) -> None:
    _connect(web)
    sale = fake_server.fake.seller.sale(0)
    assert web.post("/gumroad/ping/", form_body(sale_ping(sale)), content_type=FORM).content == b"ok"
    for retry in ("1", "2"):
        again = web.post("/gumroad/ping/", form_body(sale_ping(sale, retry_count=retry)),
                         content_type=FORM)
        assert again.content == b"duplicate"
    record = GumroadPing.objects.get()
    assert (record.key, record.retry_count, record.duplicates) == (f"sale:{sale['id']}", 0, 2)
    assert record.seller_id == fake_server.fake.seller.user_id
    assert len(received.calls) == 1
    call = received.calls[0]
    assert call["user"] == user and call["confirmed"] is None and call["record"] == record
    assert call["ping"]["card"]["type"] == "visa"

    other = fake_server.fake.seller.sale(1)
    payload = {"seller_id": other["seller_id"], "sale_id": other["id"],
               "product_id": other["product_id"], "resource_name": "sale", "retry_count": 1}
    assert web.post("/gumroad/ping/", payload, content_type="application/json").content == b"ok"
    assert web.post("/gumroad/ping/", payload, content_type="application/json").content == \
        b"duplicate"
    assert len(received.calls) == 2 and GumroadPing.objects.get(object_id=other["id"]).retry_count == 1


def test_a_ping_needs_no_csrf_token_and_a_bad_one_is_400(user: Any, gumroad_settings: Any,
                                                          received: Received) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/gumroad/ping/", "nonsense", content_type="text/plain").status_code == 400
    assert strict.post("/gumroad/ping/", "sale_id=1&resource_name=sale",
                       content_type=FORM).status_code == 200
    assert received.calls[0]["user"] is None


def test_a_failing_receiver_rolls_back_and_the_retry_is_handled(
    gumroad_settings: Any, received: Received, fake_server: FakeGumroadServer
) -> None:
    lenient = Client(raise_request_exception=False)
    sale = fake_server.fake.seller.sale(0)
    received.fail_next = True
    assert lenient.post("/gumroad/ping/", form_body(sale_ping(sale)),
                        content_type=FORM).status_code == 500
    assert not GumroadPing.objects.exists()
    retry = lenient.post("/gumroad/ping/", form_body(sale_ping(sale, retry_count="1")),
                         content_type=FORM)
    assert retry.content == b"ok" and GumroadPing.objects.get().retry_count == 1
    assert len(received.calls) == 2


def test_a_receiver_integrity_error_is_not_taken_for_a_duplicate(
    gumroad_settings: Any, fake_server: FakeGumroadServer
) -> None:
    from django.db import IntegrityError

    def broken(sender: Any, **kwargs: Any) -> None:
        raise IntegrityError("the receiver's own unique constraint")

    ping_received.connect(broken)
    try:
        lenient = Client(raise_request_exception=False)
        response = lenient.post("/gumroad/ping/", form_body(sale_ping(fake_server.fake.seller.sale(0))),
                                content_type=FORM)
    finally:
        ping_received.disconnect(broken)
    assert response.status_code == 500 and not GumroadPing.objects.exists()


def test_confirmed_pings_carry_the_api_copy_and_forgeries_are_refused(
    web: Client, received: Received, fake_server: FakeGumroadServer, gumroad_settings: Any
) -> None:
    gumroad_settings.GUMROAD_CONFIRM_PINGS = True
    _connect(web)
    sale = fake_server.fake.seller.sale(0)
    assert web.post("/gumroad/ping/", form_body(sale_ping(sale)), content_type=FORM).content == b"ok"
    assert received.calls[0]["confirmed"]["id"] == sale["id"]
    forged = sale_ping(fake_server.fake.seller.sale(1), email="someone@else.example")
    assert web.post("/gumroad/ping/", form_body(forged), content_type=FORM).status_code == 400
    unknown = sale_ping(sale, seller_id="nobody-we-know", sale_id="x")
    assert web.post("/gumroad/ping/", form_body(unknown), content_type=FORM).status_code == 400
    assert GumroadPing.objects.count() == 1 and len(received.calls) == 1


def test_the_admin_masks_tokens(client: Client, django_user_model: Any, web: Client) -> None:
    row = _connect(web)
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    listing = client.get("/admin/gumroad/gumroadtoken/")
    page = client.get(f"/admin/gumroad/gumroadtoken/{row.pk}/change/")
    for response in (listing, page):
        assert response.status_code == 200
        assert row.access_token.encode() not in response.content
        assert row.refresh_token.encode() not in response.content
        assert row.access_token[:4].encode() + b"***" in response.content
    assert client.get("/admin/gumroad/gumroadtoken/add/").status_code == 403
    assert client.get("/admin/gumroad/gumroadping/").status_code == 200


# -- many workers: one rotation ---------------------------------------------------------------

def _stale_seller(user: Any, fake_server: FakeGumroadServer, oauth_app: OAuthApp) -> dict[str, Any]:
    """Store a token whose access token Gumroad no longer accepts (its refresh token works)."""
    token = fake_server.fake.issue_token(["view_profile", "view_sales"], app=oauth_app)
    DjangoTokenStore(user).save({**token, "access_token": "no-longer-accepted"})
    return token


@pytest.mark.django_db(transaction=True)
def test_the_sqlite_lock_excludes_another_connection(user: Any, gumroad_settings: Any) -> None:
    DjangoTokenStore(user).save({"access_token": "a"})
    entered = threading.Event()

    def second() -> None:
        try:
            with DjangoTokenStore(user.pk).lock():
                entered.set()
        finally:
            connections.close_all()

    with DjangoTokenStore(user).lock():
        thread = threading.Thread(target=second)
        thread.start()
        assert not entered.wait(0.5), "a second connection entered the lock while it was held"
    assert entered.wait(10)
    thread.join(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_eight_threads_rotate_once(user: Any, gumroad_settings: Any,
                                   fake_server: FakeGumroadServer, oauth_app: OAuthApp) -> None:
    old = _stale_seller(user, fake_server, oauth_app)
    barrier = threading.Barrier(8)
    seen: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with client_for(user.pk) as api:
                barrier.wait(timeout=10)
                api.user.get()
                seen.append(api.token["access_token"])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    final = GumroadToken.objects.get()
    assert fake_server.fake.count("POST", "/oauth/token") == 1
    assert seen == [final.access_token] * 8
    assert fake_server.fake.token(final.access_token).revoked_at is None
    assert fake_server.fake.token(old["refresh_token"]).revoked_at is not None


@pytest.mark.django_db(transaction=True)
def test_three_processes_rotate_once(user: Any, gumroad_settings: Any, tmp_path: Path,
                                     fake_server: FakeGumroadServer, oauth_app: OAuthApp) -> None:
    _stale_seller(user, fake_server, oauth_app)
    connections.close_all()
    db_path = connections["default"].settings_dict["NAME"]
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.contrib._workers", "django", str(db_path), str(user.pk),
             fake_server.api_url, fake_server.url, oauth_app.client_id, oauth_app.client_secret,
             str(go), "2"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for _ in range(3)
    ]
    release_workers(go, 6)
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["errors"] for r in results] == [[], [], []]
    final = GumroadToken.objects.get()
    assert fake_server.fake.count("POST", "/oauth/token") == 1
    assert [t for r in results for t in r["tokens"]] == [final.access_token] * 6
    answer = requests.get(fake_server.api_url + "/user",
                          params={"access_token": final.access_token}, timeout=10)
    assert answer.status_code == 200
