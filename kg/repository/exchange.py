"""Export and import of the whole graph with its provenance, in batches, as JSON-ready rows.

The Cypher lives here, next to what runs it: it changes only with the exchange format.
Temporal values leave as {"$datetime": ISO-8601 with nanoseconds} and come back as the same value.
"""

from neo4j import ManagedTransaction

from kg.repository.cypher import GRAPH_STATE_BUMP, LABEL_OF
from kg.repository.records import graph_properties, json_properties
from kg.vocabulary import Label, RelType

BATCH = 1000
_TYPED = [rel.value for rel in RelType]

# Sections in dependency order: an import writes them in this order.
SECTIONS = ("entities", "documents", "facts", "claims", "mentions", "relations", "redirects", "attribute_decisions")

_EXPORT = {
    "entities": f"""
MATCH (e:Entity) WHERE e.key > $after
RETURN e.key AS cursor, {{key: e.key, label: {LABEL_OF.format("e")}, properties: properties(e)}} AS row
ORDER BY e.key LIMIT $batch
""",
    "documents": """
MATCH (d:Document) WHERE d.key > $after
RETURN d.key AS cursor, {key: d.key, properties: properties(d)} AS row
ORDER BY d.key LIMIT $batch
""",
    "facts": """
MATCH (f:Fact) WHERE f.key > $after
WITH f ORDER BY f.key LIMIT $batch
OPTIONAL MATCH (f)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
RETURN f.key AS cursor, {key: f.key, subject: s.key, object: o.key, properties: properties(f)} AS row
ORDER BY f.key
""",
    "claims": """
MATCH (c:Claim) WHERE c.key > $after
WITH c ORDER BY c.key LIMIT $batch
OPTIONAL MATCH (c)-[:SUPPORTS]->(f:Fact)
OPTIONAL MATCH (c)-[:ABOUT]->(e:Entity)
OPTIONAL MATCH (c)-[:STATED_IN]->(d:Document)
OPTIONAL MATCH (c)-[:CITES]->(cited:Document)
RETURN c.key AS cursor,
       {key: c.key, fact: f.key, about: e.key, document: d.key, cites: cited.key, properties: properties(c)} AS row
ORDER BY c.key
""",
    # Mentions and typed edges go by batches of their subject entity, so every batch uses the key index.
    "mentions": """
MATCH (e:Entity) WHERE e.key > $after
WITH e ORDER BY e.key LIMIT $batch
MATCH (e)-[m:MENTIONED_IN]->(d:Document)
RETURN e.key AS cursor, {entity: e.key, document: d.key, properties: properties(m)} AS row
ORDER BY e.key, d.key
""",
    "relations": """
MATCH (e:Entity) WHERE e.key > $after
WITH e ORDER BY e.key LIMIT $batch
MATCH (e)-[r]->(o:Entity) WHERE type(r) IN $typed
RETURN e.key AS cursor, {subject: e.key, type: type(r), object: o.key, properties: properties(r)} AS row
ORDER BY e.key, type(r), o.key
""",
    "redirects": """
MATCH (r:Redirect) WHERE r.from_key > $after
RETURN r.from_key AS cursor, {from_key: r.from_key, properties: properties(r)} AS row
ORDER BY r.from_key LIMIT $batch
""",
    # Curators' decisions on attribute values (kg.repository.attributes).
    "attribute_decisions": """
MATCH (ad:AttributeDecision) WHERE ad.key > $after
RETURN ad.key AS cursor, {key: ad.key, properties: properties(ad)} AS row
ORDER BY ad.key LIMIT $batch
""",
}

# Batch cursors of the sections that page by subject entity advance by entity, not by row.
_BY_ENTITY = {"mentions", "relations"}
_ENTITY_KEYS = "MATCH (e:Entity) WHERE e.key > $after RETURN e.key AS key ORDER BY e.key LIMIT $batch"

# Whatever the export format does not know about, so an export that would lose it can say so.
UNKNOWN_CONTENT = f"""
CALL () {{
  MATCH (n) WHERE NOT (n:Entity OR n:Document OR n:Fact OR n:Claim OR n:Redirect OR n:SchemaMigration
                       OR n:GraphState OR n:AttributeDecision)
  RETURN collect(DISTINCT labels(n)) AS labels
}}
CALL () {{
  MATCH ()-[r]->() WHERE NOT type(r) IN {[*_TYPED, "MENTIONED_IN", "SUBJECT", "OBJECT", "SUPPORTS", "ABOUT", "STATED_IN", "CITES"]}
  RETURN collect(DISTINCT type(r)) AS types
}}
RETURN labels, types
"""


def _import_entities(label: Label) -> str:
    return f"""
UNWIND $rows AS row
MERGE (e:Entity {{key: row.key}})
ON CREATE SET e:{label.value}
SET e = row.properties, e.key = row.key
"""


def _import_relations(rel: RelType) -> str:
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{key: row.subject}})
MATCH (o:Entity {{key: row.object}})
MERGE (s)-[r:{rel.value}]->(o)
SET r = row.properties
"""


IMPORT_ENTITIES = {label: _import_entities(label) for label in Label}
IMPORT_RELATIONS = {rel: _import_relations(rel) for rel in RelType}
_IMPORT = {
    "documents": """
UNWIND $rows AS row
MERGE (d:Document {key: row.key})
SET d = row.properties, d.key = row.key
""",
    "facts": """
UNWIND $rows AS row
MERGE (f:Fact {key: row.key})
SET f = row.properties, f.key = row.key
WITH f, row
MATCH (s:Entity {key: row.subject})
MATCH (o:Entity {key: row.object})
MERGE (f)-[:SUBJECT]->(s)
MERGE (f)-[:OBJECT]->(o)
""",
    "claims": """
UNWIND $rows AS row
MERGE (c:Claim {key: row.key})
SET c = row.properties, c.key = row.key
WITH c, row
CALL (c, row) { MATCH (f:Fact {key: row.fact}) MERGE (c)-[:SUPPORTS]->(f) }
CALL (c, row) { MATCH (e:Entity {key: row.about}) MERGE (c)-[:ABOUT]->(e) }
CALL (c, row) { MATCH (d:Document {key: row.document}) MERGE (c)-[:STATED_IN]->(d) }
CALL (c, row) { MATCH (d:Document {key: row.cites}) MERGE (c)-[:CITES]->(d) }
""",
    "attribute_decisions": """
UNWIND $rows AS row
MERGE (ad:AttributeDecision {key: row.key})
SET ad = row.properties, ad.key = row.key
""",
    "mentions": """
UNWIND $rows AS row
MATCH (e:Entity {key: row.entity})
MATCH (d:Document {key: row.document})
MERGE (e)-[m:MENTIONED_IN]->(d)
SET m = row.properties
""",
    "redirects": """
UNWIND $rows AS row
MERGE (r:Redirect {from_key: row.from_key})
SET r = row.properties, r.from_key = row.from_key
""",
}


def _encoded(row: dict) -> dict:
    return dict(row, properties=json_properties(row["properties"]))


def batch_tx(tx: ManagedTransaction, *, section: str, after: str) -> tuple[list[dict], str | None]:
    """One batch of a section's rows, and the cursor to continue after (None at the end)."""
    rows = [r.data() for r in tx.run(_EXPORT[section], after=after, batch=BATCH, typed=_TYPED)]
    if section in _BY_ENTITY:
        keys = [r["key"] for r in tx.run(_ENTITY_KEYS, after=after, batch=BATCH)]
        return [_encoded(r["row"]) for r in rows], (keys[-1] if len(keys) == BATCH else None)
    cursor = rows[-1]["cursor"] if len(rows) == BATCH else None
    return [_encoded(r["row"]) for r in rows], cursor


def unknown_content_tx(tx: ManagedTransaction) -> dict[str, list]:
    return tx.run(UNKNOWN_CONTENT).single().data()


def write_tx(tx: ManagedTransaction, *, section: str, rows: list[dict]) -> None:
    """Upsert one batch of already validated rows of a section (its file order is kept)."""
    decoded = [dict(r, properties=graph_properties(r["properties"])) for r in rows]
    if section == "entities":
        for label in Label:
            chunk = [r for r in decoded if r["label"] == label.value]
            if chunk:
                tx.run(IMPORT_ENTITIES[label], rows=chunk)
    elif section == "relations":
        for rel in RelType:
            chunk = [r for r in decoded if r["type"] == rel.value]
            if chunk:
                tx.run(IMPORT_RELATIONS[rel], rows=chunk)
    else:
        tx.run(_IMPORT[section], rows=decoded)
    # An import is a write like any other: the graph's version moves.
    tx.run(GRAPH_STATE_BUMP)
