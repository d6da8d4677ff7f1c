"""Every Cypher statement of the app, as named constants with $parameters for every value.

Labels and relationship types cannot be parameters, so the few statements that need them are
generated once, here, from the vocabulary enums (an allow-list), never from request text.
"""

from kg.vocabulary import LINEAGE_TYPES, Label, RelType

# --- documents -------------------------------------------------------------------------------

DOCUMENT_STATE = """
MATCH (d:Document {key: $key})
RETURN d.sha256 AS sha256, d.extractor_version AS extractor_version
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

DOCUMENT_GET = """
MATCH (d:Document {key: $key})
OPTIONAL MATCH (e:Entity)-[m:MENTIONED_IN]->(d)
WITH d, collect(CASE WHEN e IS NULL THEN NULL
  ELSE {key: e.key, label: [l IN labels(e) WHERE l <> 'Entity'][0], spans: m.spans} END) AS mentions
RETURN d {.*} AS document, mentions
"""

DOCUMENT_FACTS = """
MATCH (:Document {key: $key})<-[:STATED_IN]-(:Claim)-[:SUPPORTS]->(f:Fact)
RETURN DISTINCT f.key AS key
"""

DOCUMENTS_LIST = """
MATCH (d:Document)
RETURN d.key AS key, d.title AS title, d.language AS language, d.sha256 AS sha256,
       d.chars AS chars, d.ingested_at AS ingested_at
ORDER BY d.ingested_at DESC, d.key
SKIP $skip LIMIT $limit
"""

# --- entities --------------------------------------------------------------------------------

REDIRECTS_RESOLVE = """
UNWIND $keys AS k
MATCH (r:Redirect {from_key: k})
RETURN r.from_key AS from_key, r.to_key AS to_key
"""

ENTITIES_EXISTING = """
UNWIND $keys AS k
MATCH (e:Entity {key: k})
RETURN e.key AS key, [l IN labels(e) WHERE l <> 'Entity'][0] AS label, properties(e) AS props
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
    {name: c.attribute, value: c.value, confidence: c.confidence, status: c.status,
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
    e.claimed_attributes = row.claimed_attributes
"""

ENTITIES_DELETE = """
UNWIND $keys AS k
MATCH (e:Entity {key: k})
DETACH DELETE e
"""

# --- facts and claims ------------------------------------------------------------------------

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

# Per touched fact: its support, so the sync can decide its status and its traversable edge.
FACTS_STATE = """
UNWIND $keys AS k
MATCH (f:Fact {key: k})-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f)
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
DETACH DELETE f
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

# --- reads -----------------------------------------------------------------------------------

ENTITY_GET = """
MATCH (e:Entity {key: $key})
CALL (e) {
  OPTIONAL MATCH (e)-[:MENTIONED_IN]->(d:Document)
  RETURN collect({key: d.key, title: d.title, language: d.language}) AS documents
}
RETURN e.key AS key, [l IN labels(e) WHERE l <> 'Entity'][0] AS label, properties(e) AS props,
       [doc IN documents WHERE doc.key IS NOT NULL] AS documents
"""

# Relations of one entity in both directions, with their evidence, unreviewed ones optional.
ENTITY_RELATIONS = """
MATCH (e:Entity {key: $key})
MATCH (f:Fact)-[:SUBJECT|OBJECT]->(e)
WHERE f.status <> 'rejected' AND (f.status = 'accepted' OR coalesce(f.confidence, 0.0) >= $floor)
MATCH (f)-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
// Order and cut first, then fetch evidence for the kept facts only.
WITH f, s, o ORDER BY f.type, o.name, s.name LIMIT $limit
CALL (f) {
  OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f)
  OPTIONAL MATCH (c)-[:STATED_IN]->(d:Document)
  RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE c {.quote, .start, .end, .extractor,
    .extractor_version, .confidence, document_key: d.key, document_title: d.title,
    language: d.language} END)[..$evidence_limit] AS evidence
}
RETURN f.key AS key, f.type AS type, f.status AS status, f.confidence AS confidence,
       f.kind AS kind, f.conflict AS conflict,
       {key: s.key, name: s.name, label: [l IN labels(s) WHERE l <> 'Entity'][0]} AS subject,
       {key: o.key, name: o.name, label: [l IN labels(o) WHERE l <> 'Entity'][0]} AS object,
       evidence
"""

ENTITY_ATTRIBUTE_CLAIMS = """
MATCH (c:Claim {kind: 'attribute'})-[:ABOUT]->(:Entity {key: $key})
MATCH (c)-[:STATED_IN]->(d:Document)
RETURN c.attribute AS name, c.value AS value, c.status AS status, c.quote AS quote,
       c.start AS start, c.end AS end, c.extractor AS extractor,
       c.extractor_version AS extractor_version, c.confidence AS confidence,
       d.key AS document_key, d.title AS document_title, d.language AS language
ORDER BY name, confidence DESC
"""

_LINEAGE_PATTERN = "|".join(rel.value for rel in LINEAGE_TYPES)


_LINEAGE_KEEP = "type(r) IN $types AND (r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor)"


def _bounded_walk(start: str, direction: str, depth: int, limit: str, name: str) -> str:
    """Breadth-first from `start` ("up": towards parents), level by level, each model once at its
    shortest distance, stopping once `limit` models are found: a level takes at most what is left
    of the budget, in storage order, so the cost follows the answer, not the family (a base model
    with 100k fine-tunes costs its first `limit` of them). `name` gets [{node, hops}], nearest first."""
    step = f"-[r:{_LINEAGE_PATTERN}]->" if direction == "up" else f"<-[r:{_LINEAGE_PATTERN}]-"
    levels = "".join(
        f"""
  CALL (frontier, seen, found) {{
    WITH frontier, seen, found WHERE size(found) < {limit}
    UNWIND frontier AS at
    MATCH (at){step}(c:Model)
    WHERE {_LINEAGE_KEEP} AND NOT c IN seen
    WITH DISTINCT c LIMIT {limit}
    RETURN collect(c) AS reached
  }}
  WITH reached[..({limit} - size(found))] AS next, seen, found
  WITH next AS frontier, seen + next AS seen, found + [n IN next | {{node: n, hops: {hop}}}] AS found"""
        for hop in range(1, depth + 1)
    )
    return f"""
CALL ({start}) {{
  WITH [x IN [{start}] WHERE x:Model] AS frontier, [{start}] AS seen, [] AS found{levels}
  RETURN found AS {name}
}}"""


def _lineage_side(direction: str, depth: int) -> str:
    """Nearest first, at most $limit: each model once, at its shortest distance."""
    walk = _bounded_walk("m", direction, depth, "$limit", f"{direction}_found")
    return f"""{walk}
WITH *, [x IN {direction}_found | {{node: x.node, hops: x.hops, direction: '{direction}'}}] AS {direction}"""


def _lineage(directions: tuple[str, ...], depth: int) -> str:
    """A model's lineage in one statement (one round trip): the root, each side, and per node its parent
    edges, from which the reader keeps those inside the answer (a set lookup, not a list scan in Cypher)."""
    sides = "".join(_lineage_side(direction, depth) for direction in directions)
    return f"""
MATCH (m:Entity {{key: $key}})
{sides}
UNWIND [{{node: m, hops: 0, direction: 'self'}}] + {" + ".join(directions)} AS x
WITH m, x, x.node AS n
RETURN m.key AS root_key, m.name AS root_name, [l IN labels(m) WHERE l <> 'Entity'][0] AS root_label,
       collect({{key: n.key, name: n.name, released: toString(n.released), hops: x.hops, direction: x.direction,
         parents: [(n)-[r:{_LINEAGE_PATTERN}]->(p:Model) WHERE {_LINEAGE_KEEP} |
                   {{target: p.key, type: type(r), status: r.status, confidence: r.confidence, kind: r.kind,
                     conflict: r.conflict}}]}}) AS nodes
"""


LINEAGE_MAX_DEPTH = 10
LINEAGE: dict[tuple[tuple[str, ...], int], str] = {
    (directions, depth): _lineage(directions, depth)
    for directions in (("up",), ("down",), ("up", "down"))
    for depth in range(1, LINEAGE_MAX_DEPTH + 1)
}

SEARCH_FULLTEXT = """
CALL db.index.fulltext.queryNodes('entity_search', $text, {limit: $limit})
YIELD node, score
RETURN node.key AS key, [l IN labels(node) WHERE l <> 'Entity'][0] AS label, node.name AS name,
       coalesce(node.aliases, []) AS aliases, score
"""

COUNTS = """
CALL () { MATCH (n:Model) RETURN count(n) AS models }
CALL () { MATCH (n:Organization) RETURN count(n) AS organizations }
CALL () { MATCH (n:Technique) RETURN count(n) AS techniques }
CALL () { MATCH (n:Paper) RETURN count(n) AS papers }
CALL () { MATCH (n:Dataset) RETURN count(n) AS datasets }
CALL () { MATCH (n:Document) RETURN count(n) AS documents }
RETURN models, organizations, techniques, papers, datasets, documents
"""

# Relationships go first, in bounded batches: DETACH DELETE of a node with 50k relationships (an
# organization of a large hub) in one inner transaction exceeds Neo4j's transaction memory pool.
GRAPH_WIPE_RELATIONSHIPS = "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
GRAPH_WIPE = "MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"

# --- curation: review queue, decisions, edits, merges --------------------------------------

# The state an audit entry records and a revert restores; versions are computed from it.
FACT_STATE = """
MATCH (f:Fact {key: $key})
OPTIONAL MATCH (f)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f)
RETURN f.key AS key, f.type AS type, s.key AS subject, o.key AS object, f.status AS status,
       f.decision AS decision, coalesce(f.curated, false) AS curated, f.confidence AS confidence,
       count(c) AS claims
"""

ENTITY_STATE = """
MATCH (e:Entity {key: $key})
RETURN e.key AS key, [l IN labels(e) WHERE l <> 'Entity'][0] AS label, e.name AS name,
       coalesce(e.aliases, []) AS aliases, coalesce(e.curated_aliases, []) AS curated_aliases,
       coalesce(e.curated, false) AS curated, properties(e) AS props
"""

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
"""

FACTS_REVIEW_COUNT = _REVIEW_FILTER + "RETURN count(f) AS total"

# A page of the queue; each claim comes with the document text around its quote.
FACTS_REVIEW = (
    _REVIEW_FILTER
    + """
WITH f, s, o ORDER BY f.confidence DESC, f.key SKIP $skip LIMIT $limit
CALL (f) {
  OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f)
  OPTIONAL MATCH (c)-[:STATED_IN]->(d:Document)
  WITH c, d, CASE WHEN c.start > $context THEN c.start - $context ELSE 0 END AS from
  ORDER BY c.confidence DESC, d.key, c.start
  RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE c {.quote, .start, .end, .extractor, .confidence,
    document_key: d.key, document_title: d.title, language: d.language,
    before: substring(coalesce(d.text, ''), from, c.start - from),
    quoted: substring(coalesce(d.text, ''), c.start, c.end - c.start),
    after: substring(coalesce(d.text, ''), c.end, $context)} END) AS evidence
}
OPTIONAL MATCH (any:Claim)-[:SUPPORTS]->(f)
RETURN f.key AS key, f.type AS type, f.status AS status, f.decision AS decision,
       coalesce(f.curated, false) AS curated, f.confidence AS confidence, count(any) AS claims,
       {key: s.key, name: s.name, label: [l IN labels(s) WHERE l <> 'Entity'][0]} AS subject,
       {key: o.key, name: o.name, label: [l IN labels(o) WHERE l <> 'Entity'][0]} AS object,
       evidence
ORDER BY confidence DESC, key
"""
)

FACTS_SET_DECISION = """
UNWIND $rows AS row
MATCH (f:Fact {key: row.key})
SET f.decision = row.decision, f.curated = row.curated, f.decided_at = datetime()
"""

# A curator's fact: created when new, re-attached when it lost an endpoint, marked curated.
FACT_CURATE = """
MATCH (s:Entity {key: $subject})
MATCH (o:Entity {key: $object})
MERGE (f:Fact {key: $key})
ON CREATE SET f.type = $type, f.created_at = datetime(), f.status = 'proposed'
SET f.curated = $curated, f.decision = $decision, f.decided_at = datetime()
MERGE (f)-[:SUBJECT]->(s)
MERGE (f)-[:OBJECT]->(o)
"""

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

# --- merges ----------------------------------------------------------------------------------

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

MERGE_PROPOSALS = """
MATCH (d:Document)
WHERE d.report CONTAINS 'merge_proposals'
RETURN d.key AS document_key, d.report AS report
ORDER BY d.ingested_at DESC
"""

# --- pages: reads for the browsable pages ---------------------------------------------------

_ANY_RELATION = "|".join(rel.value for rel in RelType)
_LABEL_OF = "[l IN labels({0}) WHERE l <> 'Entity'][0]"


# What every entity page shows, as subqueries of one statement (the page costs one round trip):
# the documents mentioning it, its relations with their evidence, its attribute claims.
# Relations come at most $relation_limit per type and side (a popular base model is the object of
# hundreds of thousands of fine-tunes), with each group's total so the page can say how many it
# leaves out. Both come from the typed edges, which mirror the non-rejected facts one to one: a
# group's total is the node's degree for that type (no scan), and its listing expands only that type,
# looks at the first $relation_scan and keeps the $relation_limit first by name (documents alike). The facts' evidence
# is then fetched for those few only.
def _relation_group(rel: RelType, side: str) -> str:
    arrow = f"(e)-[r:{rel.value}]->(x:Entity)" if side == "out" else f"(e)<-[r:{rel.value}]-(x:Entity)"
    bare = f"(e)-[:{rel.value}]->()" if side == "out" else f"(e)<-[:{rel.value}]-()"
    return f"""
  CALL (e) {{
    MATCH {arrow}
    WHERE r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor
    WITH r, x LIMIT $relation_scan
    WITH r, x ORDER BY x.name, x.key LIMIT $relation_limit
    RETURN collect({{fact_key: r.fact_key, other: x, side: '{side}'}}) AS kept
  }}
  RETURN kept, {{type: '{rel.value}', side: '{side}', total: CASE WHEN $floor <= 0.0 THEN COUNT {{ {bare} }}
    ELSE COUNT {{ {arrow} WHERE r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor }} END}} AS total"""


_RELATION_GROUPS = "\n  UNION ALL".join(_relation_group(rel, side) for rel in RelType for side in ("out", "in"))

_ENTITY_PARTS = f"""
CALL (e) {{
  MATCH (e)-[:MENTIONED_IN]->(d:Document)
  WITH d LIMIT $relation_scan
  WITH d ORDER BY d.ingested_at DESC, d.key LIMIT $document_limit
  RETURN collect(d {{.key, .title}}) AS documents
}}
CALL (e) {{
  RETURN COUNT {{ (e)-[:MENTIONED_IN]->(:Document) }} AS documents_total,
         // What the page leaves out: unreviewed facts below its confidence floor.
         COUNT {{ (f:Fact)-[:SUBJECT|OBJECT]->(e) WHERE f.status = 'proposed' AND coalesce(f.confidence, 0.0) < $floor }}
           AS unreviewed_total
}}
CALL (e) {{
  CALL (e) {{{_RELATION_GROUPS}
  }}
  WITH kept, total WHERE total.total > 0
  RETURN collect(total) AS relation_totals, reduce(all = [], group IN collect(kept) | all + group) AS picked
}}
CALL (e, picked) {{
  UNWIND picked AS k
  MATCH (f:Fact {{key: k.fact_key}})
  WITH f, CASE k.side WHEN 'out' THEN e ELSE k.other END AS s, CASE k.side WHEN 'out' THEN k.other ELSE e END AS o
  RETURN collect({{f: f, s: s, o: o}}) AS kept
}}
CALL (kept) {{
  UNWIND kept AS k
  WITH k.f AS f, k.s AS s, k.o AS o
  // Evidence only for the facts the page shows.
  CALL (f) {{
    MATCH (c:Claim)-[:SUPPORTS]->(f)
    OPTIONAL MATCH (c)-[:STATED_IN]->(d:Document)
    WITH c, d ORDER BY c.confidence DESC, d.key, c.start
    RETURN collect(c {{.quote, .start, .end, .extractor, .extractor_version, .confidence,
      document_key: d.key, document_title: d.title, language: d.language}})[..$evidence_limit] AS evidence
  }}
  RETURN collect({{key: f.key, type: f.type, status: f.status, confidence: f.confidence, evidence: evidence,
    kind: f.kind, conflict: f.conflict,
    subject: {{key: s.key, name: s.name, label: {_LABEL_OF.format("s")}}},
    object: {{key: o.key, name: o.name, label: {_LABEL_OF.format("o")}}}}}) AS relations
}}
CALL (e) {{
  MATCH (c:Claim {{kind: 'attribute'}})-[:ABOUT]->(e)
  MATCH (c)-[:STATED_IN]->(d:Document)
  WITH c, d ORDER BY c.attribute, c.confidence DESC
  RETURN collect(c {{name: c.attribute, .value, .status, .quote, .start, .end, .extractor, .extractor_version,
    .confidence, document_key: d.key, document_title: d.title, language: d.language}}) AS attributes
}}
"""

# What points at an entity (models using a technique, papers an organization published ...),
# oldest first within each relation type; undated ones last.
ENTITY_PAGE = f"""
MATCH (e:Entity {{key: $key}})
{_ENTITY_PARTS}
CALL (e) {{
  MATCH (e)<-[r:{_ANY_RELATION}]-(s:Entity)
  WHERE r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor
  WITH r, s, toString(coalesce(s.released, s.year)) AS date
  ORDER BY type(r), date IS NULL, date, s.name
  LIMIT $link_limit
  RETURN collect({{type: type(r), status: r.status, key: s.key, name: s.name, label: {_LABEL_OF.format("s")},
    date: date}}) AS links
}}
RETURN e.key AS key, {_LABEL_OF.format("e")} AS label, properties(e) AS props, documents, documents_total,
       relations, relation_totals, attributes, links, unreviewed_total
"""


def _model_page(depth: int) -> str:
    """A model page in one statement: the entity, its lineage both ways with the edges among it, its parents."""

    def side(direction: str, name: str) -> str:
        walk = _bounded_walk("e", direction, depth, "$lineage_limit", f"{name}_found")
        return f"""{walk}
WITH *, [x IN {name}_found | {{key: x.node.key, name: x.node.name, released: toString(x.node.released),
  hops: x.hops}}] AS {name}"""

    return f"""
MATCH (e:Entity {{key: $key}})
{_ENTITY_PARTS}
{side("up", "ancestors")}
{side("down", "descendants")}
CALL (e) {{
  MATCH (e)-[r:{_LINEAGE_PATTERN}]->(p:Model)
  WHERE r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor
  CALL (p) {{
    MATCH (p)-[u:USES]->(t:Technique)
    WHERE u.status = 'accepted' OR coalesce(u.confidence, 0.0) >= $floor
    RETURN collect(t {{.key, .name}}) AS techniques
  }}
  WITH p, r, techniques ORDER BY type(r), p.name
  RETURN collect({{key: p.key, name: p.name, type: type(r), status: r.status, props: properties(p),
    techniques: techniques, kind: r.kind, conflict: r.conflict}}) AS parents
}}
WITH e, documents, documents_total, unreviewed_total, relations, relation_totals, attributes, ancestors,
     descendants, parents, [e.key] + [n IN ancestors | n.key] + [n IN descendants | n.key] AS keys
CALL (keys) {{
  UNWIND keys AS k
  MATCH (a:Model {{key: k}})-[r:{_LINEAGE_PATTERN}]->(b:Model)
  WHERE b.key IN keys AND type(r) IN $types AND (r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor)
  RETURN collect({{source: a.key, target: b.key, type: type(r), status: r.status, confidence: r.confidence,
    kind: r.kind, conflict: r.conflict}}) AS edges
}}
RETURN e.key AS key, {_LABEL_OF.format("e")} AS label, properties(e) AS props, documents, documents_total,
       relations, relation_totals, attributes, ancestors, descendants, parents, edges, unreviewed_total
"""


MODEL_PAGE: dict[int, str] = {depth: _model_page(depth) for depth in range(1, LINEAGE_MAX_DEPTH + 1)}

# Lineage families for the home page: models without lineage parents, largest descendancy first.
# Candidates are ranked by direct children first (a degree lookup), so only a few families are walked,
# and a walk stops counting at $cap models: the home page stays cheap on a hub-sized graph.
LINEAGE_FAMILIES = f"""
MATCH (root:Model)
WITH root, COUNT {{ (root)<-[:{_LINEAGE_PATTERN}]-() }} AS children
WHERE children > 0 AND NOT EXISTS {{ (root)-[:{_LINEAGE_PATTERN}]->(:Model) }}
WITH root ORDER BY children DESC, root.name LIMIT $candidates
CALL (root) {{
  MATCH (root)<-[:{_LINEAGE_PATTERN}*1..{LINEAGE_MAX_DEPTH}]-(m:Model)
  WITH DISTINCT m LIMIT $cap
  WITH m ORDER BY m.released, m.name
  RETURN count(m) AS size, collect(m {{.key, .name}})[..$members] AS members
}}
RETURN root.key AS key, root.name AS name, size, size >= $cap AS capped, members
ORDER BY size DESC, name
LIMIT $limit
"""

# Columns of the comparison table, in the order asked for.
MODELS_COMPARE = f"""
UNWIND range(0, size($keys) - 1) AS i
MATCH (m:Model {{key: $keys[i]}})
CALL (m) {{
  OPTIONAL MATCH (m)-[r:{_ANY_RELATION}]->(o:Entity)
  WHERE r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor
  WITH r, o ORDER BY o.name
  RETURN collect(CASE WHEN o IS NULL THEN NULL
    ELSE {{type: type(r), key: o.key, name: o.name, label: {_LABEL_OF.format("o")}, kind: r.kind}} END) AS links
}}
RETURN m.key AS key, m.name AS name, properties(m) AS props, links
ORDER BY i
"""

# One ring of a neighbourhood: the entities one typed edge away from `keys`, best connected first.
NEIGHBOURS = f"""
UNWIND $keys AS k
MATCH (:Entity {{key: k}})-[r:{_ANY_RELATION}]-(n:Entity)
WHERE NOT n.key IN $exclude AND type(r) IN $types AND (r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor)
WITH n, count(r) AS links
RETURN n.key AS key, n.name AS name, {_LABEL_OF.format("n")} AS label
ORDER BY links DESC, name
LIMIT $limit
"""

# The typed edges among a set of entities: what a neighbourhood view draws.
EDGES_AMONG = f"""
UNWIND $keys AS k
MATCH (a:Entity {{key: k}})-[r:{_ANY_RELATION}]->(b:Entity)
WHERE b.key IN $keys AND type(r) IN $types AND (r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor)
RETURN a.key AS source, b.key AS target, type(r) AS type, r.status AS status, r.kind AS kind
ORDER BY source, target, type
"""

# --- end pages


# --- API: lists, provenance, paths, graph state ----------------------------------------------

_KIND = "[l IN labels({0}) WHERE l <> 'Entity'][0]"
_LINEAGE_ANY = "|".join(rel.value for rel in LINEAGE_TYPES)

# Sort expressions of the list orderings (the API's allow-list maps onto these names); every row
# sorts as (value missing, value, key) so nulls come last either way and pages never overlap.
_ENTITY_SORT = {
    "name": "toLower(coalesce(e.name, e.key))",
    "released": "toStringOrNull(e.released)",
    "parameters": "toFloatOrNull(e.parameters)",
}
_DOCUMENT_SORT = {
    "name": "toLower(coalesce(d.title, d.key))",
    "ingested": "d.ingested_at.epochMillis",
}
ENTITY_ORDERINGS = tuple(f"{sign}{name}" for name in _ENTITY_SORT for sign in ("", "-"))
DOCUMENT_ORDERINGS = tuple(f"{sign}{name}" for name in _DOCUMENT_SORT for sign in ("", "-"))


def _after(var: str, descending: bool) -> str:
    """Rows strictly after the cursor ($after_value, $after_key) in (missing, value, key) order."""
    beyond = "<" if descending else ">"
    return f"""($after_key IS NULL OR CASE WHEN $after_value IS NULL
  THEN sort IS NULL AND {var}.key > $after_key
  ELSE sort IS NULL OR sort {beyond} $after_value OR (sort = $after_value AND {var}.key > $after_key) END)"""


def _entity_list(label: Label, ordering: str) -> str:
    name = ordering.lstrip("-")
    descending = ordering.startswith("-")
    return f"""
MATCH (e:{label.value})
WHERE ($prefix IS NULL OR toLower(e.name) STARTS WITH $prefix
       OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) STARTS WITH $prefix))
  AND ($organization IS NULL
       OR EXISTS {{ (e)-[:DEVELOPED_BY|PUBLISHED_BY]->(:Organization {{key: $organization}}) }})
  AND ($technique IS NULL OR EXISTS {{ (e)-[:USES]->(:Technique {{key: $technique}}) }})
  AND ($released_from IS NULL OR toIntegerOrNull(left(toStringOrNull(e.released), 4)) >= $released_from)
  AND ($released_to IS NULL OR toIntegerOrNull(left(toStringOrNull(e.released), 4)) <= $released_to)
  AND ($parameters_min IS NULL OR toFloatOrNull(e.parameters) >= $parameters_min)
  AND ($parameters_max IS NULL OR toFloatOrNull(e.parameters) <= $parameters_max)
WITH e, {_ENTITY_SORT[name]} AS sort
WHERE {_after("e", descending)}
RETURN e.key AS key, {_KIND.format("e")} AS label, properties(e) AS props, sort
ORDER BY sort IS NULL, sort {"DESC" if descending else "ASC"}, key
LIMIT $limit
"""


ENTITY_LIST: dict[tuple[Label, str], str] = {
    (label, ordering): _entity_list(label, ordering) for label in Label for ordering in ENTITY_ORDERINGS
}


def _document_list(ordering: str) -> str:
    name = ordering.lstrip("-")
    descending = ordering.startswith("-")
    return f"""
MATCH (d:Document)
WHERE ($prefix IS NULL OR toLower(d.title) STARTS WITH $prefix)
  AND ($language IS NULL OR d.language = $language)
WITH d, {_DOCUMENT_SORT[name]} AS sort
WHERE {_after("d", descending)}
RETURN d.key AS key, d.title AS title, d.language AS language, d.sha256 AS sha256,
       d.chars AS chars, d.ingested_at AS ingested_at, sort
ORDER BY sort IS NULL, sort {"DESC" if descending else "ASC"}, key
LIMIT $limit
"""


DOCUMENT_LIST: dict[str, str] = {ordering: _document_list(ordering) for ordering in DOCUMENT_ORDERINGS}

# Where a requested key lives: the entity itself (with its label) ...
ENTITY_LABEL = f"MATCH (e:Entity {{key: $key}}) RETURN e.key AS key, {_KIND.format('e')} AS label"

# ... or the entities carrying it as an exact alias (two rows are enough to call it ambiguous).
ENTITIES_BY_ALIAS = f"""
MATCH (e:Entity) WHERE $alias IN e.aliases
RETURN e.key AS key, {_KIND.format("e")} AS label
ORDER BY key
LIMIT 2
"""

# A fact's evidence: its claims in document order, each with its document.
_FACT_EVIDENCE = """
CALL (f) {
  OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f)
  OPTIONAL MATCH (c)-[:STATED_IN]->(d:Document)
  WITH c, d ORDER BY d.key, c.start, c.key
  RETURN count(c) AS evidence_count,
         collect(CASE WHEN c IS NULL THEN NULL ELSE c {.quote, .start, .end, .extractor,
           .extractor_version, .confidence, document_key: d.key, document_title: d.title,
           language: d.language} END)[..$evidence_limit] AS evidence
}
"""

_FACT_MAP = f"""{{key: f.key, type: f.type, status: f.status, decision: f.decision,
  curated: coalesce(f.curated, false), confidence: f.confidence, kind: f.kind, conflict: f.conflict,
  subject: {{key: s.key, name: s.name, label: {_KIND.format("s")}}},
  object: {{key: o.key, name: o.name, label: {_KIND.format("o")}}}}}"""

FACT_LIST = f"""
MATCH (f:Fact)
WHERE ($after_key IS NULL OR f.key > $after_key)
  AND ($type IS NULL OR f.type = $type) AND ($status IS NULL OR f.status = $status)
MATCH (f)-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
WITH f, s, o
WHERE ($subject IS NULL OR s.key = $subject) AND ($object IS NULL OR o.key = $object)
WITH f, s, o ORDER BY f.key LIMIT $limit
{_FACT_EVIDENCE}
RETURN {_FACT_MAP} AS fact, evidence, evidence_count
ORDER BY f.key
"""

# Every statement about one entity: claims of its relations (either end) and of its attributes,
# in document order; a claim's status is its fact's for relations, its own for attributes.
ENTITY_CLAIMS = f"""
MATCH (e:Entity {{key: $key}})
CALL (e) {{
  MATCH (c:Claim)-[:SUPPORTS]->(f:Fact)-[:SUBJECT|OBJECT]->(e)
  RETURN c, f
  UNION
  MATCH (c:Claim)-[:ABOUT]->(e)
  RETURN c, null AS f
}}
WITH c, f, coalesce(f.status, c.status, 'proposed') AS status
WHERE ($status IS NULL OR status = $status)
  AND ($after_key IS NULL OR c.document_key > $after_document OR (c.document_key = $after_document
       AND (c.start > $after_start OR (c.start = $after_start AND c.key > $after_key))))
WITH c, f, status ORDER BY c.document_key, c.start, c.key LIMIT $limit
OPTIONAL MATCH (c)-[:STATED_IN]->(d:Document)
OPTIONAL MATCH (f)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
RETURN c.key AS claim_key, c.kind AS kind, status, c.attribute AS attribute, c.value AS value,
       c {{.quote, .start, .end, .extractor, .extractor_version, .confidence, document_key: d.key,
          document_title: d.title, language: d.language}} AS evidence,
       CASE WHEN f IS NULL THEN NULL ELSE {_FACT_MAP} END AS fact
ORDER BY c.document_key, c.start, c.key
"""

PATH_MAX_HOPS = 10

# The shortest chain of lineage edges between two entities, whichever way each edge points.
LINEAGE_PATH = f"""
MATCH (a:Entity {{key: $source}})
MATCH (b:Entity {{key: $target}})
MATCH p = shortestPath((a)-[:{_LINEAGE_ANY}*..{PATH_MAX_HOPS}]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types AND (r.status = 'accepted' OR coalesce(r.confidence, 0.0) >= $floor))
RETURN [n IN nodes(p) | {{key: n.key, name: n.name, label: {_KIND.format("n")}}}] AS nodes,
       [r IN relationships(p) | {{source: startNode(r).key, target: endNode(r).key, type: type(r),
         status: r.status, confidence: r.confidence, kind: r.kind, conflict: r.conflict}}] AS edges
"""

SEARCH_FULLTEXT_LABELED = f"""
CALL db.index.fulltext.queryNodes('entity_search', $text)
YIELD node, score
WITH node, score WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
RETURN node.key AS key, {_KIND.format("node")} AS label, node.name AS name,
       coalesce(node.aliases, []) AS aliases, score
LIMIT $limit
"""

# One node whose version every write replaces: web processes derive ETags from it without any
# shared memory, and a wiped graph (no node) reads as version null.
GRAPH_STATE = """
OPTIONAL MATCH (g:GraphState {id: 'graph'})
RETURN g.version AS version, g.updated_at AS updated_at
"""

GRAPH_STATE_BUMP = "MERGE (g:GraphState {id: 'graph'}) SET g.version = randomUUID(), g.updated_at = datetime()"

# --- end API
