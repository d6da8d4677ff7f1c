// The single (:GraphState {id: 'graph'}) node whose version every write replaces: concurrent
// first writes must MERGE the same node, not create two.
CREATE CONSTRAINT graph_state_id IF NOT EXISTS FOR (n:GraphState) REQUIRE n.id IS UNIQUE;
