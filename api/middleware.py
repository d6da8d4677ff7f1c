"""The API's answers at the edge: request lines over its limit refused in its error shape before any
view runs; the RateLimit headers of the throttle that counted a request; a list page's Link header."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from api.errors import error_body


def request_line_bytes(request: HttpRequest) -> int:
    """The length of "METHOD target HTTP/1.1" as the client sent it. gunicorn passes the raw target as
    its bytes read as latin-1 (one character per byte: count them so); otherwise the path is text."""
    raw = request.META.get("RAW_URI")
    target = len(raw) if raw else len(request.get_full_path().encode("utf-8", "surrogateescape"))
    protocol = request.META.get("SERVER_PROTOCOL", "HTTP/1.1")
    return len(request.method or "") + target + len(protocol) + 2


class RequestLineLimitMiddleware:
    """An /api/ request line over API_MAX_REQUEST_LINE is a 414 in the JSON error shape.

    gunicorn.conf.py lets longer lines through to the app (up to gunicorn's own ceiling, 8190 bytes),
    so the app, not gunicorn's HTML page, answers the ones between the two limits.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            length, limit = request_line_bytes(request), settings.API_MAX_REQUEST_LINE
            if length > limit:
                body = error_body(
                    "uri_too_long",
                    "The request line is too long: send fewer or shorter parameters.",
                    {"length": length, "limit": limit},
                )
                return JsonResponse(body, status=414)
        return self.get_response(request)


class ResponseHeadersMiddleware:
    """Headers every /api/ answer shares, from what the throttles and the view left behind:
    `RateLimit-*` (api.throttling) and, for a JSON list page with a next one, `Link: <...>; rel="next"`
    (the body's `next`; CSV answers set their own)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith("/api/"):
            return response
        rate_limit = getattr(request, "rate_limit", None)
        if rate_limit is not None:
            for name, value in rate_limit.headers().items():
                response[name] = value
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("next"), str) and not response.has_header("Link"):
            response["Link"] = f'<{data["next"]}>; rel="next"'
        return response
