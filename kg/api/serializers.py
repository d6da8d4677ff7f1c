"""Serializers: query-parameter validation in, plain JSON out."""

from rest_framework import serializers

from kg.repository.queries import LINEAGE_MAX_DEPTH
from kg.types import Entity, Evidence, Lineage, Relation
from kg.vocabulary import RelType

LINEAGE_TYPE_CHOICES = [t.kebab for t in RelType]


class LineageQuery(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down", "both"], default="both")
    depth = serializers.IntegerField(min_value=1, max_value=LINEAGE_MAX_DEPTH, default=3)
    types = serializers.CharField(required=False, help_text="comma-separated: derived-from,fine-tunes,distilled-from")
    unreviewed = serializers.BooleanField(default=True, help_text="include facts no curator has reviewed")

    def validate_types(self, value: str) -> list[str]:
        types = [t.strip() for t in value.split(",") if t.strip()]
        allowed = {"derived-from", "fine-tunes", "distilled-from"}
        unknown = [t for t in types if t not in allowed]
        if unknown:
            raise serializers.ValidationError(f"unknown lineage types: {', '.join(unknown)}")
        return types


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(max_length=200, trim_whitespace=True)
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


def evidence_json(evidence: Evidence) -> dict:
    return {
        "quote": evidence.quote,
        "start": evidence.start,
        "end": evidence.end,
        "document": evidence.document_key,
        "document_title": evidence.document_title,
        "language": evidence.language,
        "extractor": evidence.extractor,
        "extractor_version": evidence.extractor_version,
        "confidence": evidence.confidence,
    }


def relation_json(relation: Relation) -> dict:
    return {
        "fact": relation.fact_key,
        "type": RelType(relation.type).kebab,
        "subject": {"key": relation.subject.key, "label": relation.subject.label, "name": relation.subject.name},
        "object": {"key": relation.object.key, "label": relation.object.label, "name": relation.object.name},
        "status": relation.status,
        "confidence": relation.confidence,
        "evidence": [evidence_json(e) for e in relation.evidence],
    }


def entity_json(entity: Entity) -> dict:
    return {
        "key": entity.key,
        "label": entity.label,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "properties": entity.properties,
        "attributes": [
            {
                "name": a.name,
                "value": a.value,
                "status": a.status,
                "evidence": evidence_json(a.evidence) if a.evidence else None,
            }
            for a in entity.attributes
        ],
        "relations": [relation_json(r) for r in (*entity.outgoing, *entity.incoming)],
        "documents": [{"key": d.key, "title": d.name} for d in entity.documents],
    }


def lineage_json(lineage: Lineage) -> dict:
    return {
        "root": {"key": lineage.root.key, "name": lineage.root.name},
        "nodes": [
            {"key": n.key, "name": n.name, "released": n.released, "hops": n.hops, "direction": n.direction}
            for n in lineage.nodes
        ],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "type": RelType(e.type).kebab,
                "status": e.status,
                "confidence": e.confidence,
            }
            for e in lineage.edges
        ],
    }
