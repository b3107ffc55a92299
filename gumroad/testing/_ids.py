"""
gumroad.testing._ids
~~~~~~~~~~~~~~~~~~~~

Deterministic identifiers for the fake: external ids, license keys, page keys
and the microsecond clock values they are built from.

External ids look like Gumroad's (URL-safe base64 of 16 bytes, ending in
``==``) and always contain ``-`` or ``_`` besides the ``=``, so every test
exercises URL quoting. They are *reversible*: the numeric id is hidden inside, so looking up
sale number 73 512 of a 100k-sale account is arithmetic, not a scan.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import hashlib
import re

__all__ = [
    "IdCodec",
    "digest",
    "format_page_key",
    "from_us",
    "iso",
    "number",
    "parse_page_key",
    "to_us",
]

UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
_PAGE_KEY_TIME = re.compile(r"^(\d{14})(\d{0,9})$")
_LEADING_INT = re.compile(r"^\s*([+-]?\d+)")
_LICENSE = re.compile(r"^([0-9A-F]{8})-([0-9A-F]{8})-([0-9A-F]{8})-([0-9A-F]{8})$")


def digest(*parts: object, size: int = 16) -> bytes:
    """A stable hash of *parts* (``blake2b``), the root of all seeded randomness."""
    text = "\x1f".join(str(p) for p in parts).encode()
    return hashlib.blake2b(text, digest_size=size).digest()


@functools.lru_cache(maxsize=4096)
def _mask(namespace: str, kind: str, nonce: int) -> int:
    return int.from_bytes(digest(namespace, kind, "mask", nonce, size=7), "big")


def number(*parts: object) -> int:
    """A stable non-negative 64-bit integer derived from *parts*."""
    return int.from_bytes(digest(*parts, size=8), "big")


class IdCodec:
    """Encode and decode the external ids and license keys of one namespace.

    Each account has its own namespace, so two accounts built from the same
    seed still have distinct ids.
    """

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def encode(self, kind: str, num: int) -> str:
        """The external id of object *num* of *kind* (e.g. ``"sale"``)."""
        for nonce in range(256):
            body = (num ^ _mask(self.namespace, kind, nonce)).to_bytes(7, "big")
            tag = digest(self.namespace, kind, num, nonce, size=8)
            text = base64.urlsafe_b64encode(bytes([nonce]) + body + tag).decode()
            if "-" in text or "_" in text:
                return text
        raise AssertionError("unreachable: no nonce gave a '-' or '_'")  # pragma: no cover

    def decode(self, kind: str, text: object) -> int | None:
        """The number hidden in *text*, or ``None`` if it is not an id of *kind*."""
        if not isinstance(text, str) or len(text) != 24:
            return None
        try:
            raw = base64.urlsafe_b64decode(text.encode())
        except (binascii.Error, ValueError):
            return None
        if len(raw) != 16:
            return None
        num = int.from_bytes(raw[1:8], "big") ^ _mask(self.namespace, kind, raw[0])
        if self.encode(kind, num) != text:
            return None
        return num

    def license_key(self, num: int) -> str:
        """The license key generated for sale *num*: four groups of eight hex digits."""
        head = digest(self.namespace, "license", num, size=12)
        g1, g2, g3 = (int.from_bytes(head[i : i + 4], "big") for i in (0, 4, 8))
        mask = int.from_bytes(digest(self.namespace, "license-mask", g1, size=4), "big")
        return f"{g1:08X}-{g2:08X}-{g3:08X}-{(num ^ mask) & 0xFFFFFFFF:08X}"

    def license_number(self, key: str) -> int | None:
        """The sale number of a generated license *key*, or ``None``."""
        match = _LICENSE.match(key)
        if not match:
            return None
        g1 = int(match.group(1), 16)
        mask = int.from_bytes(digest(self.namespace, "license-mask", g1, size=4), "big")
        num = int(match.group(4), 16) ^ mask
        return num if self.license_key(num) == key else None


def to_us(moment: datetime.datetime) -> int:
    """Microseconds since the epoch (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(us: int) -> datetime.datetime:
    """The UTC datetime of *us* microseconds since the epoch."""
    return _EPOCH + datetime.timedelta(microseconds=us)


def iso(us: int) -> str:
    """ISO 8601 in UTC without fractions, as the API prints ``created_at``."""
    return from_us(us).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_page_key(created_us: int, num: int) -> str:
    """``"%Y%m%d%H%M%S%6N-<id>"``, the server's cursor format."""
    moment = from_us(created_us)
    return f"{moment:%Y%m%d%H%M%S}{moment.microsecond:06d}-{num}"


def parse_page_key(text: str) -> tuple[int, int] | None:
    """Decode a page key into ``(created_us, num)``; ``None`` if it is invalid.

    Like the server, the id part is read as Ruby's ``to_i`` would (leading
    digits), and an id of 0 or a missing id is invalid.
    """
    parts = text.split("-")
    if len(parts) < 2:
        return None
    id_match = _LEADING_INT.match(parts[1])
    num = int(id_match.group(1)) if id_match else 0
    time_match = _PAGE_KEY_TIME.match(parts[0])
    if num <= 0 or not time_match:
        return None
    fraction = (time_match.group(2) + "000000")[:6]
    try:
        moment = datetime.datetime.strptime(time_match.group(1), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return to_us(moment) + int(fraction), num
