"""Facts: the paged fact list, the curators' review queue, and curators' decisions and edits
(decide, set, replace). Each write reads the state it changes inside its transaction and returns it
before and after, so the audit log records exactly what happened, and ends in sync.sync.
"""

import re

from neo4j import ManagedTransaction

from kg import rules
from kg.errors import EntityNotFound, InvalidQuery
from kg.repository import lineage, sync
from kg.repository.cypher import (
    AFTER_IN_DOCUMENT_ORDER,
    DOCUMENT_ORDER,
    EVIDENCE_COUNT,
    EVIDENCE_SCAN,
    FACT_MAP,
    LABEL_OF,
    STRONGEST_FIRST,
    fact_evidence,
    filters_in_one_map,
)
from kg.repository.entities import require_entity
from kg.repository.records import data, fact_record, page
from kg.text import fact_key, stable_id
from kg.types import (
    Change,
    EntityRef,
    EvidenceInContext,
    FactListQuery,
    FactRecord,
    FactReview,
    Page,
    Position,
    ReviewPage,
)
from kg.vocabulary import LINEAGE_TYPES

CONTEXT_CHARS = 240
LINEAGE_VALUES = frozenset(rel.value for rel in LINEAGE_TYPES)

# The state an audit entry records and a revert restores; versions are computed from it.
FACT_STATE = f"""
MATCH (f:Fact {{key: $key}})
OPTIONAL MATCH (f)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
RETURN f.key AS key, f.type AS type, s.key AS subject, o.key AS object, f.status AS status,
       f.decision AS decision, coalesce(f.curated, false) AS curated, f.confidence AS confidence,
       {EVIDENCE_COUNT} AS claims
"""


def fact_state_tx(tx: ManagedTransaction, *, key: str) -> dict | None:
    row = tx.run(FACT_STATE, key=key).single()
    return row.data() if row is not None else None


def require_fact(tx: ManagedTransaction, key: str, expected_version: str | None) -> dict:
    state = fact_state_tx(tx, key=key)
    if state is None or state["subject"] is None or state["object"] is None:
        raise EntityNotFound(f"No fact with key '{key}'.", detail={"key": key})
    rules.check_fact_version(key, state, expected_version)
    return state


# --- the fact list ------------------------------------------------------------------------------

FACT_LIST = f"""
MATCH (f:Fact)
WHERE ($after_key IS NULL OR f.key > $after_key)
  AND ($type IS NULL OR f.type = $type) AND ($status IS NULL OR f.status = $status)
  AND ($hidden_status IS NULL OR f.status <> $hidden_status)
  AND ($document IS NULL OR EXISTS {{ (f)<-[:SUPPORTS]-(:Claim)-[:STATED_IN|CITES]->(:Document {{key: $document}}) }})
MATCH (f)-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
WITH f, s, o
WHERE ($subject IS NULL OR s.key = $subject) AND ($object IS NULL OR o.key = $object)
WITH f, s, o ORDER BY f.key LIMIT $limit
{fact_evidence(DOCUMENT_ORDER)}
RETURN {FACT_MAP} AS fact, evidence, {EVIDENCE_COUNT} AS evidence_count
ORDER BY f.key
"""
FACT_LIST = filters_in_one_map(
    FACT_LIST, "type", "status", "hidden_status", "document", "subject", "object", "after_key"
)


def list_tx(tx: ManagedTransaction, *, query: FactListQuery, evidence_limit: int) -> Page[FactRecord]:
    rows = data(
        tx,
        FACT_LIST,
        f={
            "type": query.type,
            "status": query.status,
            "hidden_status": None if query.include_unreviewed else "proposed",
            "document": query.document,
            "subject": query.subject,
            "object": query.object,
            "after_key": query.after[0] if query.after else None,
        },
        limit=query.limit + 1,
        evidence_limit=evidence_limit,
        evidence_scan=EVIDENCE_SCAN,
    )
    found = page(rows, query.limit, lambda row: (row["fact"]["key"],))
    return Page(
        items=tuple(fact_record(r["fact"], r["evidence"], r["evidence_count"]) for r in found.items), next=found.next
    )


# --- the review queue ---------------------------------------------------------------------------

_REVIEW_FILTER = """
MATCH (f:Fact)-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
WHERE ($status IS NULL OR f.status = $status)
  AND ($type IS NULL OR f.type = $type)
  AND ($min_confidence IS NULL OR f.confidence >= $min_confidence)
  AND ($max_confidence IS NULL OR f.confidence <= $max_confidence)
  AND ($entity IS NULL OR s.key = $entity OR o.key = $entity)
  AND ($keys IS NULL OR f.key IN $keys)
  AND ($document IS NULL OR EXISTS { MATCH (:Claim {document_key: $document})-[:SUPPORTS]->(f) })
  AND ($new_evidence IS NULL OR (f.new_evidence IS NOT NULL) = $new_evidence)
"""

_REVIEW_FILTER = filters_in_one_map(
    _REVIEW_FILTER, "status", "type", "min_confidence", "max_confidence", "entity", "keys", "document", "new_evidence"
)
FACTS_REVIEW_COUNT = _REVIEW_FILTER + "RETURN count(f) AS total"

# A claim `c` in document `d` with the text around its quote: stored on the claim when it was loaded
# (documents.claim_context), cut from the document's text for claims loaded before that.
EVIDENCE_IN_CONTEXT = """c {.quote, .start, .end, .extractor, .confidence, .url,
    document_key: coalesce(d.key, c.document_key), document_title: d.title, language: d.language,
    before: CASE WHEN c.context_before IS NOT NULL THEN c.context_before
      ELSE substring(coalesce(d.text, ''), from, c.start - from) END,
    quoted: CASE WHEN c.context_before IS NOT NULL THEN c.quote
      ELSE substring(coalesce(d.text, ''), c.start, c.end - c.start) END,
    after: CASE WHEN c.context_after IS NOT NULL THEN c.context_after
      ELSE substring(coalesce(d.text, ''), c.end, $context) END}"""

# The queue's orders, by name (ORDER BY cannot be a parameter): the key breaks ties.
REVIEW_ORDERS = {
    "-confidence": "confidence DESC, key",
    "confidence": "confidence, key",
    "-date": "created_at DESC, key",
    "date": "created_at, key",
}

# A page of the queue; each fact with its $evidence_limit strongest claims (among $evidence_scan, as
# cypher.fact_evidence), each in the document text around its quote, and how many claims it has.
_FACTS_REVIEW = (
    _REVIEW_FILTER
    + f"""
WITH f, s, o, f.confidence AS confidence, f.key AS key, f.created_at AS created_at
ORDER BY {{order}} SKIP $skip LIMIT $limit
WITH f, s, o
CALL (f) {{
  MATCH (c:Claim)-[:SUPPORTS]->(f)
  WITH c LIMIT $evidence_scan
  WITH c ORDER BY {STRONGEST_FIRST} LIMIT $evidence_limit
  OPTIONAL MATCH (c)-[:STATED_IN|CITES]->(d:Document)
  WITH c, d, CASE WHEN c.start > $context THEN c.start - $context ELSE 0 END AS from
  ORDER BY {STRONGEST_FIRST}
  RETURN collect({EVIDENCE_IN_CONTEXT}) AS evidence
}}
RETURN f.key AS key, f.type AS type, f.status AS status, f.decision AS decision,
       coalesce(f.curated, false) AS curated, f.confidence AS confidence, {EVIDENCE_COUNT} AS claims,
       coalesce(f.withdrawn_sources, []) AS withdrawn_sources, coalesce(f.new_evidence, []) AS new_evidence,
       {{key: s.key, name: s.name, label: {LABEL_OF.format("s")}}} AS subject,
       {{key: o.key, name: o.name, label: {LABEL_OF.format("o")}}} AS object,
       evidence, f.created_at AS created_at
ORDER BY {{order}}
"""
)
FACTS_REVIEW = {name: _FACTS_REVIEW.replace("{order}", order) for name, order in REVIEW_ORDERS.items()}

# The same queue without evidence: what a bulk decision would change, listed for its preview.
FACTS_BRIEF = (
    _REVIEW_FILTER
    + f"""
WITH f, s, o ORDER BY f.confidence DESC, f.key LIMIT $limit
OPTIONAL MATCH (any:Claim)-[:SUPPORTS]->(f)
RETURN f.key AS key, f.type AS type, f.status AS status, f.decision AS decision,
       coalesce(f.curated, false) AS curated, f.confidence AS confidence, count(any) AS claims,
       coalesce(f.withdrawn_sources, []) AS withdrawn_sources,
       {{key: s.key, name: s.name, label: {LABEL_OF.format("s")}}} AS subject,
       {{key: o.key, name: o.name, label: {LABEL_OF.format("o")}}} AS object,
       [] AS evidence, coalesce(f.new_evidence, []) AS new_evidence
ORDER BY confidence DESC, key
"""
)

# One fact's claims, a page at a time in document order (keyset: document, start, claim key), each in
# context: what the fact's page and the API list beyond the few the fact comes with.
FACT_EVIDENCE_PAGE = f"""
MATCH (f:Fact {{key: $key}})
MATCH (c:Claim)-[:SUPPORTS]->(f)
WHERE {AFTER_IN_DOCUMENT_ORDER}
WITH c ORDER BY {DOCUMENT_ORDER} LIMIT $limit
OPTIONAL MATCH (c)-[:STATED_IN|CITES]->(d:Document)
WITH c, d, CASE WHEN c.start > $context THEN c.start - $context ELSE 0 END AS from
ORDER BY {DOCUMENT_ORDER}
RETURN c.key AS claim_key, {EVIDENCE_IN_CONTEXT} AS evidence
"""

_NO_FILTERS = {
    "status": None,
    "type": None,
    "min_confidence": None,
    "max_confidence": None,
    "entity": None,
    "keys": None,
    "document": None,
    "new_evidence": None,
}


def _in_context(e: dict) -> EvidenceInContext:
    return EvidenceInContext(
        quote=e["quoted"] or e["quote"],
        before=e["before"],
        after=e["after"],
        start=e["start"],
        end=e["end"],
        document_key=e["document_key"] or "",
        document_title=e["document_title"] or e["document_key"] or "",
        language=e["language"] or "",
        extractor=e["extractor"] or "",
        confidence=e["confidence"] if e["confidence"] is not None else 1.0,
        url=e["url"] or "",
    )


def _review_fact(row: dict) -> FactReview:
    state = {
        "status": row["status"],
        "decision": row["decision"],
        "curated": row["curated"],
        "confidence": row["confidence"],
        "claims": row["claims"],
        "subject": row["subject"]["key"],
        "object": row["object"]["key"],
    }
    return FactReview(
        key=row["key"],
        type=row["type"],
        subject=EntityRef(**row["subject"]),
        object=EntityRef(**row["object"]),
        status=row["status"],
        decision=row["decision"],
        curated=row["curated"],
        confidence=row["confidence"] if row["confidence"] is not None else 1.0,
        version=rules.fact_version(state),
        evidence=tuple(_in_context(e) for e in row["evidence"]),
        evidence_total=row["claims"],
        withdrawn_sources=tuple(row["withdrawn_sources"]),
        new_evidence=tuple(row["new_evidence"]),
    )


def review_tx(
    tx: ManagedTransaction, *, filters: dict, skip: int, limit: int, evidence_limit: int, order: str = "-confidence"
) -> ReviewPage:
    params = {**_NO_FILTERS, **filters}
    total = tx.run(FACTS_REVIEW_COUNT, f=params).single()["total"]
    rows = data(
        tx,
        FACTS_REVIEW[order],
        f=params,
        skip=skip,
        limit=limit,
        evidence_limit=evidence_limit,
        evidence_scan=EVIDENCE_SCAN,
        context=CONTEXT_CHARS,
    )
    return ReviewPage(facts=tuple(_review_fact(r) for r in rows), total=total)


def brief_tx(tx: ManagedTransaction, *, filters: dict, limit: int) -> ReviewPage:
    params = {**_NO_FILTERS, **filters}
    total = tx.run(FACTS_REVIEW_COUNT, f=params).single()["total"]
    rows = data(tx, FACTS_BRIEF, f=params, limit=limit)
    return ReviewPage(facts=tuple(_review_fact(r) for r in rows), total=total)


def evidence_page_tx(
    tx: ManagedTransaction, *, key: str, after: Position | None, limit: int
) -> Page[EvidenceInContext]:
    """A page of one fact's claims in document order, each in context; `next` when there are more."""
    document, start, claim = after if after else (None, None, None)
    rows = data(
        tx,
        FACT_EVIDENCE_PAGE,
        key=key,
        after_document=document,
        after_start=start,
        after_key=claim,
        limit=limit + 1,
        context=CONTEXT_CHARS,
    )
    found = page(rows, limit, lambda r: (r["evidence"]["document_key"] or "", r["evidence"]["start"], r["claim_key"]))
    return Page(items=tuple(_in_context(r["evidence"]) for r in found.items), next=found.next)


# --- decisions and edits ------------------------------------------------------------------------

FACTS_SET_DECISION = """
UNWIND $rows AS row
MATCH (f:Fact {key: row.key})
SET f.decision = row.decision, f.curated = row.curated, f.decided_at = datetime()
REMOVE f.new_evidence
"""

# A curator's fact: created when new, re-attached when it lost an endpoint, marked curated.
FACT_CURATE = """
MATCH (s:Entity {key: $subject})
MATCH (o:Entity {key: $object})
MERGE (f:Fact {key: $key})
ON CREATE SET f.type = $type, f.created_at = datetime(), f.status = 'proposed'
SET f.curated = $curated, f.decision = $decision, f.decided_at = datetime()
REMOVE f.new_evidence
MERGE (f)-[:SUBJECT]->(s)
MERGE (f)-[:OBJECT]->(o)
"""


def refuse_lineage_cycle(
    tx: ManagedTransaction, *, key: str, subject: str, type: str, object: str, ignore: str = ""
) -> None:
    """A Conflict when the lineage fact `key` (subject -> object) would make a model its own ancestor
    through the facts not rejected: the service layer's rule, so the API and the admin both keep it."""
    if type not in LINEAGE_VALUES or subject is None or object is None:
        return
    cycle = [key] if subject == object else lineage.cycle_facts(tx, subject=subject, object=object, ignore=ignore)
    rules.check_no_lineage_cycle(key, cycle)


def decide_tx(
    tx: ManagedTransaction, *, keys: list[str], decision: str | None, threshold: float, expected: dict[str, str] | None
) -> list[Change]:
    """Decide facts together: refused whole when one is missing or (given its version) changed."""
    befores = [require_fact(tx, key, (expected or {}).get(key)) for key in keys]
    rows = [{"key": s["key"], "decision": decision, "curated": s["curated"]} for s in befores]
    tx.run(FACTS_SET_DECISION, rows=rows)
    sync.sync(tx, entity_keys=set(), fact_keys=set(keys), threshold=threshold)
    if decision != "rejected":
        # Checked once the whole batch is in the graph, so rejected facts accepted together (a -> b,
        # b -> a) cannot close a cycle between them; a Conflict rolls the transaction back.
        for s in befores:
            refuse_lineage_cycle(
                tx, key=s["key"], subject=s["subject"], type=s["type"], object=s["object"], ignore=s["key"]
            )
    return [Change("fact", s["key"], s, fact_state_tx(tx, key=s["key"])) for s in befores]


def set_tx(
    tx: ManagedTransaction,
    *,
    state: dict,
    threshold: float,
    expected: str | None,
    sources: tuple[dict, ...] = (),
    evidence_of: str | None = None,
) -> Change:
    """Create or restore a fact to `state` (subject, type, object, decision, curated), citing the
    curator's `sources` and the evidence of the fact `evidence_of` (the original an edit corrects)."""
    key = fact_key(state["subject"], state["type"], state["object"])
    before = fact_state_tx(tx, key=key)
    rules.check_fact_unchanged(key, before, expected)
    for endpoint in (state["subject"], state["object"]):
        require_entity(tx, endpoint)
    if state.get("decision") != "rejected":
        refuse_lineage_cycle(
            tx, key=key, subject=state["subject"], type=state["type"], object=state["object"], ignore=evidence_of or ""
        )
    tx.run(
        FACT_CURATE,
        key=key,
        subject=state["subject"],
        object=state["object"],
        type=state["type"],
        curated=bool(state.get("curated")),
        decision=state.get("decision"),
    )
    citations = [_source_citation(tx, source) for source in sources]
    citations += _evidence_citations(tx, evidence_of) if evidence_of else []
    _cite(tx, key, citations, copied_from=evidence_of)
    sync.sync(tx, entity_keys={state["subject"], state["object"]}, fact_keys={key}, threshold=threshold)
    return Change("fact", key, before, fact_state_tx(tx, key=key))


def replace_tx(
    tx: ManagedTransaction, *, key: str, replacement: dict, threshold: float, expected: str | None
) -> tuple[Change, Change]:
    """An edit: the corrected fact is the curator's, the original is rejected; one transaction."""
    old = require_fact(tx, key, expected)
    state = dict(replacement, decision="accepted", curated=True)
    new = set_tx(tx, state=state, threshold=threshold, expected=None, evidence_of=key)
    tx.run(FACTS_SET_DECISION, rows=[{"key": key, "decision": "rejected", "curated": old["curated"]}])
    sync.sync(tx, entity_keys={old["subject"], old["object"]}, fact_keys={key}, threshold=threshold)
    return Change("fact", key, old, fact_state_tx(tx, key=key)), new


# --- a curator's sources -------------------------------------------------------------------------

# A citation is a Claim of kind 'citation' that SUPPORTS the curator's fact: the fact's evidence
# wherever claims are shown, but no document's support (sync neither keeps a fact alive for it nor
# takes its confidence). A quote from a document keeps the document's key and offsets and points at
# it with CITES, not STATED_IN: re-ingesting that document replaces its own claims, not the curator's.
CITATIONS_CREATE = """
MATCH (f:Fact {key: $key})
UNWIND $rows AS row
MERGE (c:Claim {key: row.key})
SET c += row.props, c.kind = 'citation', c.extractor = 'curator', c.confidence = 1.0, c.created_at = datetime()
MERGE (c)-[:SUPPORTS]->(f)
WITH c, row
CALL (c, row) {
  MATCH (d:Document {key: row.props.document_key})
  MERGE (c)-[:CITES]->(d)
}
"""

DOCUMENT_TEXT = "MATCH (d:Document {key: $key}) RETURN d.text AS text"

# The evidence an edit carries over from the fact it corrects (at most CITATIONS_COPIED claims).
FACT_EVIDENCE_COPY = """
MATCH (c:Claim)-[:SUPPORTS]->(:Fact {key: $key})
OPTIONAL MATCH (c)-[:STATED_IN|CITES]->(d:Document)
WITH c, coalesce(d.key, c.document_key) AS document_key
ORDER BY document_key, c.start, c.key LIMIT $limit
RETURN c.quote AS quote, c.start AS start, c.end AS end, document_key, c.url AS url, c.arxiv_id AS arxiv_id
"""
CITATIONS_COPIED = 50


def _source_citation(tx: ManagedTransaction, source: dict) -> dict:
    """A curator's source as a citation's properties: a quote found in a document's text (spaces and
    line breaks may differ from the text's; the text's own span is kept), or a URL / arXiv paper."""
    if not source.get("document"):
        url, quote = source["url"], source.get("quote") or ""
        return {"url": url, "arxiv_id": source.get("arxiv_id"), "quote": quote, "start": 0, "end": 0}
    document, quote = source["document"], " ".join(source.get("quote", "").split())
    row = tx.run(DOCUMENT_TEXT, key=document).single()
    if row is None:
        raise EntityNotFound(f"No document with key '{document}'.", detail={"document": document})
    if not quote:
        raise InvalidQuery("A cited document needs a quote from its text.", detail={"document": document})
    found = re.search(r"\s+".join(re.escape(word) for word in quote.split(" ")), row["text"] or "")
    if found is None:
        raise InvalidQuery(
            f"The quote does not occur in document '{document}'; copy it from the document's text.",
            detail={"document": document, "quote": quote[:200]},
        )
    return {"document_key": document, "quote": found.group(0), "start": found.start(), "end": found.end()}


def _evidence_citations(tx: ManagedTransaction, key: str) -> list[dict]:
    return data(tx, FACT_EVIDENCE_COPY, key=key, limit=CITATIONS_COPIED)


def _cite(tx: ManagedTransaction, key: str, citations: list[dict], *, copied_from: str | None) -> None:
    rows = [
        {
            "key": stable_id("citation", key, c.get("document_key"), c["start"], c["end"], c.get("url")),
            "props": dict(c, copied_from=copied_from),
        }
        for c in citations
    ]
    if rows:
        tx.run(CITATIONS_CREATE, key=key, rows=rows)
