"""
gumroad._forms
~~~~~~~~~~~~~~

Decode ``application/x-www-form-urlencoded`` ping bodies the way Gumroad
builds them with HTTParty, and Rack reads them: bracketed keys nest, ``key[]``
collects a list, values stay strings. Also the body size limit and the charset
decoding that JSON bodies share.

Private: :mod:`gumroad.webhooks` is the public way in, and re-exports
:class:`InvalidPingError` from here, the lowest layer, so that no module needs
to import ``webhooks`` at import time.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

from .errors import GumroadClientError

__all__ = ["InvalidPingError", "body_bytes", "decode_text", "parse_form"]


class InvalidPingError(GumroadClientError, ValueError):
    """A ping that cannot be used: bad body or content type, too large or deep, or bad fields."""


def body_bytes(body: bytes | str, charset: str, max_bytes: int) -> bytes:
    """*body* as bytes, refusing more than *max_bytes* (checked before encoding a huge ``str``)."""
    if isinstance(body, str):
        if len(body) > max_bytes:
            raise _too_large(len(body), max_bytes)
        try:
            raw = body.encode(charset)
        except (LookupError, ValueError):
            raise InvalidPingError(f"the ping body cannot be encoded as {charset}") from None
    elif isinstance(body, (bytes, bytearray, memoryview)):
        raw = bytes(body)
    else:
        raise TypeError(f"body must be bytes or str, got {type(body).__name__}")
    if len(raw) > max_bytes:
        raise _too_large(len(raw), max_bytes)
    return raw


def _too_large(size: int, max_bytes: int) -> InvalidPingError:
    return InvalidPingError(
        f"the ping body is larger than the {max_bytes}-byte limit ({size}+ bytes); "
        "raise max_bytes if that is expected"
    )


def decode_text(raw: bytes, charset: str, what: str) -> str:
    """*raw* decoded as *charset*; the error names *what*, never the bytes."""
    try:
        return raw.decode(charset)
    except (LookupError, ValueError):
        raise InvalidPingError(f"{what} is not valid {charset}") from None


# A key is a name followed by any number of [segment]s; one pattern for bytes and one for text.
_KEY = r"([^\[\]]*)((?:\[[^\[\]]*\])*)"
_SEGMENT = r"\[([^\[\]]*)\]"
_KEY_BYTES, _SEGMENT_BYTES = re.compile(_KEY.encode()), re.compile(_SEGMENT.encode())
_KEY_TEXT, _SEGMENT_TEXT = re.compile(_KEY), re.compile(_SEGMENT)
_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_ENCODED_BRACKET = re.compile(r"%5[BbDd]")


def _unescape(raw: bytes, charset: str, what: str) -> str:
    """Form-decode one key or value: ``+`` is a space, ``%XX`` a byte."""
    if _BAD_ESCAPE.search(raw):
        raise InvalidPingError(f"{what} has a malformed %-escape")
    return decode_text(unquote_to_bytes(raw.replace(b"+", b" ")), charset, what)


def _unescape_brackets(segment: str) -> str:
    return _ENCODED_BRACKET.sub(lambda m: "[" if m.group(0)[2] in "Bb" else "]", segment)


def _split_key(raw_key: bytes, charset: str, raw_brackets: bool, index: int) -> list[str]:
    """Split a form key into its names; ``""`` stands for ``[]``.

    HTTParty (>= 0.18.1, what Gumroad runs) percent-encodes whole keys, so the
    structural brackets arrive as ``%5B``/``%5D`` and a bracket inside a name,
    which Gumroad encoded first, as ``%255B``. Decoded once, the structural
    brackets are literal and the name's are still ``%5B``: split, then decode
    those. Older senders leave the structural brackets literal on the wire
    (``card[visual]``), so when any key has them, split the raw key first and
    decode each name fully.
    """
    what = f"form key #{index}"
    if raw_brackets:
        match = _KEY_BYTES.fullmatch(raw_key)
        if match is None:
            raise InvalidPingError(f"{what} has unbalanced brackets")
        parts = [match.group(1), *_SEGMENT_BYTES.findall(match.group(2))]
        names = [_unescape(part, charset, what) for part in parts]
    else:
        key = _unescape(raw_key, charset, what)
        text_match = _KEY_TEXT.fullmatch(key)
        if text_match is None:
            raise InvalidPingError(f"{what} {key[:60]!r} has unbalanced brackets")
        names = [text_match.group(1), *_SEGMENT_TEXT.findall(text_match.group(2))]
        names = [_unescape_brackets(name) for name in names]
    if not names[0]:
        raise InvalidPingError(f"{what} has an empty name")
    return names


def parse_form(raw: bytes, charset: str, max_depth: int) -> dict[str, Any]:
    """Decode a non-empty form body into nested dicts and lists of strings.

    :raises InvalidPingError: for a field without ``=``, a bad ``%``-escape or
        charset, unbalanced brackets, keys of conflicting shapes, or a key that
        nests deeper than *max_depth*.
    """
    pairs = [pair for pair in raw.split(b"&") if pair]
    if not pairs:
        raise InvalidPingError("the form body has no fields")
    raw_brackets = any(b"[" in pair.partition(b"=")[0] for pair in pairs)
    root: dict[str, Any] = {}
    for index, pair in enumerate(pairs, 1):
        raw_key, equals, raw_value = pair.partition(b"=")
        if not equals:
            hint = " (is it JSON sent as a form?)" if raw.lstrip()[:1] in (b"{", b"[") else ""
            raise InvalidPingError(f"form field #{index} has no '='{hint}")
        names = _split_key(raw_key, charset, raw_brackets, index)
        full_key = names[0] + "".join(f"[{name}]" for name in names[1:])
        if len(names) > max_depth:
            raise InvalidPingError(
                f"form key {full_key[:80]!r} nests {len(names)} levels; the limit is {max_depth}"
            )
        value = _unescape(raw_value, charset, f"the value of form key {full_key[:80]!r}")
        _store(root, names[0], names[1:], value, full_key)
    _empty_lists(root)
    return root


def _store(target: dict[str, Any], name: str, rest: list[str], value: str, key: str) -> None:
    """Put *value* at ``name[rest...]`` under *target*, as Rack's nested params do."""
    while rest:
        if rest[0] == "":  # name[] ...
            items = target.setdefault(name, [])
            if not isinstance(items, list):
                raise _conflict(key)
            if len(rest) == 1:
                items.append(value)
                return
            if rest[1] == "":
                raise InvalidPingError(f"form key {key[:80]!r} nests a list in a list")
            # name[][field]: fill the last hash until a field repeats, then start another.
            last = items[-1] if items else None
            if not isinstance(last, dict) or _has_path(last, rest[1:]):
                last = {}
                items.append(last)
            target, name, rest = last, rest[1], rest[2:]
            continue
        child = target.setdefault(name, {})
        if not isinstance(child, dict):
            raise _conflict(key)
        target, name, rest = child, rest[0], rest[1:]
    if isinstance(target.get(name), (dict, list)):
        raise _conflict(key)
    target[name] = value  # a repeated plain key: the last one wins, as in Rack


def _has_path(target: dict[str, Any], names: list[str]) -> bool:
    """Whether ``names`` already holds a value in *target* (appending with ``[]`` never does)."""
    node: Any = target
    for name in names:
        if name == "" or not isinstance(node, dict) or name not in node:
            return False
        node = node[name]
    return True


def _conflict(key: str) -> InvalidPingError:
    return InvalidPingError(f"form key {key[:80]!r} conflicts with an earlier key of another shape")


def _empty_lists(node: dict[str, Any]) -> None:
    """``key[]=`` alone is how HTTParty sends an empty array."""
    for key, value in node.items():
        if value == [""]:
            node[key] = []
        elif isinstance(value, dict):
            _empty_lists(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _empty_lists(item)
