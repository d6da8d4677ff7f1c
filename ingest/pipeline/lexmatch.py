"""Lexicon matching: trie-shaped regexes over every alias (ASCII-first and other), longest match wins."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import Lexicon, LexiconEntry, known_lexicon, load_lexicon, load_rules
from ingest.pipeline.view import View, build_view

_SEP = "\x00"  # trie token for a separator (space, hyphen, underscore): optional when matching
_SEP_CHARS = frozenset(" -_\u00a0\u2010\u2011\u2013")
_WORD = re.compile(r"[a-z0-9]")
_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")
_ANY_CASE, _NOT_LOWER, _UPPER = 0, 1, 2
_PREFIXED = re.compile(r"(?<![a-z0-9\-])(?:post|pre|non|anti|pseudo|quasi|neo|proto|sub|nicht)-$")


@dataclass(frozen=True)
class LexiconHit:
    start: int  # view offsets
    end: int
    entry: LexiconEntry


@dataclass(frozen=True)
class Matcher:
    # One trie regex for aliases that start with an ASCII character and one for the rest: in one
    # regex the mixed first characters stop the engine from skipping ahead (20 times slower).
    patterns: tuple[re.Pattern, ...]
    by_form: Mapping[str, LexiconEntry]  # matching form (no separators) → entry
    # matching form → how its case must look: _ANY_CASE, _NOT_LOWER (an alias written with
    # capitals, letters only: Alpaca) or _UPPER (an acronym that is also a word: FAIR, MATH).
    cased: Mapping[str, int]


@lru_cache(maxsize=65536)
def match_key(*, text: str) -> str:
    """The comparison form of a name: NFKC, Simplified, lowercase, no separators."""
    lowered = build_view(original=text.strip(), is_html=False, simplify=True).lower
    return "".join(ch for ch in lowered if ch not in _SEP_CHARS and ch != ".")


@lru_cache(maxsize=1)
def lexicon_matcher() -> Matcher:
    return build_matcher(lexicon=load_lexicon())


@lru_cache(maxsize=4)
def known_matcher(*, names: tuple[tuple[str, str, str, tuple[str, ...]], ...]) -> Matcher:
    """A matcher over the curators' names alone (ingest.lexicon.loader.known_lexicon): small, so it is
    rebuilt in milliseconds when they change, while the lexicon's (seconds) is built once."""
    return build_matcher(lexicon=known_lexicon(names=names))


def build_matcher(*, lexicon: Lexicon) -> Matcher:
    tries: tuple[dict, dict] = ({}, {})
    by_form: dict[str, LexiconEntry] = {}
    cased: dict[str, int] = {}
    pairs = [(entry, alias) for entry in lexicon.entries.values() for alias in entry.aliases]
    # One normalization pass over every alias at once: per-alias views are slow to build.
    joined = "\n".join(alias.strip().replace("\n", " ") for _, alias in pairs)
    lowered = build_view(original=joined, is_html=False, simplify=True).lower.split("\n")
    for (entry, alias), normalized in zip(pairs, lowered, strict=True):
        tokens = _tokens(lowered=normalized)
        form = "".join(t for t in tokens if t != _SEP)
        if len(form) < 2 or by_form.get(form, entry) is not entry:
            continue  # first entry wins an ambiguous alias; the lexicon test reports those
        by_form[form] = entry
        cased[form] = min(cased.get(form, _UPPER), _case_rule(alias=alias))
        _insert(trie=tries[0 if tokens[0].isascii() else 1], tokens=tokens)
    patterns = tuple(re.compile(_render(node=trie, top=True)) for trie in tries if trie)
    return Matcher(patterns=patterns, by_form=by_form, cased=cased)


def _case_rule(*, alias: str) -> int:
    if not (alias.isalpha() and alias.isascii()) or alias.islower():
        return _ANY_CASE
    return _UPPER if alias.isupper() and len(alias) >= 3 else _NOT_LOWER


def _tokens(*, lowered: str) -> list[str]:
    tokens: list[str] = []
    for ch in lowered:
        if ch in _SEP_CHARS or ch.isspace():
            if tokens and tokens[-1] != _SEP:
                tokens.append(_SEP)
        else:
            tokens.append(ch)
    while tokens and tokens[-1] == _SEP:
        tokens.pop()
    return tokens


def _insert(*, trie: dict, tokens: list[str]) -> None:
    node = trie
    for token in tokens:
        node = node.setdefault(token, {})
    node[""] = {}


def _render(*, node: dict, top: bool = False) -> str:
    branches = []
    for token in sorted((t for t in node if t), key=lambda t: (t == _SEP, t)):
        child = node[token]
        if token == _SEP:
            head = r"(?:\s?[\-_\u2010\u2011\u2013]?\s?)"
        else:
            head = re.escape(token)
            if top and _WORD.match(token):
                # The boundary check comes after the first letter so every branch starts with a
                # literal: the regex engine then skips ahead to possible first characters.
                head += rf"(?<![a-z0-9]{re.escape(token)})"
        branches.append(head + _render(node=child))
    if "" in node:
        # Word boundary only where the alias ends in a letter or digit; an English/German
        # plural or genitive "s" is allowed after it.
        # A year glued to a name (Open AI2022年) still ends it.
        branches.append(r"(?:(?<=[a-z0-9])s?(?![a-z0-9])|(?<![a-z0-9])|(?<=[a-z])(?=(?:19|20)\d\d(?!\d)))")
    if not branches:
        return ""
    if len(branches) == 1 and not top:
        return branches[0] if "" not in node else f"(?:{branches[0]})"
    return "(?:" + "|".join(branches) + ")"


def find_lexicon_hits(*, view: View, matcher: Matcher) -> Iterator[LexiconHit]:
    """Leftmost-longest alias hits in the view (noise lines arrive blanked)."""
    reached = 0
    for match in _leftmost(matches=[m for pattern in matcher.patterns for m in pattern.finditer(view.lower)]):
        start, end = match.span()
        if start < reached:
            continue
        form = "".join(ch for ch in match.group(0) if ch not in _SEP_CHARS and not ch.isspace())
        entry = matcher.by_form.get(form) or matcher.by_form.get(form[:-1])
        if entry is None:
            continue
        rule = matcher.cased.get(form, matcher.cased.get(form[:-1], _ANY_CASE))
        if rule and not _case_ok(view=view, start=start, end=end, upper=rule == _UPPER):
            continue
        if _PREFIXED.search(view.lower, max(0, start - 12), start):
            continue  # post-Chinchilla, non-RLHF: a word built on the name, not the name
        if not glued_ok(text=view.lower, start=start, end=end):
            continue  # 드라마 is no 라마, メタデータ no メタ
        reached = end
        yield LexiconHit(start=start, end=end, entry=entry)


def _leftmost(*, matches: list[re.Match]) -> list[re.Match]:
    """The matches of both patterns in text order, the longer first where two start together."""
    return sorted(matches, key=lambda m: (m.start(), -m.end()))


def _case_ok(*, view: View, start: int, end: int, upper: bool) -> bool:
    """An alias written with capitals (BLOOM, Alpaca) found all-lowercase is a common word, and
    an acronym that is also a word (FAIR, MATH) must stand in capitals; except next to Han
    characters (a space between allowed: 进行 swish 运算), where Latin names are often lowercased."""
    surface = view.text[start:end]
    fits = surface.removesuffix("s").isupper() if upper else not surface.islower()
    if fits:
        return True
    before = view.text[max(0, start - 2) : start].rstrip(" ")[-1:]
    after = view.text[end : end + 2].lstrip(" ")[:1]
    return bool(_HAN_CHAR.match(before) or _HAN_CHAR.match(after))


_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_KATAKANA = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff]")
_ARABIC = re.compile(r"[\u0620-\u064a\u066e-\u06d3]+")
_CYRILLIC = re.compile(r"[а-яё]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _glue() -> tuple[frozenset[str], frozenset[str], int, int]:
    data = load_rules(name="open_vocabulary")["glued_names"]
    return (
        frozenset(data["korean_particles"]),
        frozenset(data["arabic_prefixes"]),
        int(data["cyrillic_ending"]),
        int(data["short_katakana"]),
    )


def glued_ok(*, text: str, start: int, end: int) -> bool:
    """A name in a script without spaces between words, or with affixes, must stand as a word:
    no letter of its script before it (드라마 is no 라마), and after it only what that script
    glues to names: a Korean particle (라마를, not 라마단), no more katakana (メタ, not メタデータ;
    short ones no kanji either: メタ学習), a Cyrillic case ending (Яндекса), Arabic prefixes
    before it (وجوجل) and nothing after."""
    particles, prefixes, ending, short = _glue()
    first, last = text[start], text[end - 1]
    before, after = text[max(0, start - 4) : start], text[end : end + 6]
    if _HANGUL.match(first) and before[-1:] and _HANGUL.match(before[-1]):
        return False
    if _HANGUL.match(last) and (run := _HANGUL.match(after)) and run.group(0) not in particles:
        return False
    if _KATAKANA.match(first) and before[-1:] and _KATAKANA.match(before[-1]):
        return False
    if _KATAKANA.match(last) and after[:1]:
        if _KATAKANA.match(after[0]) or (end - start <= short and _HAN.match(after[0])):
            return False
    if _ARABIC.match(first) and not _arabic_start_ok(text=text, start=start, prefixes=prefixes):
        return False
    if _ARABIC.match(last) and after[:1] and _ARABIC.match(after[0]):
        return False
    if _CYRILLIC.match(first) and before[-1:] and _CYRILLIC.match(before[-1]):
        return False
    return not (_CYRILLIC.match(last) and (run := _CYRILLIC.match(after)) and len(run.group(0)) > ending)


def _arabic_start_ok(*, text: str, start: int, prefixes: frozenset[str]) -> bool:
    """The Arabic letters glued before a name are a prefix (و ف ب ل ك ال and their combinations)."""
    position = start
    while position > 0 and _ARABIC.match(text[position - 1]) and start - position < 4:
        position -= 1
    glued = text[position:start]
    return not glued or (glued in prefixes and not (position > 0 and _ARABIC.match(text[position - 1])))
