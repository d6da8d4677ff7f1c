"""REST views over the graph: validate, call one selector, serialize."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kg import selectors
from kg.api.serializers import LineageQuery, SearchQuery, entity_json, lineage_json
from kg.errors import EntityNotFound
from kg.vocabulary import Label

ERROR = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "detail": serializers.JSONField(allow_null=True),
            },
        )
    },
)
ERRORS = {
    400: OpenApiResponse(ERROR, description="Invalid parameters"),
    404: OpenApiResponse(ERROR, description="No such entity"),
    429: OpenApiResponse(ERROR, description="Throttled"),
    503: OpenApiResponse(ERROR, description="The graph database is unavailable"),
}


def _canonical_or_404(request: Request, *, label_slug: str, key: str, view_name: str) -> str:
    """Follow merges: a merged-away key answers with a permanent redirect to its survivor."""
    target = selectors.entity_redirect(key=key)
    if target is None:
        raise EntityNotFound(f"No entity with key '{key}'.", detail={"key": key})
    return reverse(view_name, kwargs={"label_slug": label_slug, "key": target})


class EntityDetailApi(APIView):
    @extend_schema(
        operation_id="entity_retrieve",
        responses={200: OpenApiTypes.OBJECT, 301: OpenApiResponse(description="Merged: see Location"), **ERRORS},
        parameters=[OpenApiParameter("unreviewed", bool, description="include unreviewed facts (default true)")],
    )
    def get(self, request: Request, label_slug: str, key: str) -> Response:
        label = Label.from_plural_slug(label_slug)
        include = request.query_params.get("unreviewed", "true").lower() not in ("0", "false", "no")
        try:
            entity = selectors.entity_get(key=key, include_unreviewed=include)
        except EntityNotFound:
            url = _canonical_or_404(request, label_slug=label_slug, key=key, view_name="api:entity-detail")
            return HttpResponsePermanentRedirect(url)
        if entity.label != label:
            return HttpResponsePermanentRedirect(
                reverse("api:entity-detail", kwargs={"label_slug": Label(entity.label).plural_slug, "key": key})
            )
        return Response(entity_json(entity))


class ModelLineageApi(APIView):
    @extend_schema(
        operation_id="model_lineage", parameters=[LineageQuery], responses={200: OpenApiTypes.OBJECT, **ERRORS}
    )
    def get(self, request: Request, key: str) -> Response:
        params = LineageQuery(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        lineage = selectors.model_lineage(
            key=key,
            direction=data["direction"],
            depth=data["depth"],
            types=data.get("types"),
            include_unreviewed=data["unreviewed"],
        )
        return Response(lineage_json(lineage))


class SearchApi(APIView):
    @extend_schema(operation_id="search", parameters=[SearchQuery], responses={200: OpenApiTypes.OBJECT, **ERRORS})
    def get(self, request: Request) -> Response:
        params = SearchQuery(data=request.query_params)
        params.is_valid(raise_exception=True)
        hits = selectors.entity_search(query=params.validated_data["q"], limit=params.validated_data["limit"])
        return Response(
            {
                "query": params.validated_data["q"],
                "results": [{"key": h.key, "label": h.label, "name": h.name, "aliases": list(h.aliases)} for h in hits],
            }
        )
