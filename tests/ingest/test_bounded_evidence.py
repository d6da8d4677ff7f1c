"""One document's cost is bounded: a sentence repeated is one claim, a fact keeps at most the cap of
claims per document, and the report says what was left out; progress moves through every stage."""

import pytest

from ingest.pipeline import extract
from ingest.pipeline.resolve import kept_evidence
from ingest.pipeline.types import Evidence

SENTENCE = "Qwen2-Math is fine-tuned from Qwen2-72B. "
FACT = ("qwen-2-math", "FINE_TUNES", "qwen-2-72b")


def _relation(extraction, fact=FACT):
    (found,) = [r for r in extraction.relations if (r.subject, r.type, r.object) == fact]
    return found


def _restated(count: int) -> str:
    """The same fact in `count` distinct sentences."""
    return " ".join(f"Release {i}: Qwen2-Math is fine-tuned from Qwen2-72B." for i in range(count))


def test_a_sentence_repeated_a_thousand_times_is_one_claim():
    extraction = extract(("# Qwen2-Math\n\n" + SENTENCE * 1000).encode())
    relation = _relation(extraction)
    assert [e.quote for e in relation.evidence] == ["Qwen2-Math is fine-tuned from Qwen2-72B."]
    assert relation.evidence[0].start == len("# Qwen2-Math\n\n")  # the first time it is said
    assert extraction.report.statements_repeated == 999
    assert extraction.report.statements_over_cap == 0


def test_distinct_sentences_are_kept_in_document_order_up_to_the_cap():
    text = "# Qwen2-Math\n\n" + SENTENCE * 50 + "\n\n" + _restated(30)
    extraction = extract(text.encode(), max_claims=12)
    relation = _relation(extraction)
    quotes = [e.quote for e in relation.evidence]
    assert len(quotes) == 12
    assert quotes[:3] == [SENTENCE.strip(), "Release 0: " + SENTENCE.strip(), "Release 1: " + SENTENCE.strip()]
    assert [e.start for e in relation.evidence] == sorted(e.start for e in relation.evidence)
    report = extraction.report
    assert (report.statements_repeated, report.statements_over_cap, report.claims_cap) == (49, 31 - 12, 12)


def test_the_cap_defaults_to_the_setting(settings):
    settings.INGEST_MAX_CLAIMS_PER_FACT_PER_DOCUMENT = 4
    extraction = extract(("# Qwen2-Math\n\n" + _restated(9)).encode())
    assert len(_relation(extraction).evidence) == 4
    assert extraction.report.claims_cap == 4 and extraction.report.statements_over_cap == 5


def test_the_report_round_trips_what_was_left_out():
    from kg.report import ExtractionReport

    report = extract(("# Qwen2-Math\n\n" + SENTENCE * 3 + _restated(3)).encode(), max_claims=2).report
    again = ExtractionReport.from_dict(report.to_dict())
    assert (again.statements_repeated, again.statements_over_cap, again.claims_cap) == (2, 2, 2)


@pytest.mark.parametrize(
    ("quotes", "cap", "kept", "repeated", "over"),
    [
        (["A said.", "A  said.", "A said.\n"], None, ["A said."], 2, 0),  # spacing is no difference
        (["A said.", "B said.", "C said."], 2, ["A said.", "B said."], 0, 1),
        (["A said.", "a said."], None, ["A said.", "a said."], 0, 0),  # a different sentence is kept
        (["A said."], 0, ["A said."], 0, 0),  # a fact keeps at least one source
    ],
    ids=["whitespace", "cap", "case-differs", "cap-of-zero"],
)
def test_kept_evidence(quotes, cap, kept, repeated, over):
    statements = [Evidence(quote=q, start=i * 20, end=i * 20 + len(q)) for i, q in enumerate(quotes)]
    result = kept_evidence(statements=statements, cap=cap)
    assert [e.quote for e in result.evidence] == kept
    assert (result.repeated, result.over_cap) == (repeated, over)


def test_progress_names_each_stage_as_it_starts_and_ends_at_one():
    heard: list[tuple[str, float]] = []
    extract(("# Qwen2-Math\n\n" + SENTENCE * 5).encode(), progress=lambda stage, f: heard.append((stage, f)))
    stages = [stage for stage, _ in heard]
    assert stages == ["read", "normalize", "segment", "recognize", "relate", "resolve", "resolve"]
    fractions = [f for _, f in heard]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
