"""The synthetic model hub (python -m bench.synth): the loader's shape, bounded depth, determinism, and the app working on it."""

import json

import pytest
from django.test import Client

from bench.synth import MAX_DEPTH, HubSynth, SynthSpec
from bench.synth.__main__ import main as synth
from kg import selectors
from kg.repository import driver
from kg.vocabulary import LINEAGE_TYPES

SPEC = SynthSpec(models=400, seed=7)
LINEAGE = "|".join(t.value for t in LINEAGE_TYPES)


def _one(query: str, **params) -> dict:
    return driver.read(lambda tx: tx.run(query, **params).single().data())


@pytest.fixture
def hub(graph, capsys):
    synth(["--models", str(SPEC.models), "--seed", str(SPEC.seed), "--batch", "500", "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_generation_is_deterministic_for_a_seed():
    def dump(spec: SynthSpec) -> str:
        return json.dumps([chunk.__dict__ for chunk in HubSynth(spec).chunks()], sort_keys=True, default=str)

    assert dump(SPEC) == dump(SPEC)
    assert dump(SPEC) != dump(SynthSpec(models=SPEC.models, seed=SPEC.seed + 1))


def test_counts_match_the_spec(hub):
    counts = selectors.graph_counts()
    assert counts["models"] == SPEC.models == hub["models"]
    assert counts["organizations"] == SPEC.organizations
    assert counts["techniques"] == SPEC.techniques
    assert counts["datasets"] == SPEC.datasets
    assert counts["papers"] >= SPEC.bases  # every base model has its paper
    totals = _one(
        "CALL () { MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:GraphState RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
    )
    assert (totals["nodes"], totals["rels"]) == (hub["nodes"], hub["relationships"])


def test_facts_claims_and_typed_edges_have_the_loaders_shape(hub):
    shape = _one(
        """
        MATCH (f:Fact)
        RETURN count(f) AS facts,
               sum(CASE WHEN COUNT { (f)-[:SUBJECT]->(:Entity) } = 1 AND COUNT { (f)-[:OBJECT]->(:Entity) } = 1
                        THEN 1 ELSE 0 END) AS linked,
               sum(CASE WHEN COUNT { (:Claim {kind: 'relation'})-[:SUPPORTS]->(f) } = 1 THEN 1 ELSE 0 END) AS claimed,
               sum(CASE WHEN EXISTS { MATCH (f)-[:SUBJECT]->(s)-[r]->(o)<-[:OBJECT]-(f)
                                      WHERE type(r) = f.type AND r.fact_key = f.key AND r.status = f.status
                                        AND r.confidence = f.confidence } THEN 1 ELSE 0 END) AS derived
        """
    )
    assert shape["facts"] > SPEC.models  # lineage plus organizations, techniques, datasets, papers
    assert shape["facts"] == shape["linked"] == shape["claimed"] == shape["derived"]
    quotes = _one(
        """
        MATCH (c:Claim)-[:STATED_IN]->(d:Document)
        RETURN count(c) AS claims,
               sum(CASE WHEN substring(d.text, c.start, c.end - c.start) = c.quote THEN 1 ELSE 0 END) AS exact
        """
    )
    assert quotes["claims"] == quotes["exact"]  # offsets point into the stored text, as the loader's do
    searchable = _one("MATCH (e:Entity) RETURN count(e) AS all, count(e.search_text) AS indexed")
    assert searchable["all"] == searchable["indexed"]


def test_lineage_is_a_dag_no_deeper_than_ten(hub):
    too_deep = _one(f"MATCH p = (:Model)-[:{LINEAGE}*{MAX_DEPTH + 1}]->(:Model) RETURN count(p) AS n")
    assert too_deep["n"] == 0
    cycles = _one(f"MATCH p = (m:Model)-[:{LINEAGE}*1..{MAX_DEPTH}]->(m) RETURN count(p) AS n")
    assert cycles["n"] == 0
    roots = _one(f"MATCH (m:Model) WHERE NOT (m)-[:{LINEAGE}]->() RETURN count(m) AS n")
    assert roots["n"] == SPEC.bases


def test_lineage_api_search_and_pages_work_on_it(hub):
    base = _one(
        f"MATCH (m:Model) WHERE NOT (m)-[:{LINEAGE}]->() "
        f"RETURN m.key AS key, m.name AS name, m.aliases AS aliases ORDER BY COUNT {{ (m)<-[:{LINEAGE}]-() }} DESC LIMIT 1"
    )
    client = Client()
    down = client.get(f"/api/v1/models/{base['key']}/lineage", {"direction": "down", "depth": 6})
    assert down.status_code == 200
    nodes = down.json()["nodes"]
    assert nodes and all(n["direction"] == "down" and 1 <= n["hops"] <= 6 for n in nodes)
    leaf = nodes[-1]["key"]
    up = client.get(f"/api/v1/models/{leaf}/lineage", {"direction": "up", "depth": 10}).json()
    assert base["key"] in {n["key"] for n in up["nodes"]}
    chinese = next(alias for alias in base["aliases"] if any("\u4e00" <= ch <= "\u9fff" for ch in alias))
    assert base["key"] in [hit.key for hit in selectors.entity_search(query=chinese, limit=10)]
    page = client.get(f"/models/{base['key']}")
    assert page.status_code == 200 and base["name"] in page.content.decode()


def test_loading_twice_needs_wipe(hub):
    with pytest.raises(SystemExit, match="--wipe"):
        synth(["--models", str(SPEC.models), "--seed", str(SPEC.seed)])
