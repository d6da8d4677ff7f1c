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
     created_at: toString(c.created_at)} END) AS attribute_claims
}
CALL (e) {
  OPTIONAL MATCH (e)<-[:SUBJECT|OBJECT]-(f:Fact)
  RETURN count(f) AS facts
}
RETURN e.key AS key, e.name AS name, e.curated AS curated,
       coalesce(e.curated_aliases, []) AS curated_aliases, mention_aliases, mentions,
       attribute_claims, coalesce(e.claimed_attributes, []) AS claimed_attributes, facts
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
       f.curated AS curated, count(c) AS claims, max(c.confidence) AS confidence
"""

FACTS_SET_STATUS = """
UNWIND $rows AS row
MATCH (f:Fact {key: row.key})
SET f.status = row.status, f.confidence = row.confidence
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
SET r.fact_key = row.key, r.status = row.status, r.confidence = row.confidence
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
WHERE f.status <> 'rejected' AND ($include_unreviewed OR f.status = 'accepted')
MATCH (f)-[:SUBJECT]->(s:Entity)
MATCH (f)-[:OBJECT]->(o:Entity)
CALL (f) {
  OPTIONAL MATCH (c:Claim)-[:SUPPORTS]->(f)
  OPTIONAL MATCH (c)-[:STATED_IN]->(d:Document)
  RETURN collect(CASE WHEN c IS NULL THEN NULL ELSE c {.quote, .start, .end, .extractor,
    .extractor_version, .confidence, document_key: d.key, document_title: d.title,
    language: d.language} END)[..$evidence_limit] AS evidence
}
RETURN f.key AS key, f.type AS type, f.status AS status, f.confidence AS confidence,
       {key: s.key, name: s.name, label: [l IN labels(s) WHERE l <> 'Entity'][0]} AS subject,
       {key: o.key, name: o.name, label: [l IN labels(o) WHERE l <> 'Entity'][0]} AS object,
       evidence
ORDER BY f.type, o.name, s.name
LIMIT $limit
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


def _lineage(direction: str, depth: int) -> str:
    left, right = ("-", "->") if direction == "up" else ("<-", "-")
    return f"""
MATCH (m:Model {{key: $key}})
MATCH p = (m){left}[:{_LINEAGE_PATTERN}*1..{depth}]{right}(other:Model)
WHERE all(r IN relationships(p) WHERE type(r) IN $types
          AND ($include_unreviewed OR r.status = 'accepted'))
WITH other, min(length(p)) AS hops
RETURN other.key AS key, other.name AS name, toString(other.released) AS released, hops
ORDER BY hops, key
LIMIT $limit
"""


LINEAGE_MAX_DEPTH = 10
LINEAGE: dict[tuple[str, int], str] = {
    (direction, depth): _lineage(direction, depth)
    for direction in ("up", "down")
    for depth in range(1, LINEAGE_MAX_DEPTH + 1)
}

# The lineage edges among a set of models: what a diagram of those nodes draws.
LINEAGE_EDGES = f"""
UNWIND $keys AS k
MATCH (a:Model {{key: k}})-[r:{_LINEAGE_PATTERN}]->(b:Model)
WHERE b.key IN $keys AND type(r) IN $types AND ($include_unreviewed OR r.status = 'accepted')
RETURN a.key AS source, b.key AS target, type(r) AS type, r.status AS status,
       r.confidence AS confidence
ORDER BY source, target, type
"""

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

GRAPH_WIPE = "MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
