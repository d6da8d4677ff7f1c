"""REST write endpoints for curators: decide, edit and state facts, create, edit and merge entities.

Token (or session) auth plus the curator's permission for each action; every write is recorded in
the audit log; conflicting writes answer 409 in the API's error shape.
"""

from dataclasses import asdict

from django.core.validators import RegexValidator
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import params as p
from api.conditional import graph_conditional, if_match
from api.docs import CONDITIONAL_HEADERS, CURATION_ERRORS, IF_MATCH_ERRORS, READ_ERRORS, errors, not_modified
from api.errors import error_body
from api.fields import NO_CONTROL_CHARACTERS, ControlCharactersRefused
from api.pagination import page_body
from api.params import validated
from api.parsers import LimitedJSONParser
from api.permissions import CuratorPermission
from api.serializers import entity_path
from curation import services
from curation.models import AuditEntry
from kg import rules, selectors
from kg.types import EvidenceInContext, FactReview
from kg.vocabulary import Label, RelType

TYPES = [t.kebab for t in RelType]
# Curators' writes answer in the same error shape as every other endpoint (api.docs.ERROR).
_ANSWERS = {**errors(*CURATION_ERRORS)}
# Writes that take If-Match add 412 for a stale one.
_IF_MATCH_ANSWERS = {**errors(*IF_MATCH_ERRORS)}
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="the ETag (`version`) from a read: 412 Precondition Failed when the target changed since",
)


class CurationApi(APIView):
    # Anonymous callers get 401 (DRF answers NotAuthenticated when no authenticator succeeded).
    permission_classes = [CuratorPermission]
    # JSON bodies only, as documented: a form field cannot say whether "{}" is an alias or a list.
    parser_classes = [LimitedJSONParser]
    required_permission = "curation.change_reviewedfact"


def fact_json(fact: FactReview) -> dict:
    """A fact with its strongest few claims in context; `evidence_count` says how many it has in all
    and `evidence_url` lists every one of them, a page at a time."""
    return {
        "key": fact.key,
        "type": RelType(fact.type).kebab,
        "subject": {"key": fact.subject.key, "label": fact.subject.label, "name": fact.subject.name},
        "object": {"key": fact.object.key, "label": fact.object.label, "name": fact.object.name},
        "status": fact.status,
        "decision": fact.decision,
        "curated": fact.curated,
        "confidence": fact.confidence,
        "version": fact.version,
        "evidence": [evidence_json(e) for e in fact.evidence],
        "evidence_count": fact.evidence_total,
        "evidence_url": reverse("api:fact-evidence", kwargs={"key": fact.key}),
        "withdrawn_sources": list(fact.withdrawn_sources),
        "new_evidence": list(fact.new_evidence),
    }


def evidence_json(e: EvidenceInContext) -> dict:
    return {
        "quote": e.quote,
        "before": e.before,
        "after": e.after,
        "start": e.start,
        "end": e.end,
        "document": e.document_key,
        "document_title": e.document_title,
        "language": e.language,
        "extractor": e.extractor,
        "confidence": e.confidence,
        "url": e.url or None,
    }


def audit_json(entry: AuditEntry) -> dict:
    return {
        "id": entry.pk,
        "action": entry.action,
        "target_kind": entry.target_kind,
        "target": entry.target_key,
        "user": entry.user.get_username() if entry.user else None,
        "at": entry.created_at.isoformat(),
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
        "reverts": entry.reverts_id,
        "group": entry.group or None,
    }


def _fact_response(key: str, entries: list[AuditEntry], status: int = 200, **extra) -> Response:
    fact = selectors.fact_review(key=key)
    body = {"fact": fact_json(fact), **extra, "audit": [audit_json(e) for e in entries]}
    headers = {"ETag": f'"{fact.version}"'}
    if status == 201:
        headers["Location"] = reverse("api:fact-detail", kwargs={"key": key})
    return Response(body, status=status, headers=headers)


class FactDetailApi(CurationApi):
    public_read = True

    @extend_schema(operation_id="fact_retrieve", responses={200: OpenApiTypes.OBJECT, **_ANSWERS})
    def get(self, request: Request, key: str) -> Response:
        validated(p.NoParams, request)
        fact = selectors.fact_review(key=key)
        return Response(fact_json(fact), headers={"ETag": f'"{fact.version}"'})


class FactEvidenceApi(CurationApi):
    public_read = True

    @extend_schema(
        operation_id="fact_evidence",
        parameters=[p.FactEvidenceParams],
        responses={200: OpenApiTypes.OBJECT, **_ANSWERS},
        description="Every claim of a fact, each in the text around its quote, in document order, a page at a "
        "time: follow `next` (or pass `cursor`) for the rest.",
    )
    def get(self, request: Request, key: str) -> Response:
        data, checker = validated(p.FactEvidenceParams, request, key=key)
        fact = selectors.fact_review(key=key, evidence_limit=0)
        page = selectors.fact_evidence(key=key, after=data["after"], limit=data["limit"])
        body = page_body(request, page, scope=checker.scope(data), results=[evidence_json(e) for e in page.items])
        return Response({"fact": fact.key, "count": fact.evidence_total, **body})


class FactDecisionApi(CurationApi):
    decision = "accepted"

    @extend_schema(
        operation_id="fact_accept",
        request=None,
        parameters=[IF_MATCH],
        responses={200: OpenApiTypes.OBJECT, **_IF_MATCH_ANSWERS},
    )
    def post(self, request: Request, key: str) -> Response:
        entry = services.fact_decide(
            user=request.user, key=key, decision=self.decision, expected_version=if_match(request)
        )
        return _fact_response(key, [entry])


# Its own operationId: two operations sharing one makes the schema (and `check --deploy`) warn.
@extend_schema_view(post=extend_schema(operation_id="fact_reject"))
class FactRejectApi(FactDecisionApi):
    decision = "rejected"


class FactEditIn(ControlCharactersRefused, serializers.Serializer):
    type = serializers.ChoiceField(choices=TYPES, required=False)
    subject = p.FreeText(max_length=300, required=False)
    object = p.FreeText(max_length=300, required=False)
    reverse = serializers.BooleanField(default=False, help_text="swap subject and object")


class FactEditApi(CurationApi):
    @extend_schema(
        operation_id="fact_edit",
        request=FactEditIn,
        parameters=[IF_MATCH],
        responses={201: OpenApiTypes.OBJECT, **_IF_MATCH_ANSWERS},
        description="The corrected fact is created as the curator's (accepted); the original is rejected.",
    )
    def post(self, request: Request, key: str) -> Response:
        body = FactEditIn(data=request.data)
        body.is_valid(raise_exception=True)
        rejected, created = services.fact_edit(
            user=request.user, key=key, expected_version=if_match(request), **body.validated_data
        )
        replaced = fact_json(selectors.fact_review(key=key))
        return _fact_response(created.target_key, [rejected, created], status=201, replaced=replaced)


_NO_CONTROLS = NO_CONTROL_CHARACTERS


def _text(max_length: int, **kwargs) -> p.StrictText:
    """A curator's text as given: a JSON string (0 is not an alias), untrimmed (what the graph's rules
    make of spaces is theirs to say), no control character, which the schema states as a pattern."""
    return p.StrictText(
        max_length=max_length, validators=[RegexValidator(_NO_CONTROLS, "No control characters.")], **kwargs
    )


class SourceIn(ControlCharactersRefused, serializers.Serializer):
    document = _text(300, required=False, help_text="a document's key, with `quote`")
    quote = _text(2000, required=False, help_text="words of the document's text")
    url = _text(2000, required=False, help_text="or a web page")
    arxiv_id = _text(200, required=False, help_text="or an arXiv id or arxiv.org URL")


class FactIn(ControlCharactersRefused, serializers.Serializer):
    # Entity keys, looked up as given: one naming nothing is a 404.
    subject = p.FreeText(max_length=300)
    type = serializers.ChoiceField(choices=TYPES)
    object = p.FreeText(max_length=300)
    source = SourceIn(required=False, help_text="the fact's evidence, checked before it is written")


class FactCreateApi(CurationApi):
    @extend_schema(operation_id="fact_create", request=FactIn, responses={201: OpenApiTypes.OBJECT, **_ANSWERS})
    def post(self, request: Request) -> Response:
        body = FactIn(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.fact_create(user=request.user, **body.validated_data)
        return _fact_response(entry.target_key, [entry], status=201)


def _entity_body(key: str) -> dict:
    entity = selectors.entity_get(key=key)
    return {"key": entity.key, "label": entity.label, "name": entity.name, "aliases": list(entity.aliases)}


def _alias() -> serializers.CharField:
    """An alias as given: one that is only spaces is dropped (kg.services cleans aliases), not refused."""
    return _text(200)


class EntityIn(ControlCharactersRefused, serializers.Serializer):
    label = serializers.ChoiceField(choices=[label.value for label in Label])
    name = _text(200)
    key = serializers.CharField(max_length=200, required=False)
    aliases = serializers.ListField(child=_alias(), required=False, max_length=200)


class EntityMatchOut(serializers.Serializer):
    requested = serializers.CharField(help_text="the key as asked")
    key = serializers.CharField()
    label = serializers.CharField()
    name = serializers.CharField()
    via = serializers.ChoiceField(
        choices=["key", "redirect", "alias"], help_text="the key itself, a merged-away key, an exact alias"
    )
    url = serializers.SerializerMethodField()

    def get_url(self, match) -> str:
        return entity_path(match.label, match.key)


class EntityLookupOut(serializers.Serializer):
    results = EntityMatchOut(many=True, help_text="the keys found, in the order asked")
    not_found = serializers.ListField(child=serializers.CharField(), help_text="the keys that name nothing")


class EntityCreateApi(CurationApi):
    """POST: a curator creates an entity. GET: anyone looks several keys up at once."""

    required_permission = "curation.add_curatedentity"
    public_read = True

    @extend_schema(
        operation_id="entities_lookup",
        tags=["entities"],
        summary="Several entities by key at once (aliases and merged keys resolved; unknown keys listed)",
        parameters=[p.EntityLookupParams, *CONDITIONAL_HEADERS],
        responses={200: EntityLookupOut, **not_modified(), **errors(*READ_ERRORS)},
        examples=[
            OpenApiExample(
                "two keys, one an alias, one unknown",
                value={
                    "results": [
                        {
                            "requested": "GPT3",
                            "key": "gpt-3",
                            "label": "Model",
                            "name": "GPT-3",
                            "via": "alias",
                            "url": "/api/v1/models/gpt-3",
                        }
                    ],
                    "not_found": ["no-such-model"],
                },
                response_only=True,
            )
        ],
    )
    @graph_conditional(p.EntityLookupParams)
    def get(self, request: Request) -> Response:
        data, _ = validated(p.EntityLookupParams, request)
        matches, missing = selectors.entities_lookup(keys=data["keys"])
        return Response(EntityLookupOut({"results": matches, "not_found": missing}).data)

    @extend_schema(operation_id="entity_create", request=EntityIn, responses={201: OpenApiTypes.OBJECT, **_ANSWERS})
    def post(self, request: Request) -> Response:
        body = EntityIn(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.entity_create(user=request.user, **body.validated_data)
        data = {"entity": _entity_body(entry.target_key), "audit": [audit_json(entry)]}
        return Response(data, status=201)


class EntityPatchIn(ControlCharactersRefused, serializers.Serializer):
    name = _text(200, required=False)
    aliases = serializers.ListField(child=_alias(), required=False, max_length=200, help_text="the curated aliases")


class EntityEditApi(CurationApi):
    required_permission = "curation.change_curatedentity"

    @extend_schema(operation_id="entity_edit", request=EntityPatchIn, responses={200: OpenApiTypes.OBJECT, **_ANSWERS})
    def patch(self, request: Request, key: str) -> Response:
        body = EntityPatchIn(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.entity_update(user=request.user, key=key, **body.validated_data)
        return Response({"entity": _entity_body(key), "audit": [audit_json(entry)]})


class MergeIn(ControlCharactersRefused, serializers.Serializer):
    # Keys and a version are looked up as given (untrimmed; one naming nothing is a 404, a stale plan a 409).
    survivor = p.FreeText(max_length=300)
    other = p.FreeText(max_length=300)
    dry_run = serializers.BooleanField(default=False, help_text="answer the plan only; nothing changes")
    plan = p.FreeText(
        max_length=40, required=False, help_text="a dry run's plan version: merge only while the plan is still that"
    )


class EntityMergeApi(CurationApi):
    required_permission = "curation.merge_curatedentity"

    @extend_schema(
        operation_id="entity_merge",
        request=MergeIn,
        responses={200: OpenApiTypes.OBJECT, **_ANSWERS},
        description=(
            "`other` folds into `survivor`; its key then redirects (301) to the survivor. With "
            '`"dry_run": true` the answer is the plan (aliases gained, facts re-keyed, folded into an '
            "existing fact or dropped as self-loops, redirects, documents) and nothing changes; passing "
            "its `version` as `plan` makes the merge refuse (409) if it would now differ. The audit "
            "entry's revert (`POST /api/v1/audit/<id>/revert`) undoes the merge."
        ),
    )
    def post(self, request: Request) -> Response:
        body = MergeIn(data=request.data)
        body.is_valid(raise_exception=True)
        survivor, other = body.validated_data["survivor"], body.validated_data["other"]
        if body.validated_data["dry_run"]:
            plan = services.entity_merge_plan(survivor=survivor, other=other)
            return Response({"dry_run": True, "plan": plan, "survivor": _entity_body(survivor)})
        expected = body.validated_data.get("plan")
        entry = services.entity_merge(user=request.user, survivor=survivor, other=other, expected_plan=expected)
        data = {
            "survivor": _entity_body(survivor),
            "redirect": {"from": other, "to": survivor},
            "facts": entry.after["facts"],
            "plan": entry.after["plan"],
            "audit": [audit_json(entry)],
        }
        return Response(data)


class AuditParams(serializers.Serializer):
    key = serializers.CharField(max_length=300, help_text="a fact or entity key")


class AuditListApi(CurationApi):
    required_permission = "curation.view_auditentry"

    @extend_schema(
        operation_id="audit_list",
        parameters=[AuditParams],
        responses={200: OpenApiTypes.OBJECT, **_ANSWERS},
    )
    def get(self, request: Request) -> Response:
        key = validated(AuditParams, request)[0]["key"]
        entries = services.audit_history(key=key)[:200]
        return Response({"key": key, "entries": [audit_json(e) for e in entries]})


class AuditRevertApi(CurationApi):
    @extend_schema(
        operation_id="audit_revert",
        request=None,
        responses={200: OpenApiTypes.OBJECT, **_ANSWERS},
        description=(
            "Undo an entry and every entry of its action (`group`: a bulk decision, an edit's two sides), "
            "or a merge from what it recorded; 409 when something changed the targets since."
        ),
    )
    def post(self, request: Request, entry_id: int) -> Response:
        entry = AuditEntry.objects.filter(pk=entry_id).first()
        if entry is None:
            return Response(error_body("not_found", "No such audit entry.", {"id": entry_id}), status=404)
        if not request.user.has_perm(services.revert_permission(entry)):
            self.permission_denied(request, message=CuratorPermission.message)
        reverts = services.audit_revert(user=request.user, entry_id=entry_id)
        return Response({"audit": [audit_json(e) for e in reverts]})


# --- attribute values under review ---------------------------------------------------------------


def _attribute_json(row: dict) -> dict:
    keys = ("key", "entity", "attribute", "value", "decision", "curated", "claims", "version")
    body = {k: row.get(k) for k in keys} | {k: row[k] for k in ("name", "label", "shown") if k in row}
    if "evidence" in row:
        body["evidence"] = [asdict(e) for e in row["evidence"]]
    return body


def _attribute_state(change) -> dict:
    state = dict(change.after or {}, key=change.target_key)
    state["version"] = rules.fact_version(change.after or {})
    return _attribute_json(state)


class AttributeQueueIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=["proposed", "accepted", "rejected"], required=False)
    entity = p.FreeText(max_length=300, required=False)
    document = p.FreeText(max_length=300, required=False)
    # Bounded: Neo4j's SKIP takes a 64-bit integer, and no queue is a million values long.
    offset = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)
    limit = serializers.IntegerField(min_value=1, max_value=200, default=50)


class AttributeQueueApi(CurationApi):
    @extend_schema(
        operation_id="attribute_values",
        parameters=[AttributeQueueIn],
        responses={200: OpenApiTypes.OBJECT, **_ANSWERS},
        description="Attribute values with their claims in context, most confident first: the review queue's "
        "attribute part. Each value's `key` (entity|attribute|value as JSON) is what accept, reject and edit take.",
    )
    def get(self, request: Request) -> Response:
        params = dict(validated(AttributeQueueIn, request)[0])
        skip, limit = params.pop("offset"), params.pop("limit")
        rows, total = selectors.attribute_values(filters=params, skip=skip, limit=limit)
        return Response({"total": total, "values": [_attribute_json(r) for r in rows]})


class AttributeDecisionApi(CurationApi):
    decision = "accepted"

    @extend_schema(
        operation_id="attribute_accept",
        request=None,
        parameters=[IF_MATCH],
        responses={200: OpenApiTypes.OBJECT, **_IF_MATCH_ANSWERS},
    )
    def post(self, request: Request, key: str) -> Response:
        entry = services.attribute_decide(
            user=request.user, key=key, decision=self.decision, expected_version=if_match(request)
        )
        body = {"value": _attribute_state(entry), "audit": [audit_json(entry)]}
        return Response(body, headers={"ETag": f'"{body["value"]["version"]}"'})


@extend_schema_view(post=extend_schema(operation_id="attribute_reject"))
class AttributeRejectApi(AttributeDecisionApi):
    decision = "rejected"


class AttributeEditIn(ControlCharactersRefused, serializers.Serializer):
    value = serializers.CharField(max_length=300, help_text="the right value (a number is stored as one)")


class AttributeEditApi(CurationApi):
    @extend_schema(
        operation_id="attribute_edit",
        request=AttributeEditIn,
        parameters=[IF_MATCH],
        responses={201: OpenApiTypes.OBJECT, **_IF_MATCH_ANSWERS},
        description="The curator's value is accepted (citing the sentence of the value it replaces); the "
        "original value is rejected. Reverting either audit entry reverts both.",
    )
    def post(self, request: Request, key: str) -> Response:
        body = AttributeEditIn(data=request.data)
        body.is_valid(raise_exception=True)
        rejected, created = services.attribute_edit(
            user=request.user, key=key, value=body.validated_data["value"], expected_version=if_match(request)
        )
        answer = {
            "value": _attribute_state(created),
            "replaced": _attribute_state(rejected),
            "audit": [audit_json(rejected), audit_json(created)],
        }
        return Response(answer, status=201)
