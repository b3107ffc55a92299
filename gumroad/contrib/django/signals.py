"""
gumroad.contrib.django.signals
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

:data:`ping_received`, sent once per Gumroad ping event.

Usage::

    from django.dispatch import receiver
    from gumroad.contrib.django.signals import ping_received

    @receiver(ping_received)
    def on_gumroad_ping(sender, ping, user, confirmed, record, **kwargs):
        if ping.resource_name == "sale" and confirmed is not None:
            fulfil(user, confirmed)          # the API's copy of the sale

Arguments: ``ping`` (:class:`gumroad.webhooks.Ping`), ``user`` (the connected
user whose ``GumroadToken.seller_id`` is the ping's ``seller_id``, or ``None``),
``confirmed`` (the API's copy of the sale or subscription when
``GUMROAD_CONFIRM_PINGS`` is on, else ``None``) and ``record`` (the
:class:`~gumroad.contrib.django.models.GumroadPing` row). Receivers run inside
the transaction that records the ping: if one raises, the row is rolled back,
the view answers 500, and Gumroad's retry is handled again.
"""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["ping_received"]

ping_received = Signal()
"""Sent with ``ping``, ``user``, ``confirmed`` and ``record`` for each new ping event."""
