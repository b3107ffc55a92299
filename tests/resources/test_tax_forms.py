"""client.tax_forms: list by year, and download a PDF."""

from __future__ import annotations

import pytest

from gumroad import NotFoundError, PermissionDeniedError

from .conftest import API, not_found, query

FORM = {"tax_year": 2025, "tax_form_type": "us_1099_k", "filed_at": "2026-01-31T00:00:00Z"}


def test_list(client, rsps):
    rsps.get(f"{API}/tax_forms", json={"success": True, "tax_forms": [FORM]},
             match=[query(year="2025")])
    assert list(client.tax_forms.list(year=2025)) == [FORM]


def test_list_default_year(client, rsps):
    rsps.get(f"{API}/tax_forms", json={"success": True, "tax_forms": []}, match=[query()])
    assert list(client.tax_forms.list()) == []


@pytest.mark.parametrize("bad, error", [(25, ValueError), ("twenty", TypeError), (True, TypeError)])
def test_bad_year_refused_before_any_request(client, rsps, bad, error):
    with pytest.raises(error, match="year"):
        client.tax_forms.list(year=bad)
    assert len(rsps.calls) == 0


def test_list_not_found(client, rsps):
    rsps.get(f"{API}/tax_forms", status=404,
             json={"success": False, "message": "Tax forms are not available for 1999."})
    with pytest.raises(NotFoundError, match="not available for 1999"):
        list(client.tax_forms.list(year=1999))


def test_list_not_found_200(client, rsps):
    rsps.get(f"{API}/tax_forms", json=not_found("tax_form"), match=[query(year="2025")])
    with pytest.raises(NotFoundError, match="The tax_form was not found"):
        list(client.tax_forms.list(year=2025))


def test_tax_center_disabled_is_permission_denied(client, rsps):
    rsps.get(f"{API}/tax_forms", status=403,
             json={"success": False, "message": "Tax center is not enabled for this account."})
    with pytest.raises(PermissionDeniedError, match="Tax center is not enabled"):
        list(client.tax_forms.list(year=2025))


def test_download_returns_the_pdf_bytes(client, rsps):
    pdf = b"%PDF-1.7 ..."
    rsps.get(f"{API}/tax_forms/2025/us_1099_k/download", body=pdf,
             content_type="application/pdf", match=[query()])
    assert client.tax_forms.download(2025, "us_1099_k") == pdf


def test_download_not_found(client, rsps):
    rsps.get(f"{API}/tax_forms/2025/us_1099_k/download", status=404,
             json={"success": False, "message": "Tax form not found."})
    with pytest.raises(NotFoundError, match="Tax form not found"):
        client.tax_forms.download(2025, "us_1099_k")


def test_download_quotes_the_form_type(client, rsps):
    rsps.get(f"{API}/tax_forms/2025/a%2F..%2Fb/download", body=b"x")
    client.tax_forms.download(2025, "a/../b")
    assert rsps.calls[0].request.path_url.startswith("/v2/tax_forms/2025/a%2F..%2Fb/download")
