"""Request body parsers that refuse oversize bodies (413) before reading them, and any text field
holding a control character (400, kg.text.control_character_problem: the rule the admin forms keep)."""

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

from kg.text import control_character_problem


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "input_too_large"
    default_detail = "The request body is too large."


class ControlCharacter(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "control_character"


def _refuse_controls(value, field: str = "") -> None:
    """Every string in a parsed body (nested lists and objects too), named by its path: aliases[2]."""
    if isinstance(value, str):
        problem = control_character_problem(field=field or "the body", value=value)
        if problem is not None:
            raise ControlCharacter(f"{problem}.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_controls(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_controls(item, f"{field}[{index}]")


def _refuse_form_controls(data) -> None:
    for key, values in data.lists():
        _refuse_controls(values[0] if len(values) == 1 else values, key)


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
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            # "[[[[…" nested deeper than Python's stack: malformed for us, not a server error.
            raise ParseError("JSON parse error - nested too deeply.") from exc
        _refuse_controls(data)
        return data


class LimitedMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_oversize(parser_context)
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_form_controls(parsed.data)  # the fields; an uploaded file is the pipeline's to read
        return parsed


class CheckedFormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse_form_controls(data)
        return data
