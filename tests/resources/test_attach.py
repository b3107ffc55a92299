"""gumroad.resources.attach: every resource hangs off the client under its API name."""

from __future__ import annotations

import typing

import gumroad.resources as resources
from gumroad.resources import Resources
from gumroad.resources._base import Resource


def test_every_declared_resource_is_attached(client):
    declared = typing.get_type_hints(Resources)
    assert set(declared) == {
        "user", "products", "variant_categories", "variants", "offer_codes", "custom_fields",
        "skus", "subscribers", "sales", "licenses", "resource_subscriptions", "payouts",
        "tax_forms", "earnings",
    }
    for name, cls in declared.items():
        attribute = getattr(client, name)
        assert type(attribute) is cls
        assert isinstance(attribute, Resource)
        assert attribute._client is client


def test_resources_are_named_in_all():
    for name in resources.__all__:
        assert hasattr(resources, name)


def test_repr_names_the_resource(client):
    assert repr(client.sales) == "<SalesResource>"
