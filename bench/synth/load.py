"""Bulk writes of a synthetic hub in UNWIND batches: the shape the loader's sync leaves, built at once.

These CREATE rather than MERGE: they are for content whose keys are new (a synthetic graph), where
looking for an existing node first would only cost time. Each batch is its own transaction; a stage's
batches run two at a time (a stage starts only when the previous one has committed, so every node a
relationship needs exists).
"""

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from neo4j import ManagedTransaction

from kg.repository import driver
from kg.repository.cypher import GRAPH_STATE_BUMP, LINEAGE_PATTERN
from kg.vocabulary import Label, RelType


def _entities_create(label: Label) -> str:
    return f"""
UNWIND $rows AS row
CREATE (e:Entity:{label.value})
SET e = row, e.created_at = datetime()
"""


# A fact, its one claim and its derived typed edge, as kg.repository.sync would leave them. Properties are
# spelled out (no `SET c = map`) so the planner needs no Eager barrier between reads and writes.
def _relations_create(rel: RelType) -> str:
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{key: row.subject}})
MATCH (o:Entity {{key: row.object}})
MATCH (d:Document {{key: row.document}})
CREATE (f:Fact {{key: row.key, type: '{rel.value}', status: row.status, confidence: row.confidence,
                 curated: false, created_at: datetime()}})
CREATE (f)-[:SUBJECT]->(s)
CREATE (f)-[:OBJECT]->(o)
CREATE (c:Claim {{key: row.claim.key, kind: 'relation', quote: row.claim.quote, start: row.claim.start,
                  end: row.claim.end, extractor: row.claim.extractor, confidence: row.claim.confidence,
                  extractor_version: row.claim.extractor_version, document_key: row.document,
                  created_at: datetime()}})
CREATE (c)-[:SUPPORTS]->(f)
CREATE (c)-[:STATED_IN]->(d)
CREATE (s)-[:{rel.value} {{fact_key: row.key, status: row.status, confidence: row.confidence}}]->(o)
"""


ENTITIES_CREATE: dict[Label, str] = {label: _entities_create(label) for label in Label}
RELATIONS_CREATE: dict[RelType, str] = {rel: _relations_create(rel) for rel in RelType}

DOCUMENTS_CREATE = """
UNWIND $rows AS row
CREATE (d:Document)
SET d = row, d.ingested_at = datetime()
"""

ATTRIBUTE_CLAIMS_CREATE = """
UNWIND $rows AS row
MATCH (e:Entity {key: row.entity})
MATCH (d:Document {key: row.document})
CREATE (c:Claim)
SET c = row.claim, c.created_at = datetime()
CREATE (c)-[:ABOUT]->(e)
CREATE (c)-[:STATED_IN]->(d)
"""

MENTIONS_CREATE = """
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
MATCH (d:Document {key: row.document})
CREATE (e)-[:MENTIONED_IN {spans: row.spans, aliases: row.aliases, count: row.count}]->(d)
"""

# Benchmarks draw models uniformly by internal id (an O(1) seek each) rather than sorting a million keys.
MODEL_ID_MAX = "MATCH (m:Model) RETURN max(id(m)) AS top"

MODELS_BY_ID = f"""
UNWIND $ids AS i
MATCH (m:Model) WHERE id(m) = i
CALL (m) {{
  OPTIONAL MATCH (m)-[:{LINEAGE_PATTERN}]->(p:Model)
  RETURN p.key AS parent ORDER BY parent LIMIT 1
}}
RETURN m.key AS key, m.name AS name, m.aliases AS aliases, parent
"""

KEYS_EXISTING = """
UNWIND $keys AS k
MATCH (e:Entity {key: k})
RETURN e.key AS key
"""


@dataclass(frozen=True)
class Written:
    nodes: int
    relationships: int

    def __add__(self, other: "Written") -> "Written":
        return Written(self.nodes + other.nodes, self.relationships + other.relationships)


NOTHING = Written(0, 0)


def _batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# Two transactions at once keep both of Neo4j's cores busy (Python packs the next batch meanwhile).
WRITERS = 2
# Each entity transaction also updates the full-text index at commit (it is not eventually consistent),
# a fixed cost per transaction: entity batches are larger than fact batches, which stay small to keep
# each transaction's state (two nodes and five relationships a row) cheap to build and commit.
ENTITY_BATCH_FACTOR = 5


def _write_batch_tx(tx: ManagedTransaction, *, query: str, rows: list[dict]) -> Written:
    counters = tx.run(query, rows=rows).consume().counters
    return Written(counters.nodes_created, counters.relationships_created)


def _write_batch(query: str, rows: list[dict]) -> Written:
    return driver.write(_write_batch_tx, query=query, rows=rows)


def _write(query: str, rows: list[dict], batch: int) -> Written:
    total = NOTHING
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        for written in pool.map(lambda part: _write_batch(query, part), _batches(rows, batch)):
            total += written
    return total


def entities_create(*, label: Label, rows: list[dict], batch: int) -> Written:
    return _write(ENTITIES_CREATE[label], rows, batch * ENTITY_BATCH_FACTOR)


def documents_create(*, rows: list[dict], batch: int) -> Written:
    # Documents carry their whole text: smaller batches keep a transaction's memory bounded.
    return _write(DOCUMENTS_CREATE, rows, max(1, batch // 50))


def relations_create(*, rel: RelType, rows: list[dict], batch: int) -> Written:
    return _write(RELATIONS_CREATE[rel], rows, batch)


def attribute_claims_create(*, rows: list[dict], batch: int) -> Written:
    return _write(ATTRIBUTE_CLAIMS_CREATE, rows, batch)


def mentions_create(*, rows: list[dict], batch: int) -> Written:
    return _write(MENTIONS_CREATE, rows, batch)


def _keys_existing_tx(tx: ManagedTransaction, *, keys: list[str]) -> list[str]:
    return [record["key"] for record in tx.run(KEYS_EXISTING, keys=keys)]


def keys_existing(*, keys: list[str]) -> list[str]:
    return driver.read(_keys_existing_tx, keys=keys)


def _graph_changed_tx(tx: ManagedTransaction) -> None:
    tx.run(GRAPH_STATE_BUMP).consume()


def graph_changed() -> None:
    """A bulk load is a write like any other: cached answers and ETags from before it go stale."""
    driver.write(_graph_changed_tx)


def _model_id_max_tx(tx: ManagedTransaction) -> int | None:
    return tx.run(MODEL_ID_MAX).single()["top"]


def _models_by_id_tx(tx: ManagedTransaction, *, ids: list[int]) -> list[dict]:
    return [r.data() for r in tx.run(MODELS_BY_ID, ids=ids)]


def models_sample(*, count: int, seed: int) -> list[dict]:
    """About `count` distinct models drawn uniformly, each with one of its lineage parents (or None)."""
    rng = random.Random(seed)
    top = driver.read(_model_id_max_tx) or 0
    found: dict[str, dict] = {}
    for _ in range(50):
        ids = [rng.randint(0, top) for _ in range(count * 4)]
        for row in driver.read(_models_by_id_tx, ids=ids):
            found.setdefault(row["key"], row)
        if len(found) >= count:
            break
    return list(found.values())[:count]
