"""Segment stage: headings and sections, key-value lines and sentences over the matching view."""

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.lexicon.loader import load_rules
from ingest.pipeline.lines import Line
from ingest.pipeline.view import to_simplified, without_marks

_MAX_HEADING = 60
_HAN_KEY = re.compile(r"[\u4e00-\u9fff]")
_SEPARATORS = re.compile(r"[\s\-_]+")
_BULLET_LABEL = re.compile(r"[•·●▪◦*\-–]\s*[^:：\s][^:：]{0,11}[:：]|[\u4e00-\u9fff]{1,6}[:：]")
_SENTENCE_END = "。！？!?；"
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})(\.(?!\d)|、|\)|）|\s)\s*(?P<title>\S.*?)\s*$")
_CHINESE = re.compile(r"^\s*([一二三四五六七八九十]{1,3})[、.．]\s*(?P<title>\S.*?)\s*$")
_MARKDOWN = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<title>\S.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*([ØØ▶►■◆❖])\s*(?P<title>\S.*?)\s*$")
# A full stop ends a sentence before a capital, a digit, or a letter of a script without case
# (Hangul, kana, Arabic: `…했다. 이 모델은`); never before a lowercase Latin or Cyrillic word.
_LATIN_END = re.compile(r"[.!?](?=[\s\"'”“„)\]]*(?:\s+(?:[A-ZÄÖÜ0-9\"“„(\[]|[^\W\d_a-zà-ÿа-яё])|\s*$))")
# Reading a sentence pairs every trigger with every name in it, so a sentence's cost grows with
# the square of its length or more. No sentence of the seed, development or gold articles passes
# about 500 characters; a run-on longer than this (a hostile or broken document: 10,000 × a name)
# is read in pieces of at most this size, cut at a space, which keeps extraction linear.
MAX_SENTENCE_CHARS = 1000
_ABBREVIATIONS = frozenset(
    "z b d h u a e g i e etc bzw usw ca dr prof nr vgl al fig abb vs mr mrs ms inc ltd co st jan feb "
    "mär mar apr jun jul aug sep sept okt oct nov dez dec no bd hrsg s".split()
)


@dataclass(frozen=True)
class Section:
    index: int
    level: int
    heading: Line | None
    title_start: int  # view offsets of the heading's title (the text after the number)
    title_end: int
    parent: int | None
    first_line: int  # line indexes covered, heading included
    last_line: int
    style: str = ""  # heading style: md1, cn, num0., bullet…, entry (a listing item's title lines)


@dataclass(frozen=True)
class Unit:
    """A sentence, a key-value line or a heading: the span relations are read from."""

    start: int
    end: int
    section: int
    kind: str  # "sentence" | "kv" | "heading"
    role: str = ""  # for kv: attributes | paper | release | author | link
    key_end: int = 0  # for kv: view offset where the value starts
    named: bool = False  # for kv: the key names its own subject


@dataclass(frozen=True)
class Segmentation:
    sections: tuple[Section, ...]
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class AuthorRules:
    before: re.Pattern  # text right before an organization that makes it not an affiliation
    after: re.Pattern


@lru_cache(maxsize=1)
def author_rules() -> AuthorRules:
    data = load_rules(name="keyvalue")["not_affiliation"]
    before = "|".join(f"(?:{p})" for p in data["before"])
    after = "|".join(f"(?:{p})" for p in data["after"])
    return AuthorRules(before=re.compile(f"(?:{before})$"), after=re.compile(after))


@dataclass(frozen=True)
class KeyValueRules:
    pattern: re.Pattern
    roles: dict  # key_form(key) → role
    named: re.Pattern
    colon_roles: frozenset[str]  # roles whose key needs a colon after it


def key_form(*, text: str, in_view: bool = False) -> str:
    """A key as compared: matching-copy form (NFKC, Simplified, lowercase), no separators.
    Text taken from the matching copy (`in_view`) is already NFKC and Simplified."""
    if not in_view:
        text = to_simplified(text=without_marks(text=unicodedata.normalize("NFKC", text)))
    return _SEPARATORS.sub("", text.lower())


def key_pattern(*, keys) -> str:
    """Alternatives matching each key with spaces, hyphens and underscores interchangeable."""
    forms = {
        to_simplified(text=without_marks(text=unicodedata.normalize("NFKC", str(k)))).lower().strip() for k in keys
    }
    parts = [_SEPARATORS.split(form) for form in forms if form]
    return "|".join(
        r"[\s\-_]*".join(re.escape(p) for p in part) for part in sorted(parts, key=lambda p: -len("".join(p)))
    )


@lru_cache(maxsize=1)
def keyvalue_rules() -> KeyValueRules:
    data = load_rules(name="keyvalue")
    groups = {**data["roles"], **data["relation_roles"]}
    roles = {key_form(text=str(key)): role for role, keys in groups.items() for key in keys}
    alternatives = key_pattern(keys=[key for keys in groups.values() for key in keys])
    suffixes = "|".join(re.escape(s) for s in sorted(data["named_paper_suffixes"], key=len, reverse=True))
    return KeyValueRules(
        # The key, a short bracketed note (`[optional]`), closing bold, then a colon or a space.
        pattern=re.compile(
            rf"^[\s•·●*+\-]*(?P<key>{alternatives})(?:\s*[\[(（][^\]()（）\n]{{0,30}}[\])）])?[*_]*\s*"
            r"(?:[:：][*_]*\s*|\s+(?=\S))",
            re.IGNORECASE,
        ),
        roles=roles,
        colon_roles=frozenset(data["relation_roles"]),
        named=re.compile(
            rf"^[\s•·●*\-]*(?P<name>[^:：。]{{1,40}}?)\s*(?:(?:{suffixes})\s*(?:(?:19|20)\d\d)?\s*[:：]\s*(?=\S)"
            r"|[:：]\s*(?=(?:https?://)?(?:www\.)?arxiv\.org/\S+\s*$))",
            re.IGNORECASE,
        ),
    )


def segment(*, lines: list[Line], noise: set[int]) -> Segmentation:
    kv = {line.index: _keyvalue(line=line) for line in lines if line.index not in noise}
    kv = {i: found for i, found in kv.items() if found}
    headings = _headings(lines=lines, noise=noise, kv=kv)
    sections = _sections(lines=lines, headings=headings)
    heading_lines = {i + extra for i, (_, _, block) in headings.items() for extra in block}
    owner = {}
    for section in sections:
        for i in range(section.first_line, section.last_line + 1):
            owner[i] = section.index
    units: list[Unit] = []
    for line in lines:
        if line.index in noise or not line.text.strip():
            continue
        section = owner.get(line.index, 0)
        if line.index in heading_lines:
            units.append(Unit(start=line.start, end=line.end, section=section, kind="heading"))
        elif line.index in kv:
            role, key_end, named = kv[line.index]
            units.append(
                Unit(
                    start=line.start, end=line.end, section=section, kind="kv", role=role, key_end=key_end, named=named
                )
            )
        else:
            units.extend(_sentences(line=line, section=section))
    return Segmentation(sections=tuple(sections), units=tuple(units))


def _keyvalue(*, line: Line) -> tuple[str, int, bool] | None:
    rules = keyvalue_rules()
    text = line.text
    if len(text.strip()) > 400:
        return None
    match = rules.pattern.match(text)
    if match:
        role = rules.roles[key_form(text=match.group("key"), in_view=True)]
        separator = text[match.end("key") : match.end()]
        # A relation key needs its colon: `Base model Llama 2 is …` is a sentence.
        colon = ":" in separator or "：" in separator
        if (colon or role not in rules.colon_roles) and _key_separated(
            key=match.group("key"), separator=separator, value=text[match.end() :]
        ):
            return role, line.start + match.end(), False
    named = rules.named.match(text)
    if named:
        return "paper", line.start + named.end(), True
    return None


def _key_separated(*, key: str, separator: str, value: str) -> bool:
    """A colon always separates; a space only after a Chinese key (`发布详情 Open AI …`) or
    before a link (`Paper https://…`): `Code Llama is …` is a sentence, not a code link."""
    if ":" in separator or "：" in separator:
        return True
    return bool(_HAN_KEY.search(key)) or value.startswith("http")


def _heading_style(*, text: str) -> tuple[str, int, tuple[int, ...]] | None:
    """(style, offset of the title in the line, (0,)) for a heading line, else None."""
    for pattern, style in ((_MARKDOWN, "md"), (_CHINESE, "cn"), (_NUMBERED, "num"), (_BULLET, "bullet")):
        match = pattern.match(text)
        if not match:
            continue
        title = match.group("title")
        if len(title) > _MAX_HEADING or title[-1] in "。，,；;:：" or "。" in title:
            return None
        if style == "md":
            style = f"md{len(match.group(1))}"
        elif style == "num":
            style = f"num{match.group(1).count('.')}{match.group(2).strip() or ' '}"
        elif style == "bullet":
            style = f"bullet{match.group(1)}"
        if not re.search(r"[^\W\d_]", title):
            return None
        return style, match.start("title"), (0,)
    return None


def _headings(*, lines: list[Line], noise: set[int], kv: dict) -> dict[int, tuple[str, int, tuple[int, ...]]]:
    """Line index → (style, title offset in the line, line offsets of the heading's lines)."""
    headings: dict[int, tuple[str, int, tuple[int, ...]]] = {}
    for line in lines:
        if line.index in noise or line.index in kv:
            continue
        found = _heading_style(text=line.text)
        if found:
            headings[line.index] = found
    headings.update(_entry_headings(lines=lines, noise=noise, kv=kv, headings=headings))
    return headings


def _entry_headings(*, lines, noise, kv, headings) -> dict[int, tuple[str, int, tuple[int, ...]]]:
    """In listings without numbers, the short title lines right before a block of key-value
    lines head an entry; a block of several title lines is one heading."""
    found: dict[int, tuple[str, int, tuple[int, ...]]] = {}
    content = [line for line in lines if line.index not in noise and line.text.strip()]
    for position, line in enumerate(content):
        if line.index not in kv or (position and content[position - 1].index in kv):
            continue
        block = []
        for previous in reversed(content[max(0, position - 3) : position]):
            if previous.index in kv or previous.index in headings or not _title_like(text=previous.text):
                break
            block.insert(0, previous)
        if block:
            first = block[0]
            offsets = tuple(b.index - first.index for b in block)
            found[first.index] = ("entry", len(first.text) - len(first.text.lstrip()), offsets)
    return found


def _title_like(*, text: str) -> bool:
    stripped = text.strip()
    if not 0 < len(stripped) <= 120 or "://" in stripped or "。" in stripped:
        return False
    if _BULLET_LABEL.match(stripped):
        return False  # `• 详见:…`, `详见:…`, `- Note: …`: a labelled line, not an entry's title
    return stripped[-1] not in "。.!?！？:：;；,，"


def _sections(*, lines: list[Line], headings: dict[int, tuple[str, int, tuple[int, ...]]]) -> list[Section]:
    levels: dict[str, int] = {}
    sections = [Section(0, 0, None, 0, 0, None, 0, len(lines) - 1)]
    stack = [0]
    for index in sorted(headings):
        style, title_offset, block = headings[index]
        if style.startswith("md"):
            level = int(style[2:])
        else:
            level = levels.setdefault(style, 10 + len(levels))
        while len(stack) > 1 and sections[stack[-1]].level >= level:
            stack.pop()
        line = lines[index]
        title_end = lines[index + block[-1]].end
        sections.append(
            Section(len(sections), level, line, line.start + title_offset, title_end, stack[-1], index, index, style)
        )
        stack.append(len(sections) - 1)
    return _close(sections=sections, last=len(lines) - 1)


def _close(*, sections: list[Section], last: int) -> list[Section]:
    """Each section runs until the next heading at its level or above."""
    closed = list(sections)
    for i, section in enumerate(sections[1:], start=1):
        end = last
        for later in sections[i + 1 :]:
            if later.level <= section.level:
                end = later.first_line - 1
                break
        closed[i] = replace(section, last_line=end)
    return closed


def _sentences(*, line: Line, section: int) -> list[Unit]:
    text = line.text
    cuts = [m.end() for m in re.finditer(f"[{_SENTENCE_END}]+", text)]
    cuts.extend(
        m.end()
        for m in _LATIN_END.finditer(text)
        if not _abbreviation(text=text, at=m.start()) and not _ordinal_date(text=text, at=m.start())
    )
    cuts = sorted(set(c for c in cuts if 0 < c < len(text))) + [len(text)]
    units, start = [], 0
    for cut in _bounded(text=text, cuts=cuts):
        piece = text[start:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            units.append(
                Unit(start=line.start + start + lead, end=line.start + cut - trail, section=section, kind="sentence")
            )
        start = cut
    return units


# Where a run-on may be cut: after a space or a clause mark (Chinese and Japanese have no spaces; a
# cut between two characters of a name would lose it).
_RUN_ON_BREAK = re.compile(r"[\s,;:，、：；）」』]")


def _bounded(*, text: str, cuts: list[int]) -> list[int]:
    """The sentence ends, with a run-on longer than MAX_SENTENCE_CHARS cut after its last space or
    clause mark before the limit (or at the limit when it has none in its second half)."""
    bounded, start = [], 0
    for cut in cuts:
        while cut - start > MAX_SENTENCE_CHARS:
            limit = start + MAX_SENTENCE_CHARS
            breaks = [m.end() for m in _RUN_ON_BREAK.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit)]
            start = breaks[-1] if breaks else limit
            bounded.append(start)
        bounded.append(cut)
        start = cut
    return bounded


# Longer than any abbreviation or day number: a word cut at the window's edge is never taken for one.
_LOOKBACK = 48


def _before(*, text: str, at: int) -> str:
    """The text just before `at`: searching the whole prefix for every period made a long line quadratic."""
    return text[max(0, at - _LOOKBACK) : at]


def _ordinal_date(*, text: str, at: int) -> bool:
    """`am 11. Dezember 2023`: the period of a German ordinal day before a month name."""
    if not re.search(r"(?<![\d.])\d{1,2}$", _before(text=text, at=at)):
        return False
    following = re.match(r"\.\s*([^\W\d_]+)", text[at : at + 16])
    return bool(following and following.group(1).lower() in _month_names())


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    return frozenset(str(name).lower() for name in load_rules(name="attributes")["released"]["months"])


def _abbreviation(*, text: str, at: int) -> bool:
    """`z.B.`, `Dr.`, `J. Smith`: a known short word or a lone letter; `7B.` is a size, not one."""
    word = re.search(r"(?<![\w.])([^\W\d_]+)$", _before(text=text, at=at))
    return bool(word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1))
