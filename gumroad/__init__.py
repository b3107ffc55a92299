"""
gumroad
~~~~~~~

The Python SDK for the Gumroad API.

Usage::

    import gumroad

    client = gumroad.GumroadClient()        # reads GUMROAD_ACCESS_TOKEN
    name = client.get("user").json()["user"]["name"]
    for sale in client.sales.list(after="2024-01-01"):
        print(sale["id"], sale["price"])
"""

import logging

from . import oauth
from .__version__ import __version__
from ._params import QueryTable, encode_query
from .client import GumroadClient
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    GumroadClientError,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    RateLimitError,
    ReauthorizationRequired,
    ServerError,
)
from .oauth import GumroadScope
from .pagination import Page, Pager, PaginationCycleError
from .resources.licenses import verify_license
from .tokens import CallbackTokenStore, FileTokenStore, MemoryTokenStore, TokenStore

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CallbackTokenStore",
    "ConfigurationError",
    "FileTokenStore",
    "GumroadClient",
    "GumroadClientError",
    "GumroadScope",
    "MemoryTokenStore",
    "NotFoundError",
    "OAuthError",
    "Page",
    "Pager",
    "PaginationCycleError",
    "PermissionDeniedError",
    "QueryTable",
    "RateLimitError",
    "ReauthorizationRequired",
    "ServerError",
    "TokenStore",
    "__version__",
    "encode_query",
    "oauth",
    "verify_license",
]

logging.getLogger("gumroad").addHandler(logging.NullHandler())
