"""The TypedDicts of returned objects: importable, introspectable, all exported, all optional."""

from __future__ import annotations

import typing

import pytest

from gumroad import types

REQUIRED_NAMES = {
    "User", "Product", "VariantCategory", "Variant", "OfferCode", "CustomField", "Sku",
    "Sale", "Subscriber", "LicensePurchase", "LicenseResponse", "ResourceSubscription",
    "Payout", "TaxForm", "Earnings", "OAuthToken", "DeleteResult",
    "SaleCard", "SaleOfferCode", "SaleAffiliate", "BuyerPresentment", "ProductVariantCategory",
    "ProductVariantOption", "SalePing", "SubscriptionPing", "PingCard", "SubscriptionPlan",
}  # fmt: skip


def _typeddicts_defined_here() -> set[str]:
    return {
        name
        for name, value in vars(types).items()
        if not name.startswith("_") and typing.is_typeddict(value)
    }


def test_all_is_complete_and_sorted():
    assert set(types.__all__) == _typeddicts_defined_here()
    assert REQUIRED_NAMES <= set(types.__all__)
    assert types.__all__ == sorted(types.__all__)


@pytest.mark.parametrize("name", sorted(types.__all__))
def test_each_typeddict_is_introspectable(name):
    cls = getattr(types, name)
    assert typing.is_typeddict(cls)
    hints = typing.get_type_hints(cls)
    assert hints, name
    assert cls.__required_keys__ == frozenset()  # total=False: the server drops nil keys
    assert set(hints) == cls.__optional_keys__
    assert cls.__doc__ and "\n" not in cls.__doc__.strip().splitlines()[0]


def test_importable_by_name():
    from gumroad.types import (  # noqa: F401
        DeleteResult,
        LicenseResponse,
        OAuthToken,
        Sale,
        SalePing,
        SubscriptionPing,
    )


def test_selected_field_types():
    sale = typing.get_type_hints(types.Sale)
    assert sale["price"] is int
    assert sale["card"] is types.SaleCard
    assert sale["offer_code"] is types.SaleOfferCode
    assert sale["affiliate"] is types.SaleAffiliate
    assert sale["buyer_presentment"] is types.BuyerPresentment
    assert sale["variants"] == dict[str, str]
    assert sale["tracking_url"] == typing.Optional[str]

    license_purchase = typing.get_type_hints(types.LicensePurchase)
    assert license_purchase["variants"] is str  # not the Sales API's dict
    assert license_purchase["custom_fields"] == list[str]

    response = typing.get_type_hints(types.LicenseResponse)
    assert response["purchase"] is types.LicensePurchase
    assert response["imported_customer"] is types.LicenseImportedCustomer

    product = typing.get_type_hints(types.Product)
    assert product["variants"] == list[types.ProductVariantCategory]
    option = typing.get_type_hints(types.ProductVariantOption)
    assert option["recurrence_prices"] == typing.Optional[dict[str, types.RecurrencePrice]]

    assert typing.get_type_hints(types.CustomField)["global"] is bool
    assert typing.get_type_hints(types.Payout)["amount"] is str
    assert typing.get_type_hints(types.Payout)["id"] == typing.Optional[str]
    plan = typing.get_type_hints(types.SubscriptionPing)["old_plan"]
    assert typing.get_type_hints(plan)["tier"] is types.PlanTier

    token = typing.get_type_hints(types.OAuthToken)
    assert set(token) == {
        "access_token", "token_type", "refresh_token", "scope", "created_at",
        "expires_in", "expires_at",
    }  # fmt: skip
    assert set(typing.get_type_hints(types.DeleteResult)) == {"success", "message"}


def test_typeddicts_are_plain_dicts_at_run_time():
    sale: types.Sale = {"id": "x", "price": 100}
    assert sale == {"id": "x", "price": 100}
    assert types.Sale(id="x") == {"id": "x"}
