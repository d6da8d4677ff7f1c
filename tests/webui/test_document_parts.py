"""A long document's page shows it a part at a time: parts cut at line breaks (or spaces), together
the whole text, the evidence's part when a link points at a sentence, mentions and noise shifted."""

import math
import re

import pytest

from kg import services
from tests.factories import article
from webui.textmarks import DOCUMENT_PART_CHARS, document_part

LINE = "GPT-3 was trained by OpenAI on a large corpus.\n"


def _parts(text: str, size: int, **known) -> list:
    first = document_part(text=text, mentions=(), evidence=None, noise_lines=frozenset(), number=0, size=size, **known)
    return [
        document_part(text=text, mentions=(), evidence=None, noise_lines=frozenset(), number=n, size=size)
        for n in range(first.count)
    ]


@pytest.mark.parametrize(
    "text",
    [LINE * 300, "# One line\n\n" + "word " * 4000, "x" * 9000, ""],
    ids=["lines", "one-giant-line", "no-spaces", "empty"],
)
def test_parts_put_together_are_the_whole_text(text):
    parts = _parts(text, size=1000)
    assert "".join(p.text for p in parts) == text
    assert all(len(p.text) <= 1500 for p in parts)  # a cut moves back by at most half a part
    assert [(p.start, p.end) for p in parts] == [(p.start, p.start + len(p.text)) for p in parts]


def test_a_part_ends_at_a_line_break_when_one_is_near():
    for part in _parts(LINE * 300, size=1000)[:-1]:
        assert part.text.endswith("\n")


def test_the_evidence_picks_its_part_and_mentions_and_noise_shift_with_it():
    text = LINE * 300
    at = text.index("OpenAI", 5000)
    mentions = ((0, 5, "gpt-3", "Model"), (at, at + 6, "openai", "Organization"))
    part = document_part(
        text=text, mentions=mentions, evidence=(at, at + 6), noise_lines=frozenset({1, 120}), number=0, size=1000
    )
    assert part.number == 5000 // 1000 and part.start <= at < part.end
    assert part.text[part.evidence[0] : part.evidence[1]] == "OpenAI"
    assert part.mentions == ((at - part.start, at - part.start + 6, "openai", "Organization"),)
    lines_before = text.count("\n", 0, part.start)
    assert part.noise_lines == frozenset({120 - lines_before})
    assert part.text.split("\n")[120 - lines_before - 1] == text.split("\n")[119]


def test_a_part_number_out_of_range_is_the_nearest_part():
    last = document_part(text=LINE * 300, mentions=(), evidence=None, noise_lines=frozenset(), number=99, size=1000)
    assert last.number == last.count - 1 and last.end == len(LINE * 300)


def test_a_long_document_page_reads_in_parts_and_a_quote_link_opens_its_part(client, graph, db, settings):
    quote = "Qwen2-Math is fine-tuned from Qwen2-72B."
    text = "# Qwen2-Math\n\n" + "Filler sentence about nothing in particular. " * 6000 + quote + "\n"
    entities = {"qwen2-math": ("Model", "Qwen2-Math", ("Qwen2-Math",)), "qwen2-72b": ("Model", "Qwen2-72B", ())}
    services.document_load(
        doc=article("long", text=text, facts=(("qwen2-math", "FINE_TUNES", "qwen2-72b", quote),), entities=entities)
    )
    parts = math.ceil(len(text) / DOCUMENT_PART_CHARS)
    assert parts >= 3
    first = client.get("/documents/long").content.decode()
    assert f"Part 1 of {parts}" in first and 'rel="next" href="?part=2"' in first and len(first) < len(text)
    second = client.get("/documents/long", {"part": "2"}).content.decode()
    assert f"Part 2 of {parts}" in second and 'rel="prev" href="?part=1"' in second
    start = text.index(quote)
    marked = client.get("/documents/long", {"start": start, "end": start + len(quote)}).content.decode()
    assert f"Part {parts} of {parts}" in marked
    assert re.search(r'<mark class="evidence" id="evidence" tabindex="-1">.*Qwen2-72B.*</mark>', marked)
    assert client.get("/documents/long", {"part": "abc"}).status_code == 200
