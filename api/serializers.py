"""Response serializers: the dataclasses selectors return, as JSON, with the shapes the schema documents."""

from urllib.parse import quote

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kg.vocabulary import LINEAGE_KIND_CHOICES, Conflict, Label, RelType

# Every field is read-only output: the schema marks them required, which the bodies honour.
_NULL = {"allow_null": True}
_LABELS = frozenset(label.value for label in Label)


def entity_path(label: str, key: str) -> str:
    # Built by hand, not reverse(): a key with unusual characters must never turn into a 500.
    if label not in _LABELS:
        return f"/api/v1/search?q={quote(key, safe='')}"
    return f"/api/v1/{Label(label).plural_slug}/{quote(key, safe='')}"


def document_path(key: str) -> str:
    return f"/api/v1/documents/{quote(key, safe='')}"


def fact_path(key: str | None) -> str | None:
    return f"/api/v1/facts/{quote(key, safe='')}" if key else None


def kind_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=list(LINEAGE_KIND_CHOICES),
        allow_null=True,
        help_text="how a lineage child came from its parent, where the sources say it; successor, "
        "reimplementation and architecture do not start from the parent's weights, the others do",
    )


def conflict_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=[conflict.value for conflict in Conflict],
        allow_null=True,
        help_text="why the fact waits for review whatever its confidence (released-before-parent: "
        "the child's release date is before its parent's)",
    )


class RelTypeField(serializers.CharField):
    """Relation types leave the API in kebab case (fine-tunes), as the URLs spell them."""

    def to_representation(self, value: str) -> str:
        return RelType(value).kebab


@extend_schema_field({"type": "string", "example": "/api/v1/models/gpt-3"})
class EntityUrlField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(source="*", **kwargs)

    def to_representation(self, value) -> str:
        return entity_path(value.label, value.key)


@extend_schema_field({"type": "string", "example": "/api/v1/documents/file-000"})
class DocumentUrlField(EntityUrlField):
    def to_representation(self, value) -> str:
        return document_path(value.key)


class EntityRefOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    name = serializers.CharField()
    url = EntityUrlField()


class EvidenceOut(serializers.Serializer):
    quote = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    document = serializers.CharField(source="document_key", **_NULL)
    document_title = serializers.CharField()
    language = serializers.CharField()
    extractor = serializers.CharField()
    extractor_version = serializers.CharField()
    confidence = serializers.FloatField()
    url = serializers.CharField(
        allow_blank=True, help_text="a curator's source outside the documents (a web page, an arXiv paper); else empty"
    )


class RelationOut(serializers.Serializer):
    fact = serializers.CharField(source="fact_key")
    type = RelTypeField()
    subject = EntityRefOut()
    object = EntityRefOut()
    status = serializers.CharField()
    confidence = serializers.FloatField()
    kind = kind_field()
    conflict = conflict_field()
    evidence = EvidenceOut(many=True, help_text="the strongest few statements")
    evidence_count = serializers.IntegerField(help_text="every statement of it: /api/v1/facts/{fact}/evidence")


class AttributeOut(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.JSONField()
    status = serializers.CharField(**_NULL)
    evidence = EvidenceOut(**_NULL)


class DocumentRefOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField(source="name")
    url = DocumentUrlField()


class EntityOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    properties = serializers.DictField(child=serializers.JSONField(), help_text="current attribute values")
    attributes = AttributeOut(many=True, help_text="every stated attribute value with its source")
    relations = serializers.SerializerMethodField()
    documents = DocumentRefOut(many=True)
    url = EntityUrlField()

    @extend_schema_field(RelationOut(many=True))
    def get_relations(self, entity) -> list:
        return RelationOut([*entity.outgoing, *entity.incoming], many=True).data


class EntitySummaryOut(serializers.Serializer):
    """A list item; `?fields=` may leave any field out but `key`."""

    key = serializers.CharField()
    label = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    properties = serializers.DictField(child=serializers.JSONField(), required=False)
    organizations = EntityRefOut(
        many=True, required=False, help_text="who developed it (published it, for a paper); the first five"
    )
    parents = EntityRefOut(many=True, required=False, help_text="a model's lineage parents; the first five")
    descendants = serializers.IntegerField(
        required=False, help_text="models descending from a model, counted up to 1000; null for other labels", **_NULL
    )
    models = serializers.IntegerField(
        required=False,
        help_text="models developed by, using, introduced in or trained on it; null for models",
        **_NULL,
    )
    sources = serializers.IntegerField(required=False, help_text="documents that mention it")
    url = EntityUrlField(required=False, read_only=False)


class DocumentSummaryOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField(required=False)
    language = serializers.CharField(required=False)
    sha256 = serializers.CharField(required=False)
    chars = serializers.IntegerField(required=False)
    ingested_at = serializers.DateTimeField(required=False, **_NULL)
    url = DocumentUrlField(required=False, read_only=False)


class MentionOut(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    entity = serializers.CharField()
    label = serializers.CharField()


class PaperLinkOut(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    arxiv_id = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, paper) -> str:
        return entity_path("Paper", paper.key)


class DocumentOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    language = serializers.CharField()
    sha256 = serializers.CharField()
    chars = serializers.IntegerField()
    ingested_at = serializers.DateTimeField(**_NULL)
    text = serializers.CharField()
    report = serializers.DictField(
        child=serializers.JSONField(),
        source="report.to_dict",
        read_only=True,
        default=dict,
        help_text="the extraction report",
    )
    mentions = serializers.SerializerMethodField()
    paper = PaperLinkOut(allow_null=True, help_text="the Paper this document is the text of (its arXiv id), if any")

    @extend_schema_field(MentionOut(many=True))
    def get_mentions(self, document) -> list:
        return [{"start": s, "end": e, "entity": key, "label": label} for s, e, key, label in document.mentions]


class LineageRootOut(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class LineageNodeOut(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    released = serializers.CharField(**_NULL)
    hops = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=["up", "down"])


class LineageEdgeOut(serializers.Serializer):
    source = serializers.CharField()
    target = serializers.CharField()
    type = RelTypeField()
    status = serializers.CharField()
    confidence = serializers.FloatField()
    kind = kind_field()
    conflict = conflict_field()
    fact = serializers.CharField(
        allow_null=True, help_text="the fact this edge shows (its key): why it is there, in one read of `fact_url`"
    )
    fact_url = serializers.SerializerMethodField(help_text="the fact with its evidence and decision")

    @extend_schema_field({"type": "string", "nullable": True})
    def get_fact_url(self, edge) -> str | None:
        return fact_path(edge.fact)


class LineageOut(serializers.Serializer):
    """The schema of a lineage answer; `lineage_body` writes it (a family of hundreds of nodes through
    DRF fields cost more than the query)."""

    root = LineageRootOut()
    nodes = LineageNodeOut(many=True)
    edges = LineageEdgeOut(many=True)


def lineage_body(lineage) -> dict:
    """What LineageOut(lineage).data gives, built directly (tests/api check the two agree)."""
    kebab = {rel.value: rel.kebab for rel in RelType}
    return {
        "root": {"key": str(lineage.root.key), "name": str(lineage.root.name)},
        "nodes": [
            {
                "key": str(n.key),
                "name": str(n.name),
                "released": None if n.released is None else str(n.released),
                "hops": int(n.hops),
                "direction": n.direction,
            }
            for n in lineage.nodes
        ],
        "edges": [
            {
                "source": str(e.source),
                "target": str(e.target),
                "type": kebab[e.type],
                "status": str(e.status),
                "confidence": float(e.confidence),
                "kind": e.kind or None,
                "conflict": e.conflict or None,
                "fact": e.fact or None,
                "fact_url": fact_path(e.fact),
            }
            for e in lineage.edges
        ],
    }


class NeighbourhoodNodeOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="the entity's API URL")
    hops = serializers.IntegerField(help_text="steps from the center: 0 for the center itself")


class NeighbourhoodEdgeOut(serializers.Serializer):
    source = serializers.CharField(help_text="key of the subject")
    target = serializers.CharField(help_text="key of the object")
    type = serializers.ChoiceField(choices=[rel.kebab for rel in RelType])
    status = serializers.CharField()
    kind = serializers.CharField(allow_null=True, help_text="for lineage edges: how the child came from its parent")


class NeighbourhoodOut(serializers.Serializer):
    """An entity, the entities around it and the typed, directed edges among them, ready to draw."""

    center = EntityRefOut()
    hops = serializers.IntegerField()
    truncated = serializers.BooleanField(
        help_text="a ring had more entities than it holds; the best connected are kept"
    )
    nodes = NeighbourhoodNodeOut(many=True)
    edges = NeighbourhoodEdgeOut(many=True)


def neighbourhood_body(hood, *, hops: int) -> dict:
    """What NeighbourhoodOut describes, built directly from a kg.types.Neighbourhood."""
    kebab = {rel.value: rel.kebab for rel in RelType}
    center = hood.center
    return {
        "center": {
            "key": center.key,
            "label": center.label,
            "name": center.name,
            "url": entity_path(center.label, center.key),
        },
        "hops": hops,
        "truncated": bool(hood.truncated),
        "nodes": [
            {
                "key": ref.key,
                "label": ref.label,
                "name": ref.name,
                "url": entity_path(ref.label, ref.key),
                "hops": int(n),
            }
            for ref, n in hood.nodes
        ],
        "edges": [
            {"source": e.source, "target": e.target, "type": kebab[e.type], "status": e.status, "kind": e.kind or None}
            for e in hood.edges
        ],
    }


class PathOut(serializers.Serializer):
    length = serializers.IntegerField(help_text="number of edges")
    nodes = EntityRefOut(many=True)
    edges = LineageEdgeOut(many=True)


class SearchHitOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    url = EntityUrlField()


class SearchOut(serializers.Serializer):
    query = serializers.CharField()
    results = SearchHitOut(many=True)


class FactOut(serializers.Serializer):
    key = serializers.CharField()
    type = RelTypeField()
    subject = EntityRefOut()
    object = EntityRefOut()
    status = serializers.CharField()
    decision = serializers.CharField(**_NULL, help_text="a curator's accepted/rejected, if any")
    curated = serializers.BooleanField()
    confidence = serializers.FloatField()
    kind = kind_field()
    conflict = conflict_field()
    evidence = EvidenceOut(many=True, help_text="the first few statements; all of them under /evidence")
    evidence_count = serializers.IntegerField()


class ClaimFactOut(FactOut):
    evidence = None
    evidence_count = None


class ClaimOut(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=["relation", "attribute"])
    status = serializers.CharField()
    evidence = EvidenceOut()
    fact = ClaimFactOut(**_NULL, help_text="the relation stated (kind relation)")
    attribute = serializers.CharField(**_NULL, help_text="the attribute stated (kind attribute)")
    value = serializers.JSONField(**_NULL)


def _page(name: str, item: serializers.Serializer, *, counted: bool = False) -> type[serializers.Serializer]:
    count = {
        "count": serializers.IntegerField(
            help_text="how many items the whole list holds (with its filters); up to 10000 counted exactly"
        ),
        "count_exact": serializers.BooleanField(
            help_text="false: there are more than `count` (counting stopped at the cap: an estimate from below)"
        ),
    }
    return type(
        name,
        (serializers.Serializer,),
        {
            **(count if counted else {}),
            "results": item,
            "next": serializers.CharField(allow_null=True, help_text="URL of the next page"),
            "cursor": serializers.CharField(allow_null=True, help_text="pass as ?cursor= for the next page"),
        },
    )


EntityPageOut = _page("EntityPage", EntitySummaryOut(many=True), counted=True)
DocumentPageOut = _page("DocumentPage", DocumentSummaryOut(many=True))
FactPageOut = _page("FactPage", FactOut(many=True))
ClaimPageOut = _page("ClaimPage", ClaimOut(many=True))
