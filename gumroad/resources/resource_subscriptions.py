"""
gumroad.resources.resource_subscriptions
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Webhooks ("resource subscriptions"): Gumroad POSTs to *post_url* when a
``sale``, ``refund``, ``dispute``... happens. Needs ``view_sales``.

Usage::

    hook = client.resource_subscriptions.create("sale", "https://example.com/gumroad/ping")
    urls = [h["post_url"] for h in client.resource_subscriptions.list("sale")]
    client.resource_subscriptions.delete(hook["id"])
"""

from __future__ import annotations

import enum
from typing import Union, cast
from urllib.parse import urlsplit

from .._params import encode_bool
from ..pagination import Pager
from ..types import DeleteResult, ResourceSubscription
from ._base import Resource, form, path, unwrap

__all__ = ["RESOURCE_NAMES", "ResourceSubscriptionsResource"]

#: The events a subscription can name.
RESOURCE_NAMES = (
    "sale",
    "refund",
    "dispute",
    "dispute_won",
    "cancellation",
    "subscription_updated",
    "subscription_ended",
    "subscription_restarted",
)

#: A name from :data:`RESOURCE_NAMES`, or a ``str`` enum member such as
#: ``gumroad.webhooks.ResourceName.SALE``.
ResourceNameArg = Union[str, enum.Enum]


def resource_name_value(value: object) -> str:
    """The wire name of *value*, refusing names Gumroad does not know."""
    name = value.value if isinstance(value, enum.Enum) else value
    if not isinstance(name, str) or name not in RESOURCE_NAMES:
        raise ValueError(
            f"resource_name must be one of {', '.join(RESOURCE_NAMES)}; got {value!r}"
        )
    return name


class ResourceSubscriptionsResource(Resource):
    """``client.resource_subscriptions``: the seller's webhooks."""

    def list(
        self,
        resource_name: ResourceNameArg,
        *,
        current_oauth_application_only: bool | None = None,
    ) -> Pager[ResourceSubscription]:
        """The live subscriptions for one event name, across all of the seller's apps.

        :param current_oauth_application_only: only those of this token's app.
        """
        only = current_oauth_application_only
        params = {
            "resource_name": resource_name_value(resource_name),
            "current_oauth_application_only": (
                None if only is None else encode_bool(only, "current_oauth_application_only")
            ),
        }
        return self._pager("resource_subscriptions", "resource_subscriptions", params)

    def create(self, resource_name: ResourceNameArg, post_url: str) -> ResourceSubscription:
        """Subscribe *post_url* to an event (sent as ``PUT``, as the server wants).

        Duplicates are allowed. *post_url* must be a public ``http(s)`` URL.
        """
        scheme = host = None
        if isinstance(post_url, str):
            try:
                parts = urlsplit(post_url)
                scheme, host = parts.scheme, parts.hostname
            except ValueError:  # e.g. "http://[": an unparseable host
                pass
        if scheme not in ("http", "https") or not host:
            raise ValueError(f"post_url must be an absolute http(s) URL, got {post_url!r}")
        data = form({"resource_name": resource_name_value(resource_name), "post_url": post_url})
        body = self._call("PUT", "resource_subscriptions", data=data)
        return cast(ResourceSubscription, unwrap(body, "resource_subscription"))

    def delete(self, id: str) -> DeleteResult:
        """Delete a subscription (only those created by this token's app)."""
        return cast(DeleteResult, self._call("DELETE", path("resource_subscriptions", ("id", id))))
