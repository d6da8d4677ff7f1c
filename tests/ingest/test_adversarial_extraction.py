"""Documents of one name repeated thousands of times (issue 16): the result is right, and the
work stays linear because a run-on sentence is read in bounded pieces and a hyphen chain is not
re-read for every name in it. Times are in bench/adversarial.py, not here."""

from ingest.pipeline import extract
from ingest.pipeline.lines import Line
from ingest.pipeline.openvocab import _SUFFIX_WINDOW, _SUFFIXED, _suffix_match
from ingest.pipeline.segment import MAX_SENTENCE_CHARS, segment


def _units(text: str):
    line = Line(index=0, number=1, start=0, end=len(text), text=text)
    return [u for u in segment(lines=[line], noise=set()).units if u.kind == "sentence"]


def test_a_run_on_sentence_is_read_in_bounded_pieces_that_cover_it():
    text = " is based on ".join(["GPT-3"] * 10_000)
    units = _units(text)
    assert max(u.end - u.start for u in units) <= MAX_SENTENCE_CHARS
    assert len(units) >= len(text) // MAX_SENTENCE_CHARS
    covered = "".join(text[u.start : u.end] for u in units)
    assert covered.replace(" ", "") == text.replace(" ", "")  # cut at spaces, nothing lost


def test_natural_sentences_are_not_cut():
    text = "Alpaca is a model fine-tuned from LLaMA 7B by Stanford. " * 3
    assert [text[u.start : u.end] for u in _units(text)] == [text[:55]] * 3


def test_ten_thousand_repeated_names_give_one_entity_with_every_mention():
    for separator in (" ", "-", " and "):
        extraction = extract(separator.join(["GPT-3"] * 10_000), language="en")
        assert [e.key for e in extraction.entities] == ["gpt-3"], separator
        assert len(extraction.entities[0].mentions) == 10_000, separator
        assert extraction.relations == [] or all(r.subject != r.object for r in extraction.relations)


def test_a_hyphen_chain_is_matched_within_a_window_only():
    chain = "-".join(["GPT-3"] * 1000)
    assert _suffix_match(pattern=_SUFFIXED, text=chain, at=len("GPT-3")) is None
    assert _suffix_match(pattern=_SUFFIXED, text="Qwen-VL-Chat is new", at=4).group(0) == "-VL-Chat"
    assert _SUFFIX_WINDOW < 100


def test_a_run_on_without_spaces_is_cut_at_a_clause_mark_not_inside_a_name():
    """Chinese has no spaces: a long run-on is cut after a comma, so no name is split across pieces
    (review: the first cut fell at the 1,000th character, between 通义 and 千问)."""
    clause = "我们评估了多个模型，包括GPT-3和LLaMA，"
    text = clause * 60
    units = _units(text)
    assert len(units) > 1 and max(u.end - u.start for u in units) <= MAX_SENTENCE_CHARS
    assert all(text[u.end - 1] == "，" for u in units[:-1])
    extraction = extract(text, language="zh-Hans")
    mentions = {e.key: len(e.mentions) for e in extraction.entities}
    assert mentions.get("gpt-3") == 60 and mentions.get("llama") == 60, mentions
