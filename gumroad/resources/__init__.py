"""
gumroad.resources
~~~~~~~~~~~~~~~~~

One small module per API resource. Each builds a path and parameters and calls
the client's JSON helper; none knows HTTP details.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..client import GumroadClient

__all__ = ["attach"]


def attach(client: GumroadClient) -> None:
    """Hang every resource off *client* as an attribute (``client.sales``...)."""
