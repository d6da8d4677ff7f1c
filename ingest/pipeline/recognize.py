"""Recognize stage: lexicon names, arXiv papers, paper titles and open-vocabulary model names."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.lexicon.loader import load_lexicon, load_rules
from ingest.pipeline.found import Found
from ingest.pipeline.hub import id_span, repo_mentions, text_repo_ids
from ingest.pipeline.lexmatch import Matcher, find_lexicon_hits
from ingest.pipeline.markup import blank, read_markup
from ingest.pipeline.names import arxiv_key, arxiv_year, slugify
from ingest.pipeline.papers import known_paper, translation_gap
from ingest.pipeline.segment import Segmentation
from ingest.pipeline.view import View

_ARXIV = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?"
    r"|\barxiv\s*[:：]?\s*(?P<bare>\d{4}\.\d{4,5})(?:v\d+)?"
    r"|(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/papers/(?P<hub>\d{4}\.\d{4,5})(?:v\d+)?",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"'）)\]]+")
_QUOTED_TITLE = re.compile(r"《(?P<a>[^《》\n]{4,160})》|[“\"„«]\s?(?P<b>[A-Z][^“”\"„«»\n]{10,160})[”\"“»]")
_PAPER_WORDS = re.compile(r"论文|paper|papier|artikel|aufsatz|技术报告|technical report|arxiv", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[(?P<title>[^\[\]\n]{6,200})\]\((?P<url>[^)\s]+)\)")


__all__ = ["Found", "OpenVocabulary", "arxiv_mentions", "lexicon_mentions", "open_vocabulary", "paper_title_mentions"]


def lexicon_mentions(*, view: View, text: str, matcher: Matcher) -> list[Found]:
    """`text` is the lowercase view with noise lines blanked. Code, URLs and file names are read
    around; repository ids (`org/name`) name their model or dataset whole."""
    markup = read_markup(text)
    repos = text_repo_ids(text=view.text, markup=markup, matcher=matcher)
    found = [m for repo in repos for m in repo_mentions(text=view.text, repo=repo, matcher=matcher, with_org=True)]
    masked = blank(text=markup.masked, spans=[id_span(text=view.text, repo=r, matcher=matcher) for r in repos])
    blanked = View(text=view.text, lower=masked, origin=view.origin, original_length=view.original_length)
    found += [
        Found(hit.start, hit.end, hit.entry.key, hit.entry.label, hit.entry.name, "lexicon", 0.95, hit.entry.attributes)
        for hit in find_lexicon_hits(view=blanked, matcher=matcher)
        if not _family_use(text=text, start=hit.start, end=hit.end, name=hit.entry.name)
    ]
    return found


def _family_use(*, text: str, start: int, end: int, name: str) -> bool:
    """A bare family name (no digit) of a model whose name has one (`GPT` of GPT-1) next to a
    family word (`GPT-series`, `GPT 架构`, `l'architecture GPT`) names the series, and followed by a
    number it starts another name: no mention either way."""
    surface = text[start:end]
    if any(ch.isdigit() for ch in surface) or not any(ch.isdigit() for ch in name):
        return False
    if re.match(r"-?\d", text[end : end + 2]):
        return True  # the head of a versioned name the lexicon does not know (GPT-313B, GPT-5)
    words = _family_words()
    after = _FAMILY_GAP_AFTER.sub("", text[end : end + 16], count=1)
    before = _FAMILY_GAP_BEFORE.sub("", text[max(0, start - 16) : start], count=1)
    return bool(words[0].match(after) or words[1].search(before))


_FAMILY_GAP_AFTER = re.compile(r"^[\s\-‐–]*(?:的|の|之)?\s*")
_FAMILY_GAP_BEFORE = re.compile(r"\s*(?:de la|de|du|des|del|d'|l'|der|die|das|the)?\s*$")


@lru_cache(maxsize=1)
def _family_words() -> tuple[re.Pattern, re.Pattern]:
    words = sorted(
        (re.escape(w.lower()) for w in load_rules(name="open_vocabulary")["family_words"]), key=len, reverse=True
    )
    alternatives = "|".join(words)
    return re.compile(rf"(?:{alternatives})(?![a-zäöüß])"), re.compile(rf"(?<![a-zäöüß])(?:{alternatives})$")


def arxiv_mentions(*, text: str) -> list[Found]:
    """arXiv links and ids, and the hub's paper pages (hf.co/papers/<arXiv id>); none in code."""
    found = []
    for match in _ARXIV.finditer(blank(text=text, spans=list(read_markup(text).code))):
        arxiv_id = match.group("id") or match.group("bare") or match.group("hub")
        attributes = {"arxiv_id": arxiv_id, "url": f"https://arxiv.org/abs/{arxiv_id}"}
        year = arxiv_year(arxiv_id=arxiv_id)
        if year:
            attributes["year"] = year
        key = arxiv_key(arxiv_id=arxiv_id)
        found.append(Found(match.start(), match.end(), key, "Paper", f"arXiv:{arxiv_id}", "arxiv", 0.99, attributes))
    return found


def paper_title_mentions(*, text: str, segmentation: Segmentation) -> list[Found]:
    """Titles in 《》 or quotes next to a paper word, Markdown link text of paper links,
    and paper titles given as the value of a paper key-value line; none in code."""
    text = blank(text=text, spans=list(read_markup(text).code))
    found = []
    for unit in segmentation.units:
        sentence = text[unit.start : unit.end]
        if unit.kind == "kv" and unit.role == "paper":
            found.extend(_kv_title(text=text, start=unit.key_end, end=unit.end))
            continue
        if not _PAPER_WORDS.search(sentence):
            continue
        for match in _QUOTED_TITLE.finditer(sentence):
            group = "a" if match.group("a") else "b"
            title = match.group(group).strip()
            if _title_shaped(title=title):
                start = unit.start + match.start(group)
                found.append(_title_found(start=start, end=start + len(match.group(group)), title=title))
    for match in _MARKDOWN_LINK.finditer(text):
        arxiv = _ARXIV.search(match.group("url"))
        if arxiv:
            arxiv_id = arxiv.group("id") or arxiv.group("bare") or arxiv.group("hub")
            title = " ".join(match.group("title").split())
            found.append(
                Found(
                    match.start("title"),
                    match.end("title"),
                    arxiv_key(arxiv_id=arxiv_id),
                    "Paper",
                    title,
                    "title",
                    0.9,
                    {"title": title},
                )
            )
    return _translations_joined(text=text, found=found)


_BETWEEN_TITLES = re.compile(r"[\s\"“”„«»'‘’()（）《》〈〉\[\]【】/|,，:：–—-]*")


def _translations_joined(*, text: str, found: list[Found]) -> list[Found]:
    """`“English title” (《译名》)`: a title right next to another one, only brackets, quotes or a
    slash between them, is its translation, and an arXiv id right next to a title is its paper:
    they all get the arXiv key, else the key of the one the lexicon knows, else the first one's."""
    # An arXiv id right after a title (`„Title“ (arXiv:2409.01234)`) is the paper it names.
    ids = arxiv_mentions(text=text)
    ordered = sorted([*found, *ids], key=lambda f: (f.start, f.source == "arxiv"))
    gap = translation_gap()
    groups: list[list[Found]] = []
    for item in ordered:
        if groups:
            last = groups[-1][-1]
            between = text[last.end : item.start]
            if 0 <= len(between) <= gap and _BETWEEN_TITLES.fullmatch(between) and "\n" not in between:
                groups[-1].append(item)
                continue
        groups.append([item])
    joined = []
    for group in groups:
        entries = load_lexicon().entries
        key = min(group, key=lambda f: (not f.key.startswith("arxiv:"), f.key not in entries, f.start)).key
        joined.extend(
            Found(f.start, f.end, key, f.label, f.name, f.source, f.confidence, f.attributes)
            for f in group
            if f.source != "arxiv"
        )
    return joined


def _kv_title(*, text: str, start: int, end: int) -> list[Found]:
    # A title may open a Markdown link whose rest is on the next line: `[BERT: Pre-training …`.
    value = text[start:end].strip().lstrip("[【《").rstrip("]】》")
    if not value or _URL.search(value) or _ARXIV.search(value) or not _title_shaped(title=value):
        return []
    offset = text.index(value, start)
    return [_title_found(start=offset, end=offset + len(value), title=value)]


def _title_shaped(*, title: str) -> bool:
    words = title.split()
    return len(words) >= 3 or (len(title) >= 6 and not title.isascii())


def _title_found(*, start: int, end: int, title: str) -> Found:
    """A title the lexicon knows (in any of its languages) is that paper; another gets its own key."""
    entry = known_paper(title=title)
    if entry is not None:
        return Found(start, end, entry.key, "Paper", title, "title", 0.85, {**entry.attributes, "title": title})
    return Found(start, end, slugify(name=title), "Paper", title, "title", 0.75, {"title": title})


@dataclass(frozen=True)
class OpenVocabulary:
    versioned: re.Pattern
    compound: re.Pattern
    model_words: re.Pattern
    technique_words: re.Pattern
    software_words: re.Pattern
    window: int
    technique_window: int
    stop_prefixes: frozenset[str]
    heading_stop: frozenset[str]
    fine_tune_words: frozenset[str]
    continuation_stop: frozenset[str]
    tail_words: frozenset[str]  # words a checkpoint name may end in after its size (…-7B-Chat-GPTQ)
    name_parts: frozenset[str]  # words after a known name and a hyphen that make a new model (-Audio)


@lru_cache(maxsize=1)
def open_vocabulary() -> OpenVocabulary:
    data = load_rules(name="open_vocabulary")
    variants = "|".join(sorted((re.escape(w) for w in data["variant_words"]), key=len, reverse=True))
    heads = "|".join(sorted((re.escape(h) for h in data["compound_heads"]), key=len, reverse=True))
    words = "|".join(sorted((re.escape(w) for w in data["model_words"]), key=len, reverse=True))
    size = r"\d+(?:\.\d+)?[BMKT]|\d+x\d+[BMK]"
    version = r"\d{1,3}(?:\.\d{1,2})?[a-z]?|[Vv]\d{1,2}(?:\.\d)?"
    return OpenVocabulary(
        versioned=re.compile(
            rf"(?<![A-Za-z0-9_.\-])(?P<family>[A-Z][A-Za-z]{{1,20}}|[a-z]{{2,12}}(?=-))(?P<sep>[- ]?)"
            rf"(?P<version>{size}|{version})"
            rf"(?P<suffix>(?:[- ](?:{size}|(?i:{variants})(?:\d{{1,2}})?)(?![A-Za-z0-9_]))*)(?![A-Za-z0-9_\-%]|[.,]\d|\s*%)"
        ),
        compound=re.compile(
            rf"(?<![A-Za-z0-9_\-])(?P<family>[A-Z][a-z]+(?:[A-Z][a-z]+)*)(?P<head>{heads})"
            rf"(?P<version>-?\d{{1,3}}(?:\.\d{{1,2}})?)?(?![A-Za-z0-9_])"
        ),
        # A word counts where it ends a word: the head of a German compound (Sprachmodell,
        # Selbsttrainingsmethode), not its first part (Modellgröße).
        # Cyrillic too: модели is a model word, моделирование (modelling) is not.
        model_words=re.compile(rf"(?i:{words})(?![a-zäöüßа-яё])"),
        technique_words=re.compile(
            "(?i:" + "|".join(sorted((re.escape(w) for w in data["technique_words"]), key=len, reverse=True)) + ")"
            r"(?![a-zäöüßа-яё])"
        ),
        software_words=re.compile(
            "(?i:" + "|".join(sorted((re.escape(w) for w in data["software_words"]), key=len, reverse=True)) + ")"
            r"(?![a-zäöüßа-яё])"
        ),
        window=int(data["cue_window"]),
        technique_window=int(data["technique_window"]),
        stop_prefixes=frozenset(p.lower() for p in data["stop_prefixes"]),
        heading_stop=frozenset(p.lower() for p in data["heading_stop"]),
        fine_tune_words=frozenset(p.lower() for p in data["fine_tune_words"]),
        continuation_stop=frozenset(p.lower() for p in data["continuation_stop"]),
        tail_words=frozenset(w.lower() for w in [*data["variant_words"], *data["tail_words"]]),
        name_parts=frozenset(w.lower() for w in data["name_parts"]),
    )
