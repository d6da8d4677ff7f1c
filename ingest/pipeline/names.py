"""Keys and comparison forms of names: slugs for new entities, arXiv paper keys."""

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_NON_WORD = re.compile(r"[\W_]+")


def slugify(*, name: str) -> str:
    """ "GPT-3.5" → "gpt-3-5"; accents folded; a name with no ASCII form keeps its own letters."""
    text = unicodedata.normalize("NFKC", name).strip()
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    folded = folded.replace("ß", "ss").lower()
    slug = _NON_SLUG.sub("-", folded).strip("-")
    if slug and len(slug) * 2 >= len(_NON_WORD.sub("", folded)):
        return slug
    return _NON_WORD.sub("-", text.lower()).strip("-")


_LETTERS_THEN_DIGIT = re.compile(r"(?<=[a-z]{2})(?=\d)")


def name_key(*, name: str) -> str:
    """The key of a name the lexicon does not know: its slug with a hyphen where a word meets a
    number, so spellings with and without one are one node across documents (InstructGPT001 and
    InstructGPT-001 → instructgpt-001, Foo 3.5 and Foo3.5 → foo-3-5); later parts stay as written (Int4)."""
    slug = slugify(name=name)
    head, sep, rest = slug.partition("-")  # the family part only: `chat-int4` keeps its tail as written
    return _LETTERS_THEN_DIGIT.sub("-", head) + sep + rest


def arxiv_key(*, arxiv_id: str) -> str:
    return f"arxiv:{arxiv_id}"


def arxiv_year(*, arxiv_id: str) -> int | None:
    match = re.match(r"(\d{2})(\d{2})\.", arxiv_id)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return 2000 + int(match.group(1))
