"""The README's "Adding a language", followed end to end for Dutch: a lexicon file and a corpus of
sentences written for it, then a Dutch article read for relations."""

import shutil

import pytest
import yaml

from ingest.pipeline import extract, grammar, language

DUTCH_LEXICON = """
language: nl
name: Nederlands
word_order: SVO
objects: both
noun_phrases: head-initial
spaces: true
triggers:
  fine_tuned: [fijngestemd*, fijnafgestemd*, fine-tun*, verfijnd*]
  based_on: [gebaseerd, gebouwd, bouwt]
  derived: [versie, variant, opvolger, afgeleid]
  distilled: [gedistilleerd*, distillatie]
  trained_on: [getraind, training]
  developed_by: [ontwikkeld, uitgebracht, gemaakt]
  uses: [gebruikt, gebruiken, maakt gebruik van]
markers:
  source: [van, op, uit]
  result: [tot]
  agent: [door]
  relative: ["~dat", "~die"]
  comparison: [zoals, net als, beter dan, vergeleken met]
  copula: [is, was, zijn, werd, wordt]
negation: [niet, geen, nooit]
hedges: [waarschijnlijk, misschien, mogelijk]
pronouns:
  singular: [het, dit model, het model]
  plural: [ze, deze modellen]
conjunctions: [en, of]
fillers: [de, het, een, model, oorspronkelijke]
"""

DUTCH_CORPUS = """
language: nl
cases:
  - name: fijngestemd op, subject first
    text: "Vicuna is fijngestemd op LLaMA."
    relations:
      - [vicuna, FINE_TUNES, llama]
  - name: ontwikkeld door
    text: "Gemma werd ontwikkeld door Google."
    relations:
      - [gemma, DEVELOPED_BY, google]
  - name: a comparison is no lineage
    text: "Net als GPT-3 is BLOOM een groot model."
    relations: []
  - name: negation
    text: "Falcon is niet gebaseerd op LLaMA."
    relations: []
"""


@pytest.fixture
def languages_dir(tmp_path, monkeypatch):
    """A copy of the lexicon folder with the new file added (step 1 of the README)."""
    folder = tmp_path / "languages"
    shutil.copytree(grammar.LANGUAGES_DIR, folder)
    (folder / "nl.yaml").write_text(DUTCH_LEXICON, encoding="utf-8")
    monkeypatch.setattr(grammar, "LANGUAGES_DIR", folder)
    grammar.grammar_for.cache_clear()
    language._short_detector.cache_clear()
    yield folder
    grammar.grammar_for.cache_clear()
    language._short_detector.cache_clear()


def test_a_new_lexicon_file_makes_a_language_read(languages_dir):
    assert "nl" in grammar.available_languages()
    for case in yaml.safe_load(DUTCH_CORPUS)["cases"]:  # step 2: its corpus passes
        found = {(r.subject, r.type, r.object) for r in extract(case["text"], language="nl").relations}
        assert found == {tuple(r) for r in case["relations"]}, case["name"]
    article = extract("## Koala\n\nKoala is een variant van LLaMA, ontwikkeld door BAIR.\n", language="nl")
    assert article.document.supported
    assert {(r.subject, r.type, r.object, r.extractor) for r in article.relations} == {
        ("koala", "DERIVED_FROM", "llama", "clause:nl:derived"),
        ("koala", "DEVELOPED_BY", "uc-berkeley", "clause:nl:developed_by"),
    }


def test_without_the_file_the_same_text_gets_no_sentence_relations():
    assert "nl" not in grammar.available_languages()
    extraction = extract("Vicuna is fijngestemd op LLaMA.", language="nl")
    assert not extraction.document.supported
    assert not extraction.relations
