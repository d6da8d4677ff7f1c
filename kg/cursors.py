"""Opaque keyset cursors: the last row's sort values, tied to the list and ordering that made them.

The API and the pages read and write the same cursors, so a page's "next" link and the API's
`cursor` are interchangeable (a page's download link carries the page's cursor to the API).
"""

import base64
import binascii
import json
import math

from kg.types import Position

_VERSION = 1
# What base64url without padding can look like; whether it decodes to a position is checked after.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
_MAX_CURSOR_CHARS = 2000
_MAX_TEXT = 1000
# Beyond 2**53 a JSON number no longer round-trips exactly, and Neo4j integers stop at 2**63.
_MAX_NUMBER = 2**53

# A sort value may be text, a number or missing; the last element is always the unique key.
SORTED_BY_VALUE = (str | int | float, str)
BY_KEY = (str,)
BY_DOCUMENT_POSITION = (str, int, str)


class InvalidCursor(ValueError):
    """Tampered, truncated, or made by another list or ordering."""


def list_scope(kind: str, ordering: str) -> str:
    """The scope of an entity or document list's cursors: its kind (a label's plural slug or
    "documents") and its ordering, since a position means nothing under another ordering."""
    return f"{kind}:{ordering}"


def fact_evidence_scope(key: str) -> str:
    """The scope of one fact's evidence cursors (the fact's admin page and the API share them)."""
    return f"fact-evidence:{key}"


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
    """The position a cursor holds; InvalidCursor for any tampering, truncation or reuse elsewhere."""
    if len(text) > _MAX_CURSOR_CHARS:
        raise InvalidCursor(text[:20])
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        decoded = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidCursor(text[:20]) from exc
    if not isinstance(decoded, list) or len(decoded) != len(shape) + 2 or decoded[:2] != [_VERSION, scope]:
        raise InvalidCursor(text[:20])
    position = tuple(decoded[2:])
    for value, expected in zip(position, shape, strict=True):
        if not _valid_value(value) or (value is not None and not isinstance(value, expected)):
            raise InvalidCursor(text[:20])
    if not isinstance(position[-1], str):
        raise InvalidCursor(text[:20])
    return position
