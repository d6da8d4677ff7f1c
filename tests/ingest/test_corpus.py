"""Each language's corpus (tests/ingest/corpus/<code>.yaml): short sentences written for the
purpose, each with every relation it must give and nothing else (Duckling's Corpus modules).
A relation may name a fourth item, the lineage kind it must carry (`""`: none)."""

from pathlib import Path

import pytest
import yaml

from ingest.pipeline import extract
from ingest.pipeline.grammar import available_languages

CORPUS_DIR = Path(__file__).parent / "corpus"


def _corpora() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CORPUS_DIR.glob("*.yaml"))}


def _cases() -> list:
    found = []
    for code, corpus in _corpora().items():
        for case in corpus["cases"]:
            found.append(pytest.param(code, case, id=f"{code}: {case['name']}"))
    return found


def test_every_lexicon_has_a_corpus_and_every_corpus_a_lexicon():
    assert set(available_languages()) == set(_corpora())


@pytest.mark.parametrize(("code", "case"), _cases())
def test_sentence_gives_exactly_its_relations(code, case):
    extraction = extract(case["text"], language=case.get("language", code))
    found = {(r.subject, r.type, r.object) for r in extraction.relations}
    expected = {tuple(relation[:3]) for relation in case.get("relations", [])}
    assert found == expected, f"missing {sorted(expected - found)}, unexpected {sorted(found - expected)}"
    kinds = {(r.subject, r.type, r.object): r.kind for r in extraction.relations}
    for relation in case.get("relations", []):
        if len(relation) == 4:
            assert kinds[tuple(relation[:3])] == relation[3], f"{relation[:3]}: kind {kinds[tuple(relation[:3])]!r}"
