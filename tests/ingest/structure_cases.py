"""The three checks every structure case runs (key-value lines, lists, tables): read with no
language lexicon it gives exactly its relations, every evidence is a quote of the original, and
read in its own language it gives them too and none of the listed wrong ones."""

import pytest

from ingest.pipeline import extract

# A code no lexicon exists for: only structure and name structure may speak.
NO_LEXICON = "xx"


def relations(*, text: str, language: str) -> set[tuple[str, str, str]]:
    return {(r.subject, r.type, r.object) for r in extract(text, language=language).relations}


def case_tests(cases: list[dict]):
    """The three test functions over `cases`; a test module binds them to names starting with test_."""
    params = [pytest.param(case, id=case["name"]) for case in cases]

    @pytest.mark.parametrize("case", params)
    def test_without_a_lexicon_structure_gives_exactly_these(case):
        assert relations(text=case["text"], language=NO_LEXICON) == set(case["relations"])

    @pytest.mark.parametrize("case", params)
    def test_evidence_is_a_quote_of_the_original(case):
        extraction = extract(case["text"], language=NO_LEXICON)
        for relation in extraction.relations:
            assert relation.extractor
            for evidence in relation.evidence:
                assert extraction.text[evidence.start : evidence.end] == evidence.quote

    @pytest.mark.parametrize("case", params)
    def test_in_its_own_language(case):
        found = relations(text=case["text"], language=case["language"])
        assert set(case["relations"]) <= found, f"missing {set(case['relations']) - found}"
        assert not set(map(tuple, case.get("absent", []))) & found

    return (
        test_without_a_lexicon_structure_gives_exactly_these,
        test_evidence_is_a_quote_of_the_original,
        test_in_its_own_language,
    )
