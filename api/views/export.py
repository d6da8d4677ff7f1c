"""The whole graph with provenance as one streamed download: JSON (re-importable), CSV or GraphML."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from api import params as p
from api.conditional import graph_conditional
from api.docs import CONDITIONAL_HEADERS, READ_ERRORS, errors, not_modified
from api.formats import FormatIsAParameter
from api.params import validated
from kg import exchange


class ExportApi(APIView):
    content_negotiation_class = FormatIsAParameter

    @extend_schema(
        operation_id="graph_export",
        tags=["export"],
        summary="Everything: entities, documents with text, facts, claims, mentions, relations, redirects",
        description=(
            "JSON is the lossless form `manage.py kg_import` reads back: one object with a list per section, "
            "one record per line. CSV is one table with a `record` column and every property as JSON. "
            "GraphML has entities, documents, facts, claims and redirects as nodes."
        ),
        parameters=[p.ExportParams, *CONDITIONAL_HEADERS],
        responses={
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="kg-export version 1"),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="one row per record"),
            (200, "application/graphml+xml"): OpenApiResponse(OpenApiTypes.STR, description="GraphML"),
            **not_modified(),
            **errors(*READ_ERRORS),
        },
    )
    @graph_conditional(p.ExportParams)
    def get(self, request: Request) -> StreamingHttpResponse:
        data, _ = validated(p.ExportParams, request)
        fmt = data["format"]
        response = StreamingHttpResponse(
            exchange.graph_export(fmt=fmt), content_type=f"{exchange.MEDIA_TYPES[fmt]}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="kg-export.{fmt}"'
        return response
