"""Lists as CSV: the same page as the JSON answer, one row per item, the next page in a Link header."""

import csv
import io
import json
from types import SimpleNamespace

from django.http import HttpResponse
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.mediatypes import media_type_matches


class FormatIsAParameter(DefaultContentNegotiation):
    """Here ?format= is a documented parameter of the view, so DRF must not read it as a renderer
    override (it would answer 404 for a format no renderer has)."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)

    def select_renderer(self, request, renderers, format_suffix=None):
        # A CSV answer is not rendered by DRF: Accept: text/csv must not fail negotiation here.
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


class ListFormat(DefaultContentNegotiation):
    """A list's ?format= is its own parameter (json or csv), not DRF's renderer override; with
    format=csv the Accept header must allow text/csv (else 406), otherwise negotiation is as usual."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.query_params.get("format") == "csv":
            accepts = [a.split(";")[0].strip() for a in self.get_accept_list(request)]
            if any(media_type_matches("text/csv", accepted) for accepted in accepts):
                return renderers[0], "text/csv"
            raise NotAcceptable(available_renderers=renderers)
        return super().select_renderer(request, renderers, format_suffix)


def _cell(value: object) -> str:
    """Nested values flattened for a spreadsheet: references by name, lists joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("key") or json.dumps(value, ensure_ascii=False))
    if isinstance(value, list | tuple):
        return "; ".join(_cell(item) for item in value)
    return str(value)


def csv_response(items: list[dict], *, columns: list[str], next_url: str | None, filename: str) -> HttpResponse:
    """`items` (serialized list items) as CSV with these columns; a column "properties.x" reads the
    item's properties["x"]. A formula-looking cell is quoted with a leading apostrophe (CSV injection)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for item in items:
        row = []
        for column in columns:
            if column.startswith("properties."):
                value = (item.get("properties") or {}).get(column.removeprefix("properties."))
            else:
                value = item.get(column)
            text = _cell(value)
            row.append(f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text)
        writer.writerow(row)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    if next_url:
        response["Link"] = f'<{next_url}>; rel="next"'
    return response


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
