"""Loads the lexicon and rule data files once per process and checks them for conflicts."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

import yaml

LEXICON_DIR = Path(__file__).resolve().parent
DATA_DIR = LEXICON_DIR / "data"
LABEL_FILES = {
    "organizations.yaml": "Organization",
    "techniques.yaml": "Technique",
    "datasets.yaml": "Dataset",
    "models.yaml": "Model",
    "papers.yaml": "Paper",
}
# The C loader is several times faster; PyYAML builds without libyaml fall back to Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Fields that are identity, not descriptive attributes.
_IDENTITY = frozenset({"key", "name", "aliases"})


@dataclass(frozen=True)
class LexiconEntry:
    key: str
    label: str
    name: str
    aliases: tuple[str, ...]  # with the generated inflections the matcher needs
    attributes: Mapping[str, str | int | float]
    declared: tuple[str, ...] = ()  # the name and aliases as the data file writes them (for search)


@dataclass(frozen=True)
class Lexicon:
    entries: Mapping[str, LexiconEntry]
    problems: tuple[str, ...]  # duplicate keys, malformed entries: reported, never fatal


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return read_lexicon(data_dir=DATA_DIR)


def read_lexicon(*, data_dir: Path) -> Lexicon:
    entries: dict[str, LexiconEntry] = {}
    problems: list[str] = []
    for filename, label in LABEL_FILES.items():
        path = data_dir / filename
        if not path.exists():
            problems.append(f"{filename}: missing")
            continue
        for position, raw in enumerate(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or []):
            entry = _entry(raw=raw, label=label)
            if entry is None:
                problems.append(f"{filename}[{position}]: needs a key and a name")
            elif entry.key in entries:
                problems.append(f"{filename}: duplicate key {entry.key!r}")
            else:
                entries[entry.key] = entry
    return Lexicon(entries=MappingProxyType(entries), problems=tuple(problems))


def known_lexicon(*, names: tuple[tuple[str, str, str, tuple[str, ...]], ...]) -> Lexicon:
    """Entries for names the graph's curators gave, (key, label, name, aliases) each: read like the
    data files' entries (the same generated inflections), under the graph's key and label."""
    entries: dict[str, LexiconEntry] = {}
    for key, label, name, aliases in names:
        entry = _entry(raw={"key": key, "name": name, "aliases": list(aliases)}, label=label)
        if entry is not None:
            entries[entry.key] = entry
    return Lexicon(entries=MappingProxyType(entries), problems=())


def _entry(*, raw: object, label: str) -> LexiconEntry | None:
    if not isinstance(raw, dict) or not raw.get("key") or not raw.get("name"):
        return None
    name = str(raw["name"])
    aliases = [str(a) for a in raw.get("aliases") or [] if str(a).strip()]
    if name not in aliases:
        aliases.insert(0, name)
    declared = tuple(aliases)
    if label == "Organization":
        aliases += [form for alias in aliases for form in _german_university_forms(alias=alias)]
    aliases += [form for alias in aliases for form in _german_inflections(alias=alias)]
    aliases += [form for alias in aliases for form in _russian_inflections(alias=alias)]
    attributes = {k: v for k, v in raw.items() if k not in _IDENTITY and isinstance(v, str | int | float)}
    if label == "Paper" and attributes.get("arxiv_id"):
        arxiv_id = str(attributes["arxiv_id"])
        attributes.update(arxiv_id=arxiv_id, url=f"https://arxiv.org/abs/{arxiv_id}", title=name)
        if re.match(r"\d{2}(0[1-9]|1[0-2])\.", arxiv_id):
            attributes["year"] = 2000 + int(arxiv_id[:2])
    elif label == "Paper":
        attributes["title"] = name
    return LexiconEntry(
        key=str(raw["key"]),
        label=label,
        name=name,
        aliases=tuple(dict.fromkeys(aliases)),
        attributes=MappingProxyType(attributes),
        declared=declared,
    )


_UNIVERSITY_OF = re.compile(r"^(?:The )?(Technical )?University of ([^,]+)$")
_X_UNIVERSITY = re.compile(r"^([^,]+?) University$")


def _german_university_forms(*, alias: str) -> list[str]:
    """`University of Washington` → Universität Washington, Universität von Washington;
    `Stanford University` → Stanford-Universität, Universität Stanford (German articles and
    machine translations use all of these)."""
    match = _UNIVERSITY_OF.match(alias)
    if match:
        head = "Technische Universität" if match.group(1) else "Universität"
        return [f"{head} {match.group(2)}", f"{head} von {match.group(2)}"]
    match = _X_UNIVERSITY.match(alias)
    if match:
        return [f"{match.group(1)}-Universität", f"Universität {match.group(1)}"]
    return []


_ADJECTIVE_NOUN = re.compile(r"^([a-zäöüß]{3,}?)(?:e|es|er|en|em)\s+([A-ZÄÖÜ][\w-]+)$")


def _german_inflections(*, alias: str) -> list[str]:
    """`kontrastives Lernen` also as kontrastivem, kontrastiven … Lernen: a German adjective
    changes its ending with case and article (the matcher already allows a genitive -s)."""
    match = _ADJECTIVE_NOUN.match(alias)
    if not match:
        return []
    return [f"{match.group(1)}{ending} {match.group(2)}" for ending in ("e", "es", "er", "en", "em")]


# A Russian noun's ending changes with its case (дистилляция, дистилляции, дистилляцию, дистилляцией);
# the matcher allows a short ending after a Cyrillic name, so only nouns whose last vowel changes
# need their forms listed. Aliases that start with an adjective are left as written.
_RUSSIAN_CASES = (
    ("ция", ("ции", "цию", "цией")),
    ("ние", ("ния", "нию", "нием", "нии")),
    ("ие", ("ия", "ию", "ием", "ии")),
    ("ия", ("ии", "ию", "ией")),
    ("ка", ("ки", "ку", "кой", "ке")),
)


def _russian_inflections(*, alias: str) -> list[str]:
    """`дистилляция знаний` also as дистилляции знаний, дистилляцию знаний …: the first word is the
    noun (what follows it is a genitive, which does not change)."""
    head, _, rest = alias.partition(" ")
    if not re.fullmatch(r"[а-яё]{4,}", head):
        return []
    tail = f" {rest}" if rest else ""
    for ending, forms in _RUSSIAN_CASES:
        if head.endswith(ending):
            return [head[: -len(ending)] + form + tail for form in forms]
    return []


@cache
def load_rules(*, name: str) -> Mapping:
    """A rule file: `noise` → noise.yaml, anything else → cues/<name>.yaml."""
    path = LEXICON_DIR / "noise.yaml" if name == "noise" else LEXICON_DIR / "cues" / f"{name}.yaml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
