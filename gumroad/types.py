"""
gumroad.types
~~~~~~~~~~~~~

``TypedDict`` shapes of the objects the Gumroad API returns, so editors can
complete field names and ``mypy`` can check them.

Every class is ``total=False``: the server drops keys whose value is nil, many
keys appear only when relevant (subscriptions, shipping, licenses), and newer
servers add fields. A field typed ``Optional[...]`` is one the server has been
seen to send as ``null``; a field that is simply absent is not in the dict.
Unknown keys still arrive at run time; they are just not described here.

Money: ``Product.price``, ``Variant.price_difference_cents`` and
``OfferCode.amount_cents`` are minor units of the *product's* currency;
``Sale.price`` and ``Sale.gumroad_fee`` (and the same ping fields) are **USD
cents**; ``Payout.amount`` is a decimal string such as ``"150.00"``.

Pings have their own shapes (:class:`SalePing`, :class:`SubscriptionPing`),
and so does the ``purchase`` inside a license response
(:class:`LicensePurchase`): those differ from :class:`Sale` (for instance
``variants`` is a string and ``custom_fields`` a list there). The ping types
describe a ping after :meth:`gumroad.webhooks.Ping.as_sale_ping` or
:meth:`~gumroad.webhooks.Ping.as_subscription_ping` has turned the strings of
a form-encoded body into booleans and integers.
"""

# No ``from __future__ import annotations``: the annotations stay real objects,
# so ``typing.get_type_hints`` works on every class without module globals.
from typing import Any, TypedDict, Union

__all__ = [
    "BundleProduct",
    "BuyerPresentment",
    "CustomField",
    "DeleteResult",
    "Earnings",
    "LicenseImportedCustomer",
    "LicensePurchase",
    "LicenseResponse",
    "OAuthToken",
    "OfferCode",
    "Payout",
    "PingCard",
    "PlanTier",
    "Product",
    "ProductFile",
    "ProductVariantCategory",
    "ProductVariantOption",
    "RecurrencePrice",
    "RefundPolicy",
    "ResourceSubscription",
    "Sale",
    "SaleAffiliate",
    "SaleCard",
    "SaleOfferCode",
    "SalePing",
    "Sku",
    "Subscriber",
    "SubscriptionPing",
    "SubscriptionPlan",
    "TaxForm",
    "User",
    "Variant",
    "VariantCategory",
]


# --------------------------------------------------------------------------- account


class User(TypedDict, total=False):
    """The authenticated seller (``GET /user``); ``profile_url`` is the avatar image."""

    id: str  # numeric string
    user_id: str  # obfuscated base64 id
    name: str | None
    display_name: str | None
    bio: str | None
    twitter_handle: str | None
    currency_type: str
    url: str  # the profile page
    links: list[str] | None
    profile_url: str | None  # the avatar image, not the profile page
    email: str


# --------------------------------------------------------------------------- products


class RecurrencePrice(TypedDict, total=False):
    """Price of a membership tier for one recurrence (``"monthly"``, ``"yearly"``, ...)."""

    price_cents: int
    suggested_price_cents: int | None
    purchasing_power_parity_prices: dict[str, int]


class ProductVariantOption(TypedDict, total=False):
    """One option of a product's variant category, as embedded in :class:`Product`."""

    name: str
    price_difference: int  # minor units of the product currency
    is_pay_what_you_want: bool
    recurrence_prices: dict[str, RecurrencePrice] | None
    url: str | None  # always null
    rich_content: list[dict[str, Any]]


class ProductVariantCategory(TypedDict, total=False):
    """A variant category as embedded in :class:`Product` (``variants`` list item)."""

    title: str
    options: list[ProductVariantOption]


class ProductFile(TypedDict, total=False):
    """A file attached to a product; ``url`` is a short-lived signed URL."""

    id: str
    name: str
    size: int
    url: str
    filetype: str
    filegroup: str


class BundleProduct(TypedDict, total=False):
    """One product inside a bundle."""

    product_id: str
    variant_id: str | None
    quantity: int
    position: int


class RefundPolicy(TypedDict, total=False):
    """A product's refund policy (newer servers)."""

    refund_period: Union[int, str] | None
    title: str | None
    fine_print: str | None
    inherited: bool


# ``global`` is a Python keyword, so this one uses the functional syntax.
CustomField = TypedDict(
    "CustomField",
    {
        "id": str,
        "type": str,  # "text", "checkbox", "terms", ...
        "name": str,
        "required": bool,
        "global": bool,
        "collect_per_product": bool,
        "products": list[str],
    },
    total=False,
)
CustomField.__doc__ = """A checkout custom field; the API addresses it by ``name``."""


class Product(TypedDict, total=False):
    """A product (``GET /products/:id``); ``price`` is in the product currency's minor unit."""

    id: str
    name: str
    description: str  # HTML
    custom_permalink: str | None
    custom_receipt: str | None
    customizable_price: bool | None
    require_shipping: bool
    preview_url: str | None
    subscription_duration: str | None
    custom_summary: str | None
    custom_fields: list[CustomField]
    tags: list[str]
    thumbnail_url: str | None
    short_url: str
    url: str | None  # always null (deprecated)
    file_info: dict[str, Any]
    max_purchase_count: int | None
    price: int
    currency: str  # lowercase ISO code, e.g. "usd"
    formatted_price: str
    purchasing_power_parity_prices: dict[str, int]
    published: bool
    deleted: bool
    is_preorder: bool
    is_in_preorder_state: bool
    release_at: str | None
    is_tiered_membership: bool
    recurrences: list[str] | None
    variants: list[ProductVariantCategory]
    # with the view_sales scope; the documented sample sends strings
    sales_count: Union[int, str]
    sales_usd_cents: Union[int, str]
    custom_delivery_url: str | None
    # newer servers
    custom_html: str | None
    landing_url: str | None
    covers: list[dict[str, Any]]
    main_cover_id: str | None
    bundle_products: list[BundleProduct]
    rich_content: list[dict[str, Any]]
    has_same_rich_content_for_all_variants: bool
    files: list[ProductFile]
    refund_policy: RefundPolicy


class VariantCategory(TypedDict, total=False):
    """A variant category (``/products/:id/variant_categories``)."""

    id: str
    title: str


class Variant(TypedDict, total=False):
    """A variant inside a category; ``price_difference_cents`` is in the product currency."""

    id: str
    name: str
    description: str | None
    price_difference_cents: int | None
    max_purchase_count: int | None
    # membership tiers
    is_customizable_price: bool
    recurrence_price_values: dict[str, dict[str, Any]]
    rich_content: list[dict[str, Any]]


class OfferCode(TypedDict, total=False):
    """A discount code: ``name`` is the code; either ``amount_cents`` or ``percent_off`` is set."""

    id: str
    name: str
    max_purchase_count: int | None
    universal: bool
    times_used: int
    amount_cents: int
    percent_off: int
    minimum_amount_cents: int | None


class Sku(TypedDict, total=False):
    """A SKU, or a physical product's variant, from ``/products/:id/skus`` (loosely known)."""

    id: str
    name: str
    description: str | None
    price_difference_cents: int | None
    max_purchase_count: int | None
    custom_sku: str | None


# --------------------------------------------------------------------------- sales


class SaleCard(TypedDict, total=False):
    """The card used for a sale; ``bin`` and the expiry fields are always null (legacy)."""

    visual: str | None
    type: str | None
    bin: str | None
    expiry_month: int | None
    expiry_year: int | None


class SaleOfferCode(TypedDict, total=False):
    """The offer code applied to a sale."""

    code: str
    displayed_amount_off: str
    name: str


class SaleAffiliate(TypedDict, total=False):
    """The affiliate credited for a sale; ``amount`` is formatted (e.g. ``"$1.50"``)."""

    email: str
    amount: str


class BuyerPresentment(TypedDict, total=False):
    """Amounts in the buyer's local currency, only for sales charged in it (newer servers)."""

    currency: str
    price_cents: int
    tip_cents: int
    tax_cents: int
    shipping_cents: int
    total_cents: int
    fx_rate: Union[float, str]
    refunded_cents: int


class Sale(TypedDict, total=False):
    """A sale (``GET /sales/:id``); ``price`` and ``gumroad_fee`` are USD cents."""

    # identity and product
    id: str
    email: str
    seller_id: str
    timestamp: str  # "about 2 months ago"
    daystamp: str
    created_at: str  # ISO 8601
    product_name: str
    product_has_variants: bool
    product_id: str
    product_permalink: str
    # money
    price: int
    gumroad_fee: int
    subscription_duration: str | None
    formatted_display_price: str
    formatted_total_price: str
    currency_symbol: str
    amount_refundable_in_currency: str  # "8.50", no symbol
    currency: str
    # flags
    refunded: bool
    partially_refunded: bool
    chargedback: bool
    disputed: bool
    dispute_won: bool
    paid: bool
    is_product_physical: bool
    is_recurring_billing: bool
    can_contact: bool
    is_following: bool
    is_additional_contribution: bool
    discover_fee_charged: bool
    is_upgrade_purchase: bool
    is_more_like_this_recommended: bool
    is_gift_sender_purchase: bool
    is_gift_receiver_purchase: bool
    paypal_refund_expired: bool
    # buyer
    purchase_email: str
    giftee_email: str
    gifter_email: str
    full_name: str
    street_address: str
    city: str
    state: str
    zip_code: str
    country: str
    country_iso2: str
    purchaser_id: str  # numeric string
    referrer: str
    card: SaleCard
    # order content
    has_variants: bool
    variants: dict[str, str]  # category -> option
    variants_and_quantity: str
    has_custom_fields: bool
    custom_fields: dict[str, Any]  # name -> value (checkbox fields may be booleans)
    order_id: int
    quantity: int
    ppp: Any
    upsell: Any
    invoice_url: str
    # reviews
    product_rating: int | None
    reviews_count: int
    average_rating: float
    # subscriptions
    subscription_id: str
    cancelled: bool
    dead: bool
    ended: bool
    free_trial_ended: bool | None
    free_trial_ends_on: str | None
    recurring_charge: bool
    # preorders
    preorder_cancelled: bool
    is_preorder_authorization: bool
    is_in_preorder_state: bool
    # shipping
    shipped: bool
    tracking_url: str | None
    formatted_shipping_amount: str
    # discounts and affiliates
    offer_code: SaleOfferCode
    affiliate: SaleAffiliate
    discover_fee_percentage: float
    # licenses and SKUs
    license_key: str
    license_id: str
    license_disabled: bool
    license_uses: int
    is_multiseat_license: bool
    sku_id: str
    sku_external_id: str
    # local-currency sales (newer servers)
    buyer_presentment: BuyerPresentment


class Subscriber(TypedDict, total=False):
    """A membership subscription (``GET /subscribers/:id``).

    ``status`` is one of ``alive``, ``pending_cancellation``, ``pending_failure``,
    ``failed_payment``, ``fixed_subscription_period_ended`` or ``cancelled``.
    """

    id: str
    email: str
    product_id: str
    product_name: str
    user_id: str | None
    user_email: str | None
    purchase_ids: list[str]
    created_at: str
    user_requested_cancellation_at: str | None
    charge_occurrence_count: int | None
    recurrence: str
    cancelled_at: str | None
    ended_at: str | None
    failed_at: str | None
    free_trial_ends_at: str | None
    status: str
    license_key: str


# --------------------------------------------------------------------------- licenses


class LicensePurchase(TypedDict, total=False):
    """The ``purchase`` of a license response: a sale ping payload plus a few sale fields.

    Unlike :class:`Sale`, ``variants`` is a string such as ``"(Premium)"`` and
    ``custom_fields`` a list of ``"name: value"`` strings.
    """

    id: str
    created_at: str
    seller_id: str
    product_id: str
    product_name: str
    permalink: str
    product_permalink: str
    short_product_id: str
    email: str
    price: int  # USD cents
    gumroad_fee: int  # USD cents
    currency: str
    quantity: int
    discover_fee_charged: bool
    can_contact: bool
    referrer: str
    card: SaleCard
    order_number: int
    sale_id: str
    sale_timestamp: str
    full_name: str
    purchaser_id: str
    subscription_id: str
    url_params: dict[str, str]
    variants: str
    custom_fields: list[str]
    offer_code: SaleOfferCode
    test: bool
    is_recurring_charge: bool
    is_preorder_authorization: bool
    license_key: str
    is_multiseat_license: bool
    ip_country: str
    recurrence: str
    is_gift_receiver_purchase: bool
    refunded: bool
    disputed: bool
    dispute_won: bool
    chargebacked: bool
    subscription_ended_at: str | None
    subscription_cancelled_at: str | None
    subscription_failed_at: str | None
    sku_id: str


class LicenseImportedCustomer(TypedDict, total=False):
    """A customer imported by the seller, returned instead of ``purchase``."""

    id: str
    email: str
    purchase_email: str
    created_at: str
    timestamp: str
    link_name: str | None
    product_name: str | None
    price: int | None
    is_imported_customer: bool
    can_update: bool | None


class LicenseResponse(TypedDict, total=False):
    """Answer of ``/licenses/verify`` and the other license actions."""

    success: bool
    uses: int
    purchase: LicensePurchase
    imported_customer: LicenseImportedCustomer


# --------------------------------------------------------------------------- webhooks and pings


class ResourceSubscription(TypedDict, total=False):
    """A webhook registration (``/resource_subscriptions``)."""

    id: str
    resource_name: str
    post_url: str


class PingCard(TypedDict, total=False):
    """The ``card`` of a sale ping; ``bin`` and the expiry fields are always null."""

    visual: str | None
    type: str | None
    bin: str | None
    expiry_month: int | None
    expiry_year: int | None


class SalePing(TypedDict, total=False):
    """A ``sale``, ``refund``, ``dispute`` or ``dispute_won`` ping, booleans and integers coerced.

    Each custom field also arrives as a top-level key named after the field;
    those keys are not described here.
    """

    seller_id: str
    product_id: str
    product_name: str
    permalink: str  # deprecated
    product_permalink: str  # full URL
    short_product_id: str
    email: str
    price: int  # USD cents
    gumroad_fee: int  # USD cents
    currency: str  # product currency, lowercase
    quantity: int
    discover_fee_charged: bool
    can_contact: bool
    referrer: str | None
    card: PingCard
    order_number: int
    sale_id: str
    sale_timestamp: str
    is_gift_receiver_purchase: bool
    refunded: bool
    disputed: bool
    dispute_won: bool
    resource_name: str  # absent from test pings
    full_name: str
    purchaser_id: str
    subscription_id: str
    affiliate_credit_amount_cents: int
    url_params: dict[str, str]
    variants: dict[str, str]
    offer_code: str
    test: bool
    is_recurring_charge: bool
    is_preorder_authorization: bool
    shipping_information: dict[str, str]
    street_address: str
    city: str
    state: str
    zip_code: str
    country: str
    custom_fields: dict[str, Any]
    license_key: str
    is_multiseat_license: bool
    ip_country: str
    shipping_rate: int  # USD cents
    recurrence: str
    affiliate: str  # the affiliate's email
    gift_price: int
    gifter_email: str
    sku_id: str
    original_sku_id: str
    retry_count: int  # 1-3 on redeliveries


class PlanTier(TypedDict, total=False):
    """The membership tier of a :class:`SubscriptionPlan`."""

    id: str
    name: str


class SubscriptionPlan(TypedDict, total=False):
    """``old_plan`` / ``new_plan`` of a ``subscription_updated`` ping."""

    tier: PlanTier
    recurrence: str
    price_cents: int
    quantity: int


class SubscriptionPing(TypedDict, total=False):
    """A ``cancellation`` or ``subscription_*`` ping, booleans and integers coerced."""

    subscription_id: str
    product_id: str
    product_name: str
    user_id: str | None
    user_email: str
    purchase_ids: list[str]
    created_at: str
    charge_occurrence_count: int | None
    recurrence: str
    free_trial_ends_at: str | None
    resource_name: str
    custom_fields: dict[str, Any]
    license_key: str
    # cancellation
    cancelled: bool
    cancelled_at: str
    cancelled_by_admin: bool
    cancelled_by_buyer: bool
    cancelled_by_seller: bool
    cancelled_due_to_payment_failures: bool
    # subscription_ended
    ended_at: str
    ended_reason: str  # cancelled | failed_payment | fixed_subscription_period_ended
    # subscription_restarted
    restarted_at: str
    # subscription_updated
    type: str  # upgrade | downgrade
    effective_as_of: str | None
    old_plan: SubscriptionPlan
    new_plan: SubscriptionPlan
    retry_count: int  # 1-3 on redeliveries


# --------------------------------------------------------------------------- money


class Payout(TypedDict, total=False):
    """A payout; ``amount`` is a decimal string and ``id`` is null for the upcoming one."""

    id: str | None
    amount: str  # "150.00"
    currency: str  # "USD"
    status: str
    created_at: str
    processed_at: str | None
    payment_processor: str  # "stripe" | "paypal"
    bank_account_visual: str | None
    paypal_email: str | None
    # sale ids, with the view_sales scope
    sales: list[str]
    refunded_sales: list[str]
    disputed_sales: list[str]
    # newer servers (uncertain)
    amount_cents: int
    formatted_amount: str
    payout_period: str
    display_payout_period: str
    is_upcoming: bool
    transactions: list[dict[str, Any]]


class TaxForm(TypedDict, total=False):
    """A tax form available for download (``GET /tax_forms``)."""

    tax_year: int
    tax_form_type: str
    filed_at: str | None


class Earnings(TypedDict, total=False):
    """A year's earnings summary (``GET /earnings``), in USD cents."""

    success: bool
    year: int
    currency: str
    gross_cents: int
    fees_cents: int
    taxes_cents: int
    affiliate_credit_cents: int
    net_cents: int


# --------------------------------------------------------------------------- OAuth and generic


class OAuthToken(TypedDict, total=False):
    """A token-endpoint answer; Gumroad sends no ``expires_in`` (its tokens never expire)."""

    access_token: str
    token_type: str  # "Bearer"
    refresh_token: str
    scope: str  # space-separated
    created_at: int  # Unix time
    expires_in: int
    expires_at: float


class DeleteResult(TypedDict, total=False):
    """Answer of a DELETE: ``{"success": true, "message": "The ... was deleted successfully."}``."""

    success: bool
    message: str
