"""The sync of derived graph state, which every write path ends with.

Claims are the evidence; Facts are what claims support; a fact's status, the typed edge that
lineage pages walk, an entity's aliases and attribute values are derived from them here, by the
rules in kg.rules, for exactly the facts and entities a write touched.
"""

from collections import defaultdict

from neo4j import ManagedTransaction

from kg import rules
from kg.repository.cypher import GRAPH_STATE_BUMP
from kg.repository.records import data
from kg.text import search_text
from kg.vocabulary import LINEAGE_TYPES, RelType, Status

# Per touched fact: its support, so the sync can decide its status and its traversable edge.
FACTS_STATE = """
UNWIND $keys AS k
MATCH (f:Fact {key: k})-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
// A curator's citation is the curator's evidence, not a document's support: it neither keeps the
// fact alive nor sets its confidence (kg.repository.facts.CITATIONS_CREATE).
OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f) WHERE coalesce(c.kind, '') <> 'citation'
RETURN f.key AS key, f.type AS type, s.key AS subject, o.key AS object, f.decision AS decision,
       f.curated AS curated, count(c) AS claims, max(c.confidence) AS confidence,
       [x IN collect(CASE WHEN c.lineage_kind <> '' THEN [c.lineage_kind, c.confidence] END)
        WHERE x IS NOT NULL] AS kinds,
       toString(s.released) AS subject_released, toString(o.released) AS object_released
"""

# The lineage facts of some entities: re-checked when one of their release dates changes.
LINEAGE_FACTS_OF = """
UNWIND $keys AS k
MATCH (f:Fact)-[:SUBJECT|OBJECT]->(:Entity {key: k})
WHERE f.type IN $types
RETURN DISTINCT f.key AS key
"""

FACTS_SET_STATUS = """
UNWIND $rows AS row
MATCH (f:Fact {key: row.key})
SET f.status = row.status, f.confidence = row.confidence, f.kind = row.kind, f.conflict = row.conflict
"""

FACTS_DELETE = """
UNWIND $keys AS k
MATCH (f:Fact {key: k})
OPTIONAL MATCH (c:Claim {kind: 'citation'})-[:SUPPORTS]->(f)
DETACH DELETE c, f
"""


def _edge_merge(rel: RelType) -> str:
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{key: row.subject}})
MATCH (o:Entity {{key: row.object}})
MERGE (s)-[r:{rel.value}]->(o)
SET r.fact_key = row.key, r.status = row.status, r.confidence = row.confidence, r.kind = row.kind,
    r.conflict = row.conflict
"""


def _edge_delete(rel: RelType) -> str:
    return f"""
UNWIND $rows AS row
MATCH (:Entity {{key: row.subject}})-[r:{rel.value}]->(:Entity {{key: row.object}})
DELETE r
"""


EDGE_MERGE: dict[RelType, str] = {rel: _edge_merge(rel) for rel in RelType}
EDGE_DELETE: dict[RelType, str] = {rel: _edge_delete(rel) for rel in RelType}

# Per touched entity: what its derived state (aliases, attribute values) is computed from.
ENTITIES_STATE = """
UNWIND $keys AS k
MATCH (e:Entity {key: k})
CALL (e) {
  OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(:Document)
  RETURN collect(m.aliases) AS mention_aliases, count(m) AS mentions
}
CALL (e) {
  OPTIONAL MATCH (c:Claim {kind: 'attribute'})-[:ABOUT]->(e)
  RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE
    {key: c.key, name: c.attribute, value: c.value, confidence: c.confidence, status: c.status,
     document: c.document_key, created_at: toString(c.created_at)} END) AS attribute_claims
}
CALL (e) {
  // A rejected fact kept only for its decision does not keep its entities alive.
  OPTIONAL MATCH (e)<-[:SUBJECT|OBJECT]-(f:Fact) WHERE f.status <> 'rejected'
  RETURN count(f) AS facts
}
RETURN e.key AS key, e.name AS name, e.curated AS curated,
       coalesce(e.curated_aliases, []) AS curated_aliases, mention_aliases, mentions,
       attribute_claims, coalesce(e.claimed_attributes, []) AS claimed_attributes, facts,
       toString(e.released) AS released
"""

ENTITIES_UPDATE = """
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
SET e.aliases = row.aliases, e.search_text = row.search_text, e += row.attributes,
    e.claimed_attributes = row.claimed_attributes, e.unsettled_attributes = row.unsettled
"""

# Whether an attribute claim is settled (accepted, or proposed at the auto-accept threshold): what
# reads without unreviewed statements keep, and what pages show without an "unreviewed" mark.
CLAIMS_SETTLED = """
UNWIND $rows AS row
MATCH (c:Claim {key: row.key})
SET c.settled = row.settled
"""

ENTITIES_DELETE = """
UNWIND $keys AS k
MATCH (e:Entity {key: k})
DETACH DELETE e
"""


def sync(tx: ManagedTransaction, *, entity_keys: set[str], fact_keys: set[str], threshold: float) -> None:
    """Recompute derived state for what changed: fact status, typed edges, aliases, attributes."""
    _sync_facts(tx, sorted(fact_keys), threshold)
    redated = _sync_entities(tx, sorted(entity_keys), threshold)
    if redated:
        # A release date moved: whether a child came out before its parent may have changed with it.
        rows = data(tx, LINEAGE_FACTS_OF, keys=sorted(redated), types=[t.value for t in LINEAGE_TYPES])
        _sync_facts(tx, sorted(row["key"] for row in rows), threshold)
    # Every write ends here, so this is where the graph's version (ETags, Last-Modified) moves.
    tx.run(GRAPH_STATE_BUMP)


def _sync_facts(tx: ManagedTransaction, keys: list[str], threshold: float) -> None:
    keep: dict[RelType, list[dict]] = defaultdict(list)
    drop: dict[RelType, list[dict]] = defaultdict(list)
    orphans, statuses = [], []
    for row in data(tx, FACTS_STATE, keys=keys):
        rel = RelType(row["type"])
        edge = {"key": row["key"], "subject": row["subject"], "object": row["object"]}
        if rules.fact_is_orphan(claims=row["claims"], curated=row["curated"], decision=row["decision"]):
            orphans.append(row["key"])
            drop[rel].append(edge)
            continue
        confidence = row["confidence"] if row["confidence"] is not None else 1.0
        conflict = rules.fact_conflict(rel, row["subject_released"], row["object_released"])
        status = rules.fact_status(
            decision=row["decision"], confidence=confidence, threshold=threshold, conflict=conflict
        )
        kind = rules.fact_kind(row["kinds"])
        state = {"status": status, "confidence": confidence, "kind": kind, "conflict": conflict}
        statuses.append({"key": row["key"], **state})
        target = drop if status == Status.REJECTED else keep
        target[rel].append(dict(edge, **state))
    tx.run(FACTS_SET_STATUS, rows=statuses)
    for rel, rows in drop.items():
        tx.run(EDGE_DELETE[rel], rows=rows)
    for rel, rows in keep.items():
        tx.run(EDGE_MERGE[rel], rows=rows)
    tx.run(FACTS_DELETE, keys=orphans)


def _sync_entities(tx: ManagedTransaction, keys: list[str], threshold: float) -> set[str]:
    """Recompute aliases and attribute values; returns the entities whose release date changed."""
    updates, orphans, redated, settled = [], [], set(), []
    for row in data(tx, ENTITIES_STATE, keys=keys):
        if rules.entity_is_orphan(
            mentions=row["mentions"],
            facts=row["facts"],
            attribute_claims=row["attribute_claims"],
            curated=row["curated"],
        ):
            orphans.append(row["key"])
            continue
        aliases = rules.entity_aliases(row["name"], row["curated_aliases"], row["mention_aliases"])
        values = rules.best_attributes(row["attribute_claims"], threshold)
        marks = {c["key"]: rules.attribute_settled(c, threshold) for c in row["attribute_claims"]}
        settled += [{"key": key, "settled": mark} for key, mark in marks.items()]
        # Values only claims supported are removed (set to null) once no claim supports them.
        attributes = {name: values.get(name) for name in set(row["claimed_attributes"]) | set(values)}
        if "released" in attributes and _as_text(attributes["released"]) != row["released"]:
            redated.add(row["key"])
        updates.append(
            {
                "key": row["key"],
                "aliases": aliases,
                "search_text": search_text(aliases),
                "attributes": attributes,
                "claimed_attributes": sorted(values),
                "unsettled": rules.unsettled_attributes(values, row["attribute_claims"], marks),
            }
        )
    tx.run(ENTITIES_UPDATE, rows=updates)
    tx.run(CLAIMS_SETTLED, rows=settled)
    tx.run(ENTITIES_DELETE, keys=orphans)
    return redated


def _as_text(value: object) -> str | None:
    """A value as Cypher's toString() shows it, to compare with one read back."""
    return None if value is None else str(value)
