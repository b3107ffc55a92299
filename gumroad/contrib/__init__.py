"""
gumroad.contrib
~~~~~~~~~~~~~~~

Optional front doors, each behind its own extra and never imported by
``import gumroad``:

- :mod:`gumroad.contrib.flask` (``pip install 'gumroad[flask]'``): connect
  sellers, keep their tokens, receive pings in a Flask app.
- :mod:`gumroad.contrib.django` (``pip install 'gumroad[django]'``): the same as
  a reusable Django app with a token model, row locks and a ping signal.
- :mod:`gumroad.contrib.redis` (``pip install 'gumroad[redis]'``):
  :class:`~gumroad.contrib.redis.RedisTokenStore`, one seller's token shared by
  app servers on many hosts.

This module imports none of them; it holds what they share.
"""

from __future__ import annotations

from ..errors import ConfigurationError

__all__ = ["NotConnectedError"]


class NotConnectedError(ConfigurationError):
    """This seller has not connected Gumroad (no stored token): send them through the login route."""
