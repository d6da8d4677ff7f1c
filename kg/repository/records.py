"""Records become frozen dataclasses here: the builders more than one aggregate module uses."""

from collections.abc import Callable, Iterable
from typing import Any

from neo4j import ManagedTransaction
from neo4j.time import DateTime

from kg.documents import DocumentSummary
from kg.types import AttributeValue, Entity, EntityRef, Evidence, FactRecord, Page, Position, Relation

# Node properties that are bookkeeping, not facts about the thing.
INTERNAL = {
    "key",
    "name",
    "aliases",
    "search_text",
    "curated",
    "curated_aliases",
    "created_at",
    "claimed_attributes",
    "unsettled_attributes",
}


def data(tx: ManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(query, **params)]


def native(value: Any) -> Any:
    return value.to_native() if isinstance(value, DateTime) else value


def json_value(value: Any) -> Any:
    """A property value as JSON (an export row, an audit entry): a DateTime as {"$datetime": ISO-8601
    with nanoseconds}, which graph_value turns back into the same value."""
    if isinstance(value, DateTime):
        return {"$datetime": value.iso_format()}
    if isinstance(value, list):
        return [json_value(v) for v in value]
    return value


def graph_value(value: Any) -> Any:
    if isinstance(value, dict):
        return DateTime.from_iso_format(value["$datetime"])
    if isinstance(value, list):
        return [graph_value(v) for v in value]
    return value


def json_properties(props: dict | None) -> dict | None:
    return None if props is None else {k: json_value(props[k]) for k in sorted(props)}


def graph_properties(props: dict | None) -> dict | None:
    return None if props is None else {k: graph_value(v) for k, v in props.items()}


def facts_of(props: dict) -> dict[str, Any]:
    """A node's properties without its bookkeeping, as Python values."""
    return {k: native(v) for k, v in props.items() if k not in INTERNAL and v is not None}


def ref(row: dict) -> EntityRef:
    return EntityRef(key=row["key"], label=row["label"], name=row["name"] or row["key"])


def evidence(row: dict) -> Evidence:
    return Evidence(
        quote=row["quote"],
        start=row["start"],
        end=row["end"],
        document_key=row["document_key"] or "",
        document_title=row["document_title"] or "",
        language=row["language"] or "",
        extractor=row["extractor"] or "",
        extractor_version=row["extractor_version"] or "",
        confidence=row["confidence"] if row["confidence"] is not None else 1.0,
        url=row.get("url") or "",
    )


def relation(row: dict) -> Relation:
    """A fact as an entity's relation: an entity read and an entity page both build it here."""
    return Relation(
        fact_key=row["key"],
        type=row["type"],
        status=row["status"],
        confidence=row["confidence"] or 0.0,
        subject=EntityRef(**row["subject"]),
        object=EntityRef(**row["object"]),
        evidence=tuple(evidence(e) for e in row["evidence"]),
        kind=row["kind"],
        conflict=row["conflict"],
        evidence_count=row.get("evidence_count", len(row["evidence"])),
    )


def document_summary(row: dict) -> DocumentSummary:
    return DocumentSummary(
        key=row["key"],
        title=row["title"] or row["key"],
        language=row["language"] or "",
        sha256=row["sha256"] or "",
        chars=row["chars"] or 0,
        ingested_at=native(row["ingested_at"]),
    )


def fact_record(row: dict, evidence_rows: list[dict], evidence_count: int) -> FactRecord:
    return FactRecord(
        key=row["key"],
        type=row["type"],
        subject=EntityRef(**row["subject"]),
        object=EntityRef(**row["object"]),
        status=row["status"] or "proposed",
        decision=row["decision"],
        curated=bool(row["curated"]),
        confidence=row["confidence"] if row["confidence"] is not None else 0.0,
        evidence=tuple(evidence(e) for e in evidence_rows),
        evidence_count=evidence_count,
        kind=row.get("kind"),
        conflict=row.get("conflict"),
    )


def after_params(position: Position | None) -> dict[str, Any]:
    """A (sort value, key) cursor as the query's $after_value/$after_key; no cursor, no bound."""
    if position is None:
        return {"after_value": None, "after_key": None}
    return {"after_value": position[0], "after_key": position[1]}


def page(rows: list[Any], limit: int, position: Callable[[Any], Position]) -> Page:
    """Rows were fetched with limit + 1: the extra one only says that a next page exists."""
    items = rows[:limit]
    more = len(rows) > limit
    return Page(items=tuple(items), next=position(rows[limit - 1]) if more and items else None)


def entity(row: dict, *, relations: list[Relation], attributes: Iterable[dict]) -> Entity:
    """An Entity from a statement's key, label, props and documents, with its relations (either end)
    and its attribute claims: the one builder for the entity reads and the page statements."""
    key, props = row["key"], row["props"]
    return Entity(
        key=key,
        label=row["label"],
        name=props.get("name", key),
        aliases=tuple(props.get("aliases") or ()),
        properties=facts_of(props),
        attributes=tuple(
            AttributeValue(name=a["name"], value=a["value"], status=a["status"], evidence=evidence(a))
            for a in attributes
        ),
        outgoing=tuple(r for r in relations if r.subject.key == key),
        incoming=tuple(r for r in relations if r.object.key == key),
        documents=tuple(
            EntityRef(key=d["key"], label="Document", name=d["title"] or d["key"]) for d in row["documents"]
        ),
    )
