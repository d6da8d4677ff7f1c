"""Text helpers the graph needs for matching names across scripts and spellings."""

import functools
import hashlib
import unicodedata

import opencc


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """NFKC, then Traditional → Simplified Chinese; other scripts pass through."""
    return _t2s().convert(unicodedata.normalize("NFKC", text))


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
