"""Turns an unreachable graph into a friendly 503 page (or the API's error body), never a traceback."""

from django.http import JsonResponse
from django.shortcuts import render

from kg.errors import GraphUnavailable

RETRY_AFTER_SECONDS = "10"


class GraphUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, GraphUnavailable):
            return None
        if request.path.startswith("/api/"):
            body = {"error": {"code": exception.code, "message": exception.message, "detail": None}}
            response = JsonResponse(body, status=503)
        else:
            response = render(request, "webui/unavailable.html", status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
