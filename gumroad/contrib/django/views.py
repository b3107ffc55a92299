"""
gumroad.contrib.django.views
~~~~~~~~~~~~~~~~~~~~~~~~~~~~

The four steps: :func:`login` (GET), :func:`callback` (GET), :func:`disconnect`
(POST, CSRF-protected) and :func:`ping` (POST, CSRF-exempt: Gumroad cannot send
a token, and pings are unsigned, so confirm them before acting).
"""

from __future__ import annotations

import logging
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

from ...client import GumroadClient
from ...errors import GumroadClientError
from ...tokens import Token
from ...webhooks import Ping
from .. import NotConnectedError, _dance, _pings
from .._dance import SESSION_KEY
from .conf import GumroadSettings, get_settings
from .models import GumroadPing, GumroadToken
from .signals import ping_received
from .store import DjangoTokenStore, client_for

__all__ = ["callback", "disconnect", "login", "ping"]

log = logging.getLogger("gumroad")


def _page(status: int, title: str, message: str, link: tuple[str, str] | None = None) -> HttpResponse:
    extra = format_html('<p><a href="{}">{}</a></p>', *link) if link else ""
    html = format_html("<!doctype html><title>{0}</title><h1>{0}</h1><p>{1}</p>{2}", title, message, extra)
    return HttpResponse(html, status=status)


def _redirect_uri(request: HttpRequest, settings: GumroadSettings) -> str:
    return settings.redirect_uri or request.build_absolute_uri(reverse("gumroad:callback"))


@require_GET
@login_required
def login(request: HttpRequest) -> HttpResponseBase:
    """Start connecting: a fresh ``state`` and PKCE pair in the session, then off to Gumroad."""
    settings = get_settings()
    next_url = request.GET.get("next")
    if next_url and not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = None
    pending, url = _dance.begin(
        settings, owner=request.user.pk, redirect_uri=_redirect_uri(request, settings), next_url=next_url
    )
    request.session[SESSION_KEY] = pending
    return HttpResponseRedirect(url)


@require_GET
@login_required
def callback(request: HttpRequest) -> HttpResponseBase:
    """Check ``state``, exchange the code once, store the token, go on."""
    settings = get_settings()
    outcome = _dance.finish(
        request.session.pop(SESSION_KEY, None),  # first: a replayed callback finds nothing
        request.GET,
        owner=lambda: request.user.pk,
        settings=settings,
        redirect_uri=lambda: _redirect_uri(request, settings),
    )
    if isinstance(outcome, _dance.Failure):
        link = (reverse("gumroad:login"), _dance.RETRY_LABEL) if outcome.retry else None
        return _page(outcome.status, outcome.title, outcome.message, link)
    fields = GumroadToken.fields_from(outcome.token)
    fields["seller_id"] = _seller_id(outcome.token, settings)
    GumroadToken.objects.using(settings.token_database).update_or_create(
        user_id=request.user.pk, defaults=fields
    )
    return HttpResponseRedirect(outcome.next_url or resolve_url(settings.connect_redirect))


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
    _dance.disconnect(settings, store, store.delete, owner=f"user {request.user.pk!r}")
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
    desk = _Desk(get_settings())
    answer = _pings.receive(request.body, request.META.get("CONTENT_TYPE"), desk)
    return HttpResponse(answer.text, status=answer.status, content_type="text/plain")


class _Desk:
    """The ``GumroadPing`` table as the ping desk; ``ping_received`` delivers."""

    #: A receiver that raises answers 500, whatever it raises: the row rolls back, Gumroad retries.
    deliver_refusals: tuple[type[Exception], ...] = ()

    def __init__(self, settings: GumroadSettings) -> None:
        self.settings = settings
        self.user: Any = None

    def seen(self, key: str) -> bool:
        return _count_duplicate(key)

    def confirm(self, the_ping: Ping) -> Mapping[str, Any] | None:
        seller_id = the_ping.get_str("seller_id") or ""
        rows = GumroadToken.objects.using(self.settings.token_database)
        row = rows.filter(seller_id=seller_id).first() if seller_id else None
        self.user = row.user if row is not None else None
        if not self.settings.confirm_pings:
            return None
        # Before deliver()'s transaction: a refresh here must commit on its own.
        if self.user is None:
            raise NotConnectedError("no connected user has this ping's seller_id")
        return _pings.confirm(client_for(self.user), the_ping)

    def deliver(self, key: str, the_ping: Ping, confirmed: Mapping[str, Any] | None) -> bool:
        with transaction.atomic():
            try:
                with transaction.atomic():  # a savepoint: only this insert may mean "duplicate"
                    record = GumroadPing.objects.create(
                        key=key,
                        resource_name=the_ping.raw_resource_name or str(the_ping.resource_name or ""),
                        object_id=the_ping.sale_id or the_ping.subscription_id or "",
                        seller_id=the_ping.get_str("seller_id") or "",
                        retry_count=the_ping.retry_count or 0,
                    )
            except IntegrityError:
                record = None  # another delivery of the same event got there first
            if record is not None:
                # A receiver that raises rolls the row back: the view answers 500 and
                # Gumroad's retry is handled again.
                ping_received.send(
                    sender=GumroadPing, ping=the_ping, user=self.user, confirmed=confirmed, record=record
                )
        if record is None:
            _count_duplicate(key)
            return False
        return True

    def forget(self, key: str) -> None:
        """Nothing to undo: nothing is recorded before deliver(), whose transaction rolls back."""


def _count_duplicate(key: str) -> bool:
    return GumroadPing.objects.filter(key=key).update(duplicates=F("duplicates") + 1) > 0
