"""
gumroad.resources
~~~~~~~~~~~~~~~~~

One small module per API resource. Each builds a path and parameters and calls
the client's JSON helper; none knows HTTP details. :func:`attach` hangs them
off a client:

.. code-block:: text

    client.user  client.products  client.variant_categories  client.variants
    client.offer_codes  client.custom_fields  client.skus  client.subscribers
    client.sales  client.licenses  client.resource_subscriptions  client.payouts
    client.tax_forms  client.earnings
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .custom_fields import CustomFieldsResource
from .earnings import EarningsResource
from .licenses import LicensesResource, verify_license
from .offer_codes import OfferCodesResource
from .payouts import PayoutsResource
from .products import ProductsResource
from .resource_subscriptions import ResourceSubscriptionsResource
from .sales import SalesResource
from .skus import SkusResource
from .subscribers import SubscribersResource
from .tax_forms import TaxFormsResource
from .user import UserResource
from .variant_categories import VariantCategoriesResource
from .variants import VariantsResource

if TYPE_CHECKING:
    from ..client import GumroadClient

__all__ = [
    "CustomFieldsResource",
    "EarningsResource",
    "LicensesResource",
    "OfferCodesResource",
    "PayoutsResource",
    "ProductsResource",
    "ResourceSubscriptionsResource",
    "Resources",
    "SalesResource",
    "SkusResource",
    "SubscribersResource",
    "TaxFormsResource",
    "UserResource",
    "VariantCategoriesResource",
    "VariantsResource",
    "attach",
    "verify_license",
]


class Resources:
    """The resource attributes of a client, declared for type checkers.

    A class that inherits it (``class GumroadClient(OAuth2Session, Resources)``)
    gets typed ``client.sales`` and friends; :func:`attach` fills them in.
    """

    user: UserResource
    products: ProductsResource
    variant_categories: VariantCategoriesResource
    variants: VariantsResource
    offer_codes: OfferCodesResource
    custom_fields: CustomFieldsResource
    skus: SkusResource
    subscribers: SubscribersResource
    sales: SalesResource
    licenses: LicensesResource
    resource_subscriptions: ResourceSubscriptionsResource
    payouts: PayoutsResource
    tax_forms: TaxFormsResource
    earnings: EarningsResource


_ATTRIBUTES: dict[str, type] = {
    "user": UserResource,
    "products": ProductsResource,
    "variant_categories": VariantCategoriesResource,
    "variants": VariantsResource,
    "offer_codes": OfferCodesResource,
    "custom_fields": CustomFieldsResource,
    "skus": SkusResource,
    "subscribers": SubscribersResource,
    "sales": SalesResource,
    "licenses": LicensesResource,
    "resource_subscriptions": ResourceSubscriptionsResource,
    "payouts": PayoutsResource,
    "tax_forms": TaxFormsResource,
    "earnings": EarningsResource,
}


def attach(client: GumroadClient) -> None:
    """Hang every resource off *client* as an attribute (``client.sales``...)."""
    for name, cls in _ATTRIBUTES.items():
        setattr(client, name, cls(client))
