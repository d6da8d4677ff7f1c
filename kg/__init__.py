"""The knowledge graph: driver, schema, Cypher, repository, services, selectors and its REST API."""
