"""Curators' entity writes: create, set (name, aliases), merge one entity into another; and the
pipeline's merge suggestions still open. Each write returns the state before and after (for the
audit log) and ends in sync.sync.
"""

import json

from neo4j import ManagedTransaction

from kg import rules
from kg.errors import Conflict
from kg.repository import sync
from kg.repository.entities import ENTITIES_EXISTING, entity_state_tx, require_entity, resolve_redirects
from kg.repository.facts import fact_state_tx
from kg.repository.records import data
from kg.text import fact_key
from kg.types import Change, MergeSuggestion
from kg.vocabulary import Label

ENTITY_CURATE = """
MATCH (e:Entity {key: $key})
SET e.name = $name, e.curated_aliases = $curated_aliases, e.curated = $curated
"""


def _entity_create(label: Label) -> str:
    return f"""
CREATE (e:Entity:{label.value} {{key: $key, name: $name, curated: true, curated_aliases: $aliases,
                                  aliases: [], created_at: datetime()}})
"""


ENTITY_CREATE: dict[Label, str] = {label: _entity_create(label) for label in Label}


def create_tx(
    tx: ManagedTransaction, *, key: str, label: Label, name: str, aliases: list[str], threshold: float
) -> Change:
    if entity_state_tx(tx, key=key) is not None or resolve_redirects(tx, [key]):
        raise Conflict(f"The key '{key}' is already taken.", detail={"key": key})
    tx.run(ENTITY_CREATE[label], key=key, name=name, aliases=aliases)
    sync.sync(tx, entity_keys={key}, fact_keys=set(), threshold=threshold)
    return Change("entity", key, None, entity_state_tx(tx, key=key))


def set_tx(
    tx: ManagedTransaction, *, key: str, name: str, curated_aliases: list[str], curated: bool, threshold: float
) -> Change:
    before = require_entity(tx, key)
    tx.run(ENTITY_CURATE, key=key, name=name, curated_aliases=curated_aliases, curated=curated)
    sync.sync(tx, entity_keys={key}, fact_keys=set(), threshold=threshold)
    return Change("entity", key, before, entity_state_tx(tx, key=key))


# --- merges -------------------------------------------------------------------------------------

ENTITY_FACTS = """
MATCH (f:Fact)-[:SUBJECT|OBJECT]->(:Entity {key: $key})
MATCH (f)-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
RETURN DISTINCT f.key AS key, f.type AS type, s.key AS subject, o.key AS object,
       f.decision AS decision, coalesce(f.curated, false) AS curated
"""

# A merge turned the fact into a self-loop (X fine-tunes X): it and its claims go.
FACT_DROP = """
MATCH (f:Fact {key: $key})
OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f)
DETACH DELETE c, f
"""

# The re-keyed fact already exists: its claims move over and a curator's decision survives.
FACT_FOLD = """
MATCH (f:Fact {key: $from})
MATCH (t:Fact {key: $to})
MATCH (s:Entity {key: $subject})
MATCH (o:Entity {key: $object})
MERGE (t)-[:SUBJECT]->(s)
MERGE (t)-[:OBJECT]->(o)
SET t.decision = coalesce(t.decision, f.decision),
    t.curated = coalesce(t.curated, false) OR coalesce(f.curated, false)
WITH f, t
CALL (f, t) {
  MATCH (c:Claim)-[r:SUPPORTS]->(f)
  MERGE (c)-[:SUPPORTS]->(t)
  DELETE r
}
DETACH DELETE f
WITH t
MATCH (c:Claim)-[:SUPPORTS]->(t)
WITH c.document_key AS document, c.start AS start, c.end AS end, collect(c) AS same
WHERE size(same) > 1
UNWIND same[1..] AS duplicate
DETACH DELETE duplicate
"""

FACT_REKEY = """
MATCH (f:Fact {key: $from})
MATCH (survivor:Entity {key: $survivor})
OPTIONAL MATCH (f)-[rs:SUBJECT]->(:Entity {key: $other})
OPTIONAL MATCH (f)-[ro:OBJECT]->(:Entity {key: $other})
FOREACH (_ IN CASE WHEN rs IS NULL THEN [] ELSE [1] END | MERGE (f)-[:SUBJECT]->(survivor))
FOREACH (_ IN CASE WHEN ro IS NULL THEN [] ELSE [1] END | MERGE (f)-[:OBJECT]->(survivor))
DELETE rs, ro
SET f.key = $to
"""

MENTIONS_MOVE = """
MATCH (:Entity {key: $other})-[m:MENTIONED_IN]->(d:Document)
MATCH (s:Entity {key: $survivor})
MERGE (s)-[n:MENTIONED_IN]->(d)
SET n.spans = coalesce(n.spans, []) + coalesce(m.spans, []),
    n.aliases = reduce(acc = coalesce(n.aliases, []), a IN coalesce(m.aliases, []) |
                       CASE WHEN a IN acc THEN acc ELSE acc + a END),
    n.count = coalesce(n.count, 0) + coalesce(m.count, 0)
DELETE m
"""

ATTRIBUTE_CLAIMS_MOVE = """
MATCH (c:Claim)-[r:ABOUT]->(:Entity {key: $other})
MATCH (s:Entity {key: $survivor})
MERGE (c)-[:ABOUT]->(s)
DELETE r
"""

# The old key and every key that already redirected to it now lead to the survivor.
REDIRECTS_REPOINT = """
OPTIONAL MATCH (earlier:Redirect {to_key: $other})
SET earlier.to_key = $survivor
WITH count(earlier) AS repointed
MERGE (r:Redirect {from_key: $other})
SET r.to_key = $survivor, r.merged_at = datetime()
RETURN repointed
"""

ENTITY_ABSORB = """
MATCH (s:Entity {key: $survivor})
MATCH (o:Entity {key: $other})
SET s.curated_aliases = $curated_aliases, s.curated = true, s += $props
DETACH DELETE o
"""


def _merge_facts(tx: ManagedTransaction, *, survivor: str, other: str) -> tuple[dict[str, str | None], set[str]]:
    """Re-key the other entity's facts onto the survivor; returns old key → new key (None: dropped)."""
    moved: dict[str, str | None] = {}
    entities: set[str] = set()
    for fact in data(tx, ENTITY_FACTS, key=other):
        subject, obj = rules.merged_endpoints(survivor, other, fact["subject"], fact["object"])
        entities |= {subject, obj}
        if subject == obj:
            tx.run(FACT_DROP, key=fact["key"])
            moved[fact["key"]] = None
            continue
        new_key = fact_key(subject, fact["type"], obj)
        if fact_state_tx(tx, key=new_key) is not None:
            tx.run(FACT_FOLD, **{"from": fact["key"], "to": new_key, "subject": subject, "object": obj})
        else:
            tx.run(FACT_REKEY, **{"from": fact["key"], "to": new_key, "survivor": survivor, "other": other})
        moved[fact["key"]] = new_key
    return moved, entities


def merge_tx(tx: ManagedTransaction, *, survivor: str, other: str, threshold: float) -> Change:
    rules.check_merge_distinct(survivor, other)
    kept, gone = require_entity(tx, survivor), require_entity(tx, other)
    rules.check_merge_labels(survivor, other, kept, gone)
    moved, entities = _merge_facts(tx, survivor=survivor, other=other)
    tx.run(MENTIONS_MOVE, survivor=survivor, other=other)
    tx.run(ATTRIBUTE_CLAIMS_MOVE, survivor=survivor, other=other)
    tx.run(REDIRECTS_REPOINT, survivor=survivor, other=other)
    aliases, props = rules.merged_identity(kept, gone)
    tx.run(ENTITY_ABSORB, survivor=survivor, other=other, curated_aliases=aliases, props=props)
    sync.sync(tx, entity_keys=entities | {survivor}, fact_keys={k for k in moved.values() if k}, threshold=threshold)
    after = dict(entity_state_tx(tx, key=survivor), merged=other, facts=moved)
    return Change("entity", survivor, {"survivor": kept, "other": gone}, after)


# --- merge suggestions --------------------------------------------------------------------------

MERGE_PROPOSALS = """
MATCH (d:Document)
WHERE d.report CONTAINS 'merge_proposals'
RETURN d.key AS document_key, d.report AS report
ORDER BY d.ingested_at DESC
"""


def merge_suggestions_tx(tx: ManagedTransaction) -> list[MergeSuggestion]:
    """The pipeline's near-duplicate proposals whose two sides are still separate entities."""
    proposals = []
    for row in data(tx, MERGE_PROPOSALS):
        for p in json.loads(row["report"] or "{}").get("merge_proposals") or []:
            proposals.append((row["document_key"], p))
    keys = sorted({k for _, p in proposals for k in (p["key"], p["other_key"])})
    redirect = resolve_redirects(tx, keys)
    existing = {r["key"]: r for r in data(tx, ENTITIES_EXISTING, keys=[redirect.get(k, k) for k in keys])}
    seen, out = set(), []
    for document_key, p in proposals:
        left, right = redirect.get(p["key"], p["key"]), redirect.get(p["other_key"], p["other_key"])
        pair = tuple(sorted((left, right)))
        if left == right or pair in seen or left not in existing or right not in existing:
            continue
        name, other_name = existing[left]["props"].get("name", left), existing[right]["props"].get("name", right)
        # Reports written before the pipeline knew better may still pair a name with one built on it.
        if existing[left]["label"] != existing[right]["label"] or rules.names_nest(name, other_name):
            continue
        seen.add(pair)
        out.append(
            MergeSuggestion(
                key=left,
                other_key=right,
                label=existing[left]["label"],
                name=name,
                other_name=other_name,
                score=float(p.get("score") or 0.0),
                reason=str(p.get("reason") or ""),
                document_key=document_key,
            )
        )
    return out
