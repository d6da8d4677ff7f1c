"""Papers as one node per publication: lexicon titles in any language, English display names."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ingest.lexicon.loader import LexiconEntry, load_lexicon, load_rules
from ingest.pipeline.lexmatch import match_key

_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LATIN_TEXT = re.compile(r"^[\x20-\x7e\u2010-\u2015\u2018-\u201f]+$")


_LEAD_NAME = re.compile(r"^[^\s:：]{1,24}\s?[:：]\s*")  # `GPT2: <title>` in a listing heading
_URL_FORM = re.compile(r"^https?://(?:www\.)?")


@dataclass(frozen=True)
class _TitleIndex:
    exact: dict[str, LexiconEntry]
    urls: dict[str, LexiconEntry]
    forms: tuple[str, ...]
    entries: tuple[LexiconEntry, ...]
    fuzzy_min_length: int
    fuzzy_score: float


@lru_cache(maxsize=1)
def _rules() -> dict:
    return dict(load_rules(name="papers"))


@lru_cache(maxsize=1)
def _index() -> _TitleIndex:
    exact: dict[str, LexiconEntry] = {}
    urls: dict[str, LexiconEntry] = {}
    for entry in load_lexicon().entries.values():
        if entry.label == "Paper":
            for alias in entry.declared or entry.aliases:
                exact.setdefault(match_key(text=alias), entry)
            if entry.attributes.get("url"):
                urls[_url_form(str(entry.attributes["url"]))] = entry
    rules = _rules()
    return _TitleIndex(
        exact=exact,
        urls=urls,
        forms=tuple(exact),
        entries=tuple(exact.values()),
        fuzzy_min_length=int(rules["fuzzy_min_length"]),
        fuzzy_score=float(rules["fuzzy_score"]),
    )


def _url_form(url: str) -> str:
    return _URL_FORM.sub("", url.strip()).rstrip("/").lower()


def paper_at_url(*, url: str) -> LexiconEntry | None:
    """The lexicon paper whose official PDF a (non-arXiv) link points at."""
    return _index().urls.get(_url_form(url))


def known_paper(*, title: str) -> LexiconEntry | None:
    """The lexicon paper a found title names: the same title, or for a long one a very close
    spelling of it (another translation's punctuation, a dropped word); a short name before a
    colon (`GPT2: <title>` in a listing) is tried without."""
    entry = _known(title=title)
    if entry is None and (lead := _LEAD_NAME.match(title)) and len(title) - lead.end() >= 12:
        entry = _known(title=title[lead.end() :])
    return entry


def _known(*, title: str) -> LexiconEntry | None:
    index = _index()
    form = match_key(text=title)
    entry = index.exact.get(form)
    if entry is not None or len(form) < index.fuzzy_min_length or not index.forms:
        return entry
    best = process.extractOne(form, index.forms, scorer=fuzz.ratio, score_cutoff=index.fuzzy_score)
    return index.entries[best[2]] if best else None


def english_title(*, title: str, language: str) -> bool:
    """A Latin-script title in an English document, or one that reads as English elsewhere."""
    if not _LATIN_TEXT.match(title) or not re.search(r"[A-Za-z]{3}", title):
        return False
    if language == "en":
        return True
    rules = _rules()
    words = {w.lower() for w in _WORDS.findall(title)}
    return bool(words & set(rules["english_words"])) and not words & set(rules["other_words"])


def translation_gap() -> int:
    return int(_rules()["translation_gap"])


def paper_name(*, key: str, titles: Iterable[str], fallback: str, language: str) -> str:
    """The lexicon's name; else the first English title a source gives; else `arXiv:<id>` for
    an arXiv paper (a title in another language stays an alias); else the first title."""
    entry = load_lexicon().entries.get(key)
    if entry is not None and entry.label == "Paper":
        return entry.name
    titles = list(titles)
    for title in titles:
        if english_title(title=title, language=language):
            return title
    if key.startswith("arxiv:"):
        return f"arXiv:{key.removeprefix('arxiv:')}"
    return titles[0] if titles else fallback
