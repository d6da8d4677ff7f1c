"""REST views over the graph's entities: validate, call one selector, serialize."""

from django.http import HttpResponsePermanentRedirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import params as p
from api.conditional import graph_conditional
from api.docs import CONDITIONAL_HEADERS, READ_ERRORS, errors, moved, not_modified
from api.formats import ListFormat, csv_response
from api.pagination import page_body
from api.params import validated
from api.serializers import (
    ClaimOut,
    ClaimPageOut,
    EntityOut,
    EntityPageOut,
    EntitySummaryOut,
    FactOut,
    FactPageOut,
    LineageOut,
    NeighbourhoodOut,
    PathOut,
    SearchOut,
    entity_path,
    lineage_body,
    neighbourhood_body,
)
from kg import selectors, types
from kg.errors import EntityNotFound
from kg.types import EntityLocation
from kg.vocabulary import ATTRIBUTES, Label

_READ = {**not_modified(), **errors(*READ_ERRORS)}
KEY = OpenApiParameter(
    "key",
    str,
    OpenApiParameter.PATH,
    description="an entity's key; an exact alias or a merged-away key answers 301",
    examples=[OpenApiExample("GPT-3", value="gpt-3")],
)
LABEL_SLUG = OpenApiParameter(
    "label_slug", str, OpenApiParameter.PATH, enum=[label.plural_slug for label in Label], description="the label"
)


def canonical_redirect(
    request: Request, *, key: str, label: Label | None, suffix: str = "", location: EntityLocation | None = None
) -> Response | None:
    """A 301 when `key` is an alias, a merged-away key or filed under another label; else None."""
    location = location or selectors.entity_locate(key=key)
    if location.key == key and (label is None or location.label == label):
        return None
    query = request.META.get("QUERY_STRING", "")
    url = entity_path(location.label, location.key) + suffix + (f"?{query}" if query else "")
    response = HttpResponsePermanentRedirect(url)
    response["Cache-Control"] = "no-cache"  # a merge can be reverted, an alias removed: clients ask again
    return response


def trimmed(items: list[dict], fields: list[str] | None) -> list[dict]:
    if not fields:
        return items
    keep = {"key", *fields}
    return [{name: value for name, value in item.items() if name in keep} for item in items]


class EntityDetailApi(APIView):
    @extend_schema(
        operation_id="entity_retrieve",
        tags=["entities"],
        summary="One entity with aliases, attributes (with sources) and relations",
        parameters=[LABEL_SLUG, KEY, p.UnreviewedParams, *CONDITIONAL_HEADERS],
        responses={200: EntityOut, **moved("canonical URL"), **_READ},
    )
    @graph_conditional(p.UnreviewedParams)
    def get(self, request: Request, label_slug: str, key: str) -> Response:
        data, _ = validated(p.UnreviewedParams, request)
        redirect = canonical_redirect(request, key=key, label=Label.from_plural_slug(label_slug))
        if redirect:
            return redirect
        entity = selectors.entity_get(key=key, include_unreviewed=data["unreviewed"])
        return Response(EntityOut(entity).data)


class EntityEvidenceApi(APIView):
    @extend_schema(
        operation_id="entity_evidence",
        tags=["provenance"],
        summary="Every statement about an entity: quotes, offsets, documents, confidence, status",
        parameters=[LABEL_SLUG, KEY, p.EvidenceParams, *CONDITIONAL_HEADERS],
        responses={200: ClaimPageOut, **moved("canonical evidence URL"), **_READ},
    )
    @graph_conditional(p.EvidenceParams)
    def get(self, request: Request, label_slug: str, key: str) -> Response:
        redirect = canonical_redirect(request, key=key, label=Label.from_plural_slug(label_slug), suffix="/evidence")
        if redirect:
            return redirect
        data, checker = validated(p.EvidenceParams, request, key=key)
        page = selectors.entity_evidence(key=key, status=data.get("status"), after=data["after"], limit=data["limit"])
        results = ClaimOut(page.items, many=True).data
        return Response(page_body(request, page, scope=checker.scope(data), results=results))


class EntityNeighbourhoodApi(APIView):
    @extend_schema(
        operation_id="entity_neighbourhood",
        tags=["entities"],
        summary="An entity and the entities around it (1 or 2 steps), with the typed, directed edges among them",
        description="What the graph explorer draws and expands in place. Each ring is capped (the best-connected "
        "entities are kept; `truncated` says when some were left out).",
        parameters=[LABEL_SLUG, KEY, p.NeighbourhoodParams, *CONDITIONAL_HEADERS],
        responses={200: NeighbourhoodOut, **moved("canonical neighbourhood URL"), **_READ},
    )
    @graph_conditional(p.NeighbourhoodParams)
    def get(self, request: Request, label_slug: str, key: str) -> Response:
        data, _ = validated(p.NeighbourhoodParams, request)
        redirect = canonical_redirect(
            request, key=key, label=Label.from_plural_slug(label_slug), suffix="/neighbourhood"
        )
        if redirect:
            return redirect
        reading = data["unreviewed"]
        if reading and "min_confidence" in data:
            reading = data["min_confidence"]
        hood = selectors.entity_neighbourhood(
            key=key, hops=data["hops"], types=data.get("type") or None, include_unreviewed=reading
        )
        return Response(neighbourhood_body(hood, hops=data["hops"]))


class ModelLineageApi(APIView):
    @extend_schema(
        operation_id="model_lineage",
        tags=["lineage"],
        summary="Ancestors and descendants of a model: nodes and typed edges, ready to draw",
        parameters=[KEY, p.LineageParams, *CONDITIONAL_HEADERS],
        responses={200: LineageOut, **moved("model's canonical lineage URL"), **_READ},
    )
    @graph_conditional(p.LineageParams)
    def get(self, request: Request, key: str) -> Response:
        data, _ = validated(p.LineageParams, request)
        try:
            # A model's own key, the usual case, needs no lookup before the lineage statement.
            lineage = selectors.model_lineage(
                key=key,
                direction=data["direction"],
                depth=data["depth"],
                types=data.get("types"),
                include_unreviewed=data["unreviewed"],
            )
        except EntityNotFound:
            location = selectors.entity_locate(key=key)  # 404 when the key names nothing at all
            if location.label != Label.MODEL:
                # Lineage is a model's: under /models/ any other entity is simply not there.
                raise EntityNotFound(
                    f"No model with key '{key}'.", detail={"key": key, "label": location.label}
                ) from None
            redirect = canonical_redirect(request, key=key, label=Label.MODEL, suffix="/lineage", location=location)
            if redirect:  # an alias or a merged-away key of a model
                return redirect
            raise
        return Response(lineage_body(lineage))


class PathApi(APIView):
    @extend_schema(
        operation_id="lineage_path",
        tags=["lineage"],
        summary="The shortest lineage path between two entities (edges followed either way)",
        parameters=[p.PathParams, *CONDITIONAL_HEADERS],
        responses={200: PathOut, **_READ},
    )
    @graph_conditional(p.PathParams)
    def get(self, request: Request) -> Response:
        data, _ = validated(p.PathParams, request)
        path = selectors.lineage_path(
            source=data["source"], target=data["to"], types=data.get("types"), include_unreviewed=data["unreviewed"]
        )
        return Response(PathOut({"length": len(path.edges), "nodes": path.nodes, "edges": path.edges}).data)


class SearchApi(APIView):
    @extend_schema(
        operation_id="search",
        tags=["entities"],
        summary="Names and aliases in every language and script, typo-tolerant, ranked",
        parameters=[p.SearchParams, *CONDITIONAL_HEADERS],
        responses={200: SearchOut, **_READ},
    )
    @graph_conditional(p.SearchParams)
    def get(self, request: Request) -> Response:
        data, _ = validated(p.SearchParams, request)
        labels = sorted(label.capitalize() for label in data.get("label", ()))
        hits = selectors.entity_search(query=data["q"], limit=data["limit"], labels=labels or None)
        return Response(SearchOut({"query": data["q"], "results": hits}).data)


class RelationListApi(APIView):
    @extend_schema(
        operation_id="relations_list",
        tags=["provenance"],
        summary="Facts (typed relations) with their evidence, by type, subject, object and status",
        parameters=[p.RelationListParams, *CONDITIONAL_HEADERS],
        responses={200: FactPageOut, **_READ},
    )
    @graph_conditional(p.RelationListParams)
    def get(self, request: Request) -> Response:
        data, checker = validated(p.RelationListParams, request)
        query = types.FactListQuery(
            limit=data["limit"],
            after=data["after"],
            type=data["type"].upper().replace("-", "_") if data.get("type") else None,
            subject=data.get("subject"),
            object=data.get("object"),
            status=data.get("status"),
            document=data.get("document"),
            include_unreviewed=data["unreviewed"],
        )
        page = selectors.fact_list(query=query)
        results = FactOut(page.items, many=True).data
        return Response(page_body(request, page, scope=checker.scope(data), results=results))


CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="?format=csv: the same page, one row per item; the next page in the Link header"
)


def list_columns(label: Label, fields: list[str] | None) -> list[str]:
    """A list's CSV columns: the item's fields, its label's attributes one column each."""
    names = ["key", *(f for f in p.ENTITY_FIELDS if f != "key" and (not fields or f in fields))]
    if label == Label.MODEL:
        names = [n for n in names if n != "models"]
    else:
        names = [n for n in names if n not in ("parents", "descendants")]
    at = names.index("properties") if "properties" in names else None
    if at is not None:
        names[at : at + 1] = [f"properties.{name}" for name in ATTRIBUTES[label]]
    return names


def list_answer(request: Request, page, *, data: dict, scope: str, results: list, columns: list[str], name: str):
    """The JSON envelope, or with ?format=csv the same page as CSV."""
    body = page_body(request, page, scope=scope, results=results)
    if data["format"] == "csv":
        return csv_response(results, columns=columns, next_url=body["next"], filename=name)
    return Response(body)


def entity_list_view(label: Label) -> type[APIView]:
    """One list endpoint per label, each documented with the filters that label has."""
    params = p.ENTITY_LIST_PARAMS[label]

    class EntityListApi(APIView):
        content_negotiation_class = ListFormat

        @extend_schema(
            operation_id=f"{label.plural_slug}_list",
            tags=["entities"],
            summary=f"{label.plural_slug.capitalize()}: filtered, ordered, cursor-paginated; JSON or CSV",
            parameters=[params, *CONDITIONAL_HEADERS],
            responses={(200, "application/json"): EntityPageOut, (200, "text/csv"): CSV_RESPONSE, **_READ},
        )
        @graph_conditional(params)
        def get(self, request: Request) -> Response:
            data, checker = validated(params, request)
            query = types.EntityListQuery(
                label=label.value,
                ordering=data["ordering"],
                limit=data["limit"],
                after=data["after"],
                prefix=data.get("q"),
                **{name: data[name] for name in types.ENTITY_LIST_FILTERS if name in data},
            )
            page = selectors.entity_list(query=query)
            results = trimmed(EntitySummaryOut(page.items, many=True).data, data.get("fields"))
            columns = list_columns(label, data.get("fields"))
            return list_answer(
                request,
                page,
                data=data,
                scope=checker.scope(data),
                results=results,
                columns=columns,
                name=label.plural_slug,
            )

    EntityListApi.__name__ = EntityListApi.__qualname__ = f"{label.value}ListApi"
    return EntityListApi
