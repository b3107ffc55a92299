"""
gumroad.contrib._dance
~~~~~~~~~~~~~~~~~~~~~~

The OAuth dance of the web front doors, with no web framework in it. The Flask
extension and the Django views keep the pending dance in their session, read
the query string and render pages; what they decide is decided here, once:

- :func:`begin`: a fresh ``state`` and PKCE verifier to keep in the session,
  and the authorization URL to send the user to.
- :func:`finish`: check the callback against what :func:`begin` kept, exchange
  the code once; :class:`Connected`, or a :class:`Failure` page to show.
- :func:`disconnect`: revoke at Gumroad, and forget the token even if that fails.
- :class:`OAuthSettings`: the app's id, secret, scopes and endpoints, and the
  per-user client they make (Django's ``GumroadSettings`` extends it).

Private: not public API, and ``import gumroad`` does not load it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Union

from .. import oauth
from ..client import GumroadClient
from ..errors import APIConnectionError, GumroadClientError
from ..tokens import Token, TokenStore

__all__ = [
    "RETRY_LABEL", "SESSION_KEY", "Connected", "Failure", "OAuthSettings", "Outcome",
    "begin", "disconnect", "finish",
]

log = logging.getLogger("gumroad")

#: Where both front doors keep the pending dance in the session.
SESSION_KEY = "_gumroad_oauth"
#: The text of the link back to the login route on a :class:`Failure` with ``retry``.
RETRY_LABEL = "Connect Gumroad"
_NOT_CONNECTED = "Gumroad was not connected"


@dataclass(frozen=True)
class OAuthSettings:
    """Your Gumroad OAuth app and where Gumroad is, as the dance needs them."""

    client_id: str
    client_secret: str | None
    scopes: list[str]
    redirect_uri: str | None
    api_base_url: str | None
    oauth_base_url: str | None

    def endpoint(self, path: str) -> str | None:
        """``oauth_base_url`` + *path*, or ``None`` to use the SDK's default."""
        return self.oauth_base_url.rstrip("/") + path if self.oauth_base_url else None

    @property
    def token_url(self) -> str:
        """The token endpoint refreshes go to."""
        return oauth.token_endpoint(self.endpoint("/oauth/token"))

    def client(self, token_store: TokenStore) -> GumroadClient:
        """A client on *token_store* (one user's token) whose refreshes go to :attr:`token_url`."""
        return GumroadClient(
            client_id=self.client_id,
            client_secret=self.client_secret,
            token_store=token_store,
            base_url=self.api_base_url,
            auto_refresh_url=self.token_url,
        )


@dataclass(frozen=True)
class Failure:
    """Nothing was connected: show a page with *status*, *title* and *message*.

    *retry* asks for a link (labelled :data:`RETRY_LABEL`) back to the login route.
    """

    status: int
    title: str
    message: str
    retry: bool = False


@dataclass(frozen=True)
class Connected:
    """The code was exchanged: store *token* for *owner*, then go to *next_url* or your default."""

    token: Token
    owner: Any
    next_url: str | None


Outcome = Union[Connected, Failure]


def begin(
    settings: OAuthSettings,
    *,
    owner: object,
    redirect_uri: str,
    next_url: str | None,
    owner_field: str = "user",
) -> tuple[dict[str, Any], str]:
    """Start the dance for *owner* (the logged-in user's key).

    :param next_url: where to go after connecting; the caller has already
        checked it is local (the check is the framework's).
    :param owner_field: the pending dict's key for the owner (Flask's is ``"seller"``,
        as before, so that a dance begun before an upgrade still finishes).
    :returns: the pending dict to keep in the session under :data:`SESSION_KEY`,
        and the authorization URL to redirect to.
    """
    verifier, challenge = oauth.generate_pkce_pair()
    state = oauth.generate_state()
    pending = {"state": state, "verifier": verifier, owner_field: str(owner), "next": next_url}
    url = oauth.get_authorization_url(
        settings.client_id,
        redirect_uri,
        settings.scopes,
        state,
        code_challenge=challenge,
        authorize_url=settings.endpoint("/oauth/authorize"),
    )
    return pending, url


def finish(
    pending: object,
    query: Mapping[str, str],
    *,
    owner: Callable[[], object],
    settings: OAuthSettings,
    redirect_uri: Callable[[], str],
    owner_field: str = "user",
) -> Outcome:
    """Finish the dance from the callback's *query*.

    :param pending: what :func:`begin` returned, already taken out of the
        session (so a replayed callback, or a second tab, finds nothing).
    :param owner: returns the logged-in user's key (``None``: nobody).
    :param redirect_uri: returns the callback URL the code was issued for.
        Both are callables so that a callback refused earlier never runs them
        (*owner* runs once ``state`` matched, *redirect_uri* at the exchange).
    :param owner_field: as given to :func:`begin`.
    :returns: :class:`Connected`, or the :class:`Failure` page to show. Nothing
        was stored either way: storing the token is the caller's.
    """
    error = query.get("error")
    if error == "access_denied":
        return Failure(
            403,
            _NOT_CONNECTED,
            "You declined access on Gumroad, so nothing was connected. "
            "You can try again whenever you like.",
            retry=True,
        )
    if error:
        return Failure(400, _NOT_CONNECTED, f"Gumroad answered: {query.get('error_description') or error}")
    state = query.get("state", "")
    if not isinstance(pending, dict) or not state or not secrets.compare_digest(
        str(pending.get("state", "")).encode(), state.encode()  # bytes: any text compares
    ):
        return Failure(
            400,
            "This link has expired",
            "The sign-in could not be matched to this browser session (missing or "
            "mismatched state). Nothing was connected; start again.",
            retry=True,
        )
    who = owner()
    if who is None or str(who) != pending.get(owner_field):
        return Failure(400, "Wrong account", "Log in as the user who started connecting Gumroad.")
    code = query.get("code")
    if not code:
        return Failure(400, _NOT_CONNECTED, "Gumroad sent no authorization code.")
    try:
        token = oauth.exchange_code_for_token(
            settings.client_id,
            settings.client_secret,
            code,
            redirect_uri(),
            code_verifier=pending.get("verifier"),
            token_url=settings.endpoint("/oauth/token"),
        )
    except APIConnectionError:
        log.warning("could not reach Gumroad to exchange the code", exc_info=True)
        return Failure(502, "Gumroad is unreachable", "Could not reach Gumroad; try again shortly.")
    except GumroadClientError as exc:
        log.warning("Gumroad refused the authorization code: %s", exc)
        return Failure(
            400,
            _NOT_CONNECTED,
            "Gumroad refused the authorization code (it was used already or has "
            "expired). Nothing was connected; start again.",
            retry=True,
        )
    return Connected(token, who, pending.get("next"))


def disconnect(
    settings: OAuthSettings, store: TokenStore, delete: Callable[[], None], *, owner: str
) -> None:
    """Under the store's lock, revoke the stored token at Gumroad and call *delete*.

    *delete* runs even when revoking fails: the user asked to disconnect. The
    failure is logged (naming *owner*, e.g. ``"seller 'u1'"``), since Gumroad
    may still consider the token live.
    """
    with store.lock():
        token = store.load()
        try:
            if token and token.get("access_token"):
                oauth.revoke_token(
                    settings.client_id,
                    settings.client_secret,
                    token["access_token"],
                    revoke_url=settings.endpoint("/oauth/revoke"),
                )
        except GumroadClientError:
            log.warning("revoking the Gumroad token of %s failed", owner, exc_info=True)
        finally:
            delete()
