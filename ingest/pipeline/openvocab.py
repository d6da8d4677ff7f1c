"""Open-vocabulary model names: name shapes kept only with support, then found everywhere."""

import bisect
import itertools
import re
from dataclasses import dataclass

from ingest.pipeline.checkpoints import checkpoint_names, glued_size
from ingest.pipeline.datasetnames import dataset_names, table_dataset_names
from ingest.pipeline.found import Found
from ingest.pipeline.hub import link_names_org, repo_mentions, url_repo_ids
from ingest.pipeline.lexmatch import Matcher, match_key
from ingest.pipeline.markup import read_markup
from ingest.pipeline.names import name_key
from ingest.pipeline.recognize import OpenVocabulary, open_vocabulary
from ingest.pipeline.segment import Segmentation

_SIZE = re.compile(r"^\d+(?:\.\d+)?[BMKT]$|^\d+x\d+[BMK]$|^\d+(?:\.\d+)?[bm]$")
_NAME_COLON = re.compile(r"\s*[:：]")
_CAPITAL_PART = re.compile(r"[-.][A-Z]")  # Q-Transformer, Chain-of-Note, LCM-LoRA
_NAMED = re.compile(r"(\S+)\s+(?:namens|genannt|called|named|dubbed)\s+$|(\S{1,8})(?:称为|叫做|名为)\s*$")
# What a text calls a name: `X is a …`, `X ist eine …`, `X 是一种…`, and the apposition `X, a JAX framework`.
_COPULA = re.compile(
    r"\s*(?:\([^)]{0,60}\)\s*)?(?:(?:ist|is|are|was|wurde als)\s+|是\s*|,\s*(?=(?:an?|the|ein|eine|einem|einer)\s))"
    r"(?:ein|eine|einen|einem|einer|an?|the|一种|一个|一款|一套)?\s*((?:[\w-]+\s+){0,3}[\w-]+)"
)
_NAMING = re.compile(
    r"(?:\b(?:namens|genannt|called|named|dubbed)\s+|(?:称为|叫做|名为)\s*)[„“\"']?"
    r"(?P<name>[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)"
)
_CONTINUATION = re.compile(r"[ \u00a0](?P<word>[A-Z][a-z]{2,}(?:-[A-Za-z]+)?)(?![\w-])")
_WORD = re.compile(r"[^\W\d_][\w-]*")
_TEAM = re.compile(
    r"(?<![A-Za-z0-9-])(?:(?:[Tt]he|[Dd]as|[Dd]em|[Dd]es) )?"
    r"(?P<name>[A-Z][A-Za-z0-9]{2,}(?: [A-Z][A-Za-z0-9]{2,})?) ?(?:团队|團隊|[Tt]eam)(?![A-Za-z0-9-])"
)
_CAMEL = re.compile(r"(?<![\w-])(?P<head>[A-Z][a-z]{2,})[A-Z][a-z]{2,}(?![\w-])")
_SUFFIXED = re.compile(
    r"(?:-(?:[A-Z]{2,6}\d?|Chat|Instruct|[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]+(?=-\d)|\d+(?:\.\d+)?(?=$|[^\w.-]|\.\D)))+"
    r"(?![A-Za-z0-9_\-])"
)
# A hyphenated word after a known model name (`-Audio`, `-Math-7B`): a new model when the word is
# one of the lexicon's name parts (cues/open_vocabulary.yaml name_parts).
_NAME_PART = re.compile(
    r"-(?P<part>[A-Z][A-Za-z]{1,11}|[A-Z]{2,4})(?:-(?:\d+(?:\.\d+)?[BbMm]|[Vv]?\d+(?:\.\d+)?|[A-Z][A-Za-z]+))*"
    r"(?![A-Za-z0-9_\-])"
)
# How far past a known name a suffix is looked for: longer than any real one (`-Omni-1.5-Chat`).
# Both patterns repeat `-part` to the end of a hyphen chain, so unbounded they read the rest of
# `GPT-3-GPT-3-…` for every name in it: quadratic.
_SUFFIX_WINDOW = 80
_HEADING_NAME = re.compile(r"^[ØØ▶►■◆❖\s]*(?P<name>[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)(?![\w])")


def open_vocabulary_mentions(
    *, text: str, taken: list[Found], segmentation: Segmentation, matcher: Matcher, language: str
) -> list[Found]:
    """`text` is the case-preserved view with noise blanked; `taken` are lexicon and arXiv mentions.
    Code, URLs and file names are blanked first; hub links add the repositories they name."""
    markup = read_markup(text)
    found = _open_names(text=markup.masked, taken=taken, segmentation=segmentation, matcher=matcher, language=language)
    return found + _linked_repos(text=text, markup=markup, matcher=matcher, mentions=taken + found)


def _open_names(
    *, text: str, taken: list[Found], segmentation: Segmentation, matcher: Matcher, language: str
) -> list[Found]:
    rules = open_vocabulary()
    occupied = _Spans.of(taken)
    teams = dict(_teams(text=text, taken=taken, matcher=matcher))
    candidates = _candidates(
        text=text, rules=rules, taken=taken, segmentation=segmentation, matcher=matcher, language=language
    )
    # Names whose kind is known from how they were found: teams, dataset shapes, repository ids.
    kinds = {surface: "Dataset" for surface, _ in dataset_names(text=text, matcher=matcher)}
    for surface, _ in table_dataset_names(text=text, matcher=matcher):
        if surface not in candidates:  # a name found as a model another way stays a model
            kinds.setdefault(surface, "Dataset")
    kinds.update((f.name, f.label) for f in taken if f.source == "open-vocabulary")
    kinds.update((surface, "Organization") for surface in teams)
    for surface in kinds:
        candidates.setdefault(surface, 0.7)
    candidates.update(teams)
    found: list[Found] = []
    for surface, occurrences in _occurrences(text=text, surfaces=list(candidates)).items():
        confidence = candidates[surface]
        # A known name with a size the lexicon lists (`LLaMA-65B`) is that model; with any other
        # size (`GLM-137B` next to GLM-10B and GLM-130B) it may be a different model: a new one.
        entry = matcher.by_form.get(match_key(text=surface)) or transposed_known(surface=surface, matcher=matcher)
        if surface in kinds:
            label = kinds[surface]
        else:
            label = _component_label(surface=surface, matcher=matcher) or _label(
                text=text, occurrences=occurrences, rules=rules
            )
            if label is None:
                continue  # a library or toolkit: no label in the graph for software
        for match in occurrences:
            if occupied.cover(start=match.start(), end=match.end()):
                continue
            if entry is not None:
                found.append(
                    Found(
                        match.start(), match.end(), entry.key, entry.label, entry.name, "lexicon", 0.9, entry.attributes
                    )
                )
            else:
                key = name_key(name=surface)
                found.append(Found(match.start(), match.end(), key, label, surface, "open-vocabulary", confidence))
    return found


def transposed_known(*, surface: str, matcher: Matcher):
    """`GTP-3.5` for the known GPT-3.5: a name that is a known model's name with two neighbouring
    letters swapped is that model, when exactly one known model is that close (digits never swap:
    GPT-3.5 and GPT-5.3 are two models; other typos stay merge proposals)."""
    # The matcher's forms keep dots (gpt3.5); match_key drops them: try both.
    forms = {match_key(text=surface), "".join(ch for ch in surface.lower() if ch not in " -_\u00a0")}
    entries = {}
    for form in forms:
        for i in range(len(form) - 1):
            a, b = form[i], form[i + 1]
            if len(form) < 4 or a == b or not (a.isalpha() and b.isalpha()):
                continue
            entry = matcher.by_form.get(form[:i] + b + a + form[i + 2 :])
            if entry is not None and entry.label == "Model":
                entries[entry.key] = entry
    return next(iter(entries.values())) if len(entries) == 1 else None


def _occurrences(*, text: str, surfaces: list[str]) -> dict[str, list[re.Match]]:
    """Every mention of every candidate in one pass (longest first where two start together).
    Latin word boundaries only: Chinese text glues names to Han characters (FooLM-7B在…)."""
    if not surfaces:
        return {}
    alternatives = "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z0-9\-.])(?:{alternatives})(?![A-Za-z0-9\-]|\.\d)")
    found: dict[str, list[re.Match]] = {}
    for match in pattern.finditer(text):
        found.setdefault(match.group(0), []).append(match)
    return found


def _candidates(
    *, text: str, rules: OpenVocabulary, taken: list[Found], segmentation: Segmentation, matcher: Matcher, language: str
) -> dict[str, float]:
    """New model or technique names (surface → confidence) from every supported shape."""
    candidates: dict[str, float] = {}
    for source in (
        _shaped(text=text, rules=rules, matcher=matcher, segmentation=segmentation),
        checkpoint_names(text=text, rules=rules, matcher=matcher),
    ):
        for surface, confidence in source:
            candidates[surface] = max(confidence, candidates.get(surface, 0.0))
    for source in (
        _from_headings(text=text, rules=rules, taken=taken, segmentation=segmentation),
        _from_naming(text=text, rules=rules, taken=taken),
        _continued(text=text, rules=rules, taken=taken, language=language),
        _camel_on_known(text=text, rules=rules, matcher=matcher),
        _suffixed_known(text=text, rules=rules, taken=taken),
    ):
        for surface, confidence in source:
            candidates.setdefault(surface, confidence)
    return candidates


def _linked_repos(*, text: str, markup, matcher: Matcher, mentions: list[Found]) -> list[Found]:
    """A hub URL names its repository's model or dataset, unless the link's text already names
    a model or dataset (`[Falcon](…/falcon-40b)`: the text is the mention); link text that names
    the repository's lab (`[Together](…/togethercomputer/…)`) is that lab."""
    spans = _Spans.of([m for m in mentions if m.label != "Organization"])
    found = []
    for repo, link in url_repo_ids(text=text, markup=markup):
        if link is not None:
            if spans.any_within(start=link[0], end=link[1]):
                continue
            if link_names_org(text=text, repo=repo, link=link):
                found.extend(_org_link(text=text, repo=repo, link=link, matcher=matcher))
        found.extend(repo_mentions(text=text, repo=repo, matcher=matcher, with_org=False))
    return found


def _org_link(*, text: str, repo, link: tuple[int, int], matcher: Matcher) -> list[Found]:
    """`[Together](…/togethercomputer/…)`: the link text names the repository's lab, when known."""
    entry = matcher.by_form.get(match_key(text=text[repo.org_start : repo.org_end]))
    if entry is None or entry.label != "Organization":
        return []
    words = text[link[0] : link[1]].strip()
    start = text.index(words, link[0])
    return [Found(start, start + len(words), entry.key, entry.label, entry.name, "lexicon", 0.85, entry.attributes)]


def _teams(*, text: str, taken: list[Found], matcher: Matcher):
    """`Blueshift 团队`, `the Blueshift team`: an unknown capitalised name with a team word is a
    new organization (a known model's team, `Qwen 团队`, is not)."""
    starts = {f.start for f in taken}
    for match in _TEAM.finditer(text):
        name = match.group("name")
        if match.start("name") in starts or matcher.by_form.get(match_key(text=name)) is not None:
            continue
        yield text[match.start("name") : match.end()], 0.7


def _shaped(*, text: str, rules: OpenVocabulary, matcher: Matcher, segmentation: Segmentation):
    """(surface, confidence) for each supported name shape."""
    heading_text = " ".join(text[s.title_start : s.title_end] for s in segmentation.sections if s.heading)
    for match in rules.versioned.finditer(text):
        family = match.group("family")
        if family.lower() in rules.stop_prefixes or family.lower().rstrip("s") in rules.stop_prefixes:
            continue
        known = _known_model(name=family, matcher=matcher)
        if match.group("sep") == " " and (not known or len(re.sub(r"\D", "", match.group("version"))) > 2):
            continue  # `Llama 2`, not `ChatGPT 99.3`
        surface = match.group(0)
        if glued_size(family=family, sep=match.group("sep"), version=match.group("version"), matcher=matcher):
            continue  # `GPT-313B`: GPT-3 and a size written without a space
        suffix_parts = [p for p in re.split(r"[- ]", match.group("suffix")) if p]
        sized = bool(_SIZE.match(match.group("version"))) or any(_SIZE.match(p) for p in suffix_parts)
        # A known family, or a known versioned model with a variant added (DeepSeek-V2-Chat).
        base = family + match.group("sep") + match.group("version")
        support = 0.85 if known or (suffix_parts and _known_model(name=base, matcher=matcher)) else 0.0
        if sized:
            support = max(support, 0.75)
        if _model_word_near(text=text, start=match.start(), end=match.end(), rules=rules):
            support = max(support, 0.7)
        if surface in heading_text:
            support = max(support, 0.7)
        if support and not (family.isupper() and len(family) <= 2 and not known):
            yield surface, support
    for match in rules.compound.finditer(text):
        if match.group("family").lower() not in rules.stop_prefixes:
            yield match.group(0), 0.8


def _from_headings(*, text: str, rules: OpenVocabulary, taken: list[Found], segmentation: Segmentation):
    """A heading that starts with an unknown name-shaped token, under a heading or in a section
    that talks about models, names a model."""
    spans = [(f.start, f.end) for f in taken]
    for section in segmentation.sections:
        if section.heading is None:
            continue
        title = text[section.title_start : section.title_end]
        match = _HEADING_NAME.match(title)
        if not match:
            continue
        start, end = section.title_start + match.start("name"), section.title_start + match.end()
        if any(a <= start and end <= b for a, b in spans):
            continue  # a known name; a longer new one (LCM-LoRA around LoRA) wins the overlap later
        name = match.group("name")
        if name.lower() in rules.heading_stop or name.lower() in rules.stop_prefixes:
            continue
        # `Chain-of-Note: <paper title>` heading a reading-list entry with a paper line names
        # what the paper introduces; other headings need a model word nearby.
        entry = _NAME_COLON.match(title, match.end()) and _has_paper_line(section=section, segmentation=segmentation)
        if entry and (_name_shaped(name=name) or _CAPITAL_PART.search(name)):
            yield name, 0.7
        elif _name_shaped(name=name) and _models_context(
            text=text, section=section, segmentation=segmentation, rules=rules
        ):
            yield name, 0.65


def _from_naming(*, text: str, rules: OpenVocabulary, taken: list[Found]):
    """`a method called Self-Refine`, `ein Modell namens ReSTEM`, `称为 HyDE`: a name-shaped word
    right after a naming word is a new name."""
    spans = [(f.start, f.end) for f in taken]
    for match in _NAMING.finditer(text):
        name = match.group("name").rstrip(".-")
        start = match.start("name")
        if name.lower() in rules.stop_prefixes or any(a <= start < b for a, b in spans):
            continue
        if _name_shaped(name=name) or _CAPITAL_PART.search(name):
            yield name, 0.7


def _continued(*, text: str, rules: OpenVocabulary, taken: list[Found], language: str):
    """`Llama Guard`, `Claude Instant`: a known model name and a capitalised word after it name a
    new model. Not in Title Case lines (`Mistral Outperforms Llama`); in German, where every
    noun is capitalised, only with a model word nearby."""
    starts = {f.start for f in taken}
    for found in taken:
        if found.label != "Model":
            continue
        match = _CONTINUATION.match(text, found.end)
        if not match or match.start("word") in starts or match.group("word").lower() in rules.continuation_stop:
            continue
        if _title_case_line(text=text, at=found.start):
            continue
        after = text[match.end() : match.end() + rules.technique_window]
        if language == "de" and not (match.group("word").isascii() and rules.model_words.search(after)):
            continue
        yield text[found.start : match.end()], 0.75


def _camel_on_known(*, text: str, rules: OpenVocabulary, matcher: Matcher):
    """`GopherCite`, `MistralLite`: a known model's name glued to a capitalised word is a new model."""
    for match in _CAMEL.finditer(text):
        head, rest = match.group("head"), match.group(0)[len(match.group("head")) :]
        if rest.lower() in rules.continuation_stop or not _known_model(name=head, matcher=matcher):
            continue
        if matcher.by_form.get(match_key(text=match.group(0))) is None:
            yield match.group(0), 0.75


def _suffixed_known(*, text: str, rules: OpenVocabulary, taken: list[Found]):
    """`MSRVTT-QA`, `LLaVA-MoD`, `Baichuan-Omni-1.5`, `Qwen-VL-Chat`: a known model or dataset name
    with an acronym, a name of its own, a chat variant or a named version after a hyphen is a new
    name of the same kind (a plain word ends it: `BERT-Modell`, `GPT-3-based`)."""
    for found in taken:
        if found.label not in ("Model", "Dataset") or found.source != "lexicon":
            continue
        match = _suffix_match(pattern=_SUFFIXED, text=text, at=found.end)
        if not match or not re.search(r"[A-Za-z]", match.group(0)):
            match = _suffix_match(pattern=_NAME_PART, text=text, at=found.end) if found.label == "Model" else None
            if match and match.group("part").lower() in rules.name_parts:
                yield text[found.start : match.end()], 0.75  # Qwen2-Audio, Llama-Guard-2
            continue
        parts = [part.lower() for part in match.group(0).split("-")]
        if not any(part in rules.continuation_stop and part not in rules.fine_tune_words for part in parts):
            yield text[found.start : match.end()], 0.75


def _suffix_match(*, pattern: re.Pattern, text: str, at: int) -> re.Match | None:
    """The pattern's match at `at` within _SUFFIX_WINDOW characters; a chain running past the window
    is no name's suffix (the window's edge would pass the pattern's end-of-name lookahead)."""
    end = min(len(text), at + _SUFFIX_WINDOW)
    match = pattern.match(text, at, end)
    return None if match is None or (match.end() == end < len(text)) else match


def _title_case_line(*, text: str, at: int) -> bool:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    words = _WORD.findall(text[start : end if end >= 0 else len(text)])
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _has_paper_line(*, section, segmentation: Segmentation) -> bool:
    return any(u.section == section.index and u.kind == "kv" and u.role == "paper" for u in segmentation.units)


def _component_label(*, surface: str, matcher: Matcher) -> str | None:
    """A new name built on a known one takes its kind from the last known part: LCM-LoRA and
    Q-Transformer are techniques like LoRA and the Transformer, Llama Guard a model like Llama.
    A name with a size is a checkpoint whatever its tail (Qwen-7B-Chat-Int4 is no Int4 method)."""
    parts = re.split(r"[-\s]+", surface)
    if any(_SIZE.match(part) for part in parts[1:]):
        return "Model"
    name_parts = open_vocabulary().name_parts
    if len(parts) > 1 and parts[-1].lower() in name_parts and _known_model(name=parts[0], matcher=matcher):
        return "Model"  # Qwen2-Math is a model like Qwen2, not the MATH dataset
    for part in reversed(parts):
        entry = matcher.by_form.get(match_key(text=part)) if len(part) > 1 else None
        if entry is not None and entry.label in ("Model", "Technique", "Dataset"):
            return entry.label
    return None


def _label(*, text: str, occurrences: list[re.Match], rules: OpenVocabulary) -> str | None:
    """Technique when method words outnumber model words around the name's mentions; None (no
    entity) when software words (library, toolkit) outnumber both."""
    methods = models = software = 0
    for match in occurrences:
        around = text[max(0, match.start() - rules.technique_window) : match.start()]
        around += " " + text[match.end() : match.end() + rules.technique_window]
        methods += len(rules.technique_words.findall(around))
        models += len(rules.model_words.findall(around))
        software += len(rules.software_words.findall(around))
        # What the text calls it counts most: `eine Methode namens X`, `X is a method that …`.
        named = _NAMED.search(text, max(0, match.start() - 60), match.start())
        copula = _COPULA.match(text, match.end())
        for phrase in ((named.group(1) or named.group(2)) if named else "", copula.group(1) if copula else ""):
            head = _head_cue(phrase=phrase, rules=rules)
            methods += 3 * (head == "method")
            models += 3 * (head == "model")
            software += 3 * (head == "software")
    if software > max(methods, models):
        return None
    return "Technique" if methods > models else "Model"


def _head_cue(*, phrase: str, rules: OpenVocabulary) -> str | None:
    """Which kind of word heads what the text calls a name: the first cue where words are spaced
    (`a JAX framework for training language models`, `ein Framework für Sprachmodelle`), the last
    where they are not (`用于训练大语言模型的框架`: the head noun ends the phrase)."""
    cues = [
        (m.start(), kind)
        for kind, pattern in (
            ("method", rules.technique_words),
            ("model", rules.model_words),
            ("software", rules.software_words),
        )
        for m in pattern.finditer(phrase)
    ]
    if not cues:
        return None
    cues.sort()
    return cues[0][1] if " " in phrase.strip() else cues[-1][1]


def _name_shaped(*, name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    if len(name) < 3 or not letters:
        return False
    internal_capital = bool(re.search(r"[a-z][A-Z]", name))
    return bool(re.search(r"\d", name)) or internal_capital or (letters.isupper() and len(letters) >= 3)


def _models_context(*, text: str, section, segmentation: Segmentation, rules: OpenVocabulary) -> bool:
    parent = segmentation.sections[section.parent] if section.parent is not None else None
    around = text[section.title_start : section.title_end]
    if parent is not None and parent.heading is not None:
        around += " " + text[parent.title_start : parent.title_end]
    body = [u for u in segmentation.units if u.section == section.index and u.kind != "heading"][:2]
    around += " " + " ".join(text[u.start : u.end] for u in body)
    return bool(rules.model_words.search(around))


def _known_model(*, name: str, matcher: Matcher) -> bool:
    entry = matcher.by_form.get(match_key(text=name))
    return entry is not None and entry.label == "Model"


def _model_word_near(*, text: str, start: int, end: int, rules: OpenVocabulary) -> bool:
    window = text[max(0, start - rules.window) : start] + " " + text[end : end + rules.window]
    return bool(rules.model_words.search(window))


@dataclass(frozen=True)
class _Spans:
    """Taken spans by start, with the furthest end reached so far: a lookup is a bisection, so a long
    document's many occurrences no longer each scan every taken span (that was quadratic)."""

    starts: tuple[int, ...]
    reach: tuple[int, ...]

    @classmethod
    def of(cls, found: list[Found]) -> "_Spans":
        pairs = sorted((f.start, f.end) for f in found)
        return cls(starts=tuple(a for a, _ in pairs), reach=tuple(itertools.accumulate((b for _, b in pairs), max)))

    def any_within(self, *, start: int, end: int) -> bool:
        """Whether a taken span starts in [start, end) (and so lies in or across it)."""
        at = bisect.bisect_left(self.starts, start)
        return at < len(self.starts) and self.starts[at] < end

    def cover(self, *, start: int, end: int) -> bool:
        """Whether one taken span holds all of [start, end)."""
        at = bisect.bisect_right(self.starts, start)
        return at > 0 and self.reach[at - 1] >= end
