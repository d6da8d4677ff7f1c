"""Attribute values under review: a curator accepts or rejects a value an entity's claims state
(every claim of that value, whichever document), or replaces it with a value of their own.

A decision is kept on an AttributeDecision node (entity, attribute, value) that re-ingests meet: a
document's claims are written anew as proposed, then take the decision of their value. A curator's
value is a Claim of kind 'attribute' by the extractor 'curator', accepted, citing (CITES) the
sentence of the value it replaces, so re-ingesting that document leaves it alone.
"""

import json

from neo4j import ManagedTransaction

from kg import rules
from kg.errors import EntityNotFound
from kg.repository import sync
from kg.repository.cypher import LABEL_OF, filters_in_one_map
from kg.repository.facts import CONTEXT_CHARS
from kg.repository.records import data
from kg.text import stable_id
from kg.types import Change, EvidenceInContext

CLAIMS_LISTED = 50  # an attribute value's claims a read carries (the count is exact)


def value_key(entity: str, attribute: str, value: object) -> str:
    """An attribute value's key: entity|attribute|value as JSON (gpt-3|training_tokens|18000000000000)."""
    return f"{entity}|{attribute}|{json.dumps(value, ensure_ascii=False)}"


def parse_value_key(key: str) -> tuple[str, str, object] | None:
    entity, _, rest = key.partition("|")
    attribute, _, value = rest.partition("|")
    try:
        return entity, attribute, json.loads(value)
    except ValueError:
        return None


# The state an audit entry records and a revert restores.
VALUE_STATE = """
MATCH (e:Entity {key: $entity})
OPTIONAL MATCH (ad:AttributeDecision {entity: $entity, attribute: $attribute}) WHERE ad.value = $value
OPTIONAL MATCH (c:Claim {kind: 'attribute', attribute: $attribute})-[:ABOUT]->(e) WHERE c.value = $value
RETURN ad.decision AS decision, coalesce(ad.curated, false) AS curated, count(c) AS claims,
       max(c.confidence) AS confidence
"""


def state_tx(tx: ManagedTransaction, *, entity: str, attribute: str, value: object) -> dict | None:
    row = tx.run(VALUE_STATE, entity=entity, attribute=attribute, value=value).single()
    if row is None:
        return None
    return dict(row.data(), entity=entity, attribute=attribute, value=value)


def require_value(tx: ManagedTransaction, key: str, expected: str | None) -> dict:
    parsed = parse_value_key(key)
    state = state_tx(tx, entity=parsed[0], attribute=parsed[1], value=parsed[2]) if parsed else None
    if state is None or (state["claims"] == 0 and state["decision"] is None):
        raise EntityNotFound(f"No attribute value with key '{key}'.", detail={"key": key})
    rules.check_fact_version(key, state, expected)
    return state


DECISION_SET = """
MATCH (e:Entity {key: $entity})
MERGE (ad:AttributeDecision {key: $key})
SET ad.entity = $entity, ad.attribute = $attribute, ad.value = $value, ad.decision = $decision,
    ad.curated = $curated, ad.decided_at = datetime()
WITH e
MATCH (c:Claim {kind: 'attribute', attribute: $attribute})-[:ABOUT]->(e) WHERE c.value = $value
SET c.status = coalesce($decision, 'proposed')
"""

DECISION_CLEAR = """
OPTIONAL MATCH (ad:AttributeDecision {key: $key})
DELETE ad
WITH 1 AS done
MATCH (c:Claim {kind: 'attribute', attribute: $attribute})-[:ABOUT]->(:Entity {key: $entity}) WHERE c.value = $value
SET c.status = 'proposed'
"""

CURATED_VALUE_DELETE = """
MATCH (c:Claim {kind: 'attribute', attribute: $attribute, extractor: 'curator'})-[:ABOUT]->(:Entity {key: $entity})
WHERE c.value = $value
DETACH DELETE c
"""

# A curator's value, citing the sentence of the value it replaces (when one states it).
CURATED_VALUE_CREATE = """
MATCH (e:Entity {key: $entity})
MERGE (c:Claim {key: $claim_key})
SET c.kind = 'attribute', c.attribute = $attribute, c.value = $value, c.extractor = 'curator',
    c.confidence = 1.0, c.status = 'accepted', c.created_at = datetime(), c.quote = '', c.start = 0, c.end = 0
REMOVE c.document_key, c.copied_from
MERGE (c)-[:ABOUT]->(e)
WITH c, e
CALL (c) {
  // The value given again (edited from another value): it cites only the value it now replaces.
  MATCH (c)-[cited:CITES]->()
  DELETE cited
}
WITH c, e
CALL (c, e) {
  MATCH (old:Claim {kind: 'attribute', attribute: $attribute})-[:ABOUT]->(e)
  WHERE old.value = $replaced AND old.extractor <> 'curator'
  OPTIONAL MATCH (old)-[:STATED_IN|CITES]->(d:Document)
  WITH old, d ORDER BY old.confidence DESC, old.key LIMIT 1
  SET c.quote = old.quote, c.start = old.start, c.end = old.end, c.document_key = coalesce(d.key, old.document_key),
      c.copied_from = $replaced_key
  WITH c, d WHERE d IS NOT NULL
  MERGE (c)-[:CITES]->(d)
}
"""

# After a document's claims are written anew: each takes its value's decision.
DOCUMENT_DECISIONS_APPLY = """
MATCH (c:Claim {kind: 'attribute', document_key: $document})-[:ABOUT]->(e:Entity)
MATCH (ad:AttributeDecision {entity: e.key, attribute: c.attribute}) WHERE ad.value = c.value
SET c.status = ad.decision
"""


def _set(tx: ManagedTransaction, state: dict, decision: str | None, curated: bool) -> None:
    key = value_key(state["entity"], state["attribute"], state["value"])
    params = {"entity": state["entity"], "attribute": state["attribute"], "value": state["value"], "key": key}
    if decision is None and not curated:
        tx.run(DECISION_CLEAR, **params)
        tx.run(CURATED_VALUE_DELETE, **params)
    else:
        tx.run(DECISION_SET, decision=decision, curated=curated, **params)


def decide_tx(
    tx: ManagedTransaction, *, key: str, decision: str | None, threshold: float, expected: str | None
) -> Change:
    before = require_value(tx, key, expected)
    _set(tx, before, decision, before["curated"])
    sync.sync(tx, entity_keys={before["entity"]}, fact_keys=set(), threshold=threshold)
    return Change("attribute", key, before, state_tx(tx, **_where(before)))


def replace_tx(tx: ManagedTransaction, *, key: str, value: object, threshold: float, expected: str | None) -> tuple:
    """An edit: the curator's value, accepted, and the original rejected; one transaction."""
    old = require_value(tx, key, expected)
    new_key = value_key(old["entity"], old["attribute"], value)
    new_before = state_tx(tx, entity=old["entity"], attribute=old["attribute"], value=value)
    _set(tx, old, "rejected", old["curated"])
    tx.run(
        CURATED_VALUE_CREATE,
        entity=old["entity"],
        attribute=old["attribute"],
        value=value,
        replaced=old["value"],
        replaced_key=key,
        claim_key=stable_id("curated-attribute", new_key),
    )
    _set(tx, dict(old, value=value), "accepted", True)
    sync.sync(tx, entity_keys={old["entity"]}, fact_keys=set(), threshold=threshold)
    rejected = Change("attribute", key, old, state_tx(tx, **_where(old)))
    created = Change("attribute", new_key, new_before, state_tx(tx, **_where(dict(old, value=value))))
    return rejected, created


def restore_tx(tx: ManagedTransaction, *, key: str, state: dict, threshold: float) -> Change:
    parsed = parse_value_key(key)
    where = {"entity": parsed[0], "attribute": parsed[1], "value": parsed[2]}
    before = state_tx(tx, **where)
    _set(tx, where, state.get("decision"), bool(state.get("curated")))
    sync.sync(tx, entity_keys={where["entity"]}, fact_keys=set(), threshold=threshold)
    return Change("attribute", key, before, state_tx(tx, **where))


def _where(state: dict) -> dict:
    return {"entity": state["entity"], "attribute": state["attribute"], "value": state["value"]}


# --- the queue: an entity's attribute values with their claims in context ------------------------

_VALUES_FILTER = """
MATCH (c:Claim {kind: 'attribute'})-[:ABOUT]->(e:Entity)
WHERE ($status IS NULL OR c.status = $status)
  AND ($entity IS NULL OR e.key = $entity)
  AND ($document IS NULL OR c.document_key = $document)
WITH e, c.attribute AS attribute, c.value AS value, collect(c) AS claims
"""
_VALUES_FILTER = filters_in_one_map(_VALUES_FILTER, "status", "entity", "document")

VALUES_COUNT = _VALUES_FILTER + "RETURN count(*) AS total"

VALUES_PAGE = (
    _VALUES_FILTER
    + f"""
WITH e, attribute, value, claims, reduce(m = 0.0, c IN claims | CASE WHEN c.confidence > m THEN c.confidence ELSE m END)
  AS confidence
ORDER BY confidence DESC, e.key, attribute SKIP $skip LIMIT $limit
OPTIONAL MATCH (ad:AttributeDecision {{entity: e.key, attribute: attribute}}) WHERE ad.value = value
CALL (e, attribute, value) {{
  MATCH (x:Claim {{kind: 'attribute', attribute: attribute}})-[:ABOUT]->(e) WHERE x.value = value
  RETURN count(x) AS all_claims, max(x.confidence) AS all_confidence
}}
CALL (claims) {{
  UNWIND claims[..$listed] AS c
  OPTIONAL MATCH (c)-[:STATED_IN|CITES]->(d:Document)
  WITH c, d, CASE WHEN c.start > $context THEN c.start - $context ELSE 0 END AS from
  RETURN collect(c {{.quote, .start, .end, .extractor, .confidence, .status,
    document_key: coalesce(d.key, c.document_key), document_title: d.title, language: d.language,
    before: substring(coalesce(d.text, ''), from, c.start - from),
    after: substring(coalesce(d.text, ''), c.end, $context)}}) AS evidence
}}
RETURN e.key AS entity, e.name AS name, {LABEL_OF.format("e")} AS label, attribute, value, confidence,
       ad.decision AS decision, coalesce(ad.curated, false) AS curated, all_claims AS claims,
       all_confidence, evidence, e[attribute] AS shown
"""
)


def _in_context(e: dict) -> EvidenceInContext:
    return EvidenceInContext(
        quote=e["quote"] or "",
        before=e["before"] or "",
        after=e["after"] or "",
        start=e["start"] or 0,
        end=e["end"] or 0,
        document_key=e["document_key"] or "",
        document_title=e["document_title"] or e["document_key"] or "",
        language=e["language"] or "",
        extractor=e["extractor"] or "",
        confidence=e["confidence"] if e["confidence"] is not None else 1.0,
    )


def values_tx(tx: ManagedTransaction, *, filters: dict, skip: int, limit: int) -> tuple[list[dict], int]:
    params = {"status": None, "entity": None, "document": None, **filters}
    total = tx.run(VALUES_COUNT, f=params).single()["total"]
    rows = data(tx, VALUES_PAGE, f=params, skip=skip, limit=limit, listed=CLAIMS_LISTED, context=CONTEXT_CHARS)
    for row in rows:
        row["key"] = value_key(row["entity"], row["attribute"], row["value"])
        row["version"] = rules.fact_version(dict(row, confidence=row["all_confidence"]))
        row["evidence"] = [_in_context(e) for e in row["evidence"]]
    return rows, total
