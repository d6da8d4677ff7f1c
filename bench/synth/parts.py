"""Building blocks of the synthetic hub: names, power-law picks, documents with exact offsets, node rows."""

import bisect
import functools
import hashlib
import json
import random
import re
from dataclasses import dataclass, field

from bench.synth.vocab import EXTRACTOR_VERSION, PLACEHOLDER, SYLLABLES
from kg.text import search_text
from kg.vocabulary import Label, RelType


@dataclass(frozen=True)
class Chunk:
    """One unit of bulk writes; every key it references exists once the chunks before it are written."""

    entities: dict[Label, list[dict]] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)
    relations: dict[RelType, list[dict]] = field(default_factory=dict)
    attribute_claims: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    models: int = 0


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")


def syllable_name(index: int, *, length: int) -> tuple[str, str]:
    """A unique pronounceable name for `index` (mixed radix over the syllables) and its Chinese form."""
    parts = []
    for _ in range(length):
        index, digit = divmod(index, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    latin = "".join(p[0] for p in parts)
    return latin.capitalize(), "".join(p[1] for p in parts)


def zipf_cumulative(count: int, *, offset: float, exponent: float) -> list[float]:
    """Cumulative weights of a shifted power law: a few entries get most picks, as on a real hub."""
    total, cumulative = 0.0, []
    for rank in range(count):
        total += 1.0 / (rank + offset) ** exponent
        cumulative.append(total)
    return cumulative


def pick(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect_left(cumulative, rng.random() * cumulative[-1])


@functools.cache
def _template_parts(template: str) -> tuple[str, ...]:
    return tuple(part for part in PLACEHOLDER.split(template) if part)


@dataclass
class Doc:
    """A synthetic document under construction: text, and where each entity was mentioned."""

    key: str
    language: str
    title: str
    lines: list[str] = field(default_factory=list)
    length: int = 0
    mentions: dict[str, dict] = field(default_factory=dict)

    def mention(self, key: str, surface: str, start: int) -> None:
        entry = self.mentions.setdefault(key, {"key": key, "document": self.key, "spans": [], "aliases": {}})
        entry["spans"] += [start, start + len(surface)]
        entry["aliases"][surface] = None

    def line(self, template: str, values: dict[str, tuple[str | None, str]]) -> tuple[int, int, str]:
        """Append a sentence; each placeholder is (entity key or None, surface); returns its offsets."""
        start = self.length
        text = []
        for part in _template_parts(template):
            if part in ("{s}", "{o}", "{v}"):
                key, surface = values[part[1]]
                if key is not None:
                    self.mention(key, surface, start + sum(map(len, text)))
                text.append(surface)
            else:
                text.append(part)
        sentence = "".join(text)
        self._append(sentence)
        return start, start + len(sentence), sentence

    def heading(self, key: str, aliases: list[str]) -> None:
        """A line naming an entity by all its aliases, so its mention aliases are its aliases."""
        start = self.length
        parts = []
        for alias in aliases:
            offset = start + sum(len(p) + 3 for p in parts)
            self.mention(key, alias, offset)
            parts.append(alias)
        self._append(" / ".join(parts))

    def _append(self, sentence: str) -> None:
        self.lines.append(sentence)
        self.length += len(sentence) + 1  # the newline that joins lines

    def finish(self) -> tuple[dict, list[dict]]:
        text = "\n".join(self.lines)
        props = {
            "key": self.key,
            "title": self.title,
            "language": self.language,
            "text": text,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "chars": len(text),
            "encoding": "utf-8",
            "script": "Hans" if self.language == "zh-Hans" else "Latn",
            "supported": True,
            "extractor_version": EXTRACTOR_VERSION,
            "report": json.dumps({"synthetic": True, "lines": len(self.lines)}),
        }
        mentions = [
            {"key": m["key"], "document": self.key, "spans": m["spans"], "aliases": list(m["aliases"])}
            for m in self.mentions.values()
        ]
        for m in mentions:
            m["count"] = len(m["spans"]) // 2
        return props, mentions


def add_months(released: str, months: int) -> str:
    year, month = (int(part) for part in released.split("-"))
    total = min(year * 12 + month - 1 + months, 2026 * 12 + 11)
    return f"{total // 12}-{total % 12 + 1:02d}"


def billions(size: float) -> str:
    return f"{size:g}"


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if number == 0:
            return text


@dataclass
class Registry:
    """What later entities need to know about earlier ones: keys, surfaces per language, lineage state."""

    keys: list[str] = field(default_factory=list)
    zh: list[str | None] = field(default_factory=list)
    de: list[str | None] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def add(self, key: str, name: str, zh: str | None, de: str | None) -> int:
        self.keys.append(key)
        self.names.append(name)
        self.zh.append(zh)
        self.de.append(de)
        return len(self.keys) - 1

    def ref(self, index: int, language: str) -> tuple[str, str]:
        """(key, surface) of an entity as a document in `language` would name it."""
        localized = self.zh[index] if language == "zh-Hans" else self.de[index] if language == "de" else None
        return self.keys[index], localized or self.names[index]

    def aliases(self, index: int) -> list[str]:
        return [a for a in (self.names[index], self.zh[index], self.de[index]) if a]


def entity_row(*, key: str, name: str, aliases: list[str], attributes: dict, claimed: tuple[str, ...] = ()) -> dict:
    """Node properties as the loader's sync leaves them: aliases and the full-text field derived from them."""
    aliases = list(dict.fromkeys([name, *aliases]))
    return {
        "key": key,
        "name": name,
        "aliases": aliases,
        "search_text": search_text(aliases),
        "curated": False,
        "curated_aliases": [],
        "claimed_attributes": sorted(claimed),
        **attributes,
    }
