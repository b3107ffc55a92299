"""
gumroad.testing._paging
~~~~~~~~~~~~~~~~~~~~~~~

Parameter checks shared by the paginated routes (gumroad-api.md §4): dates,
page keys, and the ``next_page_key`` / relative ``next_page_url`` pair.
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlencode

from ._http import Abort, Ctx, error_400
from ._ids import format_page_key, parse_page_key, to_us

__all__ = ["date_param", "page_key_param", "page_links", "truthy"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DROP = {"access_token", "bearer_token", "page", "page_key"}


def date_param(ctx: Ctx, name: str) -> int | None:
    """``after``/``before`` as µs at midnight UTC; a bad value is a 400."""
    value = ctx.params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return to_us(datetime.datetime(day.year, day.month, day.day))
    raise Abort(error_400(f"Invalid date format provided in field '{name}'. "
                          "Dates must be in the format YYYY-MM-DD."))


def page_key_param(ctx: Ctx) -> tuple[int, int] | None:
    """The decoded ``page_key`` as ``(created_us, num)``, ``None`` when absent; else 400."""
    value = ctx.params.get("page_key")
    if value is None or value == "":
        return None
    parsed = parse_page_key(value) if isinstance(value, str) else None
    if parsed is None:
        raise Abort(error_400("Invalid page_key."))
    return parsed


def page_links(ctx: Ctx, created_us: int, num: int) -> dict[str, Any]:
    """``next_page_key`` and the relative ``next_page_url`` for the page after *num*.

    The URL keeps the caller's query minus ``access_token``, ``page`` and
    ``page_key``, with the keys sorted as Addressable rebuilds them.
    """
    key = format_page_key(created_us, num)
    kept = [(k, v) for k, v in ctx.query if k not in _DROP] + [("page_key", key)]
    kept.sort(key=lambda kv: kv[0])
    return {"next_page_key": key,
            "next_page_url": f"{ctx.prefix}{ctx.path}?{urlencode(kept)}"}


def truthy(value: object) -> bool:
    """ActiveModel's boolean cast: false for ``"0"``, ``"f"``, ``"false"``, ``"off"``..."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    return str(value).lower() not in ("0", "f", "false", "off")
