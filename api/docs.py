"""OpenAPI pieces every endpoint shares: the error body, documented error responses, cache headers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorBody",
            {
                "code": serializers.CharField(help_text="machine-readable, stable"),
                "message": serializers.CharField(help_text="for people"),
                "detail": serializers.JSONField(allow_null=True, help_text="what was wrong, when known"),
            },
        )
    },
)

_ERROR_DESCRIPTIONS = {
    400: "Invalid parameters or body",
    401: "Authentication required (Authorization: Token <key>)",
    403: "The user lacks the curator permission",
    404: "No such resource",
    405: "Method not allowed",
    406: "No acceptable representation for the Accept header",
    409: "The write conflicts with the graph",
    412: "If-Match names a version the target no longer has: read it again",
    414: "The request line is longer than the API answers (API_MAX_REQUEST_LINE)",
    413: "The request body or document is too large",
    415: "Unsupported Content-Type",
    429: "Throttled: see Retry-After",
    503: "The graph database is unavailable: see Retry-After",
}

# What every read may answer besides its success.
READ_ERRORS = (400, 404, 405, 406, 429, 503)
WRITE_ERRORS = (400, 401, 403, 405, 406, 413, 415, 429, 503)
# Curators' writes on facts, entities and the audit log: a missing target, a conflicting change.
CURATION_ERRORS = (400, 401, 403, 404, 405, 406, 409, 415, 429, 503)
# Writes that read If-Match answer 412 when it is stale.
IF_MATCH_ERRORS = (*CURATION_ERRORS, 412)


def _example(code: str, message: str, detail: object = None) -> OpenApiExample:
    return OpenApiExample(code, value={"error": {"code": code, "message": message, "detail": detail}})


# One example body per status, so a client sees the codes it will meet.
_ERROR_EXAMPLES = {
    400: [
        _example("invalid_parameter", "Invalid parameters.", {"keys": ["Unknown parameter; this endpoint takes: …"]})
    ],
    401: [_example("not_authenticated", "Authentication credentials were not provided.")],
    403: [_example("permission_denied", "This needs a curator's permission.")],
    404: [_example("not_found", "No entity with key 'gpt-9'.", {"key": "gpt-9"})],
    409: [
        _example(
            "conflict",
            "This lineage fact would make a model its own ancestor; reject or edit one of the facts in "
            "`detail.cycle` first.",
            {"key": "gpt-3|FINE_TUNES|chatgpt", "cycle": ["chatgpt|FINE_TUNES|instructgpt"]},
        )
    ],
    412: [
        _example(
            "precondition_failed",
            "The fact changed since it was read; reload and try again.",
            {"key": "alpaca|FINE_TUNES|llama", "version": "3f2a…", "expected": "9c1d…"},
        )
    ],
    414: [_example("uri_too_long", "The request line is too long.", {"length": 5021, "limit": 4094})],
    429: [_example("throttled", "Request was throttled. Expected available in 42 seconds.")],
    503: [_example("graph_unavailable", "The graph database is unavailable.")],
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {
        code: OpenApiResponse(ERROR, description=_ERROR_DESCRIPTIONS[code], examples=_ERROR_EXAMPLES.get(code, []))
        for code in codes
    }


def not_modified() -> dict[int, OpenApiResponse]:
    return {304: OpenApiResponse(description="Not modified since the ETag / Last-Modified the client sent")}


def moved(what: str) -> dict[int, OpenApiResponse]:
    return {
        301: OpenApiResponse(
            description=f"The key is an alias, a merged-away key or another label's: Location has the {what}"
        )
    }


CONDITIONAL_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="an ETag from an earlier answer: 304 while the graph is unchanged",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="an HTTP date: 304 when the graph has not changed since",
    ),
]

_HEADERS = {
    "Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait before retrying"},
    "RateLimit-Limit": {"schema": {"type": "integer"}, "description": "requests allowed in the window"},
    "RateLimit-Remaining": {"schema": {"type": "integer"}, "description": "requests left in the window"},
    "RateLimit-Reset": {"schema": {"type": "integer"}, "description": "seconds until one more is allowed"},
    "RateLimit-Policy": {"schema": {"type": "string"}, "description": "the limit and its window: 120;w=60"},
    "Link": {"schema": {"type": "string"}, "description": 'the next page: <URL>; rel="next" (absent on the last)'},
    "Location": {"schema": {"type": "string"}, "description": "where the resource is"},
    "ETag": {"schema": {"type": "string"}, "description": "send back as If-None-Match"},
    "Last-Modified": {"schema": {"type": "string"}, "description": "when the graph last changed"},
}
_HEADERS_BY_STATUS = {
    "429": ("Retry-After",),
    "503": ("Retry-After",),
    "301": ("Location",),
    "202": ("Location",),
    "304": ("ETag", "Last-Modified"),
}


_RATE_LIMIT = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy")


def add_response_headers(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: the headers the conventions promise, on every operation,
    and the 414 every operation may answer (api.middleware)."""
    too_long = {
        "description": _ERROR_DESCRIPTIONS[414],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for path_item in result.get("paths", {}).values():
        for operation in (op for op in path_item.values() if isinstance(op, dict) and "responses" in op):
            operation["responses"].setdefault("414", too_long)
            paged = any(p.get("name") == "cursor" for p in operation.get("parameters", []))
            for status_code, response in operation.get("responses", {}).items():
                names = _HEADERS_BY_STATUS.get(status_code, ())
                if status_code == "200" and "304" in operation["responses"]:
                    names = ("ETag", "Last-Modified")
                if status_code == "200" and paged:
                    names = (*names, "Link")
                # Every answer a throttle counted carries the RateLimit fields (absent when throttling is off).
                names = (*names, *_RATE_LIMIT)
                response.setdefault("headers", {}).update({n: _HEADERS[n] for n in names})
    return result
