"""Text helpers the graph needs for matching names across scripts and spellings."""

import functools
import hashlib
import re
import unicodedata

import opencc


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# Han ideographs (and CJK radicals, compatibility ideographs, the supplementary planes): only text with
# one of these can change under OpenCC, so anything else skips the converter.
_HAN = re.compile(r"[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@functools.lru_cache(maxsize=16384)
def simplified(text: str) -> str:
    """NFKC, then Traditional → Simplified Chinese; other scripts pass through.

    Called on names and aliases (search ranking compares a query with every alias of every hit), so
    the answers are cached and text without Han characters never reaches OpenCC.
    """
    normal = unicodedata.normalize("NFKC", text)
    return _t2s().convert(normal) if _HAN.search(normal) else normal


def search_text(names: list[str] | tuple[str, ...]) -> str:
    """What the full-text index holds: every name and alias plus its Simplified, case-folded form."""
    forms: dict[str, None] = {}
    for name in names:
        folded = simplified(name).casefold()
        forms[name] = None
        forms[folded] = None
        # "GPT-3" is also indexed as "gpt3", so a query typed without punctuation finds it.
        forms[compact(folded)] = None
    return " | ".join(form for form in forms if form)


def compact(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def stable_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:24]


def fact_key(subject: str, rel_type: str, obj: str) -> str:
    return f"{subject}|{rel_type}|{obj}"


def name_tokens(name: str) -> tuple[str, ...]:
    """A name's words in any script, case-folded: runs of letters or of digits, cut at anything else
    (space, hyphen, dot ...), between Han and other letters (文心X: 文心, x) and where a cased script
    turns to a new capital (QTransformer: q, transformer; GPT4o: gpt, 4, o). Scripts without case or
    spaces keep a run whole."""
    text = unicodedata.normalize("NFKC", name)
    tokens: list[str] = []
    current = ""
    for i, ch in enumerate(text):
        if not ch.isalnum():
            current = _flush(tokens, current)
            continue
        previous = text[i - 1] if i else ""
        following = text[i + 1] if i + 1 < len(text) else ""
        if current and (
            ch.isdigit() != previous.isdigit()
            or bool(_HAN.match(ch)) != bool(_HAN.match(previous))
            or (ch.isupper() and previous.islower())
            or (ch.isupper() and previous.isupper() and following.islower())
        ):
            current = _flush(tokens, current)
        current += ch
    _flush(tokens, current)
    return tuple(tokens)


def _flush(tokens: list[str], current: str) -> str:
    if current:
        tokens.append(current.casefold())
    return ""


def text_fingerprint(text: str) -> str:
    """What two copies of one text share however they were typed: NFKC, case folded, every run of
    whitespace one space. A new submission with a document's fingerprint duplicates it."""
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


# New-style arXiv ids (2005.14165, optional version) and old-style ones (hep-th/9901001, cs.CL/0112017).
_ARXIV_ID = r"(?P<id>(?P<yymm>\d{4})\.(?P<number>\d{4,5})(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/(?P<old>\d{4})\d{3}(?:v\d+)?)"
_ARXIV_FORMS = (
    re.compile(rf"^(?:arxiv:\s*)?{_ARXIV_ID}$", re.IGNORECASE),
    re.compile(rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/{_ARXIV_ID}(?:\.pdf)?/?$", re.IGNORECASE),
)


def arxiv_bare(*, value: str) -> str:
    """The bare arXiv id of an id, `arXiv:` id or arxiv.org URL; empty stays empty; ValueError with a
    message for people otherwise. The id's first four digits are its year and month (2005 is May
    2020), so month 00 or 13–99 is no id. Submissions (ingest.validation) and curators' sources
    (curation.services.fact_source) check ids with it."""
    text = value.strip()
    if not text:
        return ""
    for form in _ARXIV_FORMS:
        match = form.match(text)
        if match:
            _check_arxiv_month(text=text, yymm=match.group("yymm") or match.group("old"))
            return match.group("id")
    raise ValueError(
        f"'{text[:80]}' is not an arXiv id or URL; expected e.g. 2005.14165 or https://arxiv.org/abs/2005.14165."
    )


def _check_arxiv_month(*, text: str, yymm: str) -> None:
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        raise ValueError(
            f"'{text[:80]}' is not an arXiv id: its first four digits are the year and month (2005 is May 2020), "
            f"and {month:02d} is no month."
        )


# Control characters (Unicode Cc: C0 but tab, line feed and carriage return; DEL; C1) nobody types on
# purpose, and PostgreSQL refuses NUL in text. Format characters (Cf: zero-width, bidi marks) are not
# controls: articles keep them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character_problem(*, field: str, value: str) -> str | None:
    """What is wrong with a value a person wrote, if it holds a control character; None when clean."""
    found = _CONTROL.search(value)
    if found is None:
        return None
    return f"{field} contains a control character (U+{ord(found.group()):04X}) at position {found.start() + 1}"
