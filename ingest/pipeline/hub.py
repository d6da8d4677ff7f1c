"""Hugging Face repository ids (`org/name`, huggingface.co links) as model and dataset names."""

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.lexicon.loader import LexiconEntry, load_lexicon
from ingest.pipeline.found import Found
from ingest.pipeline.lexmatch import Matcher, match_key
from ingest.pipeline.markup import Markup
from ingest.pipeline.names import name_key, slugify

_HUB_URL = re.compile(r"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<path>[^\s?#)\]>\"'`]*)", re.IGNORECASE)
# First path parts of hub pages that are no repository (`papers` are read as arXiv ids).
_NOT_REPOS = frozenset(
    "models spaces papers docs blog learn join login pricing collections organizations settings tasks "
    "chat posts api new search enterprise changelog".split()
)
_TEXT_ID = re.compile(
    r"(?<![A-Za-z0-9_./:@\-])(?P<org>[A-Za-z0-9][A-Za-z0-9_.\-]{0,38}[A-Za-z0-9])"
    r"/(?P<name>[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}[A-Za-z0-9])(?![A-Za-z0-9_/\-]|\.[A-Za-z0-9])"
)
_SIZE = re.compile(r"(?i)(?<![a-z0-9])\d+(?:\.\d+)?[bm](?![a-z0-9])")
_DATASET_WORD = re.compile(r"(?i)data(?:set)?s?(?![a-z])|corpus|korpus|bench(?:mark)?(?![a-z])")
_MARKED = ("`", "**", "🤗", "__")


@dataclass(frozen=True)
class RepoId:
    """An `org/name` id; offsets into the text; `kind` is model or dataset."""

    org_start: int
    org_end: int
    name_start: int
    name_end: int
    kind: str


def text_repo_ids(*, text: str, markup: Markup, matcher: Matcher) -> list[RepoId]:
    """Ids written in prose: `LeoLM/leo-hessianai-7b`, 🤗 beomi/KoAlpaca. `A/B` is read as an id
    only with support (backticks, bold, a link to the hub, 🤗, a known lab, a size), and never
    when both `A` and `B` are known names (`BERT/RoBERTa`, `Google/DeepMind` are two names)."""
    hub_links = sorted((link.text_start, link.text_end, link.url) for link in markup.links if _HUB_URL.match(link.url))
    link_starts = [start for start, _, _ in hub_links]
    found = []
    for match in _TEXT_ID.finditer(markup.prose):
        org, name = text[match.start("org") : match.end("org")], text[match.start("name") : match.end("name")]
        org_entry = matcher.by_form.get(match_key(text=org))
        name_entry = matcher.by_form.get(match_key(text=name))
        if org_entry is not None and name_entry is not None:
            if org_entry.label != "Organization" or name_entry.label == "Organization":
                continue  # two names: GPT-3/GPT-4, Google/DeepMind (a lab's model is an id: databricks/dolly-v2)
        if not (_name_shaped(name=name) and re.search(r"[A-Za-z]", org)):
            continue
        at = bisect.bisect_right(link_starts, match.start()) - 1  # the link text it may stand in
        link = hub_links[at][2] if at >= 0 and match.end() <= hub_links[at][1] else None
        marked = text[max(0, match.start() - 3) : match.start()].rstrip().endswith(_MARKED)
        if not (link or marked or org_entry is not None or _SIZE.search(name)):
            continue
        kind = "dataset" if (link and "/datasets/" in link) or _DATASET_WORD.search(name) else "model"
        found.append(RepoId(match.start("org"), match.end("org"), match.start("name"), match.end("name"), kind))
    return found


def url_repo_ids(*, text: str, markup: Markup) -> Iterator[tuple[RepoId, tuple[int, int] | None]]:
    """Repository ids in hub URLs, each with the text span of the Markdown link it is in (if any)."""
    link_of = {link.text_end + 1: (link.text_start, link.text_end) for link in markup.links}
    for start, end in markup.urls:
        at = start + 1 if text.startswith("(", start) else start
        match = _HUB_URL.match(text, at, end)
        if not match:
            continue
        repo = _path_repo(text=text, start=match.start("path"), end=match.end("path"))
        if repo is not None:
            yield repo, link_of.get(start)


def _path_repo(*, text: str, start: int, end: int) -> RepoId | None:
    parts, offsets, position = [], [], start
    for part in text[start:end].split("/")[:3]:
        parts.append(part)
        offsets.append(position)
        position += len(part) + 1
    kind = "model"
    if parts and parts[0].lower() == "datasets":
        kind, parts, offsets = "dataset", parts[1:], offsets[1:]
    elif not parts or parts[0].lower() in _NOT_REPOS:
        return None
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return None
    name = parts[1].removesuffix(".git")
    return RepoId(offsets[0], offsets[0] + len(parts[0]), offsets[1], offsets[1] + len(name), kind)


def repo_mentions(*, text: str, repo: RepoId, matcher: Matcher, with_org: bool) -> list[Found]:
    """The model or dataset a repository id names (a lexicon entry when its name is one), and its
    organization when that is a known one."""
    name = text[repo.name_start : repo.name_end]
    entry = _entry_of(name=name, kind=repo.kind, matcher=matcher)
    org = matcher.by_form.get(match_key(text=text[repo.org_start : repo.org_end]))
    org_known = org is not None and org.label == "Organization"
    found = []
    if with_org and org_known:
        found.append(Found(repo.org_start, repo.org_end, org.key, org.label, org.name, "lexicon", 0.9, org.attributes))
    # Written in text, the whole id is how the model is named there, unless its account is a
    # name of its own (a known lab, or a model: `LeoLM/leo-hessianai-7b`).
    start = repo.org_start if with_org and org is None else repo.name_start
    if entry is not None and entry.label != "Organization":
        found.append(Found(start, repo.name_end, entry.key, entry.label, entry.name, "lexicon", 0.9, entry.attributes))
    elif entry is None:
        label = "Dataset" if repo.kind == "dataset" else "Model"
        name = _new_name(name=name, label=label)
        found.append(Found(start, repo.name_end, name_key(name=name), label, name, "open-vocabulary", 0.8))
    return found


def _entry_of(*, name: str, kind: str, matcher: Matcher) -> LexiconEntry | None:
    """The lexicon entry a repository names; a dataset repository named like a model
    (`datasets/tatsu-lab/alpaca`) is that model's data, not the model."""
    entry = matcher.by_form.get(match_key(text=name))
    if kind != "dataset" or entry is None or entry.label == "Dataset":
        return entry
    for word in ("dataset", "data"):
        data = matcher.by_form.get(match_key(text=f"{name} {word}"))
        if data is not None and data.label == "Dataset":
            return data
    return None


def _new_name(*, name: str, label: str) -> str:
    """A new dataset named like a known model or lab (`datasets/foo/gpt-4`) is `gpt-4 dataset`,
    so its key keeps apart from the model's."""
    known = load_lexicon().entries.get(slugify(name=name))
    return f"{name} {label.lower()}" if known is not None and known.label != label else name


def id_span(*, text: str, repo: RepoId, matcher: Matcher) -> tuple[int, int]:
    """What the lexicon must not read again: the whole id, or the name alone when the account
    is a known model (`LeoLM/…`: LeoLM stays a mention)."""
    org = matcher.by_form.get(match_key(text=text[repo.org_start : repo.org_end]))
    named = org is not None and org.label != "Organization"
    return (repo.name_start if named else repo.org_start), repo.name_end


def link_names_org(*, text: str, repo: RepoId, link: tuple[int, int]) -> bool:
    """`[Together](…/togethercomputer/…)`: link text that starts the repository's organization
    names that lab, not the model."""
    words = match_key(text=text[link[0] : link[1]])
    return len(words) >= 3 and match_key(text=text[repo.org_start : repo.org_end]).startswith(words)


def _name_shaped(*, name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    if len(name) < 3 or not letters:
        return False
    return bool(
        re.search(r"[\d\-]", name) or re.search(r"[a-z][A-Z]", name) or (letters.isupper() and len(letters) >= 3)
    )
