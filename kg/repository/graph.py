"""The graph as a whole: its version (what ETags come from), its counts, and wiping it."""

from neo4j import ManagedTransaction

from kg.repository.records import native
from kg.types import GraphState

# A wiped graph (no node) reads as version null; cypher.GRAPH_STATE_BUMP moves it on every write.
GRAPH_STATE = """
OPTIONAL MATCH (g:GraphState {id: 'graph'})
RETURN g.version AS version, g.updated_at AS updated_at
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
# Both run outside a managed transaction (CALL ... IN TRANSACTIONS), see driver.run_autocommit.
GRAPH_WIPE_RELATIONSHIPS = "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
GRAPH_WIPE = "MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"


def graph_state_tx(tx: ManagedTransaction) -> GraphState:
    row = tx.run(GRAPH_STATE).single()
    return GraphState(version=row["version"], updated_at=native(row["updated_at"]))


def counts_tx(tx: ManagedTransaction) -> dict[str, int]:
    return tx.run(COUNTS).single().data()


# Answers "Query caches successfully cleared of N queries."
PLAN_CACHE_CLEAR = "CALL db.clearQueryCaches()"
