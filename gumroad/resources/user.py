"""
gumroad.resources.user
~~~~~~~~~~~~~~~~~~~~~~

The seller the token belongs to: ``GET /user``.

Usage::

    me = client.user.get()
    print(me["name"], me["url"])      # url is the profile page
    avatar = me.get("profile_url")    # the avatar image, despite its name
"""

from __future__ import annotations

from typing import cast

from ..types import User
from ._base import Resource, unwrap

__all__ = ["UserResource"]


class UserResource(Resource):
    """``client.user``: the authenticated seller."""

    def get(self) -> User:
        """Return the seller's profile.

        ``email`` and ``profile_url`` (the avatar) come only with a scope such
        as ``view_sales``, ``edit_products`` or ``view_profile``.
        """
        return cast(User, unwrap(self._call("GET", "user"), "user"))
