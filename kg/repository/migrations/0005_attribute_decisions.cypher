// A curator's decision on an attribute value (kg/repository/attributes.py): MERGEd by key, so two
// decisions at once must meet one node; re-ingests look them up by entity and attribute.
CREATE CONSTRAINT attribute_decision_key IF NOT EXISTS FOR (n:AttributeDecision) REQUIRE n.key IS UNIQUE;
CREATE INDEX attribute_decision_entity IF NOT EXISTS FOR (n:AttributeDecision) ON (n.entity, n.attribute);
