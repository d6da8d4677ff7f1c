"""The repository: the only code that talks to Neo4j, and this module its one entry for the rest of
the code. Callers get frozen dataclasses (or plain dicts of state, for curation's audit) back.

Each aggregate module keeps its Cypher next to the named transaction functions that run it:
documents, entities, entity_views (an entity's page), lineage, facts (list, review queue, decisions),
entity_writes (create, set, merge), sync (derived state, which every write ends with), exchange
(export/import) and graph (version, counts, wipe); cypher holds the fragments they share, records
the shared record builders, kg.rules the policy they apply; merge_undo keeps what a merge changed and
puts it back, reverts restores the states the audit log recorded. Only infrastructure imports `driver`
(connection, close) and `schema` (migrations) directly.
"""

import re
from collections.abc import Iterator

from kg.documents import Document, DocumentIn, DocumentRemoval, DocumentSummary, LoadResult
from kg.repository import (
    attributes,
    documents,
    driver,
    entities,
    entity_views,
    entity_writes,
    exchange,
    facts,
    graph,
    merge_undo,
    reverts,
)

# Re-exported for callers: the list orderings the API allows, the deepest lineage, a page's cut.
from kg.repository.documents import DOCUMENT_ORDERINGS as DOCUMENT_ORDERINGS
from kg.repository.entities import ENTITY_ORDERINGS as ENTITY_ORDERINGS
from kg.repository.entities import LIST_DESCENDANTS_CAP as LIST_DESCENDANTS_CAP
from kg.repository.entity_views import PAGE_RELATIONS_PER_TYPE as PAGE_RELATIONS_PER_TYPE
from kg.repository.lineage import LINEAGE_MAX_DEPTH as LINEAGE_MAX_DEPTH
from kg.repository.lineage import families_tx, lineage_tx, neighbourhood_tx, path_tx
from kg.types import (
    Change,
    ClaimRecord,
    DocumentListQuery,
    Entity,
    EntityListQuery,
    EntityLocation,
    EntitySummary,
    EntityView,
    EvidenceInContext,
    FactListQuery,
    FactRecord,
    Family,
    GraphState,
    Lineage,
    LineagePath,
    MergeSuggestion,
    ModelSummary,
    ModelView,
    Neighbourhood,
    Page,
    Position,
    ReviewPage,
    SearchHit,
)
from kg.vocabulary import Label

# A read-only request handler's reads in one transaction (see driver.one_read).
one_read = driver.one_read


def ping() -> None:
    driver.ping()


# --- documents


def document_load(*, doc: DocumentIn, threshold: float, progress: documents.LoadProgress | None = None) -> LoadResult:
    return driver.write(documents.load_tx, doc=doc, threshold=threshold, progress=progress)


def document_load_rehearsal(*, doc: DocumentIn, threshold: float) -> LoadResult:
    """Load a document and roll it back: plans the load's statements without writing (kg.warm)."""
    return driver.rehearse(documents.load_tx, doc=doc, threshold=threshold)


def document_delete(*, key: str, threshold: float, expected_sha256: str | None = None) -> DocumentRemoval | None:
    return driver.write(documents.delete_tx, key=key, threshold=threshold, expected_sha256=expected_sha256)


def document_delete_rehearsal(*, key: str, threshold: float) -> DocumentRemoval | None:
    """What deleting the document would remove and keep: the deletion itself, rolled back."""
    return driver.rehearse(documents.delete_tx, key=key, threshold=threshold)


def document_with_text(*, fingerprint: str, sha256: str) -> DocumentSummary | None:
    return driver.read(documents.with_text_tx, fingerprint=fingerprint, sha256=sha256)


def document_get(*, key: str) -> Document | None:
    return driver.read(documents.get_tx, key=key)


def document_exists(*, key: str) -> bool:
    return driver.read(documents.exists_tx, key=key)


def document_facts(*, key: str) -> set[str]:
    return driver.read(documents.facts_tx, key=key)


def documents_list(*, skip: int = 0, limit: int = 50) -> list[DocumentSummary]:
    return driver.read(documents.recent_tx, skip=skip, limit=limit)


def document_page(*, query: DocumentListQuery) -> Page[DocumentSummary]:
    return driver.read(documents.list_tx, query=query)


# --- entities


def redirects_resolve(*, keys: list[str]) -> dict[str, str]:
    return driver.read(entities.redirects_tx, keys=keys)


def entity_get(*, key: str, include_unreviewed: bool | float = True, relation_limit: int = 500) -> Entity | None:
    return driver.read(entities.get_tx, key=key, include_unreviewed=include_unreviewed, relation_limit=relation_limit)


def entity_list(*, query: EntityListQuery) -> Page[EntitySummary]:
    return driver.read(entities.list_tx, query=query)


def entity_claims(*, key: str, status: str | None, after: Position | None, limit: int) -> Page[ClaimRecord]:
    return driver.read(entities.claims_tx, key=key, status=status, after=after, limit=limit)


def entity_locate(*, key: str) -> EntityLocation | None:
    return driver.read(entities.locate_tx, key=key)


def entities_lookup(*, keys: list[str]) -> dict[str, tuple[EntityLocation, str]]:
    return driver.read(entities.lookup_tx, keys=keys)


def search(*, query: str, limit: int, labels: list[str] | None = None) -> list[SearchHit]:
    """Full-text hits on names and aliases, best first; `labels` keeps those of these labels only."""
    return driver.read(entities.search_tx, query=query, labels=labels, limit=limit)


def models_compare(*, keys: list[str], include_unreviewed: bool | float) -> list[ModelSummary]:
    return driver.read(entities.compare_tx, keys=keys, include_unreviewed=include_unreviewed)


# --- pages: one read transaction per page

# Models per lineage side on a model page: a diagram, generation lists and a timeline stay readable
# (and quick to draw); the lineage API answers up to 500.
PAGE_LINEAGE_LIMIT = 100


def model_view(*, key: str, depth: int, include_unreviewed: bool | float) -> ModelView | None:
    return driver.read(
        entity_views.model_view_tx,
        key=key,
        depth=depth,
        include_unreviewed=include_unreviewed,
        lineage_limit=PAGE_LINEAGE_LIMIT,
    )


def entity_view(*, key: str, include_unreviewed: bool | float) -> EntityView | None:
    return driver.read(entity_views.entity_view_tx, key=key, include_unreviewed=include_unreviewed, link_limit=500)


# --- lineage


def lineage(
    *, key: str, directions: tuple[str, ...], depth: int, types: list[str], include_unreviewed: bool | float, limit: int
) -> Lineage | None:
    return driver.read(
        lineage_tx,
        key=key,
        directions=directions,
        depth=depth,
        types=types,
        include_unreviewed=include_unreviewed,
        limit=limit,
    )


def lineage_path(*, source: str, target: str, types: list[str], include_unreviewed: bool | float) -> LineagePath | None:
    return driver.read(path_tx, source=source, target=target, types=types, include_unreviewed=include_unreviewed)


def neighbourhood(
    *, key: str, hops: int, types: list[str], include_unreviewed: bool | float, limits: tuple[int, ...]
) -> Neighbourhood | None:
    return driver.read(
        neighbourhood_tx, key=key, hops=hops, types=types, include_unreviewed=include_unreviewed, limits=limits
    )


def families(*, limit: int, members: int, cap: int) -> list[Family]:
    return driver.read(families_tx, limit=limit, members=members, cap=cap)


# --- facts: the list, the review queue, curators' decisions and edits


def fact_list(*, query: FactListQuery, evidence_limit: int) -> Page[FactRecord]:
    return driver.read(facts.list_tx, query=query, evidence_limit=evidence_limit)


def facts_review(
    *, filters: dict, skip: int, limit: int, evidence_limit: int, order: str = "-confidence"
) -> ReviewPage:
    return driver.read(
        facts.review_tx, filters=filters, skip=skip, limit=limit, evidence_limit=evidence_limit, order=order
    )


def fact_evidence(*, key: str, after: Position | None, limit: int) -> Page[EvidenceInContext]:
    return driver.read(facts.evidence_page_tx, key=key, after=after, limit=limit)


def fact_state(*, key: str) -> dict | None:
    return driver.read(facts.fact_state_tx, key=key)


def facts_brief(*, filters: dict, limit: int) -> ReviewPage:
    return driver.read(facts.brief_tx, filters=filters, limit=limit)


def facts_decide(
    *, keys: list[str], decision: str | None, threshold: float, expected: dict[str, str] | None
) -> list[Change]:
    return driver.write(facts.decide_tx, keys=keys, decision=decision, threshold=threshold, expected=expected)


def fact_set(*, state: dict, threshold: float, expected: str | None = None, sources: tuple[dict, ...] = ()) -> Change:
    return driver.write(facts.set_tx, state=state, threshold=threshold, expected=expected, sources=sources)


def fact_replace(*, key: str, replacement: dict, threshold: float, expected: str | None) -> tuple[Change, Change]:
    return driver.write(facts.replace_tx, key=key, replacement=replacement, threshold=threshold, expected=expected)


# --- curators' entity writes


def entity_state(*, key: str) -> dict | None:
    return driver.read(entities.entity_state_tx, key=key)


def curated_names(*, limit: int) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return driver.read(entities.curated_names_tx, limit=limit)


def entity_labels(*, keys: list[str]) -> dict[str, str]:
    return driver.read(entities.labels_tx, keys=keys)


def entity_create(*, key: str, label: Label, name: str, aliases: list[str], threshold: float) -> Change:
    return driver.write(entity_writes.create_tx, key=key, label=label, name=name, aliases=aliases, threshold=threshold)


def entity_set(*, key: str, name: str, curated_aliases: list[str], curated: bool, threshold: float) -> Change:
    return driver.write(
        entity_writes.set_tx, key=key, name=name, curated_aliases=curated_aliases, curated=curated, threshold=threshold
    )


def entity_merge(*, survivor: str, other: str, threshold: float, expected_plan: str | None = None) -> Change:
    return driver.write(
        entity_writes.merge_tx, survivor=survivor, other=other, threshold=threshold, expected_plan=expected_plan
    )


def entity_merge_preview(*, survivor: str, other: str, threshold: float) -> Change:
    """The merge run and rolled back: exactly what it would change, nothing written."""
    return driver.rehearse(entity_writes.merge_tx, survivor=survivor, other=other, threshold=threshold)


def entity_merge_undo(*, before: dict, after: dict, threshold: float) -> Change:
    return driver.write(merge_undo.undo_tx, before=before, after=after, threshold=threshold)


def states_restore(*, steps: list[dict], threshold: float) -> list[Change]:
    return driver.write(reverts.restore_tx, steps=steps, threshold=threshold)


def merge_suggestions() -> list[MergeSuggestion]:
    """The pipeline's near-duplicate proposals whose two sides are still separate entities."""
    return driver.read(entity_writes.merge_suggestions_tx)


# --- the graph as a whole


def counts() -> dict[str, int]:
    return driver.read(graph.counts_tx)


def graph_state() -> GraphState:
    return driver.read(graph.graph_state_tx)


def plan_cache_clear() -> int:
    """Empty Neo4j's plan cache (as a restart would); returns how many plans it held."""
    rows = driver.run_autocommit(graph.PLAN_CACHE_CLEAR)
    return int(re.search(r"\d+", rows[0]["value"]).group()) if rows else 0


def wipe() -> None:
    """Delete every node but the schema bookkeeping: for tests and `kg_import --replace`."""
    driver.run_autocommit(graph.GRAPH_WIPE_RELATIONSHIPS)
    driver.run_autocommit(graph.GRAPH_WIPE)


# --- export and import: whole sections in batches

# Sections in dependency order (an import writes them in this order), and rows per transaction.
EXPORT_SECTIONS = exchange.SECTIONS
EXPORT_BATCH = exchange.BATCH


def export_rows(*, section: str) -> Iterator[dict]:
    """Every row of a section, in key order, one short read transaction per batch."""
    after: str | None = ""
    while after is not None:
        rows, after = driver.read(exchange.batch_tx, section=section, after=after)
        yield from rows


def unknown_content() -> dict[str, list]:
    """Node labels and relationship types the export format does not carry."""
    return driver.read(exchange.unknown_content_tx)


def import_rows(*, section: str, rows: list[dict]) -> None:
    """Upsert one batch of already validated rows of a section (its file order is kept)."""
    driver.write(exchange.write_tx, section=section, rows=rows)


# --- attribute values under review


def attribute_decide(*, key: str, decision: str | None, threshold: float, expected: str | None) -> Change:
    return driver.write(attributes.decide_tx, key=key, decision=decision, threshold=threshold, expected=expected)


def attribute_replace(*, key: str, value: object, threshold: float, expected: str | None) -> tuple[Change, Change]:
    return driver.write(attributes.replace_tx, key=key, value=value, threshold=threshold, expected=expected)


def attribute_values(*, filters: dict, skip: int, limit: int) -> tuple[list[dict], int]:
    return driver.read(attributes.values_tx, filters=filters, skip=skip, limit=limit)
