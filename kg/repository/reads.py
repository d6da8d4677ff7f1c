"""Read transaction functions: records become frozen dataclasses before they leave."""

import json
from typing import Any

from neo4j import ManagedTransaction
from neo4j.time import DateTime

from kg.repository import queries as q
from kg.types import (
    AttributeValue,
    Document,
    DocumentSummary,
    Entity,
    EntityRef,
    Evidence,
    LineageEdge,
    LineageNode,
    Relation,
    SearchHit,
)

# Node properties that are bookkeeping, not facts about the thing.
_INTERNAL = {"key", "name", "aliases", "search_text", "curated", "curated_aliases", "created_at", "claimed_attributes"}


def _native(value: Any) -> Any:
    return value.to_native() if isinstance(value, DateTime) else value


def _evidence(row: dict) -> Evidence:
    return Evidence(
        quote=row["quote"],
        start=row["start"],
        end=row["end"],
        document_key=row["document_key"],
        document_title=row["document_title"] or "",
        language=row["language"] or "",
        extractor=row["extractor"] or "",
        extractor_version=row["extractor_version"] or "",
        confidence=row["confidence"] if row["confidence"] is not None else 1.0,
    )


def entity(tx: ManagedTransaction, *, key: str, include_unreviewed: bool, relation_limit: int) -> Entity | None:
    row = tx.run(q.ENTITY_GET, key=key).single()
    if row is None:
        return None
    props = row["props"]
    relations = [
        Relation(
            fact_key=r["key"],
            type=r["type"],
            status=r["status"],
            confidence=r["confidence"] or 0.0,
            subject=EntityRef(**r["subject"]),
            object=EntityRef(**r["object"]),
            evidence=tuple(_evidence(e) for e in r["evidence"]),
        )
        for r in tx.run(
            q.ENTITY_RELATIONS, key=key, include_unreviewed=include_unreviewed, limit=relation_limit, evidence_limit=5
        )
    ]
    attributes = tuple(
        AttributeValue(name=a["name"], value=a["value"], status=a["status"], evidence=_evidence(a))
        for a in tx.run(q.ENTITY_ATTRIBUTE_CLAIMS, key=key)
    )
    return Entity(
        key=row["key"],
        label=row["label"],
        name=props.get("name", row["key"]),
        aliases=tuple(props.get("aliases") or ()),
        properties={k: _native(v) for k, v in props.items() if k not in _INTERNAL and v is not None},
        attributes=attributes,
        outgoing=tuple(r for r in relations if r.subject.key == key),
        incoming=tuple(r for r in relations if r.object.key == key),
        documents=tuple(
            EntityRef(key=d["key"], label="Document", name=d["title"] or d["key"]) for d in row["documents"]
        ),
    )


def lineage(
    tx: ManagedTransaction,
    *,
    key: str,
    directions: tuple[str, ...],
    depth: int,
    types: list[str],
    include_unreviewed: bool,
    limit: int,
) -> tuple[list[LineageNode], list[LineageEdge]]:
    nodes: list[LineageNode] = []
    for direction in directions:
        for row in tx.run(
            q.LINEAGE[(direction, depth)], key=key, types=types, include_unreviewed=include_unreviewed, limit=limit
        ):
            nodes.append(
                LineageNode(
                    key=row["key"], name=row["name"], released=row["released"], hops=row["hops"], direction=direction
                )
            )
    keys = sorted({key} | {n.key for n in nodes})
    edges = [
        LineageEdge(**row.data())
        for row in tx.run(q.LINEAGE_EDGES, keys=keys, types=types, include_unreviewed=include_unreviewed)
    ]
    return nodes, edges


def search(tx: ManagedTransaction, *, query: str, limit: int) -> list[SearchHit]:
    return [
        SearchHit(key=r["key"], label=r["label"], name=r["name"], aliases=tuple(r["aliases"]), score=r["score"])
        for r in tx.run(q.SEARCH_FULLTEXT, text=query, limit=limit)
    ]


def counts(tx: ManagedTransaction) -> dict[str, int]:
    return tx.run(q.COUNTS).single().data()


def documents(tx: ManagedTransaction, *, skip: int, limit: int) -> list[DocumentSummary]:
    return [
        DocumentSummary(
            key=r["key"],
            title=r["title"] or r["key"],
            language=r["language"] or "",
            sha256=r["sha256"] or "",
            chars=r["chars"] or 0,
            ingested_at=_native(r["ingested_at"]),
        )
        for r in tx.run(q.DOCUMENTS_LIST, skip=skip, limit=limit)
    ]


def document(tx: ManagedTransaction, *, key: str) -> Document | None:
    row = tx.run(q.DOCUMENT_GET, key=key).single()
    if row is None:
        return None
    d = row["document"]
    spans = []
    for m in row["mentions"]:
        points = m["spans"] or []
        spans += [(points[i], points[i + 1], m["key"], m["label"]) for i in range(0, len(points) - 1, 2)]
    return Document(
        key=d["key"],
        title=d.get("title") or d["key"],
        language=d.get("language") or "",
        sha256=d.get("sha256") or "",
        chars=d.get("chars") or 0,
        ingested_at=_native(d.get("ingested_at")),
        text=d.get("text") or "",
        report=json.loads(d.get("report") or "{}"),
        mentions=tuple(sorted(spans)),
    )
