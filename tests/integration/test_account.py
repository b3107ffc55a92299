"""Webhooks, payouts, tax forms and earnings over loopback HTTP."""

from __future__ import annotations

import re

import pytest

import gumroad
from gumroad.webhooks import ResourceName

pytestmark = pytest.mark.integration


def test_resource_subscriptions_create_list_delete(make_client, fake):
    client = make_client()
    created = client.resource_subscriptions.create("sale", "https://hooks.example.com/gumroad?x=1")
    assert (created["resource_name"], created["post_url"]) == (
        "sale",
        "https://hooks.example.com/gumroad?x=1",
    )
    # The server wants PUT for creation.
    assert fake.count("PUT", "/v2/resource_subscriptions") == 1 and fake.count("POST") == 0
    refund = client.resource_subscriptions.create(ResourceName.REFUND, "https://hooks.example.com/refunds")

    assert [s["id"] for s in client.resource_subscriptions.list("sale")] == [created["id"]]
    assert [s["id"] for s in client.resource_subscriptions.list(ResourceName.REFUND)] == [refund["id"]]

    # Another app of the same seller sees the seller's hooks but cannot delete them.
    other_app = fake.create_app("Other app")
    other = make_client(
        token=fake.issue_token(app=other_app),
        client_id=other_app.client_id,
        client_secret=other_app.client_secret,
    )
    assert [s["id"] for s in other.resource_subscriptions.list("sale")] == [created["id"]]
    assert list(other.resource_subscriptions.list("sale", current_oauth_application_only=True)) == []
    with pytest.raises(gumroad.NotFoundError, match=re.escape("The resource_subscription was not found.")):
        other.resource_subscriptions.delete(created["id"])

    deleted = client.resource_subscriptions.delete(created["id"])
    assert deleted["message"] == "The resource_subscription was deleted successfully."
    assert list(client.resource_subscriptions.list("sale")) == []
    with pytest.raises(gumroad.NotFoundError):
        client.resource_subscriptions.delete(created["id"])


def test_payouts_list_get_upcoming(client, make_client, fake):
    payouts = list(client.payouts.list())
    assert payouts[0]["id"] is None and payouts[0]["status"] == "payable"  # the upcoming one
    real = payouts[1:]
    assert [p["id"] for p in real] == [p.id for p in fake.seller.payouts]
    assert len({p["id"] for p in real}) == len(real) == 25
    assert fake.count("GET", "/v2/payouts") == 3  # 9 + upcoming, 10, 6

    without = [p["id"] for p in client.payouts.list(include_upcoming=False)]
    assert without == [p["id"] for p in real]

    after, before = real[10]["created_at"][:10], real[2]["created_at"][:10]
    window = [p["id"] for p in client.payouts.list(after=after, before=before, include_upcoming=False)]
    assert window == [p["id"] for p in real if after <= p["created_at"][:10] < before]

    one = client.payouts.get(real[3]["id"])
    assert one["id"] == real[3]["id"] and one["amount"] == real[3]["amount"]
    assert isinstance(one["sales"], list) and one["sales"]  # view_sales adds the sale ids
    assert set(one["sales"]) <= {s["id"] for s in client.sales.list()}

    upcoming = client.payouts.upcoming()
    assert upcoming["id"] is None and upcoming["status"] == "payable"

    # A token without view_sales gets no sale ids.
    assert "sales" not in make_client(["view_payouts"]).payouts.get(real[3]["id"])


def test_tax_forms_list_and_earnings(client, fake):
    forms = list(client.tax_forms.list())
    assert forms == [{"tax_year": 2024, "tax_form_type": "us_1099_k", "filed_at": "2025-01-31T00:00:00Z"}]
    assert list(client.tax_forms.list(year=2024)) == forms
    with pytest.raises(gumroad.NotFoundError, match=re.escape("Tax forms are not available for 2019.")):
        list(client.tax_forms.list(year=2019))

    earnings = client.earnings.get(year=2025)
    assert earnings["year"] == 2025 and earnings["currency"] == "usd"
    assert earnings["net_cents"] == earnings["gross_cents"] - earnings["fees_cents"] > 0
    assert "success" not in earnings
    assert client.earnings.get()["year"] == 2025
    with pytest.raises(gumroad.NotFoundError, match=re.escape("Earnings are not available for 2019.")):
        client.earnings.get(year=2019)


def test_tax_form_download_returns_the_pdf(client):
    """gumroad-api.md §3: GET /tax_forms/:year/:tax_form_type/download -> the PDF.

    FAILS: the fake has no such route (a Rails routing 404), so the SDK's
    ``tax_forms.download`` cannot be exercised end to end.
    """
    form = next(iter(client.tax_forms.list()))
    pdf = client.tax_forms.download(form["tax_year"], form["tax_form_type"])
    assert pdf.startswith(b"%PDF")


def test_tax_form_download_of_a_missing_form_is_not_found(client):
    with pytest.raises(gumroad.NotFoundError):
        client.tax_forms.download(2019, "us_1099_k")
