"""
gumroad.testing
~~~~~~~~~~~~~~~

A fake Gumroad for tests: one seeded, in-memory model of a seller that answers
exactly as the real server does (quirks included), served two ways:

- :class:`FakeGumroadServer`, real HTTP on ``127.0.0.1`` in a thread;
- :func:`gumroad.testing.responses_front.register`, a ``responses`` callback.

Usage::

    from gumroad.testing import FakeGumroadServer

    with FakeGumroadServer(sales=1_000) as server:
        server.fake.faults.inject(503, count=2)
        token = server.fake.issue_token(["view_sales"])
        ...

The pytest plugin (``gumroad.testing.pytest_plugin``, auto-loaded) adds the
fixtures ``gumroad_fake``, ``gumroad_server``, ``gumroad_token``,
``gumroad_client`` and ``gumroad_responses``. ``responses`` is imported only by
the ``responses`` front, so importing this package stays cheap.
"""

from ._account import FakeAccount
from ._http import FakeResponse
from ._oauth import PUBLIC_SCOPES, READ_SCOPES, AccessToken, Grant, OAuthApp
from .app import handle
from .faults import Fault, FaultInjector, LoggedRequest, RequestLog
from .model import DEFAULT_ANCHOR, DEFAULT_REDIRECT_URI, FakeGumroad
from .server import FakeGumroadServer

__all__ = [
    "DEFAULT_ANCHOR",
    "DEFAULT_REDIRECT_URI",
    "PUBLIC_SCOPES",
    "READ_SCOPES",
    "AccessToken",
    "FakeAccount",
    "FakeGumroad",
    "FakeGumroadServer",
    "FakeResponse",
    "Fault",
    "FaultInjector",
    "Grant",
    "LoggedRequest",
    "OAuthApp",
    "RequestLog",
    "handle",
]
