"""Request body parsers that refuse oversize bodies (413) before reading them."""

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "input_too_large"
    default_detail = "The request body is too large."


def _refuse_oversize(parser_context: dict | None) -> None:
    request = (parser_context or {}).get("request")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        length = 0
    limit = settings.API_MAX_BODY_BYTES
    if length > limit:
        raise PayloadTooLarge(f"The request body is {length} bytes; the limit is {limit} bytes.")


class LimitedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_oversize(parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            # "[[[[…" nested deeper than Python's stack: malformed for us, not a server error.
            raise ParseError("JSON parse error - nested too deeply.") from exc


class LimitedMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_oversize(parser_context)
        return super().parse(stream, media_type, parser_context)
