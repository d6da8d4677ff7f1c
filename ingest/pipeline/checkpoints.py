"""Checkpoint names: a family, a size and the tails that make it its own model (Qwen-7B-Chat-Int4)."""

import re
from collections.abc import Iterator

from ingest.pipeline.found import Found
from ingest.pipeline.lexmatch import Matcher, match_key
from ingest.pipeline.names import name_key

# Hyphen-joined parts (`12.8B` and `v1.1b` are one part each), optionally a spaced version tag
# (`Qwen-7B v1.1`). Latin boundaries only: names are glued to CJK, kana and Hangul text.
_CHAIN = re.compile(
    r"(?<![A-Za-z0-9_.\-/@])[A-Za-z][A-Za-z0-9]*(?:\.\d+[A-Za-z0-9]*)*(?:-[A-Za-z0-9]+(?:\.\d+[A-Za-z0-9]*)*)+"
    r"(?: [Vv]\d+(?:\.\d+)*[a-z]?)?(?![A-Za-z0-9_\-/]|\.\d)"
)
_SIZE = re.compile(r"\d+(?:\.\d+)?[BbMm]|\d+x\d+[Bb]")
_TAIL = re.compile(
    r"\d+(?:\.\d+)?[BbMmKk]|\d+x\d+[Bb]"  # another size or a context length (8k, 32K)
    r"|[Vv]\d+(?:\.\d+)*[a-z]?"  # a version tag
    r"|\d+[A-Za-z0-9]*"  # 7b1, 4bit
    r"|[A-Za-z]+\d[A-Za-z0-9]*"  # Int4, fp16, GPT4
    r"|[A-Z][a-z]*[A-Z][A-Za-z0-9]*"  # a name of its own: OpenOrca, LoRA, IT
)


def checkpoint_names(*, text: str, rules, matcher: Matcher) -> Iterator[tuple[str, float]]:
    """(surface, confidence) for each sized chain: `leo-hessianai-7b`, `Qwen-7B-Chat-Int4`,
    `Mistral-7B-Instruct-v0.2`, `KoAlpaca-Polyglot-12.8B-v1.1b`. Tails are kept only while they
    are variant words, sizes, versions or names of their own; a plain word ends the name
    (`LLaMA-7B-Gewichte` is LLaMA-7B, `GPT-3-like` is GPT-3)."""
    for match in _CHAIN.finditer(text):
        surface, spaced = match.group(0), ""
        if " " in surface:
            surface, spaced = surface.split(" ", 1)
        parts = surface.split("-")
        size_at = next((i for i, part in enumerate(parts) if i and _SIZE.fullmatch(part)), None)
        if size_at is None or parts[0].lower() in rules.stop_prefixes:
            continue
        kept = size_at + 1
        while kept < len(parts) and _tail(part=parts[kept], rules=rules):
            kept += 1
        name = "-".join(parts[:kept])
        if kept == len(parts) and spaced:
            name += " " + spaced
        if kept == size_at + 1 and size_at == 1 and parts[0].isupper() and len(parts[0]) <= 2:
            continue  # `FP-16B`, `H-100B`: too short to be a family
        if size_at == 1 and glued_size(family=parts[0], sep="-", version=parts[1], matcher=matcher):
            continue
        known = matcher.by_form.get(match_key(text="-".join(parts[:size_at])))
        yield name, 0.85 if known is not None and known.label == "Model" else 0.75


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def glued_size(*, family: str, sep: str, version: str, matcher: Matcher) -> bool:
    """`GPT-313B` is `GPT-3 13B` with the space lost, not a model: the family with the first digits
    is a known model under its own name (GPT-3), the rest is a size, and the lexicon does not know
    the whole (LLaMA-13B is a known checkpoint, not LLaMA-1 with 3B)."""
    if matcher.by_form.get(match_key(text=family + sep + version)) is not None:
        return False
    for cut in range(1, len(version) - 1):
        head, rest = version[:cut], version[cut:]
        if not _NUMBER.fullmatch(head) or not rest[0].isdigit() or not _SIZE.fullmatch(rest):
            continue
        entry = matcher.by_form.get(match_key(text=family + sep + head))
        if entry is not None and entry.label == "Model" and match_key(text=entry.name) == match_key(text=family + head):
            return True
    return False


def _tail(*, part: str, rules) -> bool:
    return part.lower() in rules.tail_words or bool(_TAIL.fullmatch(part))


_SIZE_PART = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?[BbMm](?![A-Za-z0-9])")


def own_checkpoints(*, text: str, taken: list[Found], opened: list[Found], tuned: frozenset[str]) -> list[Found]:
    """A family's size the lexicon lists (`Qwen-7B`) is the family in a text that lists sizes, but
    its own model in a text that names a chat or instruction-tuned checkpoint of that very size
    (`Qwen-7B-Chat`): there the text treats the sized checkpoint as a thing of its own, the node
    between the family and its tuned variant (cues/open_vocabulary.yaml fine_tune_words). `text` is the case-preserved view; returns `taken` with those mentions rekeyed."""
    starts = tuple(sorted(tuned))
    longer = [match_key(text=f.name) for f in opened if f.label == "Model"]
    rekeyed: dict[str, tuple[str, str]] = {}
    result = []
    for found in taken:
        surface = " ".join(text[found.start : found.end].split())
        if found.source != "lexicon" or found.label != "Model" or _SIZE_PART.search(found.name):
            result.append(found)
            continue
        if not _SIZE_PART.search(surface) or surface.lower() == found.name.lower():
            result.append(found)
            continue
        form = match_key(text=surface)
        if form not in rekeyed and any(
            other.startswith(form) and other[len(form) :].startswith(starts) for other in longer
        ):
            rekeyed[form] = (name_key(name=surface), surface)
        if form in rekeyed:
            key, name = rekeyed[form]
            found = Found(found.start, found.end, key, "Model", name, "open-vocabulary", 0.85, {})
        result.append(found)
    return result
