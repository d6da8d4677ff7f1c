"""Curators' entity writes: create, set (name, aliases), merge one entity into another; and the
pipeline's merge suggestions still open. Each write returns the state before and after (for the
audit log) and ends in sync.sync.
"""

import json

from neo4j import ManagedTransaction

from kg import rules
from kg.errors import Conflict
from kg.repository import merge_undo, sync
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
    n.count = coalesce(n.count, 0) + coalesce(m.count, 0),
    n.paper_text = CASE WHEN coalesce(m.paper_text, n.paper_text, false) THEN true END
DELETE m
"""

ATTRIBUTE_CLAIMS_MOVE = """
MATCH (c:Claim)-[r:ABOUT]->(:Entity {key: $other})
MATCH (s:Entity {key: $survivor})
MERGE (c)-[:ABOUT]->(s)
DELETE r
"""

# The other's decisions on attribute values follow its claims (keys entity|attribute|value re-made);
# where the survivor decided the same value already, the survivor's decision stands.
ATTRIBUTE_DECISIONS_MOVE = """
MATCH (ad:AttributeDecision {entity: $other})
WITH ad, $survivor + substring(ad.key, size($other)) AS new_key
OPTIONAL MATCH (taken:AttributeDecision {key: new_key})
FOREACH (_ IN CASE WHEN taken IS NULL THEN [1] ELSE [] END | SET ad.key = new_key, ad.entity = $survivor)
FOREACH (_ IN CASE WHEN taken IS NULL THEN [] ELSE [1] END | DELETE ad)
"""

# The old key and every key that already redirected to it now lead to the survivor.
REDIRECTS_REPOINT = """
OPTIONAL MATCH (earlier:Redirect {to_key: $other})
SET earlier.to_key = $survivor
WITH collect(earlier.from_key) AS repointed
MERGE (r:Redirect {from_key: $other})
SET r.to_key = $survivor, r.merged_at = datetime()
RETURN repointed, toString(r.merged_at) AS merged_at
"""

ENTITY_ABSORB = """
MATCH (s:Entity {key: $survivor})
MATCH (o:Entity {key: $other})
SET s.curated_aliases = $curated_aliases, s.curated = true, s += $props
DETACH DELETE o
"""


def _fates(tx: ManagedTransaction, *, survivor: str, other: str) -> list[dict]:
    """The other entity's facts and what the merge does to each: re-keyed onto the survivor, folded
    into the survivor's fact of the same key, or dropped (it would join the survivor to itself)."""
    fates = []
    for fact in data(tx, ENTITY_FACTS, key=other):
        subject, obj = rules.merged_endpoints(survivor, other, fact["subject"], fact["object"])
        new_key = None if subject == obj else fact_key(subject, fact["type"], obj)
        if new_key is None:
            outcome = "dropped"
        else:
            outcome = "folded" if fact_state_tx(tx, key=new_key) is not None else "rekeyed"
        fates.append(dict(fact, new_subject=subject, new_object=obj, new_key=new_key, outcome=outcome))
    return fates


def _merge_facts(tx: ManagedTransaction, *, survivor: str, other: str, fates: list[dict]) -> None:
    for fate in fates:
        if fate["outcome"] == "dropped":
            tx.run(FACT_DROP, key=fate["key"])
        elif fate["outcome"] == "folded":
            moves = {"from": fate["key"], "to": fate["new_key"]}
            tx.run(FACT_FOLD, **moves, subject=fate["new_subject"], object=fate["new_object"])
        else:
            tx.run(FACT_REKEY, **{"from": fate["key"], "to": fate["new_key"], "survivor": survivor, "other": other})


def merge_tx(
    tx: ManagedTransaction, *, survivor: str, other: str, threshold: float, expected_plan: str | None = None
) -> Change:
    """Fold `other` into `survivor`. The Change's `before` holds the snapshot an undo needs, its
    `after` the plan (what moved where, with its version) and the versions of the facts the merge
    left. Given `expected_plan` (a preview's version), refused unless the plan is still that one."""
    rules.check_merge_distinct(survivor, other)
    kept, gone = require_entity(tx, survivor), require_entity(tx, other)
    rules.check_merge_labels(survivor, other, kept, gone)
    fates = _fates(tx, survivor=survivor, other=other)
    snapshot = merge_undo.snapshot_tx(tx, survivor=survivor, other=other, outcomes=fates)
    _merge_facts(tx, survivor=survivor, other=other, fates=fates)
    tx.run(MENTIONS_MOVE, survivor=survivor, other=other)
    tx.run(ATTRIBUTE_CLAIMS_MOVE, survivor=survivor, other=other)
    tx.run(ATTRIBUTE_DECISIONS_MOVE, survivor=survivor, other=other)
    redirects = tx.run(REDIRECTS_REPOINT, survivor=survivor, other=other).single()
    aliases, props = rules.merged_identity(kept, gone)
    tx.run(ENTITY_ABSORB, survivor=survivor, other=other, curated_aliases=aliases, props=props)
    moved = {f["key"]: f["new_key"] for f in fates}
    entities = {end for f in fates for end in (f["new_subject"], f["new_object"])}
    sync.sync(tx, entity_keys=entities | {survivor}, fact_keys={k for k in moved.values() if k}, threshold=threshold)
    state = entity_state_tx(tx, key=survivor)
    plan = {
        "survivor": survivor,
        "other": other,
        "aliases": [a for a in state["aliases"] if a not in kept["aliases"]],
        "properties": props,
        "rekeyed": {f["key"]: f["new_key"] for f in fates if f["outcome"] == "rekeyed"},
        "folded": {f["key"]: f["new_key"] for f in fates if f["outcome"] == "folded"},
        "dropped": [f["key"] for f in fates if f["outcome"] == "dropped"],
        "redirects": [other, *sorted(redirects["repointed"])],
        "documents": sorted(m["document"] for m in snapshot["mentions"]),
        "attribute_claims": len(snapshot["attribute_claims"]),
    }
    rules.check_plan(plan, expected_plan)
    plan["version"] = rules.plan_version(plan)
    versions = {key: rules.fact_version(fact_state_tx(tx, key=key)) for key in moved.values() if key}
    after = dict(state, merged=other, facts=moved, plan=plan, versions=versions)
    before = {"survivor": kept, "other": gone, "snapshot": dict(snapshot, merged_at=redirects["merged_at"])}
    return Change("entity", survivor, before, after)


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
