"""Documents: loading one with its statements (entities, mentions, facts, claims), deleting one,
reading one, listing them, and the facts a document states.

A load replaces the document's statements and ends in sync.sync, like every write path.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, replace
from itertools import repeat

from neo4j import ManagedTransaction

from kg import rules
from kg.documents import Document, DocumentIn, DocumentRemoval, DocumentSummary, FactBrief, LoadResult, PaperLink
from kg.report import ExtractionReport
from kg.repository import attributes, sync
from kg.repository.cypher import after_cursor, filters_in_one_map
from kg.repository.entities import ENTITIES_EXISTING, resolve_redirects
from kg.repository.facts import CONTEXT_CHARS
from kg.repository.records import after_params, data, document_summary, native, page
from kg.text import fact_key, stable_id, text_fingerprint
from kg.types import DocumentListQuery, Page
from kg.vocabulary import ATTRIBUTES, MENTIONED_IN, PAPER_TEXT, Label, RelType, Status

DOCUMENT_STATE = """
MATCH (d:Document {key: $key})
RETURN d.sha256 AS sha256, d.extractor_version AS extractor_version, d.language AS language,
       coalesce(d.arxiv_id, '') AS arxiv_id, d.title AS title
"""

# The Paper a document's arXiv id names: the one of its key, else one a curator or an import gave
# that arxiv_id under another key.
PAPER_FIND = """
MATCH (p:Paper) WHERE p.key = $key OR p.arxiv_id = $arxiv_id
RETURN p.key AS key ORDER BY p.key = $key DESC, p.key LIMIT 1
"""

PAPER_TEXT_MARK = f"""
MATCH (:Paper {{key: $paper}})-[m:{MENTIONED_IN}]->(:Document {{key: $document}})
SET m.{PAPER_TEXT} = true
"""

# Everything a document's statements touch, so the sync can recompute exactly those.
DOCUMENT_FOOTPRINT = """
MATCH (d:Document {key: $key})
CALL (d) {
  OPTIONAL MATCH (e:Entity)-[:MENTIONED_IN]->(d)
  RETURN collect(DISTINCT e.key) AS mentioned
}
CALL (d) {
  OPTIONAL MATCH (c:Claim)-[:STATED_IN]->(d)
  OPTIONAL MATCH (c)-[:SUPPORTS]->(f:Fact)
  OPTIONAL MATCH (c)-[:ABOUT]->(a:Entity)
  RETURN collect(DISTINCT f.key) AS facts, collect(DISTINCT a.key) AS described
}
RETURN mentioned + described AS entities, facts
"""

DOCUMENT_CLEAR_STATEMENTS = """
MATCH (d:Document {key: $key})
CALL (d) {
  MATCH (c:Claim)-[:STATED_IN]->(d)
  DETACH DELETE c
}
CALL (d) {
  MATCH (:Entity)-[m:MENTIONED_IN]->(d)
  DELETE m
}
"""

DOCUMENT_UPSERT = """
MERGE (d:Document {key: $key})
SET d += $props, d.ingested_at = datetime()
"""

DOCUMENT_DELETE = "MATCH (d:Document {key: $key}) DETACH DELETE d"

# The facts a document's claims support, each with how many claims other documents give it: what
# a withdrawal lists (read before the document's claims go).
DOCUMENT_FACT_SUPPORT = """
MATCH (:Document {key: $key})<-[:STATED_IN]-(:Claim)-[:SUPPORTS]->(f:Fact)
WITH DISTINCT f
OPTIONAL MATCH (f)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
CALL (f) {
  OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f)
  WHERE NOT EXISTS { (c)-[:STATED_IN]->(:Document {key: $key}) }
  RETURN count(c) AS others
}
RETURN f.key AS key, f.type AS type, s.key AS subject, o.key AS object, f.status AS status,
       f.decision AS decision, coalesce(f.curated, false) AS curated, others
ORDER BY key
"""

DOCUMENT_CLAIMS_COUNT = "MATCH (:Document {key: $key})<-[:STATED_IN]-(c:Claim) RETURN count(c) AS claims"

FACTS_EXISTING = "UNWIND $keys AS k MATCH (f:Fact {key: k}) RETURN f.key AS key"
ENTITIES_EXISTING_KEYS = "UNWIND $keys AS k MATCH (e:Entity {key: k}) RETURN e.key AS key"

# A fact a curator already decided that a document now supports and did not before (a new document,
# or a revision stating it anew) is flagged for the review queue until a curator decides it again.
FACTS_NEW_EVIDENCE = """
UNWIND $keys AS k
MATCH (f:Fact {key: k}) WHERE f.decision IS NOT NULL
SET f.new_evidence = [x IN coalesce(f.new_evidence, []) WHERE x <> $document] + $document
"""

# A decided fact that outlives a withdrawn source says so (the admin's fact page and the API show it).
FACTS_NOTE_WITHDRAWN = """
UNWIND $keys AS k
MATCH (f:Fact {key: k})
SET f.withdrawn_sources = [x IN coalesce(f.withdrawn_sources, []) WHERE x <> $key] + $key
"""

# The document is back (ingested again under its key): its facts no longer miss it.
FACTS_SOURCE_BACK = """
MATCH (:Document {key: $key})<-[:STATED_IN]-(:Claim)-[:SUPPORTS]->(f:Fact)
WHERE $key IN f.withdrawn_sources
WITH DISTINCT f
SET f.withdrawn_sources = [x IN f.withdrawn_sources WHERE x <> $key]
"""


def _entity_upsert(label: Label) -> str:
    return f"""
UNWIND $rows AS row
MERGE (e:Entity {{key: row.key}})
ON CREATE SET e:{label.value}, e.name = row.name, e.curated = false, e.curated_aliases = [],
              e.created_at = datetime()
SET e += row.props
// A paper named only by its arXiv id takes the title a later source gives (the pipeline names a
// paper by a non-arXiv name only when it is the English title); a curated name never changes.
WITH e, row
WHERE NOT coalesce(e.curated, false) AND e.name STARTS WITH 'arXiv:' AND NOT row.name STARTS WITH 'arXiv:'
SET e.name = row.name, e.title = row.name
"""


ENTITY_UPSERT: dict[Label, str] = {label: _entity_upsert(label) for label in Label}

MENTIONS_UPSERT = """
MATCH (d:Document {key: $document_key})
UNWIND $rows AS row
MATCH (e:Entity {key: row.key})
MERGE (e)-[m:MENTIONED_IN]->(d)
SET m.spans = row.spans, m.aliases = row.aliases, m.count = row.count
"""

FACTS_UPSERT = """
UNWIND $rows AS row
MATCH (s:Entity {key: row.subject})
MATCH (o:Entity {key: row.object})
MERGE (f:Fact {key: row.key})
ON CREATE SET f.type = row.type, f.curated = false, f.created_at = datetime(), f.status = 'proposed'
MERGE (f)-[:SUBJECT]->(s)
MERGE (f)-[:OBJECT]->(o)
"""

RELATION_CLAIMS_CREATE = """
MATCH (d:Document {key: $document_key})
UNWIND $rows AS row
MATCH (f:Fact {key: row.fact_key})
MERGE (c:Claim {key: row.key})
SET c += row.props, c.kind = 'relation', c.document_key = $document_key, c.created_at = datetime()
MERGE (c)-[:SUPPORTS]->(f)
MERGE (c)-[:STATED_IN]->(d)
"""

ATTRIBUTE_CLAIMS_CREATE = """
MATCH (d:Document {key: $document_key})
UNWIND $rows AS row
MATCH (e:Entity {key: row.entity})
MERGE (c:Claim {key: row.key})
SET c += row.props, c.kind = 'attribute', c.document_key = $document_key, c.created_at = datetime()
MERGE (c)-[:ABOUT]->(e)
MERGE (c)-[:STATED_IN]->(d)
"""

# --- writes -------------------------------------------------------------------------------------

# A load's steps, each with its usual share of the load's time: what its progress reports.
LOAD_STEPS = {"clear": 10, "entities": 20, "facts": 30, "attributes": 10, "sync": 30}
_LOAD_DONE_BEFORE = {
    step: sum(list(LOAD_STEPS.values())[:position]) / sum(LOAD_STEPS.values())
    for position, step in enumerate(LOAD_STEPS)
}
LoadProgress = Callable[[str, float], None]


def load_tx(
    tx: ManagedTransaction, *, doc: DocumentIn, threshold: float, progress: LoadProgress | None = None
) -> LoadResult:
    """Replace one document's statements with `doc`'s, in one transaction; same input, no change.

    `progress(step, fraction)` hears each step of the load as it starts (LOAD_STEPS), with the share of
    the load done before it; a retried transaction starts again from the first step."""
    told = progress or (lambda _step, _fraction: None)
    state = tx.run(DOCUMENT_STATE, key=doc.key).single()
    if state and _unchanged(state, doc):
        return LoadResult(document_key=doc.key, changed=False, entities=0, facts=0, claims=0)
    told("clear", _LOAD_DONE_BEFORE["clear"])
    touched_entities, touched_facts = _footprint(tx, doc.key)
    tx.run(DOCUMENT_CLEAR_STATEMENTS, key=doc.key)
    props = dict(
        doc.properties,
        title=doc.title,
        language=doc.language,
        sha256=doc.sha256,
        text=doc.text,
        fingerprint=text_fingerprint(doc.text),
        extractor_version=doc.extractor_version,
        arxiv_id=_arxiv_id(doc),
    )
    tx.run(DOCUMENT_UPSERT, key=doc.key, props=props)

    told("entities", _LOAD_DONE_BEFORE["entities"])
    redirect = resolve_redirects(tx, [e.key for e in doc.entities] + ([doc.paper.key] if doc.paper else []))
    paper = _paper_of(tx, doc, redirect)
    if paper is not None:
        doc = replace(doc, entities=(*doc.entities, paper))
    labels = _upsert_entities(tx, doc, redirect)
    if paper is not None:
        tx.run(PAPER_TEXT_MARK, paper=redirect.get(paper.key, paper.key), document=doc.key)
    told("facts", _LOAD_DONE_BEFORE["facts"])
    claims = _write_facts(tx, doc, redirect, labels)
    told("attributes", _LOAD_DONE_BEFORE["attributes"])
    _write_attributes(tx, doc, redirect, labels)
    tx.run(attributes.DOCUMENT_DECISIONS_APPLY, document=doc.key)
    new_facts = {
        fact_key(redirect.get(f.subject, f.subject), f.type, redirect.get(f.object, f.object)) for f in doc.facts
    }
    told("sync", _LOAD_DONE_BEFORE["sync"])
    sync.sync(tx, entity_keys=touched_entities | set(labels), fact_keys=touched_facts | new_facts, threshold=threshold)
    tx.run(FACTS_SOURCE_BACK, key=doc.key)
    tx.run(FACTS_NEW_EVIDENCE, keys=sorted(new_facts - touched_facts), document=doc.key)
    return LoadResult(document_key=doc.key, changed=True, entities=len(labels), facts=len(new_facts), claims=claims)


def _unchanged(state, doc: DocumentIn) -> bool:
    """The same text read by the same extractor as the same language, naming the same paper."""
    return (state["sha256"], state["extractor_version"], state["language"], state["arxiv_id"]) == (
        doc.sha256,
        doc.extractor_version,
        doc.language,
        _arxiv_id(doc),
    )


def _arxiv_id(doc: DocumentIn) -> str:
    return str(doc.paper.properties.get("arxiv_id", "")) if doc.paper else ""


def _paper_of(tx: ManagedTransaction, doc: DocumentIn, redirect: dict[str, str]):
    """The document's paper as one of its entities, keyed as the graph already knows it."""
    if doc.paper is None:
        return None
    key = redirect.get(doc.paper.key, doc.paper.key)
    found = tx.run(PAPER_FIND, key=key, arxiv_id=_arxiv_id(doc)).single()
    return replace(doc.paper, key=found["key"] if found else key)


def delete_tx(
    tx: ManagedTransaction, *, key: str, threshold: float, expected_sha256: str | None = None
) -> DocumentRemoval | None:
    """Remove a document and what only it supported; facts other documents state stay, and so do
    facts a curator decided or made, noted with the withdrawn source. None: no such document."""
    state = tx.run(DOCUMENT_STATE, key=key).single()
    if state is None:
        return None
    rules.check_document_version(key, state["sha256"], expected_sha256)
    support = data(tx, DOCUMENT_FACT_SUPPORT, key=key)
    claims = tx.run(DOCUMENT_CLAIMS_COUNT, key=key).single()["claims"]
    touched_entities, touched_facts = _footprint(tx, key)
    tx.run(DOCUMENT_CLEAR_STATEMENTS, key=key)
    tx.run(DOCUMENT_DELETE, key=key)
    sync.sync(tx, entity_keys=touched_entities, fact_keys=touched_facts, threshold=threshold)
    facts_left = {row["key"] for row in data(tx, FACTS_EXISTING, keys=sorted(touched_facts))}
    entities_left = {row["key"] for row in data(tx, ENTITIES_EXISTING_KEYS, keys=sorted(touched_entities))}
    briefs = [(_fact_brief(row), row["others"]) for row in support]
    decided = [b.key for b, _ in briefs if b.key in facts_left and (b.decision or b.curated)]
    tx.run(FACTS_NOTE_WITHDRAWN, keys=decided, key=key)
    return DocumentRemoval(
        key=key,
        title=state["title"] or key,
        sha256=state["sha256"] or "",
        removed_facts=tuple(b for b, _ in briefs if b.key not in facts_left),
        kept_facts=tuple(b for b, others in briefs if b.key in facts_left and not others),
        other_facts=sum(1 for b, others in briefs if b.key in facts_left and others),
        removed_entities=tuple(sorted(touched_entities - entities_left)),
        claims=claims,
    )


def _fact_brief(row: dict) -> FactBrief:
    return FactBrief(
        key=row["key"],
        type=row["type"],
        subject=row["subject"] or "",
        object=row["object"] or "",
        status=row["status"] or "",
        decision=row["decision"],
        curated=bool(row["curated"]),
    )


def _footprint(tx: ManagedTransaction, key: str) -> tuple[set[str], set[str]]:
    row = tx.run(DOCUMENT_FOOTPRINT, key=key).single()
    if row is None:
        return set(), set()
    return set(row["entities"]), set(row["facts"])


def _upsert_entities(tx: ManagedTransaction, doc: DocumentIn, redirect: dict[str, str]) -> dict[str, str]:
    """Create or enrich the document's entities; an existing node keeps its label and curated values."""
    keys = sorted({redirect.get(e.key, e.key) for e in doc.entities})
    existing = {row["key"]: row for row in data(tx, ENTITIES_EXISTING, keys=keys)}
    rows_by_label: dict[Label, list[dict]] = defaultdict(list)
    mentions: dict[str, dict] = {}
    labels: dict[str, str] = {}
    for entity in doc.entities:
        key = redirect.get(entity.key, entity.key)
        label = Label(existing[key]["label"]) if key in existing else Label(entity.label)
        if key in labels and labels[key] != label.value:
            continue
        labels[key] = label.value
        current = existing.get(key, {}).get("props", {})
        allowed = set(ATTRIBUTES[label])
        props = {k: v for k, v in entity.properties.items() if k in allowed and k not in current and v is not None}
        rows_by_label[label].append({"key": key, "name": entity.name, "props": props})
        entry = mentions.setdefault(key, {"key": key, "spans": [], "aliases": [], "count": 0})
        for start, end in entity.mention_spans:
            entry["spans"] += [start, end]
        entry["count"] += len(entity.mention_spans)
        entry["aliases"] = sorted(set(entry["aliases"]) | set(entity.aliases) | {entity.name})
    for label, rows in rows_by_label.items():
        tx.run(ENTITY_UPSERT[label], rows=rows)
    tx.run(MENTIONS_UPSERT, document_key=doc.key, rows=list(mentions.values()))
    return labels


def _write_facts(tx: ManagedTransaction, doc: DocumentIn, redirect: dict[str, str], labels: dict[str, str]) -> int:
    fact_rows: dict[str, dict] = {}
    claim_rows: dict[str, dict] = {}
    for fact in doc.facts:
        subject, obj = redirect.get(fact.subject, fact.subject), redirect.get(fact.object, fact.object)
        if subject not in labels or obj not in labels or subject == obj:
            continue
        key = fact_key(subject, RelType(fact.type).value, obj)
        fact_rows[key] = {"key": key, "type": fact.type, "subject": subject, "object": obj}
        for claim in fact.claims:
            claim_key = stable_id(doc.key, key, claim.start, claim.end)
            claim_rows[claim_key] = {"key": claim_key, "fact_key": key, "props": _claim_props(claim, doc.text)}
    tx.run(FACTS_UPSERT, rows=list(fact_rows.values()))
    tx.run(RELATION_CLAIMS_CREATE, document_key=doc.key, rows=list(claim_rows.values()))
    return len(claim_rows)


def _claim_props(claim, text: str) -> dict:
    """A claim's stored properties. Its lineage kind is kept as `lineage_kind`: a Claim node's `kind`
    already says whether it is a relation's or an attribute's claim. The text around its quote is
    kept too, so showing a claim in context never reads the (possibly megabytes long) document."""
    props = asdict(claim)
    props["lineage_kind"] = props.pop("kind")
    props["context_before"] = text[max(claim.start - CONTEXT_CHARS, 0) : max(claim.start, 0)]
    props["context_after"] = text[claim.end : claim.end + CONTEXT_CHARS]
    return props


def _write_attributes(
    tx: ManagedTransaction, doc: DocumentIn, redirect: dict[str, str], labels: dict[str, str]
) -> None:
    rows = {}
    for attr in doc.attributes:
        entity = redirect.get(attr.entity, attr.entity)
        if entity not in labels or attr.name not in ATTRIBUTES[Label(labels[entity])]:
            continue
        key = stable_id(doc.key, entity, attr.name, attr.claim.start, attr.claim.end)
        props = dict(
            _claim_props(attr.claim, doc.text), attribute=attr.name, value=attr.value, status=Status.PROPOSED.value
        )
        rows[key] = {"key": key, "entity": entity, "props": props}
    tx.run(ATTRIBUTE_CLAIMS_CREATE, document_key=doc.key, rows=list(rows.values()))


# --- reads --------------------------------------------------------------------------------------

DOCUMENT_GET = """
MATCH (d:Document {key: $key})
OPTIONAL MATCH (e:Entity)-[m:MENTIONED_IN]->(d)
WITH d, collect(CASE WHEN e IS NULL THEN NULL
  ELSE {key: e.key, label: [l IN labels(e) WHERE l <> 'Entity'][0], spans: m.spans} END) AS mentions
OPTIONAL MATCH (p:Paper)-[pm:MENTIONED_IN]->(d) WHERE pm.paper_text
WITH d, mentions, p ORDER BY p.key LIMIT 1
RETURN d {.*} AS document, mentions, p {.key, .name, .arxiv_id} AS paper
"""

# A document with this text already (its fingerprint, or the exact text for one loaded before
# fingerprints were stored): the newest one.
DOCUMENT_WITH_TEXT = """
MATCH (d:Document)
WHERE d.fingerprint = $fingerprint OR d.sha256 = $sha256
RETURN d.key AS key, d.title AS title, d.language AS language, d.sha256 AS sha256,
       d.chars AS chars, d.ingested_at AS ingested_at
ORDER BY d.ingested_at DESC, d.key
LIMIT 1
"""

DOCUMENT_FACTS = """
MATCH (:Document {key: $key})<-[:STATED_IN]-(:Claim)-[:SUPPORTS]->(f:Fact)
RETURN DISTINCT f.key AS key
"""

DOCUMENTS_RECENT = """
MATCH (d:Document)
RETURN d.key AS key, d.title AS title, d.language AS language, d.sha256 AS sha256,
       d.chars AS chars, d.ingested_at AS ingested_at
ORDER BY d.ingested_at DESC, d.key
SKIP $skip LIMIT $limit
"""

# Sort expressions of the list orderings (the API's allow-list maps onto these names); every row
# sorts as (value missing, value, key) so nulls come last either way and pages never overlap.
_DOCUMENT_SORT = {
    "name": "toLower(coalesce(d.title, d.key))",
    "ingested": "d.ingested_at.epochMillis",
}
DOCUMENT_ORDERINGS = tuple(f"{sign}{name}" for name in _DOCUMENT_SORT for sign in ("", "-"))


def _document_list(ordering: str) -> str:
    name = ordering.lstrip("-")
    descending = ordering.startswith("-")
    return f"""
MATCH (d:Document)
WHERE ($prefix IS NULL OR toLower(d.title) STARTS WITH $prefix)
  AND ($language IS NULL OR d.language = $language)
WITH d, {_DOCUMENT_SORT[name]} AS sort
WHERE {after_cursor("d", descending)}
RETURN d.key AS key, d.title AS title, d.language AS language, d.sha256 AS sha256,
       d.chars AS chars, d.ingested_at AS ingested_at, sort
ORDER BY sort IS NULL, sort {"DESC" if descending else "ASC"}, key
LIMIT $limit
"""


DOCUMENT_LIST: dict[str, str] = {
    ordering: filters_in_one_map(_document_list(ordering), "prefix", "language", "after_value", "after_key")
    for ordering in DOCUMENT_ORDERINGS
}


def get_tx(tx: ManagedTransaction, *, key: str) -> Document | None:
    row = tx.run(DOCUMENT_GET, key=key).single()
    if row is None:
        return None
    d = row["document"]
    spans = []
    for m in row["mentions"]:
        points = m["spans"] or []
        # Pairs of (start, end); zipped, not indexed: a name repeated all over a text has 100k+ of them.
        spans += zip(points[0::2], points[1::2], repeat(m["key"]), repeat(m["label"]))
    return Document(
        key=d["key"],
        title=d.get("title") or d["key"],
        language=d.get("language") or "",
        sha256=d.get("sha256") or "",
        chars=d.get("chars") or 0,
        ingested_at=native(d.get("ingested_at")),
        text=d.get("text") or "",
        report=ExtractionReport.from_json(d.get("report")),
        mentions=tuple(sorted(spans)),
        paper=_paper_link(row["paper"], arxiv_id=d.get("arxiv_id") or ""),
    )


def _paper_link(paper: dict | None, *, arxiv_id: str) -> PaperLink | None:
    if not paper:
        return None
    return PaperLink(key=paper["key"], name=paper.get("name") or paper["key"], arxiv_id=arxiv_id)


def exists_tx(tx: ManagedTransaction, *, key: str) -> bool:
    return tx.run(DOCUMENT_STATE, key=key).single() is not None


def with_text_tx(tx: ManagedTransaction, *, fingerprint: str, sha256: str) -> DocumentSummary | None:
    row = tx.run(DOCUMENT_WITH_TEXT, fingerprint=fingerprint, sha256=sha256).single()
    return document_summary(row) if row is not None else None


def facts_tx(tx: ManagedTransaction, *, key: str) -> set[str]:
    return {record["key"] for record in tx.run(DOCUMENT_FACTS, key=key)}


def recent_tx(tx: ManagedTransaction, *, skip: int, limit: int) -> list[DocumentSummary]:
    return [document_summary(r) for r in tx.run(DOCUMENTS_RECENT, skip=skip, limit=limit)]


def list_tx(tx: ManagedTransaction, *, query: DocumentListQuery) -> Page[DocumentSummary]:
    rows = data(
        tx,
        DOCUMENT_LIST[query.ordering],
        f={"prefix": query.prefix, "language": query.language, **after_params(query.after)},
        limit=query.limit + 1,
    )
    found = page(rows, query.limit, lambda row: (row["sort"], row["key"]))
    return Page(items=tuple(document_summary(row) for row in found.items), next=found.next)
