"""
gumroad.contrib.django.views
~~~~~~~~~~~~~~~~~~~~~~~~~~~~

The four steps: :func:`login` (GET), :func:`callback` (GET), :func:`disconnect`
(POST, CSRF-protected) and :func:`ping` (POST, CSRF-exempt: Gumroad cannot send
a token, and pings are unsigned, so confirm them before acting).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ... import oauth
from ...client import GumroadClient
from ...errors import APIConnectionError, GumroadClientError
from ...tokens import Token
from ...webhooks import InvalidPingError, Ping, confirm_sale, confirm_subscription, parse_ping
from .. import NotConnectedError
from .conf import GumroadSettings, get_settings
from .models import GumroadPing, GumroadToken
from .signals import ping_received
from .store import DjangoTokenStore, client_for

__all__ = ["callback", "disconnect", "login", "ping"]

log = logging.getLogger("gumroad")

SESSION_KEY = "_gumroad_oauth"


def _page(status: int, title: str, message: str, link: tuple[str, str] | None = None) -> HttpResponse:
    extra = format_html('<p><a href="{}">{}</a></p>', *link) if link else ""
    html = format_html("<!doctype html><title>{0}</title><h1>{0}</h1><p>{1}</p>{2}", title, message, extra)
    return HttpResponse(html, status=status)


def _redirect_uri(request: HttpRequest, settings: GumroadSettings) -> str:
    return settings.redirect_uri or request.build_absolute_uri(reverse("gumroad:callback"))


def _connect_again(message: str, status: int = 400) -> HttpResponse:
    return _page(status, "Gumroad was not connected", message, (reverse("gumroad:login"), "Connect Gumroad"))


@require_GET
@login_required
def login(request: HttpRequest) -> HttpResponseBase:
    """Start connecting: a fresh ``state`` and PKCE pair in the session, then off to Gumroad."""
    settings = get_settings()
    verifier, challenge = oauth.generate_pkce_pair()
    state = oauth.generate_state()
    next_url = request.GET.get("next")
    if next_url and not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = None
    request.session[SESSION_KEY] = {
        "state": state,
        "verifier": verifier,
        "user": str(request.user.pk),
        "next": next_url,
    }
    url = oauth.get_authorization_url(
        settings.client_id,
        _redirect_uri(request, settings),
        settings.scopes,
        state,
        code_challenge=challenge,
        authorize_url=settings.endpoint("/oauth/authorize"),
    )
    return HttpResponseRedirect(url)


@require_GET
@login_required
def callback(request: HttpRequest) -> HttpResponseBase:
    """Check ``state``, exchange the code once, store the token, go on."""
    settings = get_settings()
    # Out of the session first: a replayed callback finds nothing and fails.
    pending = request.session.pop(SESSION_KEY, None)
    error = request.GET.get("error")
    if error == "access_denied":
        return _connect_again(
            "You declined access on Gumroad, so nothing was connected. You can try again "
            "whenever you like.",
            status=403,
        )
    if error:
        return _page(400, "Gumroad was not connected",
                     f"Gumroad answered: {request.GET.get('error_description') or error}")  # fmt: skip
    state = request.GET.get("state", "")
    if not isinstance(pending, dict) or not state or not secrets.compare_digest(
        str(pending.get("state", "")), state
    ):
        return _connect_again(
            "The sign-in could not be matched to this browser session (missing or mismatched "
            "state). Nothing was connected; start again."
        )
    if pending.get("user") != str(request.user.pk):
        return _page(400, "Wrong account", "Log in as the user who started connecting Gumroad.")
    code = request.GET.get("code")
    if not code:
        return _page(400, "Gumroad was not connected", "Gumroad sent no authorization code.")
    try:
        token = oauth.exchange_code_for_token(
            settings.client_id,
            settings.client_secret,
            code,
            _redirect_uri(request, settings),
            code_verifier=pending.get("verifier"),
            token_url=settings.endpoint("/oauth/token"),
        )
    except APIConnectionError:
        log.warning("could not reach Gumroad to exchange the code", exc_info=True)
        return _page(502, "Gumroad is unreachable", "Could not reach Gumroad; try again shortly.")
    except GumroadClientError as exc:
        log.warning("Gumroad refused the authorization code: %s", exc)
        return _connect_again(
            "Gumroad refused the authorization code (it was used already or has expired). "
            "Nothing was connected; start again."
        )
    fields = GumroadToken.fields_from(token)
    fields["seller_id"] = _seller_id(token, settings)
    GumroadToken.objects.using(settings.token_database).update_or_create(
        user_id=request.user.pk, defaults=fields
    )
    return HttpResponseRedirect(pending.get("next") or resolve_url(settings.connect_redirect))


def _seller_id(token: Token, settings: GumroadSettings) -> str:
    """The seller's Gumroad user id, to route pings to them; ``""`` if it cannot be read."""
    try:
        with GumroadClient(token=token, base_url=settings.api_base_url, max_retries=1) as client:
            return str(client.user.get().get("user_id") or "")
    except GumroadClientError:
        log.warning("connected, but could not read the seller's Gumroad user id", exc_info=True)
        return ""


@require_POST
@login_required
def disconnect(request: HttpRequest) -> HttpResponseBase:
    """Revoke the user's token at Gumroad and delete it (deleted even if revoking fails)."""
    settings = get_settings()
    store = DjangoTokenStore(request.user)
    with store.lock():
        token = store.load()
        try:
            if token:
                oauth.revoke_token(
                    settings.client_id,
                    settings.client_secret,
                    token["access_token"],
                    revoke_url=settings.endpoint("/oauth/revoke"),
                )
        except GumroadClientError:
            log.warning("revoking the Gumroad token of user %r failed", request.user.pk, exc_info=True)
        finally:
            store.delete()
    return HttpResponseRedirect(resolve_url(settings.disconnect_redirect))


@csrf_exempt
@require_POST
def ping(request: HttpRequest) -> HttpResponse:
    """Receive a ping: parse, skip redeliveries, optionally confirm, send ``ping_received``.

    Answers 400 for a body that is not a ping or that the API contradicts
    (Gumroad does not retry 4xx), 200 ``duplicate`` for an event already
    handled, and 500 when a receiver raises (Gumroad retries; the retry is
    handled again because the ``GumroadPing`` row was rolled back).
    """
    settings = get_settings()
    try:
        the_ping = parse_ping(request.body, request.META.get("CONTENT_TYPE"))
        key = str(the_ping.idempotency_key)
    except InvalidPingError as exc:
        return HttpResponse(f"invalid ping: {exc}", status=400, content_type="text/plain")
    if _count_duplicate(key):
        return HttpResponse("duplicate", content_type="text/plain")
    seller_id = the_ping.get_str("seller_id") or ""
    row = (
        GumroadToken.objects.using(settings.token_database).filter(seller_id=seller_id).first()
        if seller_id
        else None
    )
    user = row.user if row is not None else None
    confirmed: Mapping[str, Any] | None = None
    try:
        if settings.confirm_pings:
            # Outside the transaction below: a refresh here must commit on its own.
            confirmed = _confirm(user, the_ping)
    except (InvalidPingError, NotConnectedError) as exc:
        log.warning("refused a Gumroad ping %r: %s", the_ping, exc)
        return HttpResponse(f"refused: {exc}", status=400, content_type="text/plain")
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: only this insert may mean "duplicate"
                record = GumroadPing.objects.create(
                    key=key,
                    resource_name=the_ping.raw_resource_name or str(the_ping.resource_name or ""),
                    object_id=the_ping.sale_id or the_ping.subscription_id or "",
                    seller_id=seller_id,
                    retry_count=the_ping.retry_count or 0,
                )
        except IntegrityError:
            record = None  # another delivery of the same event got there first
        if record is not None:
            # A receiver that raises rolls the row back: the view answers 500 and
            # Gumroad's retry is handled again.
            ping_received.send(
                sender=GumroadPing, ping=the_ping, user=user, confirmed=confirmed, record=record
            )
    if record is None:
        _count_duplicate(key)
        return HttpResponse("duplicate", content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def _count_duplicate(key: str) -> bool:
    return GumroadPing.objects.filter(key=key).update(duplicates=F("duplicates") + 1) > 0


def _confirm(user: Any, the_ping: Ping) -> Mapping[str, Any]:
    if user is None:
        raise NotConnectedError("no connected user has this ping's seller_id")
    with client_for(user) as client:
        # PingMismatchError is an InvalidPingError: answered 400, never acted on.
        if the_ping.is_subscription_event:
            return confirm_subscription(client, the_ping)
        return confirm_sale(client, the_ping)
