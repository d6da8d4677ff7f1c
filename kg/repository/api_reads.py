"""Read transaction functions behind the REST API: keyset-paged lists, provenance, paths, graph state."""

from typing import Any

from neo4j import ManagedTransaction

from kg.repository import queries as q
from kg.repository.reads import _INTERNAL, _evidence, _native, review_floor
from kg.repository.writes import resolve_redirects
from kg.types import (
    ClaimRecord,
    DocumentListQuery,
    DocumentSummary,
    EntityListQuery,
    EntityLocation,
    EntityRef,
    EntitySummary,
    FactListQuery,
    FactRecord,
    GraphState,
    LineageEdge,
    LineagePath,
    Page,
    Position,
    SearchHit,
)
from kg.vocabulary import Label


def _after(position: Position | None) -> dict[str, Any]:
    """A (sort value, key) cursor as the query's $after_value/$after_key; no cursor, no bound."""
    if position is None:
        return {"after_value": None, "after_key": None}
    return {"after_value": position[0], "after_key": position[1]}


def _page(rows: list[Any], limit: int, position) -> Page:
    """Rows were fetched with limit + 1: the extra one only says that a next page exists."""
    items = rows[:limit]
    more = len(rows) > limit
    return Page(items=tuple(items), next=position(rows[limit - 1]) if more and items else None)


def entity_list(tx: ManagedTransaction, *, query: EntityListQuery) -> Page[EntitySummary]:
    rows = [
        record.data()
        for record in tx.run(
            q.ENTITY_LIST[(Label(query.label), query.ordering)],
            prefix=query.prefix,
            organization=query.organization,
            technique=query.technique,
            released_from=query.released_from,
            released_to=query.released_to,
            parameters_min=query.parameters_min,
            parameters_max=query.parameters_max,
            limit=query.limit + 1,
            **_after(query.after),
        )
    ]
    page = _page(rows, query.limit, lambda row: (row["sort"], row["key"]))
    return Page(
        items=tuple(
            EntitySummary(
                key=row["key"],
                label=row["label"],
                name=row["props"].get("name") or row["key"],
                aliases=tuple(row["props"].get("aliases") or ()),
                properties={k: _native(v) for k, v in row["props"].items() if k not in _INTERNAL and v is not None},
            )
            for row in page.items
        ),
        next=page.next,
    )


def document_list(tx: ManagedTransaction, *, query: DocumentListQuery) -> Page[DocumentSummary]:
    rows = [
        record.data()
        for record in tx.run(
            q.DOCUMENT_LIST[query.ordering],
            prefix=query.prefix,
            language=query.language,
            limit=query.limit + 1,
            **_after(query.after),
        )
    ]
    page = _page(rows, query.limit, lambda row: (row["sort"], row["key"]))
    return Page(
        items=tuple(
            DocumentSummary(
                key=row["key"],
                title=row["title"] or row["key"],
                language=row["language"] or "",
                sha256=row["sha256"] or "",
                chars=row["chars"] or 0,
                ingested_at=_native(row["ingested_at"]),
            )
            for row in page.items
        ),
        next=page.next,
    )


def _fact(row: dict, evidence: list[dict], evidence_count: int) -> FactRecord:
    return FactRecord(
        key=row["key"],
        type=row["type"],
        subject=EntityRef(**row["subject"]),
        object=EntityRef(**row["object"]),
        status=row["status"] or "proposed",
        decision=row["decision"],
        curated=bool(row["curated"]),
        confidence=row["confidence"] if row["confidence"] is not None else 0.0,
        evidence=tuple(_evidence(e) for e in evidence),
        evidence_count=evidence_count,
        kind=row.get("kind"),
        conflict=row.get("conflict"),
    )


def fact_list(tx: ManagedTransaction, *, query: FactListQuery, evidence_limit: int) -> Page[FactRecord]:
    rows = [
        record.data()
        for record in tx.run(
            q.FACT_LIST,
            type=query.type,
            status=query.status,
            subject=query.subject,
            object=query.object,
            after_key=query.after[0] if query.after else None,
            limit=query.limit + 1,
            evidence_limit=evidence_limit,
        )
    ]
    page = _page(rows, query.limit, lambda row: (row["fact"]["key"],))
    return Page(items=tuple(_fact(r["fact"], r["evidence"], r["evidence_count"]) for r in page.items), next=page.next)


def entity_claims(
    tx: ManagedTransaction, *, key: str, status: str | None, after: Position | None, limit: int
) -> Page[ClaimRecord]:
    document, start, claim = after if after else (None, None, None)
    rows = [
        record.data()
        for record in tx.run(
            q.ENTITY_CLAIMS,
            key=key,
            status=status,
            after_document=document,
            after_start=start,
            after_key=claim,
            limit=limit + 1,
        )
    ]
    page = _page(rows, limit, lambda r: (r["evidence"]["document_key"], r["evidence"]["start"], r["claim_key"]))
    return Page(
        items=tuple(
            ClaimRecord(
                key=r["claim_key"],
                kind=r["kind"] or ("attribute" if r["fact"] is None else "relation"),
                status=r["status"],
                evidence=_evidence(r["evidence"]),
                fact=_fact(r["fact"], [], 0) if r["fact"] else None,
                attribute=r["attribute"],
                value=r["value"],
            )
            for r in page.items
        ),
        next=page.next,
    )


def entity_locate(tx: ManagedTransaction, *, key: str) -> EntityLocation | None:
    """The entity a key names: itself, else a merge survivor, else the single owner of that alias."""
    row = tx.run(q.ENTITY_LABEL, key=key).single()
    if row is not None:
        return EntityLocation(key=row["key"], label=row["label"], via="key")
    target = resolve_redirects(tx, [key]).get(key)
    if target is not None:
        row = tx.run(q.ENTITY_LABEL, key=target).single()
        return EntityLocation(key=row["key"], label=row["label"], via="redirect") if row else None
    owners = [r.data() for r in tx.run(q.ENTITIES_BY_ALIAS, alias=key)]
    if len(owners) == 1:
        return EntityLocation(key=owners[0]["key"], label=owners[0]["label"], via="alias")
    return None


def lineage_path(
    tx: ManagedTransaction, *, source: str, target: str, types: list[str], include_unreviewed: bool | float
) -> LineagePath | None:
    row = tx.run(
        q.LINEAGE_PATH, source=source, target=target, types=types, floor=review_floor(include_unreviewed)
    ).single()
    if row is None:
        return None
    return LineagePath(
        nodes=tuple(EntityRef(**n) for n in row["nodes"]),
        edges=tuple(
            LineageEdge(
                source=e["source"],
                target=e["target"],
                type=e["type"],
                status=e["status"] or "proposed",
                confidence=e["confidence"] if e["confidence"] is not None else 0.0,
                kind=e["kind"],
                conflict=e["conflict"],
            )
            for e in row["edges"]
        ),
    )


def search(tx: ManagedTransaction, *, query: str, labels: list[str] | None, limit: int) -> list[SearchHit]:
    return [
        SearchHit(key=r["key"], label=r["label"], name=r["name"], aliases=tuple(r["aliases"]), score=r["score"])
        for r in tx.run(q.SEARCH_FULLTEXT_LABELED, text=query, labels=labels, limit=limit)
    ]


def graph_state(tx: ManagedTransaction) -> GraphState:
    row = tx.run(q.GRAPH_STATE).single()
    return GraphState(version=row["version"], updated_at=_native(row["updated_at"]))
