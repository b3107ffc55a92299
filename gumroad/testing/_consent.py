"""
gumroad.testing._consent
~~~~~~~~~~~~~~~~~~~~~~~~

The HTML of the OAuth dance: the consent page (an "Authorize" form that POSTs
back and a "Deny" form that sends ``_method=delete``, as Doorkeeper's page
does), the error page, the native "here is your code" page and redirects.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ._http import FakeResponse, html_response

__all__ = ["SCOPE_TEXT", "code_page", "consent_page", "error_page", "redirect"]

SCOPE_TEXT = {
    "view_public": "See your public profile",
    "view_profile": "See your profile and products",
    "edit_products": "Create and edit your products, offer codes and licenses",
    "view_sales": "See your sales, subscribers and webhooks",
    "view_payouts": "See your payouts",
    "mark_sales_as_shipped": "Mark your sales as shipped",
    "refund_sales": "Refund your sales",
    "edit_sales": "Refund sales and resend receipts",
    "edit_emails": "Write and send emails to your audience",
    "edit_profile": "Edit your profile and pages",
    "view_tax_data": "See your tax forms and earnings",
    "account": "Full access to your account",
}
_CARRIED = ("client_id", "redirect_uri", "state", "response_type", "scope", "code_challenge",
            "code_challenge_method")
_STYLE = ("body{font-family:sans-serif;max-width:32rem;margin:3rem auto}"
          "form{display:inline-block;margin-right:1rem}")


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def _hidden(params: dict[str, Any]) -> str:
    return "".join(
        f'<input type="hidden" name="{name}" value="{escape(str(params[name]))}">'
        for name in _CARRIED if isinstance(params.get(name), str) and params[name])


def consent_page(app_name: str, user_name: str, scopes: tuple[str, ...],
                 params: dict[str, Any]) -> FakeResponse:
    """The "Authorize <app>?" page with Authorize and Deny buttons."""
    items = "".join(
        f'<li data-scope="{escape(s)}"><code>{escape(s)}</code>: '
        f"{escape(SCOPE_TEXT.get(s, s))}</li>" for s in scopes)
    hidden = _hidden(params)
    body = (
        f"<h1>Authorize {escape(app_name)}?</h1>\n"
        f"<p><strong>{escape(app_name)}</strong> would like to connect to the Gumroad account "
        f"of <strong>{escape(user_name)}</strong>. It asks to:</p>\n<ul>{items}</ul>\n"
        f'<form id="authorize" method="post" action="/oauth/authorize">{hidden}'
        '<button type="submit" name="commit" value="Authorize">Authorize</button></form>\n'
        f'<form id="deny" method="post" action="/oauth/authorize">'
        f'<input type="hidden" name="_method" value="delete">{hidden}'
        '<button type="submit" name="commit" value="Deny">Deny</button></form>')
    return html_response(200, _page(f"Authorize {app_name}", body))


def error_page(status: int, error: str, description: str) -> FakeResponse:
    """Doorkeeper's error page, for errors that cannot be redirected back."""
    body = (f'<h1>An error has occurred</h1>\n<p id="error" data-error="{escape(error)}">'
            f"{escape(description)}</p>")
    return html_response(status, _page("An error has occurred", body))


def code_page(code: str) -> FakeResponse:
    """The native-app page showing the authorization code (``urn:ietf:wg:oauth:2.0:oob``)."""
    body = f'<h1>Authorization code:</h1>\n<code id="authorization_code">{escape(code)}</code>'
    return html_response(200, _page("Authorization code", body))


def redirect(location: str) -> FakeResponse:
    """A 302 to *location*, with Rails' little body."""
    return html_response(302, f'<html><body>You are being <a href="{escape(location)}">'
                              "redirected</a>.</body></html>", [("Location", location)])
