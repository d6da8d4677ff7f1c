"""Whole-graph observations for tests: a fingerprint every write changes, and duplicates of anything."""

from kg import selectors
from kg.repository import driver

_LABEL_COUNTS = """
MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:GraphState
UNWIND labels(n) AS label
RETURN label, count(*) AS n
"""
_TYPE_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"
# The same key twice on one kind of node, or the same relationship twice between the same two nodes.
_DUPLICATE_KEYS = """
MATCH (n) WHERE n.key IS NOT NULL
WITH [l IN labels(n) WHERE l IN ['Entity', 'Document', 'Fact', 'Claim']][0] AS kind, n.key AS key, count(*) AS n
WHERE kind IS NOT NULL AND n > 1
RETURN kind + ' ' + key AS what
"""
_DUPLICATE_RELATIONSHIPS = """
MATCH (a)-[r]->(b)
WITH a, b, type(r) AS type, count(*) AS n WHERE n > 1
RETURN coalesce(a.key, elementId(a)) + ' -' + type + '-> ' + coalesce(b.key, elementId(b)) AS what
"""
_DUPLICATE_REDIRECTS = """
MATCH (r:Redirect) WITH r.from_key AS key, count(*) AS n WHERE n > 1 RETURN 'Redirect ' + key AS what
"""


def fingerprint() -> dict:
    """Node counts by label, relationship counts by type, and the version every write moves."""
    labels = driver.read(lambda tx: {r["label"]: r["n"] for r in tx.run(_LABEL_COUNTS)})
    types = driver.read(lambda tx: {r["type"]: r["n"] for r in tx.run(_TYPE_COUNTS)})
    return {"labels": labels, "types": types, "version": selectors.graph_state().version}


def duplicates() -> list[str]:
    """Anything stored twice: keys of entities, documents, facts and claims, relationships, redirects."""
    found: list[str] = []
    for query in (_DUPLICATE_KEYS, _DUPLICATE_RELATIONSHIPS, _DUPLICATE_REDIRECTS):
        found += driver.read(lambda tx, q=query: [r["what"] for r in tx.run(q)])
    return found
