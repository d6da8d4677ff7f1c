"""Renders a stored article as sanitized HTML with its entity mentions linked and one evidence span marked.

Offsets point into the stored text, and Markdown rendering moves text around. So mention and
evidence boundaries go into the source as private-use sentinel characters first; Markdown and the
sanitizer pass them through untouched, and only afterwards do they become <a> and <mark> tags
(a last sanitizer pass repairs nesting where Markdown's own inline markup crossed a boundary).
"""

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import markdown
import nh3

_OPEN_MENTION, _END_OPEN, _CLOSE_MENTION = "\ue000", "\ue001", "\ue002"
_OPEN_EVIDENCE, _CLOSE_EVIDENCE = "\ue003", "\ue004"
_OPEN_NOISE, _CLOSE_NOISE = "\ue005", "\ue006"
_DIGIT0 = 0xE010  # mention numbers are written with \ue010..\ue019
_SENTINELS = re.compile("[\ue000-\ue01f]")
_OPENING = re.compile(f"{_OPEN_MENTION}([\ue010-\ue019]+){_END_OPEN}")
# A sentinel in front of "# ", "- ", "1. " or "> " would stop Markdown seeing the block: move it behind.
_BLOCK_PREFIX = re.compile(r"^([\ue000-\ue01f]+)( {0,3}(?:#{1,6}|[-*+]|\d{1,9}[.)]|>)[ \t]+)", re.MULTILINE)
# "#话题#" hashtags are common in Chinese posts; Python-Markdown would take "#word" for a heading.
_HASHTAG_LINE = re.compile(r"^([\ue000-\ue01f]* {0,3})(#)(?=[^\s#])", re.MULTILINE)

# No images: articles are shown offline and must not load anything from elsewhere.
_ARTICLE_TAGS = nh3.ALLOWED_TAGS - {"img", "map", "area"}
_FINAL_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "a": {"href", "hreflang", "class", "rel"},
    "mark": {"class", "id", "tabindex"},
    "span": {"class"},
}


@dataclass(frozen=True)
class Segment:
    text: str
    entity_key: str | None = None
    entity_label: str | None = None
    opens_evidence: bool = False
    closes_evidence: bool = False


def marked_segments(
    text: str, mentions: tuple[tuple[int, int, str, str], ...], evidence: tuple[int, int] | None
) -> list[Segment]:
    """Non-overlapping segments in text order; mentions are cut at the evidence's edges so it nests."""
    cuts = {0, len(text)}
    usable = []
    last_end = -1
    for start, end, key, label in sorted(mentions):
        if start >= last_end and 0 <= start < end <= len(text):
            usable.append((start, end, key, label))
            cuts |= {start, end}
            last_end = end
    if evidence:
        cuts |= set(evidence)
    points = sorted(cuts)
    segments = []
    mention_index = 0
    for a, b in zip(points, points[1:], strict=False):
        while mention_index < len(usable) and usable[mention_index][1] <= a:
            mention_index += 1
        key = label = None
        if mention_index < len(usable) and usable[mention_index][0] <= a:
            key, label = usable[mention_index][2], usable[mention_index][3]
        segments.append(
            Segment(
                text=text[a:b],
                entity_key=key,
                entity_label=label,
                opens_evidence=bool(evidence) and a == evidence[0],
                closes_evidence=bool(evidence) and b == evidence[1],
            )
        )
    return segments


def _number(index: int) -> str:
    return "".join(chr(_DIGIT0 + int(digit)) for digit in str(index))


def _with_sentinels(
    segments: list[Segment], noise_lines: frozenset[int], hide_noise: bool
) -> tuple[str, list[Segment]]:
    pieces, linked, inside = [], [], False
    for segment in segments:
        if segment.opens_evidence:
            pieces.append(_OPEN_EVIDENCE)
            inside = True
        piece = segment.text
        if segment.entity_key and "\n" not in piece:
            piece = f"{_OPEN_MENTION}{_number(len(linked))}{_END_OPEN}{piece}{_CLOSE_MENTION}"
            linked.append(segment)
        if inside:  # a mark never spans a line break, so it never spans a Markdown block
            piece = piece.replace("\n", f"{_CLOSE_EVIDENCE}\n{_OPEN_EVIDENCE}")
        pieces.append(piece)
        if segment.closes_evidence:
            pieces.append(_CLOSE_EVIDENCE)
            inside = False
    lines = "".join(pieces).replace(_OPEN_EVIDENCE + _CLOSE_EVIDENCE, "").split("\n")
    dropped = set()
    for number in noise_lines:  # 1-based, as the extraction report counts them
        if 0 < number <= len(lines) and lines[number - 1].strip():
            if hide_noise and _OPEN_EVIDENCE not in lines[number - 1] and _CLOSE_EVIDENCE not in lines[number - 1]:
                dropped.add(number - 1)  # left out whole, its mentions with it; a line holding evidence stays
            else:
                lines[number - 1] = f"{_OPEN_NOISE}{lines[number - 1]}{_CLOSE_NOISE}"
    text = _BLOCK_PREFIX.sub(r"\2\1", "\n".join(line for i, line in enumerate(lines) if i not in dropped))
    return _HASHTAG_LINE.sub(r"\1\\\2", text), linked


def render_article(
    *,
    text: str,
    mentions: tuple[tuple[int, int, str, str], ...],
    evidence: tuple[int, int] | None,
    entity_url: Callable[[str, str], str],
    noise_lines: frozenset[int] = frozenset(),
    hide_noise: bool = False,
) -> str:
    """Markdown → sanitized HTML; mentions become links, the evidence a <mark id="evidence">, noise
    lines greyed, or left out with hide_noise (unless the evidence lies on one)."""
    clean_text = _SENTINELS.sub("\ufffd", text)  # the source cannot forge markers; lengths stay equal
    source, linked = _with_sentinels(marked_segments(clean_text, mentions, evidence), noise_lines, hide_noise)
    html = markdown.markdown(source, extensions=["nl2br", "sane_lists"], output_format="html")
    html = nh3.clean(html, tags=_ARTICLE_TAGS, link_rel="noopener noreferrer nofollow")

    def opening(match: re.Match) -> str:
        segment = linked[int("".join(str(ord(ch) - _DIGIT0) for ch in match[1]))]
        href = entity_url(segment.entity_label, segment.entity_key)
        return f'<a class="mention" href="{href}">'

    html = _OPENING.sub(opening, html).replace(_CLOSE_MENTION, "</a>")
    first, found, rest = html.partition(_OPEN_EVIDENCE)
    if found:
        first += '<mark class="evidence" id="evidence" tabindex="-1">'
    html = first + rest.replace(_OPEN_EVIDENCE, '<mark class="evidence">').replace(_CLOSE_EVIDENCE, "</mark>")
    html = html.replace(_OPEN_NOISE, '<span class="noise">').replace(_CLOSE_NOISE, "</span>")
    return nh3.clean(html, tags=_ARTICLE_TAGS, attributes=_FINAL_ATTRIBUTES, link_rel=None)


# A document page renders at most this many characters of its text at once (Markdown and the
# sanitizer take seconds over megabytes); a longer document reads in parts, cut at line breaks.
DOCUMENT_PART_CHARS = 50_000


@dataclass(frozen=True)
class Part:
    """The stretch of a document a page shows, with what falls inside it, shifted to its offsets."""

    start: int
    end: int
    number: int  # 0-based
    count: int
    text: str
    mentions: tuple[tuple[int, int, str, str], ...]
    evidence: tuple[int, int] | None
    noise_lines: frozenset[int]  # 1-based within the part


def document_part(
    *,
    text: str,
    mentions: tuple[tuple[int, int, str, str], ...],
    evidence: tuple[int, int] | None,
    noise_lines: frozenset[int],
    number: int,
    size: int = DOCUMENT_PART_CHARS,
) -> Part:
    """Part `number` of the text (the one holding the evidence, when there is evidence). Parts are cut
    at a line break where one is near (Markdown blocks and noise lines stay whole), else at a space;
    a cut moves back by at most half a part, so a part holds at most 1.5 × `size` characters.
    `mentions` come sorted by start, as Document.mentions do."""
    count = max(math.ceil(len(text) / size), 1)
    if evidence is not None:
        number = min(evidence[0] // size, count - 1)
    number = min(max(number, 0), count - 1)
    start, end = _cut(text, number * size, size), _cut(text, (number + 1) * size, size)
    if evidence is not None:  # the evidence may run past the cut
        end = max(end, _cut(text, evidence[1] + size // 2, size))
    lines_before = text.count("\n", 0, start)
    return Part(
        start=start,
        end=end,
        number=number,
        count=count,
        text=text[start:end],
        mentions=_mentions_within(mentions, start, end),
        evidence=(evidence[0] - start, evidence[1] - start) if evidence is not None else None,
        noise_lines=frozenset(n - lines_before for n in noise_lines if 0 < n - lines_before),
    )


def _mentions_within(
    mentions: tuple[tuple[int, int, str, str], ...], start: int, end: int
) -> tuple[tuple[int, int, str, str], ...]:
    """The mentions inside [start, end), shifted to it; `mentions` are sorted, so only those are read
    (a document repeating a name has hundreds of thousands)."""
    first = bisect.bisect_left(mentions, start, key=lambda m: m[0])
    last = bisect.bisect_left(mentions, end, key=lambda m: m[0])
    return tuple((a - start, b - start, k, label) for a, b, k, label in mentions[first:last] if b <= end)


def _cut(text: str, at: int, size: int) -> int:
    """Where a part boundary near offset `at` falls: after the last line break in the half part
    before it, else after the last space there, else at `at` itself."""
    if at <= 0:
        return 0
    if at >= len(text):
        return len(text)
    floor = max(at - size // 2, 0)
    for separator in ("\n", " "):
        found = text.rfind(separator, floor, at)
        if found >= 0:
            return found + 1
    return at
