"""One error body for the whole API: {"error": {"code", "message", "detail"}}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.serializers import document_path
from ingest.pipeline.errors import IngestError, InputTooLarge
from ingest.submissions import DuplicateContent, NotCancellable, UnknownDocument
from kg.errors import Conflict, EntityNotFound, GraphError, GraphUnavailable, InvalidQuery, PreconditionFailed

RETRY_AFTER_SECONDS = 10

_GRAPH_STATUS = {
    GraphUnavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
    EntityNotFound: status.HTTP_404_NOT_FOUND,
    InvalidQuery: status.HTTP_400_BAD_REQUEST,
    Conflict: status.HTTP_409_CONFLICT,
    # A stale If-Match (RFC 9110 13.1.1): the client's version is not the resource's any more.
    PreconditionFailed: status.HTTP_412_PRECONDITION_FAILED,
}
_INGEST_STATUS = {
    InputTooLarge: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    DuplicateContent: status.HTTP_409_CONFLICT,
    NotCancellable: status.HTTP_409_CONFLICT,
    UnknownDocument: status.HTTP_404_NOT_FOUND,  # `supersedes` names a document there is not
}


def error_body(code: str, message: str, detail: object = None) -> dict:
    return {"error": {"code": code, "message": message, "detail": detail}}


def _drf_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    if isinstance(exc, exceptions.ValidationError):
        return "invalid_parameter"
    return getattr(exc, "default_code", "error")


def _ingest_status(exc: IngestError) -> int:
    """413 for a document over the limit (alone or among other problems), 409 for a job still running
    or a duplicate, 404 for a `supersedes` naming no document; otherwise 400."""
    codes = {exc.code, *(problem.code for problem in getattr(exc, "problems", ()))}
    if InputTooLarge.code in codes:
        return status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    if exc.code == "job_busy":
        return status.HTTP_409_CONFLICT
    return _INGEST_STATUS.get(type(exc), status.HTTP_400_BAD_REQUEST)


def _django_error(exc: Exception) -> Response | None:
    """Django refuses some requests while reading them; those are the client's errors too."""
    if isinstance(exc, RequestDataTooBig):
        return Response(error_body("input_too_large", "The request body is too large."), status=413)
    if isinstance(exc, SuspiciousOperation):
        return Response(error_body("bad_request", "The request was refused.", str(exc)), status=400)
    return None


def _ingest_detail(exc: IngestError) -> dict | None:
    if isinstance(exc, DuplicateContent):
        found = exc.duplicate
        return {
            "document": found.document_key,
            "document_url": document_path(found.document_key),
            "title": found.title,
            "job": found.submission_id,
        }
    return None


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, GraphError):
        code = _GRAPH_STATUS.get(type(exc), status.HTTP_503_SERVICE_UNAVAILABLE)
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if code == 503 else None
        return Response(error_body(exc.code, exc.message, exc.detail), status=code, headers=headers)
    if isinstance(exc, IngestError):
        detail = _ingest_detail(exc) or getattr(exc, "detail", None)
        return Response(error_body(exc.code, exc.message, detail), status=_ingest_status(exc))
    django_response = _django_error(exc)
    if django_response is not None:
        return django_response
    # Django's own 404 and 403 (get_object_or_404 ...) take the API's shape too.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.APIException):
        detail = response.data if isinstance(exc, exceptions.ValidationError) else None
        message = str(exc.detail) if not isinstance(exc, exceptions.ValidationError) else "Invalid parameters."
        response.data = error_body(_drf_code(exc), message, detail)
    return response


def server_error(request: HttpRequest) -> JsonResponse:
    """An /api/ request that failed unexpectedly (config.urls' handler500): the error shape, no detail;
    Django has logged the traceback already."""
    return JsonResponse(error_body("server_error", "The server failed to answer; try again later."), status=500)


@csrf_exempt  # a POST to a missing endpoint is a 404, not a CSRF failure page
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any /api/ URL no endpoint matches: the API's error shape, not the site's HTML 404 page."""
    return JsonResponse(error_body("not_found", "No such API endpoint.", {"path": request.path}), status=404)
