"""The public surface: every documented name importable, and __all__ exact."""

from __future__ import annotations

import importlib
import types

import gumroad

SEED_NAMES = {
    "GumroadClient", "GumroadClientError", "GumroadScope", "QueryTable", "encode_query",
    "ConfigurationError",
}
ERRORS = {
    "APIConnectionError", "APITimeoutError", "OAuthError", "ReauthorizationRequired", "APIError",
    "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError",
    "RateLimitError", "ServerError",
}


def test_all_matches_public_names():
    public = {
        name for name, value in vars(gumroad).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    exported_modules = {n for n in gumroad.__all__ if isinstance(getattr(gumroad, n), types.ModuleType)}
    assert public == set(gumroad.__all__) - exported_modules - {"__version__"}
    for name in gumroad.__all__:
        assert hasattr(gumroad, name), name


def test_seed_and_error_names_exported():
    assert SEED_NAMES | ERRORS <= set(gumroad.__all__)


def test_client_methods_of_the_seed():
    for name in ("get", "post", "put", "delete", "configure_oauth", "set_tokens",
                 "add_access_token", "request_json"):
        assert callable(getattr(gumroad.GumroadClient, name))
    for name in ("get_authorization_url", "exchange_code_for_token", "refresh_access_token",
                 "revoke_token", "generate_pkce_pair"):
        assert callable(getattr(gumroad.oauth, name))


def test_submodule_all_lists_exist():
    for module in ("gumroad.errors", "gumroad.oauth", "gumroad.tokens", "gumroad.client"):
        mod = importlib.import_module(module)
        for name in mod.__all__:
            assert hasattr(mod, name), f"{module}.{name}"


def test_version():
    assert gumroad.__version__.count(".") == 2
