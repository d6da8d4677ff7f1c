"""The repository: the only code that talks to Neo4j. Callers get frozen dataclasses back."""

from kg.repository import api_reads, driver, reads, writes
from kg.repository import queries as q
from kg.types import (
    ClaimRecord,
    Document,
    DocumentIn,
    DocumentListQuery,
    DocumentSummary,
    Entity,
    EntityListQuery,
    EntityLocation,
    EntitySummary,
    EntityView,
    FactListQuery,
    FactRecord,
    Family,
    GraphState,
    Lineage,
    LineagePath,
    LoadResult,
    ModelSummary,
    ModelView,
    Neighbourhood,
    Page,
    Position,
    SearchHit,
)

# A read-only request handler's reads in one transaction (see driver.one_read).
one_read = driver.one_read


def document_load(*, doc: DocumentIn, threshold: float) -> LoadResult:
    return driver.write(lambda tx: writes.load_document(tx, doc=doc, threshold=threshold))


def document_delete(*, key: str, threshold: float) -> bool:
    return driver.write(lambda tx: writes.delete_document(tx, key=key, threshold=threshold))


def document_get(*, key: str) -> Document | None:
    return driver.read(lambda tx: reads.document(tx, key=key))


def document_facts(*, key: str) -> set[str]:
    return driver.read(lambda tx: {record["key"] for record in tx.run(q.DOCUMENT_FACTS, key=key)})


def documents_list(*, skip: int = 0, limit: int = 50) -> list[DocumentSummary]:
    return driver.read(lambda tx: reads.documents(tx, skip=skip, limit=limit))


def redirects_resolve(*, keys: list[str]) -> dict[str, str]:
    return driver.read(lambda tx: writes.resolve_redirects(tx, keys))


def entity_get(*, key: str, include_unreviewed: bool | float = True, relation_limit: int = 500) -> Entity | None:
    return driver.read(
        lambda tx: reads.entity(tx, key=key, include_unreviewed=include_unreviewed, relation_limit=relation_limit)
    )


def lineage(
    *, key: str, directions: tuple[str, ...], depth: int, types: list[str], include_unreviewed: bool | float, limit: int
) -> Lineage | None:
    return driver.read(
        lambda tx: reads.lineage(
            tx,
            key=key,
            directions=directions,
            depth=depth,
            types=types,
            include_unreviewed=include_unreviewed,
            limit=limit,
        )
    )


def search(*, query: str, limit: int) -> list[SearchHit]:
    return driver.read(lambda tx: reads.search(tx, query=query, limit=limit))


def counts() -> dict[str, int]:
    return driver.read(reads.counts)


def ping() -> None:
    driver.ping()


def wipe() -> None:
    """Delete every node but the schema bookkeeping: for tests and `kg_import --replace`."""
    driver.run_autocommit(q.GRAPH_WIPE_RELATIONSHIPS)
    driver.run_autocommit(q.GRAPH_WIPE)


# --- pages: one read transaction per page

# Models per lineage side on a model page: a diagram, generation lists and a timeline stay readable
# (and quick to draw); the lineage API answers up to 500.
PAGE_LINEAGE_LIMIT = 100


def model_view(*, key: str, depth: int, include_unreviewed: bool | float) -> ModelView | None:
    return driver.read(
        lambda tx: reads.model_view(
            tx, key=key, depth=depth, include_unreviewed=include_unreviewed, lineage_limit=PAGE_LINEAGE_LIMIT
        )
    )


def entity_view(*, key: str, include_unreviewed: bool | float) -> EntityView | None:
    return driver.read(lambda tx: reads.entity_view(tx, key=key, include_unreviewed=include_unreviewed, link_limit=500))


def families(*, limit: int, members: int, cap: int) -> list[Family]:
    return driver.read(lambda tx: reads.families(tx, limit=limit, members=members, cap=cap))


def models_compare(*, keys: list[str], include_unreviewed: bool | float) -> list[ModelSummary]:
    return driver.read(lambda tx: reads.models_compare(tx, keys=keys, include_unreviewed=include_unreviewed))


def neighbourhood(
    *, key: str, hops: int, types: list[str], include_unreviewed: bool | float, limits: tuple[int, ...]
) -> Neighbourhood | None:
    return driver.read(
        lambda tx: reads.neighbourhood(
            tx, key=key, hops=hops, types=types, include_unreviewed=include_unreviewed, limits=limits
        )
    )


# --- end pages


# --- API: paged lists, provenance, paths, the graph's version


def entity_list(*, query: EntityListQuery) -> Page[EntitySummary]:
    return driver.read(lambda tx: api_reads.entity_list(tx, query=query))


def document_page(*, query: DocumentListQuery) -> Page[DocumentSummary]:
    return driver.read(lambda tx: api_reads.document_list(tx, query=query))


def fact_list(*, query: FactListQuery, evidence_limit: int) -> Page[FactRecord]:
    return driver.read(lambda tx: api_reads.fact_list(tx, query=query, evidence_limit=evidence_limit))


def entity_claims(*, key: str, status: str | None, after: Position | None, limit: int) -> Page[ClaimRecord]:
    return driver.read(lambda tx: api_reads.entity_claims(tx, key=key, status=status, after=after, limit=limit))


def entity_locate(*, key: str) -> EntityLocation | None:
    return driver.read(lambda tx: api_reads.entity_locate(tx, key=key))


def lineage_path(*, source: str, target: str, types: list[str], include_unreviewed: bool | float) -> LineagePath | None:
    return driver.read(
        lambda tx: api_reads.lineage_path(
            tx, source=source, target=target, types=types, include_unreviewed=include_unreviewed
        )
    )


def search_labeled(*, query: str, labels: list[str] | None, limit: int) -> list[SearchHit]:
    return driver.read(lambda tx: api_reads.search(tx, query=query, labels=labels, limit=limit))


def graph_state() -> GraphState:
    return driver.read(api_reads.graph_state)


# --- end API
