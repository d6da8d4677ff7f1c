"""Format and uniqueness checks for the lexicon data files in ingest/lexicon/data."""

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import opencc
import pytest
import yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "ingest" / "lexicon" / "data"

# Per file: the fields every entry must have, the optional ones, and allowed values.
SCHEMAS: dict[str, dict] = {
    "organizations.yaml": {
        "required": {"key", "name", "kind", "aliases"},
        "optional": {"country"},
        "enums": {"kind": {"company", "lab", "university", "nonprofit"}},
    },
    "techniques.yaml": {
        "required": {"key", "name", "category", "aliases"},
        "optional": set(),
        "enums": {
            "category": {
                "architecture",
                "training",
                "post-training",
                "inference",
                "prompting",
                "tokenization",
                "data",
            }
        },
    },
    "datasets.yaml": {
        "required": {"key", "name", "aliases"},
        "optional": set(),
        "enums": {},
    },
    "models.yaml": {
        "required": {"key", "name", "aliases"},
        "optional": {"architecture"},
        "enums": {"architecture": {"encoder", "decoder", "encoder-decoder"}},
    },
    "papers.yaml": {
        "required": {"key", "name", "aliases"},
        "optional": {"arxiv_id", "url"},
        "enums": {},
    },
}

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$|^arxiv:\d{4}\.\d{4,5}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
# Generic words that would match almost every article; never valid aliases.
GENERIC_ALIASES = {
    "attention",
    "model",
    "models",
    "language model",
    "large language model",
    "transformer model",
    "dataset",
    "benchmark",
    "training",
    "fine-tuning",
    "pre-training",
    "模型",
    "大模型",
    "语言模型",
    "大语言模型",
    "注意力",
    "数据集",
    "训练",
    "微调",
    "预训练",
    # Ordinary English/German words that equal a name when case-folded; use a longer form.
    "mit",
    "hit",
    "zero",
    "react",
    "reflexion",
    "drop",
    "race",
    "math",
    "roots",
    "helm",
    "clue",
    "command",
    "solar",
    "apps",
    "ling",
    "phi",
    "yi",
    "fair",
    "moonshot",
    "字节",
}

_T2S = opencc.OpenCC("t2s")


def _normalize(alias: str) -> str:
    """Mirror the matcher: NFKC, zh-Hant -> zh-Hans, case-folded, spaces collapsed."""
    text = _T2S.convert(unicodedata.normalize("NFKC", alias))
    return " ".join(text.casefold().split())


def _squash(alias: str) -> str:
    """A stricter form that also ignores spaces, hyphens, dots and middle dots."""
    return re.sub(r"[\s\-_.·・]", "", _normalize(alias))


def _load(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


ENTRIES: dict[str, list[dict]] = {name: _load(name) for name in SCHEMAS}


def _all_entries() -> list[tuple[str, dict]]:
    return [(name, entry) for name, entries in ENTRIES.items() for entry in entries]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_file_is_a_nonempty_list_of_mappings(name: str) -> None:
    entries = ENTRIES[name]
    assert isinstance(entries, list) and entries
    assert all(isinstance(entry, dict) for entry in entries)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_entries_follow_the_schema(name: str) -> None:
    schema = SCHEMAS[name]
    problems = []
    for entry in ENTRIES[name]:
        fields = set(entry)
        if not schema["required"] <= fields:
            problems.append((entry.get("key"), "missing", schema["required"] - fields))
        extra = fields - schema["required"] - schema["optional"]
        if extra:
            problems.append((entry.get("key"), "unknown fields", extra))
        for field, allowed in schema["enums"].items():
            if field in entry and entry[field] not in allowed:
                problems.append((entry.get("key"), field, entry[field]))
        if "country" in entry and not COUNTRY_RE.match(str(entry["country"])):
            problems.append((entry.get("key"), "country", entry["country"]))
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problems.append((entry.get("key"), "name", entry.get("name")))
    assert problems == []


def test_keys_are_slugs_and_unique_across_files() -> None:
    seen: dict[str, str] = {}
    problems = []
    for name, entry in _all_entries():
        key = entry.get("key")
        if not isinstance(key, str) or not KEY_RE.match(key):
            problems.append((name, key, "not a slug"))
        elif key in seen:
            problems.append((name, key, f"also in {seen[key]}"))
        else:
            seen[key] = name
    assert problems == []


def test_papers_with_an_arxiv_id_are_keyed_by_it() -> None:
    """One node per paper whatever the language: `arxiv:<id>` (no version) is the key of a paper
    with an arXiv id, and a paper's English title is its name."""
    problems = []
    for entry in ENTRIES["papers.yaml"]:
        arxiv_id = entry.get("arxiv_id")
        if arxiv_id is not None and (not isinstance(arxiv_id, str) or entry["key"] != f"arxiv:{arxiv_id}"):
            problems.append((entry["key"], arxiv_id))
        if arxiv_id is None and entry["key"].startswith("arxiv:"):
            problems.append((entry["key"], "arxiv key without arxiv_id"))
        if not entry["name"].isascii():
            problems.append((entry["key"], "name is not an English title"))
    assert problems == []


def test_aliases_are_well_formed() -> None:
    problems = []
    for _, entry in _all_entries():
        aliases = entry.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            problems.append((entry.get("key"), "aliases must be a non-empty list"))
            continue
        if any(not isinstance(alias, str) or alias != alias.strip() for alias in aliases):
            problems.append((entry.get("key"), "alias not a trimmed string"))
            continue
        if len(aliases) != len(set(aliases)):
            problems.append((entry.get("key"), "repeated alias"))
        normalized = {_normalize(alias) for alias in aliases}
        if _normalize(entry["name"]) not in normalized:
            problems.append((entry.get("key"), "name missing from aliases"))
        for alias in aliases:
            if _normalize(alias) in GENERIC_ALIASES and not _acronym(alias):
                problems.append((entry.get("key"), f"generic alias {alias!r}"))
            if _too_short(alias):
                problems.append((entry.get("key"), f"too short {alias!r}"))
    assert problems == []


def _acronym(alias: str) -> bool:
    """All capitals, letters only, 3+ long: the matcher requires capitals for these (FAIR)."""
    return alias.isascii() and alias.isalpha() and alias.isupper() and len(alias) >= 3


def _too_short(alias: str) -> bool:
    """Latin aliases need 3 characters, or 2 with a digit (T5, C4); CJK needs 2."""
    if alias.isascii():
        return len(alias) < 2 or (len(alias) == 2 and not any(c.isdigit() for c in alias))
    return len(alias) < 2


@pytest.mark.parametrize("form", [_normalize, _squash], ids=["normalized", "squashed"])
def test_no_alias_maps_to_two_keys(form) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for _, entry in _all_entries():
        for alias in entry["aliases"]:
            owners[form(alias)].add(entry["key"])
    clashes = {alias: sorted(keys) for alias, keys in owners.items() if len(keys) > 1}
    assert clashes == {}


_SIZE = re.compile(r"(?i)(?<![a-z0-9.])\d+(?:\.\d+)?[bm](?![a-z0-9])|\d+x\d+b")
_VERSION_TAG = re.compile(r"(?i)(?<![a-z0-9])v\d+(?:\.\d+)+")


def test_no_sized_checkpoint_collapses_into_a_family_variant() -> None:
    """`Qwen-7B-Chat` is its own model, not `Qwen-Chat`; `Mistral-7B-Instruct-v0.2` is not
    `Mistral-7B-Instruct` (cues/open_vocabulary.yaml explains the policy): an alias with a size
    followed by a variant tail, or with a version tag, must carry the entry name's own size or tag."""
    problems = []
    for entry in ENTRIES["models.yaml"]:
        name = _squash(entry["name"])
        for alias in entry["aliases"]:
            size = _SIZE.search(alias)
            if size and alias[size.end() :].strip(" -") and _squash(size.group(0)) not in name:
                problems.append((entry["key"], alias))
            tag = _VERSION_TAG.search(alias)
            if tag and _squash(tag.group(0)).lstrip("v") not in name:
                problems.append((entry["key"], alias))
    assert problems == []
