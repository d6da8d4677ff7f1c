"""Cypher fragments more than one aggregate module uses, one copy of each.

Labels and relationship types cannot be parameters, so the statements that need them are generated
once, at import, from the vocabulary enums (an allow-list), never from request text. Every value a
statement needs is a $parameter.
"""

import re

from kg.vocabulary import LINEAGE_TYPES, RelType

# A node's own label (the one besides Entity), for the node variable formatted in: LABEL_OF.format("e").
LABEL_OF = "[l IN labels({0}) WHERE l <> 'Entity'][0]"

# The deepest lineage walk any statement makes (the API's depth, a family's size, a list's descendants).
LINEAGE_MAX_DEPTH = 10

# Relationship-type alternations for patterns: the lineage types, and every typed edge.
LINEAGE_PATTERN = "|".join(rel.value for rel in LINEAGE_TYPES)
ANY_RELATION = "|".join(rel.value for rel in RelType)

# The review floor (kg.rules.review_floor) on a typed edge or a fact `{0}`: accepted, or an
# unreviewed one at least as confident as $floor.
SHOWN = "({0}.status = 'accepted' OR coalesce({0}.confidence, 0.0) >= $floor)"

# A claim `c` stated in document `d` as the evidence a reader sees.
EVIDENCE_MAP = (
    "c {.quote, .start, .end, .extractor, .extractor_version, .confidence, .url, "
    "document_key: coalesce(d.key, c.document_key), "
    "document_title: d.title, language: d.language}"
)

# Orders of a fact's claims: the strongest first (what a reader should see first), or as the
# documents give them (document, then position). The claim key breaks ties, so pages never overlap.
STRONGEST_FIRST = "c.confidence DESC, c.document_key, c.start, c.key"
# A curator's citation of a URL has no document: it sorts first, as the document '' (a keyset cursor
# cannot compare a null).
DOCUMENT_ORDER = "coalesce(c.document_key, ''), c.start, c.key"
# Claims strictly after the keyset cursor ($after_document, $after_start, $after_key) in DOCUMENT_ORDER.
AFTER_IN_DOCUMENT_ORDER = """($after_key IS NULL OR coalesce(c.document_key, '') > $after_document
  OR (coalesce(c.document_key, '') = $after_document
      AND (c.start > $after_start OR (c.start = $after_start AND c.key > $after_key))))"""


# A fact's sample of evidence (a page's few quotes) is picked among this many of its claims, taken in
# storage order: a fact stated by thousands of documents costs a page what one stated by fifty does.
# Every claim is still counted (EVIDENCE_COUNT) and listed, a page at a time, by the evidence listings.
EVIDENCE_SCAN = 1000


def fact_evidence(order: str) -> str:
    """A subquery giving fact `f`'s first $evidence_limit claims in `order` as `evidence`
    (EVIDENCE_MAP rows), picked among $evidence_scan of them.

    Cut before anything else is read: Neo4j keeps only $evidence_limit rows in memory (a top-k sort)
    and reads the documents of those only, so however many claims a fact has, the transaction's
    memory holds a handful."""
    return f"""
CALL (f) {{
  MATCH (c:Claim)-[:SUPPORTS]->(f)
  WITH c LIMIT $evidence_scan
  WITH c ORDER BY {order} LIMIT $evidence_limit
  OPTIONAL MATCH (c)-[:STATED_IN|CITES]->(d:Document)
  WITH c, d ORDER BY {order}
  RETURN collect({EVIDENCE_MAP}) AS evidence
}}"""


def attribute_claims(*, shown: str = "true", status: str = "c.status") -> str:
    """A subquery giving entity `e`'s attribute claims as `attributes`: per attribute, its
    $attribute_claims strongest claims with their documents (each value's sources), attribute by
    attribute. Cut per attribute so one attribute stated by many documents cannot crowd out the
    others, nor fill the transaction's memory. Rejected claims are never read; `shown` narrows the
    rest (a condition on `c`), `status` is what a claim's status reads as."""
    return f"""
CALL (e) {{
  MATCH (c:Claim {{kind: 'attribute'}})-[:ABOUT]->(e)
  WHERE c.status <> 'rejected' AND {shown}
  WITH DISTINCT c.attribute AS name
  CALL (e, name) {{
    MATCH (c:Claim {{kind: 'attribute'}})-[:ABOUT]->(e)
    WHERE c.attribute = name AND c.status <> 'rejected' AND {shown}
    WITH c ORDER BY {STRONGEST_FIRST} LIMIT $attribute_claims
    OPTIONAL MATCH (c)-[:STATED_IN|CITES]->(d:Document)
    RETURN c, d
  }}
  WITH c, d ORDER BY c.attribute, {STRONGEST_FIRST}
  RETURN collect(c {{name: c.attribute, .value, status: {status}, .quote, .start, .end, .extractor,
    .extractor_version, .confidence, document_key: coalesce(d.key, c.document_key), document_title: d.title,
    language: d.language}}) AS attributes
}}"""


# Unsettled claims (neither accepted nor at the auto-accept threshold) down to the review floor only.
SETTLED_OR_SHOWN = "(coalesce(c.settled, false) OR c.confidence >= $floor)"
# On a page a settled claim reads as accepted.
SETTLED_AS_ACCEPTED = "CASE WHEN coalesce(c.settled, false) THEN 'accepted' ELSE c.status END"

# How many claims support fact `f`: a degree lookup (only claims SUPPORT facts), no scan.
EVIDENCE_COUNT = "COUNT { (f)<-[:SUPPORTS]-() }"

# A fact `f` from subject `s` to object `o` as an API record reads it.
FACT_MAP = f"""{{key: f.key, type: f.type, status: f.status, decision: f.decision,
  curated: coalesce(f.curated, false), confidence: f.confidence, kind: f.kind, conflict: f.conflict,
  subject: {{key: s.key, name: s.name, label: {LABEL_OF.format("s")}}},
  object: {{key: o.key, name: o.name, label: {LABEL_OF.format("o")}}}}}"""


def after_cursor(var: str, descending: bool) -> str:
    """Rows strictly after the keyset cursor ($after_value, $after_key) in (missing, value, key) order."""
    beyond = "<" if descending else ">"
    return f"""($after_key IS NULL OR CASE WHEN $after_value IS NULL
  THEN sort IS NULL AND {var}.key > $after_key
  ELSE sort IS NULL OR sort {beyond} $after_value OR (sort = $after_value AND {var}.key > $after_key) END)"""


# One node whose version every write replaces: web processes derive ETags from it without any
# shared memory. Every write path (sync, import, bulk load) ends by running this.
GRAPH_STATE_BUMP = "MERGE (g:GraphState {id: 'graph'}) SET g.version = randomUUID(), g.updated_at = datetime()"


def filters_in_one_map(statement: str, *names: str) -> str:
    """The statement reading its optional parameters (null when unset) from one map, $f.

    Neo4j caches a plan per statement text *and parameter types*; a null, a number and a string are
    three types, so every mix of set and unset filters would be planned apart (seconds each for its
    first reader, and out of reach of the start-up warm-up, kg/warm.py). A map is one type whatever
    it holds: one plan serves every combination."""
    return re.sub(rf"\$({'|'.join(names)})\b", r"$f.\1", statement)
