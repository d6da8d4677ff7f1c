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
    EntityView,
    Evidence,
    Family,
    GraphEdge,
    Lineage,
    LineageEdge,
    LineageNode,
    LinkedEntity,
    ModelSummary,
    ModelView,
    Neighbourhood,
    ParentState,
    Relation,
    RelationTotal,
    SearchHit,
)
from kg.vocabulary import LINEAGE_TYPES

# Node properties that are bookkeeping, not facts about the thing.
_INTERNAL = {"key", "name", "aliases", "search_text", "curated", "curated_aliases", "created_at", "claimed_attributes"}


def _native(value: Any) -> Any:
    return value.to_native() if isinstance(value, DateTime) else value


def review_floor(include_unreviewed: bool | float) -> float:
    """The confidence an unreviewed fact needs to be read: True reads them all, False none
    (accepted facts only), a number those at or above it (what pages show by default)."""
    if include_unreviewed is True:
        return 0.0
    if include_unreviewed is False:
        return 1.01  # above any confidence
    return float(include_unreviewed)


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


def entity(tx: ManagedTransaction, *, key: str, include_unreviewed: bool | float, relation_limit: int) -> Entity | None:
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
            kind=r["kind"],
            conflict=r["conflict"],
        )
        for r in tx.run(
            q.ENTITY_RELATIONS, key=key, floor=review_floor(include_unreviewed), limit=relation_limit, evidence_limit=5
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
    include_unreviewed: bool | float,
    limit: int,
) -> Lineage | None:
    """The root and its lineage; nodes ordered by side, hops and key; edges are those among the nodes."""
    row = tx.run(
        q.LINEAGE[(directions, depth)], key=key, types=types, floor=review_floor(include_unreviewed), limit=limit
    ).single()
    if row is None:
        return None
    found = row["nodes"]
    keys = {n["key"] for n in found}
    edges = sorted(
        (
            LineageEdge(
                source=n["key"],
                target=e["target"],
                type=e["type"],
                status=e["status"],
                confidence=e["confidence"],
                kind=e["kind"],
                conflict=e["conflict"],
            )
            for n in found
            for e in n["parents"]
            if e["target"] in keys
        ),
        key=lambda e: (e.source, e.target, e.type),
    )
    side_order = {"up": 0, "down": 1}
    nodes = tuple(
        LineageNode(key=n["key"], name=n["name"], released=n["released"], hops=n["hops"], direction=n["direction"])
        for n in sorted(found, key=lambda n: (side_order.get(n["direction"], -1), n["hops"], n["key"]))
        if n["direction"] != "self"
    )
    root = EntityRef(key=row["root_key"], label=row["root_label"], name=row["root_name"])
    return Lineage(root=root, nodes=nodes, edges=tuple(dict.fromkeys(edges)))


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


# --- pages: each page's reads in one transaction ---------------------------------------------


def _ref(row: dict) -> EntityRef:
    return EntityRef(key=row["key"], label=row["label"], name=row["name"] or row["key"])


def _facts(props: dict) -> dict[str, Any]:
    return {k: _native(v) for k, v in props.items() if k not in _INTERNAL and v is not None}


def _page_entity(row: dict) -> Entity:
    """The Entity of a page statement (ENTITY_PAGE, MODEL_PAGE), built like `entity` builds its own."""
    relations = [
        Relation(
            fact_key=r["key"],
            type=r["type"],
            status=r["status"],
            confidence=r["confidence"] or 0.0,
            subject=EntityRef(**r["subject"]),
            object=EntityRef(**r["object"]),
            evidence=tuple(_evidence(e) for e in r["evidence"]),
            kind=r["kind"],
            conflict=r["conflict"],
        )
        for r in row["relations"]
    ]
    relations.sort(key=lambda r: r.type)  # groups arrive in no set order; each keeps its own
    props = row["props"]
    return Entity(
        key=row["key"],
        label=row["label"],
        name=props.get("name", row["key"]),
        aliases=tuple(props.get("aliases") or ()),
        properties=_facts(props),
        attributes=tuple(
            AttributeValue(name=a["name"], value=a["value"], status=a["status"], evidence=_evidence(a))
            for a in row["attributes"]
        ),
        outgoing=tuple(r for r in relations if r.subject.key == row["key"]),
        incoming=tuple(r for r in relations if r.object.key == row["key"]),
        documents=tuple(
            EntityRef(key=d["key"], label="Document", name=d["title"] or d["key"]) for d in row["documents"]
        ),
    )


# Per relation type and side: the page lists this many (with their evidence) and says how many more.
PAGE_RELATIONS_PER_TYPE = 20
PAGE_DOCUMENTS = 50
# A group's listing looks at this many of its relations (storage order) and shows the first by name.
PAGE_RELATIONS_SCANNED = 200
_PAGE_LIMITS = {
    "relation_limit": PAGE_RELATIONS_PER_TYPE,
    "relation_scan": PAGE_RELATIONS_SCANNED,
    "evidence_limit": 5,
    "document_limit": PAGE_DOCUMENTS,
}


def _relation_totals(row: dict) -> tuple[RelationTotal, ...]:
    """The groups a page cut short, in type order."""
    return tuple(
        RelationTotal(type=t["type"], side=t["side"], total=t["total"], shown=min(t["total"], PAGE_RELATIONS_PER_TYPE))
        for t in sorted(row["relation_totals"], key=lambda t: (t["side"], t["type"]))
        if t["total"] > PAGE_RELATIONS_PER_TYPE
    )


def model_view(
    tx: ManagedTransaction, *, key: str, depth: int, include_unreviewed: bool | float, lineage_limit: int
) -> ModelView | None:
    """A model with its relations, its lineage both ways and its direct parents, in one statement."""
    row = tx.run(
        q.MODEL_PAGE[depth],
        key=key,
        floor=review_floor(include_unreviewed),
        types=[t.value for t in LINEAGE_TYPES],
        lineage_limit=lineage_limit,
        **_PAGE_LIMITS,
    ).single()
    if row is None:
        return None
    found = _page_entity(row)
    nodes = [
        LineageNode(key=n["key"], name=n["name"] or n["key"], released=n["released"], hops=n["hops"], direction=way)
        for way, column in (("up", "ancestors"), ("down", "descendants"))
        for n in sorted(row[column], key=lambda n: (n["hops"], n["key"]))
    ]
    edges = sorted((LineageEdge(**e) for e in row["edges"]), key=lambda e: (e.source, e.target, e.type))
    parents = tuple(
        ParentState(
            parent=EntityRef(key=p["key"], label="Model", name=p["name"] or p["key"]),
            type=p["type"],
            status=p["status"],
            properties=_facts(p["props"]),
            techniques=tuple(EntityRef(key=t["key"], label="Technique", name=t["name"]) for t in p["techniques"]),
            kind=p["kind"],
            conflict=p["conflict"],
        )
        for p in row["parents"]
    )
    root = EntityRef(key=found.key, label=found.label, name=found.name)
    return ModelView(
        entity=found,
        lineage=Lineage(root=root, nodes=tuple(nodes), edges=tuple(edges)),
        parents=parents,
        relation_totals=_relation_totals(row),
        documents_total=row["documents_total"],
        unreviewed_total=row["unreviewed_total"],
        lineage_shown=lineage_limit if lineage_limit in (len(row["ancestors"]), len(row["descendants"])) else None,
    )


def entity_view(
    tx: ManagedTransaction, *, key: str, include_unreviewed: bool | float, link_limit: int
) -> EntityView | None:
    row = tx.run(
        q.ENTITY_PAGE, key=key, floor=review_floor(include_unreviewed), link_limit=link_limit, **_PAGE_LIMITS
    ).single()
    if row is None:
        return None
    links = tuple(
        LinkedEntity(
            key=r["key"],
            label=r["label"],
            name=r["name"] or r["key"],
            type=r["type"],
            status=r["status"],
            date=r["date"],
        )
        for r in row["links"]
    )
    return EntityView(
        entity=_page_entity(row),
        links=links,
        relation_totals=_relation_totals(row),
        documents_total=row["documents_total"],
        unreviewed_total=row["unreviewed_total"],
    )


def families(tx: ManagedTransaction, *, limit: int, members: int, cap: int) -> list[Family]:
    return [
        Family(
            root=EntityRef(key=r["key"], label="Model", name=r["name"] or r["key"]),
            size=r["size"],
            members=tuple(EntityRef(key=m["key"], label="Model", name=m["name"] or m["key"]) for m in r["members"]),
            capped=r["capped"],
        )
        for r in tx.run(q.LINEAGE_FAMILIES, limit=limit, members=members, cap=cap, candidates=limit * 4)
    ]


def models_compare(tx: ManagedTransaction, *, keys: list[str], include_unreviewed: bool | float) -> list[ModelSummary]:
    summaries = []
    for r in tx.run(q.MODELS_COMPARE, keys=keys, floor=review_floor(include_unreviewed)):
        by_type: dict[str, list[EntityRef]] = {}
        for link in r["links"]:
            by_type.setdefault(link["type"], []).append(_ref(link))
        lineage_types = {t.value for t in LINEAGE_TYPES}
        summaries.append(
            ModelSummary(
                ref=EntityRef(key=r["key"], label="Model", name=r["name"] or r["key"]),
                properties=_facts(r["props"]),
                techniques=tuple(by_type.get("USES", ())),
                organizations=tuple(by_type.get("DEVELOPED_BY", ())),
                papers=tuple(by_type.get("INTRODUCED_IN", ())),
                parents=tuple(ref for t, refs in by_type.items() if t in lineage_types for ref in refs),
                parent_kinds={
                    link["key"]: (link["type"], link["kind"]) for link in r["links"] if link["type"] in lineage_types
                },
            )
        )
    return summaries


def neighbourhood(
    tx: ManagedTransaction,
    *,
    key: str,
    hops: int,
    types: list[str],
    include_unreviewed: bool | float,
    limits: tuple[int, ...],
) -> Neighbourhood | None:
    """The entity and up to `hops` rings around it, each ring capped, with the edges among them."""
    row = tx.run(q.ENTITIES_EXISTING, keys=[key]).single()
    if row is None:
        return None
    center = EntityRef(key=row["key"], label=row["label"], name=row["props"].get("name") or row["key"])
    nodes: list[tuple[EntityRef, int]] = [(center, 0)]
    ring, seen, truncated = [key], {key}, False
    for hop, limit in zip(range(1, hops + 1), limits, strict=False):
        found = [
            _ref(r)
            for r in tx.run(
                q.NEIGHBOURS,
                keys=ring,
                exclude=sorted(seen),
                types=types,
                floor=review_floor(include_unreviewed),
                limit=limit + 1,  # one more than shown tells whether the ring was cut
            )
        ]
        truncated = truncated or len(found) > limit
        found = found[:limit]
        nodes += [(ref, hop) for ref in found]
        ring = [ref.key for ref in found]
        seen |= set(ring)
    edges = tuple(
        GraphEdge(**r.data())
        for r in tx.run(q.EDGES_AMONG, keys=sorted(seen), types=types, floor=review_floor(include_unreviewed))
    )
    return Neighbourhood(center=center, nodes=tuple(nodes), edges=edges, truncated=truncated)


# --- end pages
