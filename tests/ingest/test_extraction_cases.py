"""Fixture-driven extraction cases per language: named snippet → entities, relations, offsets."""

import json
from pathlib import Path

import pytest

from ingest.pipeline import extract
from ingest.pipeline.types import Extraction

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list:
    found = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return found


@pytest.fixture(scope="module")
def extractions() -> dict[str, Extraction]:
    return {}


def _run(case: dict, extractions: dict[str, Extraction]) -> Extraction:
    if case["name"] not in extractions:
        extractions[case["name"]] = extract(case["text"], name=case.get("name_hint", ""))
    return extractions[case["name"]]


@pytest.mark.parametrize("case", _cases())
def test_language(case, extractions):
    extraction = _run(case, extractions)
    assert extraction.document.language == case["language"]
    assert extraction.document.supported == case.get("supported", True)
    if "title" in case:
        assert extraction.document.title == case["title"]


@pytest.mark.parametrize("case", _cases())
def test_entities_and_mention_offsets(case, extractions):
    extraction = _run(case, extractions)
    by_key = {e.key: e for e in extraction.entities}
    for expected in case.get("entities", []):
        entity = by_key.get(expected["key"])
        assert entity is not None, f"missing entity {expected['key']}; got {sorted(by_key)}"
        assert entity.label == expected["label"]
        if "start" in expected:
            spans = {(m.start, m.end, m.text) for m in entity.mentions}
            end = expected["start"] + len(expected["text"])
            assert (expected["start"], end, expected["text"]) in spans
    for key in case.get("absent_entities", []):
        assert key not in by_key


@pytest.mark.parametrize("case", _cases())
def test_relations(case, extractions):
    extraction = _run(case, extractions)
    found = {(r.subject, r.type, r.object): r for r in extraction.relations}
    for expected in case.get("relations", []):
        triple = (expected["subject"], expected["type"], expected["object"])
        assert triple in found, f"missing {triple}; got {sorted(found)}"
        if "max_confidence" in expected:  # a hedged statement is kept as a low-confidence fact
            assert found[triple].confidence <= expected["max_confidence"]
    for absent in case.get("absent_relations", []):
        assert (absent["subject"], absent["type"], absent["object"]) not in found


@pytest.mark.parametrize("case", _cases())
def test_attributes(case, extractions):
    extraction = _run(case, extractions)
    by_key = {e.key: e for e in extraction.entities}
    for key, attributes in case.get("attributes", {}).items():
        for name, value in attributes.items():
            assert by_key[key].attributes.get(name) == value, f"{key}.{name}"
            if name in by_key[key].attribute_evidence:
                evidence = by_key[key].attribute_evidence[name]
                assert extraction.text[evidence.start : evidence.end] == evidence.quote


@pytest.mark.parametrize("case", _cases())
def test_noise_lines(case, extractions):
    extraction = _run(case, extractions)
    assert [n.line for n in extraction.noise] == case.get("noise_lines", [])
    lines = case["text"].split("\n")
    for noise in extraction.noise:
        assert noise.text == lines[noise.line - 1].strip()
        assert noise.reason


@pytest.mark.parametrize("case", _cases())
def test_every_offset_points_into_the_original(case, extractions):
    extraction = _run(case, extractions)
    assert extraction.text == case["text"]
    for entity in extraction.entities:
        for mention in entity.mentions:
            assert extraction.text[mention.start : mention.end] == mention.text
    for relation in extraction.relations:
        assert relation.evidence
        for evidence in relation.evidence:
            assert extraction.text[evidence.start : evidence.end] == evidence.quote
