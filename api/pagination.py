"""The API's list envelope over the shared keyset cursors (kg.cursors); a bad cursor is a 400."""

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from kg import cursors
from kg.cursors import BY_DOCUMENT_POSITION, BY_KEY, CURSOR_PATTERN, SORTED_BY_VALUE, encode_cursor
from kg.types import Page, Position

__all__ = ["BY_DOCUMENT_POSITION", "BY_KEY", "CURSOR_PATTERN", "SORTED_BY_VALUE", "decode_cursor", "encode_cursor"]


def decode_cursor(text: str, *, scope: str, shape: tuple[type, ...]) -> Position:
    """The position a cursor holds; any tampering, truncation or reuse elsewhere is a 400."""
    try:
        return cursors.decode_cursor(text, scope=scope, shape=shape)
    except cursors.InvalidCursor as exc:
        raise serializers.ValidationError("Invalid cursor: use the 'next' link of an earlier page.") from exc


def next_cursor(page: Page, *, scope: str) -> str | None:
    return encode_cursor(scope=scope, position=page.next) if page.next is not None else None


def page_body(request: Request, page: Page, *, scope: str, results: list) -> dict:
    """The list envelope: the items, and the cursor (and URL) of the next page when there is one."""
    cursor = next_cursor(page, scope=scope)
    next_url = replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None
    counted = {"count": page.count, "count_exact": page.count_exact} if page.count is not None else {}
    return {**counted, "results": results, "next": next_url, "cursor": cursor}
