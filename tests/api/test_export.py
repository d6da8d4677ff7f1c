"""Export of the whole graph with provenance, and the lossless kg_export / kg_import round trip."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command

from kg import repository, selectors, services
from tests.api.conftest import MODELS, error_of


@pytest.fixture
def curated(api):
    """The seeded graph plus what only curators make: a decision, a curated entity, a redirect."""
    services.fact_decide(key="vicuna|DERIVED_FROM|alpaca", decision="rejected")
    services.entity_create(label="Model", name="GPT-3 Davinci", key="gpt-3-davinci", aliases=["davinci"])
    services.entity_merge(survivor="gpt-3", other="gpt-3-davinci")
    return api


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_json_export_holds_every_section_with_provenance(curated):
    response = curated.get("/api/v1/export")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert 'filename="kg-export.json"' in response["Content-Disposition"]
    data = json.loads(_streamed(response))
    assert data["format"] == "kg-export" and data["version"] == 1
    assert sorted(e["key"] for e in data["entities"] if e["label"] == "Model") == MODELS
    assert {d["key"] for d in data["documents"]} == {"doc-a", "doc-b", "doc-c"}
    assert all(d["properties"]["text"] for d in data["documents"])
    rejected = next(f for f in data["facts"] if f["key"] == "vicuna|DERIVED_FROM|alpaca")
    assert rejected["properties"]["decision"] == "rejected" and rejected["subject"] == "vicuna"
    claim = next(c for c in data["claims"] if c["fact"] == "alpaca|FINE_TUNES|llama")
    assert claim["document"] == "doc-b" and claim["properties"]["quote"] == "Alpaca fine_tunes LLaMA."
    assert any(m["entity"] == "gpt-3" and m["properties"]["spans"] for m in data["mentions"])
    assert {"subject": "alpaca", "type": "FINE_TUNES", "object": "llama"}.items() <= data["relations"][0].items()
    assert [r["properties"]["to_key"] for r in data["redirects"]] == ["gpt-3"]


def test_csv_and_graphml_exports(curated):
    data = json.loads(_streamed(curated.get("/api/v1/export")))
    records = sum(
        len(data[s]) for s in ("entities", "documents", "facts", "claims", "mentions", "relations", "redirects")
    )
    response = curated.get("/api/v1/export", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(_streamed(response).decode())))
    assert len(rows) == records
    alpaca = next(r for r in rows if r["record"] == "entity" and r["key"] == "alpaca")
    assert alpaca["label"] == "Model" and json.loads(alpaca["properties"])["released"] == "2023-03"
    response = curated.get("/api/v1/export", {"format": "graphml"}, HTTP_ACCEPT="application/graphml+xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/graphml+xml")
    root = ET.fromstring(_streamed(response))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall("g:graph/g:node", ns)
    assert len(nodes) == sum(len(data[s]) for s in ("entities", "documents", "facts", "claims", "redirects"))
    ids = {n.get("id") for n in nodes}
    assert all(e.get("source") in ids and e.get("target") in ids for e in root.findall("g:graph/g:edge", ns))


def test_unknown_export_format_is_400(api):
    response = api.get("/api/v1/export", {"format": "xlsx"})
    assert response.status_code == 400 and error_of(response)["code"] == "invalid_parameter"


def test_export_wipe_import_export_is_identical(curated, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("kg_export", str(first))
    assert first.read_bytes() == _streamed(curated.get("/api/v1/export"))
    repository.wipe()
    assert selectors.graph_counts()["models"] == 0
    call_command("kg_import", str(first))
    call_command("kg_export", str(second))
    assert second.read_bytes() == first.read_bytes()
    # And the imported graph answers like the original did.
    assert curated.get("/api/v1/models/gpt-3-davinci")["Location"] == "/api/v1/models/gpt-3"
    assert curated.get("/api/v1/path", {"from": "chatgpt", "to": "gpt-3"}).json()["length"] == 2


def test_import_is_idempotent_and_replace_drops_what_the_file_lacks(curated, tmp_path):
    exported = tmp_path / "graph.json"
    call_command("kg_export", str(exported))
    call_command("kg_import", str(exported))
    again = tmp_path / "again.json"
    call_command("kg_export", str(again))
    assert again.read_bytes() == exported.read_bytes()
    from kg import services
    from tests.factories import document

    services.document_load(doc=document("doc-extra", [("t5", "DEVELOPED_BY", "google")]))
    call_command("kg_import", str(exported), "--replace")
    call_command("kg_export", str(again))
    assert again.read_bytes() == exported.read_bytes()


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        json.dumps({"format": "something-else", "version": 1}),
        json.dumps({"format": "kg-export", "version": 99}),
        json.dumps(
            {"format": "kg-export", "version": 1, "entities": [{"key": "x", "label": "Person", "properties": {}}]}
        ),
        json.dumps(
            {
                "format": "kg-export",
                "version": 1,
                "relations": [{"subject": "a", "type": "LIKES", "object": "b", "properties": {}}],
            }
        ),
        json.dumps(
            {
                "format": "kg-export",
                "version": 1,
                "entities": [
                    {"key": "m", "label": "Model", "properties": {}},
                    {"key": "t", "label": "Technique", "properties": {}},
                ],
                "relations": [{"subject": "m", "type": "DERIVED_FROM", "object": "t", "properties": {}}],
            }
        ),  # an edge the vocabulary does not allow, as the loader refuses it
        json.dumps({"format": "kg-export", "version": 1, "facts": [{"key": "f", "properties": {}}]}),
        json.dumps(
            {"format": "kg-export", "version": 1, "documents": [{"key": "d", "properties": {"nested": {"a": 1}}}]}
        ),
    ],
)
def test_bad_import_files_change_nothing(api, tmp_path, content):
    before = selectors.graph_counts()
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("kg_import", str(bad), "--replace")
    assert selectors.graph_counts() == before
