"""The repository: the only code that talks to Neo4j. Callers get frozen dataclasses back."""

from kg.repository import driver, reads, writes
from kg.repository import queries as q
from kg.types import (
    Document,
    DocumentIn,
    DocumentSummary,
    Entity,
    LineageEdge,
    LineageNode,
    LoadResult,
    SearchHit,
)


def document_load(*, doc: DocumentIn, threshold: float) -> LoadResult:
    return driver.write(lambda tx: writes.load_document(tx, doc=doc, threshold=threshold))


def document_delete(*, key: str, threshold: float) -> bool:
    return driver.write(lambda tx: writes.delete_document(tx, key=key, threshold=threshold))


def document_get(*, key: str) -> Document | None:
    return driver.read(lambda tx: reads.document(tx, key=key))


def documents_list(*, skip: int = 0, limit: int = 50) -> list[DocumentSummary]:
    return driver.read(lambda tx: reads.documents(tx, skip=skip, limit=limit))


def redirects_resolve(*, keys: list[str]) -> dict[str, str]:
    return driver.read(lambda tx: writes.resolve_redirects(tx, keys))


def entity_get(*, key: str, include_unreviewed: bool = True, relation_limit: int = 500) -> Entity | None:
    return driver.read(
        lambda tx: reads.entity(tx, key=key, include_unreviewed=include_unreviewed, relation_limit=relation_limit)
    )


def lineage(
    *, key: str, directions: tuple[str, ...], depth: int, types: list[str], include_unreviewed: bool, limit: int
) -> tuple[list[LineageNode], list[LineageEdge]]:
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
    driver.run_autocommit(q.GRAPH_WIPE)
