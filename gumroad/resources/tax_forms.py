"""
gumroad.resources.tax_forms
~~~~~~~~~~~~~~~~~~~~~~~~~~~

Tax forms (1099s) Gumroad filed for the seller. Needs ``view_tax_data`` and
an account with the tax center enabled (else :class:`~gumroad.PermissionDeniedError`).

Usage::

    for form in client.tax_forms.list(year=2024):
        print(form["tax_form_type"], form["filed_at"])
        pdf = client.tax_forms.download(form["tax_year"], form["tax_form_type"])
"""

from __future__ import annotations

from ..pagination import Pager
from ..types import TaxForm
from ._base import Resource, path, require_int

__all__ = ["TaxFormsResource", "year_value"]


def year_value(year: object) -> str:
    """A tax year as the server reads it: four digits."""
    if isinstance(year, str) and year.isascii() and year.isdigit():
        number = int(year)
    else:
        number = require_int(year, "year")
    if not 1900 <= number <= 9999:
        raise ValueError(f"year must be a four-digit year, got {year!r}")
    return str(number)


class TaxFormsResource(Resource):
    """``client.tax_forms``: the seller's tax forms."""

    def list(self, *, year: int | None = None) -> Pager[TaxForm]:
        """The tax forms of *year* (the server's default year when omitted)."""
        params = {"year": None if year is None else year_value(year)}
        return self._pager("tax_forms", "tax_forms", params)

    def download(self, year: int, tax_form_type: str) -> bytes:
        """The PDF of one form, as bytes.

        :raises NotFoundError: no such form ("Tax form not found.").
        """
        endpoint = path(
            "tax_forms", ("year", year_value(year)), ("tax_form_type", tax_form_type), "download"
        )
        return self._download(endpoint)
