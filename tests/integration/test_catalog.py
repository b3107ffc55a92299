"""Products and what hangs off them, through the SDK over loopback HTTP: every write round-trips."""

from __future__ import annotations

import re

import pytest

import gumroad

from .conftest import EBOOK, PSD, TSHIRT, product_id

pytestmark = pytest.mark.integration


def test_user_get_depends_on_scopes(make_client, fake):
    full = make_client().user.get()
    assert full["user_id"] == fake.seller.user_id
    assert full["email"] == fake.seller.email
    assert full["display_name"] == fake.seller.name  # view_profile is among the public scopes

    public = make_client(["view_public"]).user.get()
    assert public["user_id"] == fake.seller.user_id
    assert "email" not in public and "profile_url" not in public


def test_products_list_pages_and_get_by_id_and_permalink(client, fake):
    for n in range(9):  # 4 seeded + 9 = 13 products: two pages of the newest-first listing
        client.products.create(name=f"Extra {n}", price=100 + n)
    pages = list(client.products.list().pages())
    assert [len(p) for p in pages] == [10, 3]
    listed = [item["id"] for page in pages for item in page]
    assert len(set(listed)) == 13
    assert listed == [p.id for p in fake.seller.live_products()]
    assert fake.count("GET", "/v2/products") == 2

    psd = product_id(fake, PSD)
    by_id = client.products.get(psd)
    assert by_id["name"] == PSD and by_id["price"] == 1000
    permalink = fake.seller.products[psd].unique_permalink
    assert client.products.get(permalink)["id"] == psd

    resumed = client.products.list(page_key=pages[0].next_page_key)
    assert [p["id"] for p in resumed] == listed[10:]


def test_product_create_update_enable_disable_delete_round_trip(client):
    created = client.products.create(
        name="Field Notes",
        price=1500,
        description="<p>Notes</p>",
        tags=["paper", "notes"],
        customizable_price=True,
        max_purchase_count=50,
    )
    pid = created["id"]
    assert created["published"] is False  # a draft until enabled
    assert created["tags"] == ["paper", "notes"] and created["customizable_price"] is True

    updated = client.products.update(pid, name="Field Notes 2", price=1800, tags=["paper"])
    assert (updated["name"], updated["price"], updated["tags"]) == ("Field Notes 2", 1800, ["paper"])
    fetched = client.products.get(pid)
    assert (fetched["name"], fetched["price"], fetched["max_purchase_count"]) == ("Field Notes 2", 1800, 50)

    assert client.products.enable(pid)["published"] is True
    assert client.products.get(pid)["published"] is True
    assert client.products.disable(pid)["published"] is False
    assert client.products.get(pid)["published"] is False

    result = client.products.delete(pid)
    assert result == {"success": True, "message": "The product was deleted successfully."}
    with pytest.raises(gumroad.NotFoundError) as info:
        client.products.get(pid)
    assert info.value.message == "The product was not found."
    assert pid not in [p["id"] for p in client.products.list()]


def test_variant_categories_crud(client, fake):
    pid = product_id(fake, PSD)
    seeded = list(client.variant_categories.list(pid))
    assert [c["title"] for c in seeded] == ["Size"]

    created = client.variant_categories.create(pid, title="Color [main]")
    cid = created["id"]
    assert client.variant_categories.get(pid, cid) == {"id": cid, "title": "Color [main]"}
    assert client.variant_categories.update(pid, cid, title="Colour")["title"] == "Colour"
    assert client.variant_categories.get(pid, cid)["title"] == "Colour"
    assert [c["title"] for c in client.variant_categories.list(pid)] == ["Size", "Colour"]

    assert client.variant_categories.delete(pid, cid)["message"] == (
        "The variant_category was deleted successfully."
    )
    with pytest.raises(gumroad.NotFoundError, match=re.escape("The variant_category was not found.")):
        client.variant_categories.get(pid, cid)
    assert [c["title"] for c in client.variant_categories.list(pid)] == ["Size"]


def test_variants_crud(client, fake):
    pid = product_id(fake, PSD)
    cid = next(iter(client.variant_categories.list(pid)))["id"]
    assert [v["name"] for v in client.variants.list(pid, cid)] == ["Small", "Large"]

    created = client.variants.create(
        pid, cid, name="Huge", price_difference_cents=900, description="Very big", max_purchase_count=5
    )
    vid = created["id"]
    assert (created["name"], created["price_difference_cents"], created["max_purchase_count"]) == (
        "Huge",
        900,
        5,
    )
    assert client.variants.get(pid, cid, vid)["description"] == "Very big"

    updated = client.variants.update(pid, cid, vid, name="Giant", price_difference_cents=1200)
    assert (updated["name"], updated["price_difference_cents"], updated["description"]) == (
        "Giant",
        1200,
        "Very big",
    )
    assert client.variants.get(pid, cid, vid)["name"] == "Giant"
    assert [v["name"] for v in client.variants.list(pid, cid)] == ["Small", "Large", "Giant"]
    # The product shows the new option too.
    options = client.products.get(pid)["variants"][0]["options"]
    assert [o["name"] for o in options] == ["Small", "Large", "Giant"]

    assert client.variants.delete(pid, cid, vid)["message"] == "The variant was deleted successfully."
    with pytest.raises(gumroad.NotFoundError, match=re.escape("The variant was not found.")):
        client.variants.get(pid, cid, vid)
    with pytest.raises(gumroad.NotFoundError, match=re.escape("The variant_category was not found.")):
        list(client.variants.list(pid, "no-such-category"))


def test_offer_codes_crud(client, fake):
    psd, ebook = product_id(fake, PSD), product_id(fake, EBOOK)
    assert sorted(c["name"] for c in client.offer_codes.list(psd)) == ["LAUNCH", "SAVE2"]
    assert [c["name"] for c in client.offer_codes.list(ebook)] == ["LAUNCH"]  # universal

    cents = client.offer_codes.create(psd, name="TEN", amount_off=1000, max_purchase_count=3)
    assert (cents["amount_cents"], cents["universal"], cents["max_purchase_count"]) == (1000, False, 3)
    percent = client.offer_codes.create(
        ebook, name="HALF", amount_off=50, offer_type="percent", universal=True
    )
    assert (percent["percent_off"], percent["universal"]) == (50, True)
    assert "amount_cents" not in percent
    assert "HALF" in [c["name"] for c in client.offer_codes.list(psd)]  # universal: everywhere
    assert "TEN" not in [c["name"] for c in client.offer_codes.list(ebook)]

    assert client.offer_codes.get(psd, cents["id"])["name"] == "TEN"
    updated = client.offer_codes.update(psd, cents["id"], max_purchase_count=7, minimum_amount_cents=500)
    assert updated["max_purchase_count"] == 7
    assert client.offer_codes.get(psd, cents["id"])["max_purchase_count"] == 7

    assert client.offer_codes.delete(psd, cents["id"])["message"] == (
        "The offer_code was deleted successfully."
    )
    with pytest.raises(gumroad.NotFoundError, match=re.escape("The offer_code was not found.")):
        client.offer_codes.get(psd, cents["id"])
    assert "TEN" not in [c["name"] for c in client.offer_codes.list(psd)]


@pytest.mark.parametrize(
    "name",
    ["Shirt size [EU]", "Company name", "a[b][c]", "50% off + more", "x/y", "what? #1", "naïve ☃"],
)
def test_custom_fields_by_name(client, fake, name):
    pid = product_id(fake, TSHIRT)
    assert list(client.custom_fields.list(pid)) == []

    created = client.custom_fields.create(pid, name=name, required=True)
    assert (created["name"], created["required"]) == (name, True)
    assert [(f["name"], f["required"]) for f in client.custom_fields.list(pid)] == [(name, True)]

    assert client.custom_fields.update(pid, name, required=False)["required"] is False
    assert client.custom_fields.update(pid, name)["required"] is False  # no change without required
    assert [(f["name"], f["required"]) for f in client.custom_fields.list(pid)] == [(name, False)]
    assert client.products.get(pid)["custom_fields"] == [{"name": name, "required": False}]

    assert client.custom_fields.delete(pid, name)["message"] == ("The custom_field was deleted successfully.")
    assert list(client.custom_fields.list(pid)) == []
    with pytest.raises(gumroad.NotFoundError, match=re.escape("The custom_field was not found.")):
        client.custom_fields.update(pid, name, required=True)


def test_shared_custom_field_is_only_detached(client, fake):
    psd, ebook = product_id(fake, PSD), product_id(fake, EBOOK)
    assert [f["name"] for f in client.custom_fields.list(ebook)] == ["Company", "Role"]
    client.custom_fields.delete(psd, "Company")
    assert list(client.custom_fields.list(psd)) == []
    assert [f["name"] for f in client.custom_fields.list(ebook)] == ["Company", "Role"]


def test_skus_list(client, fake):
    skus = list(client.skus.list(product_id(fake, TSHIRT)))
    assert [s["name"] for s in skus] == ["S", "M", "L"]
    assert list(client.skus.list(product_id(fake, EBOOK))) == []
