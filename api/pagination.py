"""Opaque keyset cursors: the last row's sort values, tied to the list and ordering that made them."""

import base64
import binascii
import json
import math

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from kg.types import Page, Position

_VERSION = 1
# What base64url without padding can look like; whether it decodes to a position is checked after.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
_MAX_CURSOR_CHARS = 2000
_MAX_TEXT = 1000
# Beyond 2**53 a JSON number no longer round-trips exactly, and Neo4j integers stop at 2**63.
_MAX_NUMBER = 2**53


def encode_cursor(*, scope: str, position: Position) -> str:
    raw = json.dumps([_VERSION, scope, *position], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def _valid_value(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value) and abs(value) <= _MAX_NUMBER
    return isinstance(value, str) and len(value) <= _MAX_TEXT and "\x00" not in value


def decode_cursor(text: str, *, scope: str, shape: tuple[type, ...]) -> Position:
    """The position a cursor holds; any tampering, truncation or reuse elsewhere is a 400."""
    invalid = serializers.ValidationError("Invalid cursor: use the 'next' link of an earlier page.")
    if len(text) > _MAX_CURSOR_CHARS:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        decoded = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise invalid from exc
    if not isinstance(decoded, list) or len(decoded) != len(shape) + 2 or decoded[:2] != [_VERSION, scope]:
        raise invalid
    position = tuple(decoded[2:])
    for value, expected in zip(position, shape, strict=True):
        if not _valid_value(value) or (value is not None and not isinstance(value, expected)):
            raise invalid
    if not isinstance(position[-1], str):
        raise invalid
    return position


# A sort value may be text, a number or missing; the last element is always the unique key.
SORTED_BY_VALUE = (str | int | float, str)
BY_KEY = (str,)
BY_DOCUMENT_POSITION = (str, int, str)


def page_body(request: Request, page: Page, *, scope: str, results: list) -> dict:
    """The list envelope: the items, and the cursor (and URL) of the next page when there is one."""
    cursor = encode_cursor(scope=scope, position=page.next) if page.next is not None else None
    next_url = replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None
    return {"results": results, "next": next_url, "cursor": cursor}
