"""
gumroad.resources.subscribers
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Active subscribers of a membership product. Needs the ``view_sales`` scope.

Usage::

    for sub in client.subscribers.list(product_id):      # 100 per page
        print(sub["email"], sub["status"])
    buyer = client.subscribers.list(product_id, email="buyer@example.com").first()
    recurrence = client.subscribers.get(subscriber_id)["recurrence"]
"""

from __future__ import annotations

from typing import cast

from ..pagination import Pager
from ..types import Subscriber
from ._base import Resource, path, require_text, unwrap

__all__ = ["SubscribersResource"]


class SubscribersResource(Resource):
    """``client.subscribers``: subscriptions to the seller's products."""

    def list(
        self,
        product_id: str,
        *,
        email: str | None = None,
        page_key: str | None = None,
    ) -> Pager[Subscriber]:
        """Every active subscriber of the product, 100 per page.

        :param email: only the subscriber(s) with this email.
        :param page_key: resume from this key (a page's ``next_page_key``).
        """
        # Without paginated=true the server sends every subscriber in one answer.
        params = {
            "email": None if email is None else require_text(email, "email"),
            "paginated": "true",
        }
        endpoint = path("products", ("product_id", product_id), "subscribers")
        return self._pager(endpoint, "subscribers", params, page_key=page_key)

    def get(self, id: str) -> Subscriber:
        """One subscriber by id."""
        body = self._call("GET", path("subscribers", ("id", id)))
        return cast(Subscriber, unwrap(body, "subscriber"))
