"""Merges that can be undone: before a merge changes anything it records what it will change (the
other entity as it was, its mentions, its facts and their claims, the facts it folds into, the
survivor as it was, the redirects it re-points); undoing puts exactly that back, in one transaction,
and is refused when the graph moved on since (a later edit, decision, merge or re-ingest).

The snapshot is JSON (it lives in the audit log), its properties in the export's form (records).
"""

from neo4j import ManagedTransaction

from kg import rules
from kg.errors import Conflict
from kg.repository import sync
from kg.repository.entities import entity_state_tx
from kg.repository.facts import fact_state_tx
from kg.repository.records import data, graph_properties, json_properties
from kg.types import Change
from kg.vocabulary import Label, RelType

# The parts of a snapshot that are rows with properties (the JSON form of Neo4j's values).
_ROWS = ("mentions", "survivor_mentions", "facts", "targets", "claims")

# --- the snapshot -------------------------------------------------------------------------------

ENTITY_SNAPSHOT = """
MATCH (o:Entity {key: $other})
MATCH (s:Entity {key: $survivor})
CALL (o, s) {
  OPTIONAL MATCH (o)-[m:MENTIONED_IN]->(d:Document)
  OPTIONAL MATCH (s)-[n:MENTIONED_IN]->(d)
  RETURN collect(CASE WHEN d IS NULL THEN NULL ELSE {document: d.key, props: properties(m)} END) AS mentions,
         collect(CASE WHEN d IS NULL THEN NULL ELSE {document: d.key, props: properties(n)} END) AS survivor_mentions
}
CALL (o) {
  OPTIONAL MATCH (c:Claim)-[:ABOUT]->(o)
  RETURN collect(c.key) AS attribute_claims, collect(DISTINCT c.document_key) AS attribute_documents
}
CALL (o) {
  OPTIONAL MATCH (r:Redirect {to_key: o.key})
  RETURN collect(r.from_key) AS redirects
}
CALL (o, s) {
  // The decisions the merge moves to the survivor (where it decided the same value, its own stands).
  OPTIONAL MATCH (ad:AttributeDecision {entity: o.key})
  WHERE NOT EXISTS { MATCH (:AttributeDecision {key: s.key + substring(ad.key, size(o.key))}) }
  RETURN collect(ad.key) AS attribute_decisions
}
RETURN [l IN labels(o) WHERE l <> 'Entity'][0] AS label, properties(o) AS other, properties(s) AS survivor,
       mentions, survivor_mentions, attribute_claims, attribute_documents, redirects, attribute_decisions
"""

FACTS_SNAPSHOT = """
UNWIND $keys AS k
MATCH (f:Fact {key: k})
OPTIONAL MATCH (f)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
RETURN f.key AS key, s.key AS subject, o.key AS object, properties(f) AS props
"""

CLAIMS_SNAPSHOT = """
UNWIND $keys AS k
MATCH (c:Claim)-[:SUPPORTS]->(:Fact {key: k})
OPTIONAL MATCH (c)-[:STATED_IN]->(d:Document)
OPTIONAL MATCH (c)-[:CITES]->(cited:Document)
RETURN c.key AS key, k AS fact, d.key AS document, cited.key AS cites, properties(c) AS props
ORDER BY key
"""

# When each document was last loaded: a re-ingest since the merge replaced the statements moved.
DOCUMENTS_LOADED = """
UNWIND $keys AS k
MATCH (d:Document {key: k})
RETURN d.key AS key, toString(d.ingested_at) AS ingested_at
"""


def snapshot_tx(tx: ManagedTransaction, *, survivor: str, other: str, outcomes: list[dict]) -> dict:
    """What a merge of `other` into `survivor` is about to change; `outcomes` are the other's facts,
    each with its fate (merge_tx decides it): re-keyed, folded into an existing fact, or dropped."""
    row = tx.run(ENTITY_SNAPSHOT, survivor=survivor, other=other).single()
    targets = sorted({o["new_key"] for o in outcomes if o["outcome"] == "folded"})
    facts = data(tx, FACTS_SNAPSHOT, keys=[o["key"] for o in outcomes] + targets)
    claims = data(tx, CLAIMS_SNAPSHOT, keys=[f["key"] for f in facts])
    documents = {m["document"] for m in row["mentions"]} | {c["document"] for c in claims if c["document"]}
    documents |= set(row["attribute_documents"])
    loaded = {r["key"]: r["ingested_at"] for r in data(tx, DOCUMENTS_LOADED, keys=sorted(documents))}
    fates = {o["key"]: o for o in outcomes}
    return {
        "label": row["label"],
        "other": json_properties(row["other"]),
        "survivor": json_properties(row["survivor"]),
        "mentions": _with_json_properties(row["mentions"]),
        "survivor_mentions": _with_json_properties(row["survivor_mentions"]),
        "facts": [dict(f, **_fate(fates[f["key"]])) for f in _with_json_properties(facts) if f["key"] in fates],
        "targets": [f for f in _with_json_properties(facts) if f["key"] not in fates],
        "claims": _with_json_properties(claims),
        "attribute_claims": row["attribute_claims"],
        "redirects": row["redirects"],
        "attribute_decisions": row["attribute_decisions"],
        "documents": loaded,
    }


def _fate(outcome: dict) -> dict:
    return {k: outcome[k] for k in ("outcome", "new_key", "new_subject", "new_object")}


def _with_json_properties(rows: list[dict]) -> list[dict]:
    return [dict(row, props=json_properties(row["props"])) for row in rows]


def _with_graph_properties(rows: list[dict]) -> list[dict]:
    return [dict(row, props=graph_properties(row["props"])) for row in rows]


# --- the checks: an undo only on the graph the merge left ---------------------------------------

UNDO_STATE = """
OPTIONAL MATCH (r:Redirect {from_key: $other})
OPTIONAL MATCH (o:Entity {key: $other})
OPTIONAL MATCH (s:Entity {key: $survivor})
CALL (s) {
  OPTIONAL MATCH (s)-[:MENTIONED_IN]->(d:Document)
  WHERE d.ingested_at > datetime($merged_at)
  RETURN collect(d.key) AS later
}
RETURN r.to_key AS redirect, o IS NOT NULL AS other_exists, later
"""


def _refuse(reason: str, **detail: object) -> Conflict:
    return Conflict(f"The merge cannot be reverted: {reason}", detail=detail)


def _check(tx: ManagedTransaction, *, survivor: str, other: str, snapshot: dict, after: dict) -> dict:
    """The survivor as it is now, once everything the merge left is found as it left it."""
    row = tx.run(UNDO_STATE, survivor=survivor, other=other, merged_at=snapshot["merged_at"]).single()
    if row["other_exists"] or row["redirect"] != survivor:
        raise _refuse(f"'{other}' no longer redirects to '{survivor}'.", key=other)
    current = entity_state_tx(tx, key=survivor)
    if current is None:
        raise _refuse(f"'{survivor}' no longer exists (merged or removed since).", key=survivor)
    if any(current[field] != after.get(field) for field in ("name", "curated_aliases", "curated")):
        raise _refuse(f"'{survivor}' was edited after the merge; revert that edit first.", key=survivor)
    for key, version in sorted(after.get("versions", {}).items()):
        state = fact_state_tx(tx, key=key)
        if state is None or rules.fact_version(state) != version:
            raise _refuse(f"the fact '{key}' changed after the merge (a decision or new evidence).", key=key)
    loaded = {r["key"]: r["ingested_at"] for r in data(tx, DOCUMENTS_LOADED, keys=sorted(snapshot["documents"]))}
    for key, when in sorted(snapshot["documents"].items()):
        if loaded.get(key) != when:
            raise _refuse(f"the document '{key}' was re-ingested or removed after the merge.", document=key)
    if row["later"]:
        key = sorted(row["later"])[0]
        raise _refuse(f"the document '{key}' was ingested after the merge and mentions '{survivor}'.", document=key)
    return current


# --- the undo -----------------------------------------------------------------------------------


def _entity_restore(label: Label) -> str:
    return f"CREATE (e:Entity:{label.value}) SET e = $props"


ENTITY_RESTORE: dict[Label, str] = {label: _entity_restore(label) for label in Label}

SURVIVOR_RESTORE = "MATCH (s:Entity {key: $key}) SET s = $props"

FACTS_RESTORE = """
UNWIND $rows AS row
MATCH (s:Entity {key: row.subject})
MATCH (o:Entity {key: row.object})
MERGE (f:Fact {key: row.key})
SET f = row.props
MERGE (f)-[:SUBJECT]->(s)
MERGE (f)-[:OBJECT]->(o)
"""

# Each claim back as it was, supporting the fact it supported (a fold may have moved or merged it).
CLAIMS_RESTORE = """
UNWIND $rows AS row
MATCH (f:Fact {key: row.fact})
MATCH (d:Document {key: row.document})
MERGE (c:Claim {key: row.key})
SET c = row.props
MERGE (c)-[:STATED_IN]->(d)
WITH c, f
CALL (c, f) {
  MATCH (c)-[old:SUPPORTS]->(g:Fact) WHERE g <> f
  DELETE old
}
MERGE (c)-[:SUPPORTS]->(f)
"""

MENTIONS_RESTORE = """
MATCH (e:Entity {key: $key})
UNWIND $rows AS row
MATCH (d:Document {key: row.document})
MERGE (e)-[m:MENTIONED_IN]->(d)
SET m = row.props
"""

MENTIONS_REMOVE = """
MATCH (e:Entity {key: $key})
UNWIND $documents AS document
MATCH (e)-[m:MENTIONED_IN]->(:Document {key: document})
DELETE m
"""

# A curator's citation (no STATED_IN document) goes back to its fact, citing what it cited.
CITATIONS_RESTORE = """
UNWIND $rows AS row
MATCH (f:Fact {key: row.fact})
MERGE (c:Claim {key: row.key})
SET c = row.props
WITH c, f, row
CALL (c, f) {
  MATCH (c)-[old:SUPPORTS]->(g:Fact) WHERE g <> f
  DELETE old
}
MERGE (c)-[:SUPPORTS]->(f)
WITH c, row
CALL (c, row) {
  MATCH (d:Document {key: row.cites})
  MERGE (c)-[:CITES]->(d)
}
"""

# The other's decisions on its attribute values (kg.repository.attributes) are its own again.
ATTRIBUTE_DECISIONS_RESTORE = """
UNWIND $keys AS old_key
MATCH (ad:AttributeDecision {key: $survivor + substring(old_key, size($other))})
SET ad.key = old_key, ad.entity = $other
"""

ATTRIBUTE_CLAIMS_RESTORE = """
MATCH (o:Entity {key: $other})
UNWIND $keys AS k
MATCH (c:Claim {key: k})-[r:ABOUT]->(:Entity)
DELETE r
WITH DISTINCT c, o
MERGE (c)-[:ABOUT]->(o)
"""

REDIRECT_REMOVE = "MATCH (r:Redirect {from_key: $other}) DELETE r"

REDIRECTS_RESTORE = """
UNWIND $keys AS k
MATCH (r:Redirect {from_key: k, to_key: $survivor})
SET r.to_key = $other
"""


def undo_tx(tx: ManagedTransaction, *, before: dict, after: dict, threshold: float) -> Change:
    """Put back what the merge recorded in `before` (its snapshot), if the graph is as `after` says."""
    snapshot = before.get("snapshot") if isinstance(before, dict) else None
    survivor, other = after["key"], after["merged"]
    if not snapshot:
        raise _refuse("it was made before merges kept what they changed.", key=other)
    current = _check(tx, survivor=survivor, other=other, snapshot=snapshot, after=after)
    snap = dict(
        snapshot,
        **{kind: _with_graph_properties(snapshot[kind]) for kind in _ROWS},
        other=graph_properties(snapshot["other"]),
        survivor=graph_properties(snapshot["survivor"]),
    )
    tx.run(ENTITY_RESTORE[Label(snap["label"])], props=snap["other"])
    _drop_rekeyed(tx, snap["facts"])
    restored = [*snap["facts"], *snap["targets"]]
    tx.run(FACTS_RESTORE, rows=[{k: f[k] for k in ("key", "subject", "object", "props")} for f in restored])
    tx.run(CLAIMS_RESTORE, rows=[c for c in snap["claims"] if c["document"]])
    tx.run(CITATIONS_RESTORE, rows=[c for c in snap["claims"] if not c["document"]])
    tx.run(MENTIONS_RESTORE, key=other, rows=snap["mentions"])
    kept = [m for m in snap["survivor_mentions"] if m["props"] is not None]
    tx.run(MENTIONS_RESTORE, key=survivor, rows=kept)
    gained = [m["document"] for m in snap["survivor_mentions"] if m["props"] is None]
    tx.run(MENTIONS_REMOVE, key=survivor, documents=gained)
    tx.run(ATTRIBUTE_CLAIMS_RESTORE, other=other, keys=snap["attribute_claims"])
    decisions = snap.get("attribute_decisions", [])  # merges recorded before decisions moved have none
    tx.run(ATTRIBUTE_DECISIONS_RESTORE, keys=decisions, survivor=survivor, other=other)
    tx.run(REDIRECT_REMOVE, other=other)
    tx.run(REDIRECTS_RESTORE, keys=snap["redirects"], survivor=survivor, other=other)
    tx.run(SURVIVOR_RESTORE, key=survivor, props=snap["survivor"])
    entities = {survivor, other} | {f[end] for f in restored for end in ("subject", "object")}
    facts = {f["key"] for f in restored} | {f["new_key"] for f in snap["facts"] if f["new_key"]}
    sync.sync(tx, entity_keys=entities, fact_keys=facts, threshold=threshold)
    moved_back = {f["new_key"]: f["key"] for f in snap["facts"] if f["new_key"]}
    state = entity_state_tx(tx, key=survivor)
    return Change("entity", survivor, current, dict(state, restored=other, facts=moved_back))


def _drop_rekeyed(tx: ManagedTransaction, facts: list[dict]) -> None:
    """A re-keyed fact is its old self again: the node under the new key and its typed edge go."""
    rekeyed = [f for f in facts if f["outcome"] == "rekeyed"]
    for rel in {RelType(f["props"]["type"]) for f in rekeyed}:
        rows = [{"subject": f["new_subject"], "object": f["new_object"]} for f in rekeyed if f["props"]["type"] == rel]
        tx.run(sync.EDGE_DELETE[rel], rows=rows)
    tx.run(sync.FACTS_DELETE, keys=[f["new_key"] for f in rekeyed])
