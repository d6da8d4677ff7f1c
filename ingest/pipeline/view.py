"""A normalized matching copy of the original text with a map back to original offsets."""

import html
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Some scraped zh-Hant pages carry a pinyin reading after characters: 關(guān)注. It splits
# words, so the matching copy drops it (only tone-marked syllables, never "(ML)").
_PINYIN = re.compile(rf"(?<=[{_HAN}])[(（][a-zü\u00e0-\u01dc]*[\u00e0-\u01dc][a-zü\u00e0-\u01dc]*[)）]")
# Arabic short vowels, shadda, sukun and the tatweel stretch are optional in writing: محوّل is
# محول. The matching copy drops them (Unicode marks U+064B–U+065F, U+0670, and U+0640).
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]+")
_HTML_DROP = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<![^>]*>|<\?[^>]*>")
_HTML_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table section article header footer "
    "blockquote pre title hr dt dd figcaption".split()
)


@dataclass(frozen=True)
class View:
    """`text` and `lower` have equal length; origin[i] is the original offset of text[i]."""

    text: str
    lower: str
    origin: array
    original_length: int

    def span(self, *, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else self.original_length
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def build_view(*, original: str, is_html: bool, simplify: bool) -> View:
    """NFKC per character, HTML tags out, pinyin readings and Arabic vowel marks out, optionally
    Traditional → Simplified."""
    edits = _edits(original=original, is_html=is_html)
    parts: list[str] = []
    origin = array("l")
    position = 0
    for start, end, replacement in edits:
        _append_normalized(parts=parts, origin=origin, original=original, start=position, end=start)
        parts.append(replacement)
        origin.extend([start] * len(replacement))
        position = end
    _append_normalized(parts=parts, origin=origin, original=original, start=position, end=len(original))
    text = "".join(parts)
    if simplify:
        text = to_simplified(text=text)
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return View(text=text, lower=lower, origin=origin, original_length=len(original))


def _edits(*, original: str, is_html: bool) -> list[tuple[int, int, str]]:
    edits = [(m.start(), m.end(), "") for m in _PINYIN.finditer(original)]
    edits.extend((m.start(), m.end(), "") for m in _ARABIC_MARKS.finditer(original))
    if is_html:
        dropped = [(m.start(), m.end(), "\n") for m in _HTML_DROP.finditer(original)]
        edits.extend(dropped)
        edits.extend(_tag_edits(original=original, dropped=dropped))
        edits.extend((m.start(), m.end(), html.unescape(m.group(0))) for m in _HTML_ENTITY.finditer(original))
    edits.sort()
    kept: list[tuple[int, int, str]] = []
    for edit in edits:
        if kept and edit[0] < kept[-1][1]:
            continue  # inside a dropped script/comment block
        kept.append(edit)
    return kept


def _tag_edits(*, original: str, dropped: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for match in _HTML_TAG.finditer(original):
        name = (match.group(2) or "").lower()
        out.append((match.start(), match.end(), "\n" if name in _BLOCK_TAGS else ""))
    return out


def _append_normalized(*, parts: list[str], origin: array, original: str, start: int, end: int) -> None:
    if end <= start:
        return
    table = _nfkc_table(chars=frozenset(original[start:end]))
    expanding = "".join(re.escape(chr(code)) for code, mapped in table.items() if len(mapped) != 1)
    position = start
    if expanding:
        for match in re.finditer(f"[{expanding}]", original[start:end]):
            at = start + match.start()
            parts.append(original[position:at].translate(table))
            origin.extend(range(position, at))
            mapped = table[ord(match.group(0))]
            parts.append(mapped)
            origin.extend([at] * len(mapped))
            position = at + 1
    parts.append(original[position:end].translate(table))
    origin.extend(range(position, end))


def _nfkc_table(*, chars: frozenset[str]) -> dict[int, str]:
    table = {}
    for ch in chars:
        mapped = _nfkc_char(ch)
        if mapped != ch:
            table[ord(ch)] = mapped
    return table


@lru_cache(maxsize=65536)
def _nfkc_char(ch: str) -> str:
    if ch.isascii():
        return ch
    mapped = unicodedata.normalize("NFKC", ch)
    # Compatibility forms that expand into spaces or nothing would blur word boundaries.
    return mapped if mapped.strip() or ch.isspace() else ch


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def without_marks(*, text: str) -> str:
    """A lexicon word in the matching copy's form: without the Arabic vowel marks it drops."""
    return _ARABIC_MARKS.sub("", text)


def to_simplified(*, text: str) -> str:
    """Traditional → Simplified, line by line, char by char wherever a phrase changes length."""
    converter = _converter()
    lines = text.split("\n")
    out = []
    for line in lines:
        converted = converter.convert(line)
        if len(converted) != len(line):
            converted = "".join(_convert_char(converter=converter, ch=ch) for ch in line)
        out.append(converted)
    return "\n".join(out)


def _convert_char(*, converter, ch: str) -> str:
    converted = converter.convert(ch)
    return converted if len(converted) == 1 else ch


def han_changed_ratio(*, text: str) -> float:
    """Share of Han characters that OpenCC t2s changes: near 0 for Simplified, high for Traditional."""
    han = re.findall(rf"[{_HAN}]", text)
    if not han:
        return 0.0
    sample = "".join(han[:20000])
    converted = _converter().convert(sample)
    if len(converted) != len(sample):
        converted = "".join(_convert_char(converter=_converter(), ch=ch) for ch in sample)
    return sum(a != b for a, b in zip(sample, converted, strict=True)) / len(sample)
