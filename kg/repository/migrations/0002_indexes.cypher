// Lookups the lineage, listing and provenance queries filter on.
CREATE INDEX model_released IF NOT EXISTS FOR (n:Model) ON (n.released);
CREATE INDEX model_parameters IF NOT EXISTS FOR (n:Model) ON (n.parameters);
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX claim_document IF NOT EXISTS FOR (n:Claim) ON (n.document_key);
CREATE INDEX fact_status IF NOT EXISTS FOR (n:Fact) ON (n.status);
CREATE INDEX document_ingested IF NOT EXISTS FOR (n:Document) ON (n.ingested_at);
