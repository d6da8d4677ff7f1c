"""Conditional requests: GETs answer 304 while the graph's version is unchanged (ETag, Last-Modified);
writes read If-Match."""

import functools
import hashlib
from collections.abc import Callable

from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from api.params import NoParams, validated
from kg import selectors
from kg.types import GraphState


def _etag(state: GraphState, request: Request) -> str:
    """Same graph version, same URL, same Accept: same bytes. Any write changes the version."""
    basis = "\x1f".join([state.version or "empty", request.get_full_path(), request.META.get("HTTP_ACCEPT", "")])
    return quote_etag(hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32])


def _not_modified(request: Request, etag: str, modified: int | None) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); weak comparison.
        tags = parse_etags(if_none_match)
        return "*" in tags or etag.removeprefix("W/") in {t.removeprefix("W/") for t in tags}
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return modified is not None and since is not None and modified <= since


def if_match(request: Request) -> str | None:
    """The version a write was read at (If-Match, quotes and W/ dropped); None for none or "*"."""
    value = request.headers.get("If-Match", "").strip()
    if not value or value == "*":
        return None
    return value.removeprefix("W/").strip('"')


def graph_conditional(params: type[Serializer] | None = None) -> Callable:
    """Wrap a GET handler whose answer depends only on the graph and the URL.

    Parameters are checked first (a bad request is a 400, never a 304), and the preconditions only
    once the target is found (RFC 9110 13.2.1): a 404, or the 301 of an alias or a merged-away key,
    stays what it is whatever If-None-Match ("*" included) or If-Modified-Since says. The version is
    read in the same transaction as the answer, so it can only be older than the body (the next
    request then gets a 200), never newer.
    """

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        @selectors.one_read  # the version and the answer in one read transaction
        def wrapper(self, request: Request, *args, **kwargs) -> Response:
            validated(params or NoParams, request, **kwargs)
            state = selectors.graph_state()
            etag = _etag(state, request)
            modified = int(state.updated_at.timestamp()) if state.updated_at else None
            headers = {"ETag": etag, "Cache-Control": "no-cache"}
            if modified is not None:
                headers["Last-Modified"] = http_date(modified)
            response = method(self, request, *args, **kwargs)
            if response.status_code == 200 and _not_modified(request, etag, modified):
                return Response(status=304, headers=headers)
            if response.status_code == 200:
                for name, value in headers.items():
                    response[name] = value
                patch_vary_headers(response, ["Accept"])
            return response

        return wrapper

    return decorate
