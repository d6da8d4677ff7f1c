"""Per-language lexicons (ingest/lexicon/languages/<code>.yaml) compiled into the regexes the
relation engine reads clauses with: triggers per relation group, markers, negation, hedges."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.lexicon.loader import LEXICON_DIR
from ingest.pipeline.view import to_simplified, without_marks
from kg.vocabulary import LineageKind

LANGUAGES_DIR = LEXICON_DIR / "languages"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Relation groups a trigger may belong to, and the relation types each gives by the object's
# label, tried in order (the first the ontology allows for the subject's label wins).
GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "fine_tuned": {"Model": ("FINE_TUNES",), "Dataset": ("TRAINED_ON",), "Technique": ("USES",)},
    "continued": {"Model": ("FINE_TUNES",), "Dataset": ("TRAINED_ON",)},
    # A method based on a technique uses it; only `derived` words make a technique's descendant.
    "based_on": {"Model": ("DERIVED_FROM",), "Technique": ("USES", "DERIVED_FROM")},
    "derived": {"Model": ("DERIVED_FROM",), "Technique": ("DERIVED_FROM",)},
    "distilled": {"Model": ("DISTILLED_FROM",), "Dataset": ("TRAINED_ON",)},
    "quantized": {"Model": ("DERIVED_FROM",), "Technique": ("USES",)},
    "trained_on": {"Dataset": ("TRAINED_ON",), "Technique": ("USES",)},
    "developed_by": {"Organization": ("DEVELOPED_BY", "PUBLISHED_BY")},
    "introduced_in": {"Paper": ("INTRODUCED_IN",)},
    # Proposing verbs: with no paper named, what is proposed was introduced in the section's paper.
    "proposed": {"Paper": ("INTRODUCED_IN",)},
    "uses": {"Technique": ("USES",), "Dataset": ("TRAINED_ON",)},
    # Nouns for the parent's role (base model, teacher, predecessor): the name they belong to is
    # the child (X's base model is Y), see INVERTED.
    "base_of": {"Model": ("FINE_TUNES",)},
    "teacher_of": {"Model": ("DISTILLED_FROM",)},
    "predecessor_of": {"Model": ("DERIVED_FROM",), "Technique": ("DERIVED_FROM",)},
}
INVERTED = frozenset({"base_of", "teacher_of", "predecessor_of"})
# Groups that say how the child came from its parent (kg.vocabulary.LineageKind). Each refines
# the group it names: it reads and relates the same way (object, subject, relation types), and
# the lineage edge it gives carries the kind. A word says a kind only where the language says
# it (a successor, a replica, the same architecture, instruction-tuned): a plain `derived` or
# `fine_tuned` word says none.
REFINES: dict[str, str] = {
    "successor": "derived",  # the next model of a series, trained anew: follow-up, improved version
    "reimplementation": "derived",  # a replica trained from scratch: reproduction, 复刻版
    "same_architecture": "derived",  # the same architecture as X, its own weights
    "merged": "derived",  # a merge of X and Y
    "instruction_tuned": "fine_tuned",
    "chat_tuned": "fine_tuned",
    "rlhf": "fine_tuned",
    "adapter": "fine_tuned",  # LoRA, adapters
    # Derived out of X, gave rise to X: the names the verb is about are the children, the name it
    # stands after is their parent (see SPAWNING).
    "spawned": "derived",
}
SPAWNING = frozenset({"spawned"})
KINDS: dict[str, LineageKind] = {
    "successor": LineageKind.SUCCESSOR,
    "reimplementation": LineageKind.REIMPLEMENTATION,
    "same_architecture": LineageKind.ARCHITECTURE,
    "merged": LineageKind.MERGE,
    "instruction_tuned": LineageKind.INSTRUCTION_TUNING,
    "chat_tuned": LineageKind.CHAT_TUNING,
    "rlhf": LineageKind.RLHF,
    "adapter": LineageKind.ADAPTER,
    "continued": LineageKind.CONTINUED_PRETRAINING,
    "quantized": LineageKind.QUANTIZED,
    "distilled": LineageKind.DISTILLATION,
    "teacher_of": LineageKind.DISTILLATION,
    "predecessor_of": LineageKind.SUCCESSOR,
}
# The same architecture is no technique's descendant: a technique named there is used.
GROUPS.update({group: dict(GROUPS[base]) for group, base in REFINES.items()})
GROUPS["same_architecture"] = {"Model": ("DERIVED_FROM",), "Technique": ("USES",)}
GROUPS["spawned"] = {"Model": ("DERIVED_FROM",)}
GROUPS["merged"] = {"Model": ("DERIVED_FROM",)}  # merging weights: models only
LINEAGE_TYPES = frozenset({"DERIVED_FROM", "FINE_TUNES", "DISTILLED_FROM"})


def family(group: str) -> str:
    """The group a kind-carrying group refines (instruction_tuned → fine_tuned), else itself."""
    return REFINES.get(group, group)


# Groups said only of a model: a technique is not fine-tuned or quantized with another one (the
# Int4 quantization level of BF16 relates no two techniques).
MODEL_SUBJECTS = frozenset(
    {"fine_tuned", "continued", "distilled", "quantized"} | {g for g, base in REFINES.items() if base == "fine_tuned"}
)
# How sure a cue of each group is when subject and object are both named in the clause.
CONFIDENCE = {
    "fine_tuned": 0.85,
    "continued": 0.85,
    "based_on": 0.8,
    "derived": 0.8,
    "distilled": 0.85,
    "quantized": 0.8,
    "trained_on": 0.8,
    "developed_by": 0.85,
    "introduced_in": 0.8,
    "proposed": 0.8,
    "uses": 0.75,
    "base_of": 0.8,
    "teacher_of": 0.8,
    "predecessor_of": 0.8,
}
CONFIDENCE.update({group: CONFIDENCE[base] for group, base in REFINES.items()})
MARKER_ROLES = ("source", "result", "agent", "genitive", "relative", "comparison", "topic", "setting", "instrument")
# Lexicon codes for document languages that share one lexicon (Chinese is matched through its
# Simplified copy, so one file reads both scripts).
ALIASES = {"zh-hans": "zh", "zh-hant": "zh", "zh-cn": "zh", "zh-tw": "zh", "pt-br": "pt", "pt-pt": "pt"}


class LexiconError(ValueError):
    """A language file that cannot be read: named with the file and the field."""


@dataclass(frozen=True)
class Markers:
    """Per role, a regex that ends where a marker attaches to the following name ('before'
    a name) and one that starts where a marker follows its name ('after' a name)."""

    before: dict[str, re.Pattern]
    after: dict[str, re.Pattern]
    around: dict[str, list[tuple[re.Pattern, re.Pattern]]]  # 在 X 上: one part before, one after
    anywhere: dict[str, re.Pattern]  # the role's words wherever they stand (is there one in a gap?)


@dataclass(frozen=True)
class Grammar:
    code: str
    word_order: str  # SVO | SOV | VSO
    spaced: bool  # words separated by spaces (a technique's name is then a noun, never a verb)
    objects: str  # where a verb's marked objects stand: after | before | both (German: aus X destilliert)
    head_final: bool  # noun phrases put modifiers first: Y的版本, Yのバージョン
    triggers: re.Pattern  # every trigger word of every group (and exceptions, as group `skip`)
    trigger_parts: tuple[re.Pattern, ...]  # the same words by boundary group, to find the longest
    trigger_end: re.Pattern  # a trigger word at the end of a text
    groups: dict[str, re.Pattern]  # group → its words, to tell which groups a found trigger is in
    markers: Markers
    fillers: re.Pattern  # a run of words that may stand between a marker and its name
    fillers_end: re.Pattern  # such a run at the end of a text
    filler_runs: re.Pattern  # non-empty runs, to take them out of a text
    negation: re.Pattern | None
    hedges: re.Pattern | None
    from_scratch: re.Pattern | None
    copula: re.Pattern | None
    singular: re.Pattern | None  # pronouns that open a sentence about a model named before
    plural: re.Pattern | None
    conjunction: re.Pattern  # what joins the members of a list
    lead_in: re.Pattern | None  # a sentence ending with it introduces the list after it
    # A comparison particle glued to the end of a word (복제품처럼: like a replica), for words
    # whose stem runs into it.
    compared_suffix: re.Pattern | None = None


def trigger_words(*, grammar: Grammar, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of trigger words, the longest where several start at one place (an exception word
    such as 增量化 hides the trigger inside it)."""
    end = len(text) if end is None else end
    found, position = [], start
    while (match := grammar.triggers.search(text, position, end)) is not None:
        if match.lastgroup == "skip":
            position = match.end()
            continue
        stop = max(m.end() for m in (p.match(text, match.start(), end) for p in grammar.trigger_parts) if m)
        found.append((match.start(), stop))
        position = max(stop, match.start() + 1)
    return found


def lexicon_code(*, language: str) -> str:
    lowered = language.lower()
    return ALIASES.get(lowered, lowered.split("-")[0])


def available_languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in LANGUAGES_DIR.glob("*.yaml")))


@lru_cache(maxsize=64)
def grammar_for(*, language: str) -> Grammar | None:
    """The compiled lexicon of a document language, or None when there is no file for it."""
    return load_grammar(path=LANGUAGES_DIR / f"{lexicon_code(language=language)}.yaml")


def load_grammar(*, path: Path) -> Grammar | None:
    if not path.exists():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    return compile_grammar(data=data, name=path.name)


def compile_grammar(*, data: dict, name: str) -> Grammar:
    spaced = bool(data.get("spaces", True))
    triggers = data.get("triggers") or {}
    unknown = sorted(set(triggers) - set(GROUPS))
    if unknown:
        raise LexiconError(f"{name}: unknown trigger groups {unknown}; known: {sorted(GROUPS)}")
    everything = [w for words in triggers.values() for w in words or []]
    # Words that contain a trigger without being one (增量化 is not 量化) are matched first and skipped.
    exceptions = _alternation(words=data.get("exceptions") or [], spaced=spaced)
    found = _alternation(words=everything, spaced=spaced) or r"(?!x)x"
    markers = data.get("markers") or {}
    conjunctions = _alternation(words=data.get("conjunctions") or [], spaced=spaced)
    joiners = r"\s*(?:[,，、/&]\s*)?" + (rf"(?:{conjunctions})\s*" if conjunctions else "")
    return Grammar(
        code=str(data.get("language") or Path(name).stem),
        word_order=str(data.get("word_order", "SVO")).upper(),
        spaced=spaced,
        objects=str(data.get("objects", "before" if str(data.get("word_order", "")).upper() == "SOV" else "after")),
        head_final=str(data.get("noun_phrases", "head-initial")) == "head-final",
        triggers=re.compile(f"(?P<skip>{exceptions})|{found}" if exceptions else found),
        trigger_parts=tuple(re.compile(part) for part in _alternation_parts(words=everything, spaced=spaced)),
        trigger_end=re.compile(rf"(?:{found})\s*$"),
        groups={g: re.compile(_alternation(words=words, spaced=spaced)) for g, words in triggers.items() if words},
        markers=_markers(markers=markers, spaced=spaced, exceptions=data.get("marker_exceptions") or []),
        fillers=re.compile(_fillers(words=data.get("fillers") or [], spaced=spaced)),
        fillers_end=re.compile(_fillers(words=data.get("fillers") or [], spaced=spaced) + r"\s*$"),
        filler_runs=re.compile(_fillers(words=data.get("fillers") or [], spaced=spaced)[:-1] + "+"),
        negation=_negation(data=data, spaced=spaced),
        hedges=_optional(words=data.get("hedges"), spaced=spaced),
        from_scratch=_optional(words=markers.get("from_scratch"), spaced=spaced),
        copula=_optional(words=markers.get("copula"), spaced=spaced),
        singular=_optional(words=(data.get("pronouns") or {}).get("singular"), spaced=spaced),
        plural=_optional(words=(data.get("pronouns") or {}).get("plural"), spaced=spaced),
        conjunction=re.compile(rf"(?:\s*[,，、/&]\s*|{joiners})"),
        lead_in=_optional(words=data.get("lead_ins"), spaced=spaced),
        compared_suffix=_suffixes(words=markers.get("comparison") or []),
    )


def _suffixes(*, words: list) -> re.Pattern | None:
    """Postpositions (`~처럼`) as the end of a word, whatever stands before them."""
    glued = [str(w)[1:] for w in words if str(w).startswith("~") and "~" not in str(w)[1:]]
    glued = [w for w in glued if w.strip() and not w.startswith(" ")]
    if not glued:
        return None
    return re.compile("(?:" + "|".join(_alternation_parts(words=[f"~{w}" for w in glued], spaced=False)) + r")$")


def _markers(*, markers: dict, spaced: bool, exceptions: list) -> Markers:
    before: dict[str, re.Pattern] = {}
    after: dict[str, re.Pattern] = {}
    around: dict[str, list[tuple[re.Pattern, re.Pattern]]] = {}
    anywhere: dict[str, re.Pattern] = {}
    for role in MARKER_ROLES:
        words = markers.get(role) or []
        _alternation(words=words, spaced=spaced)  # checks every entry is a word
        words = [str(w) for w in words]
        for word in (w for w in words if "~" in w.strip("~")):
            head, tail = word.split("~", 1)
            around.setdefault(role, []).append(
                (
                    re.compile(rf"(?:{_alternation(words=[head], spaced=spaced)})\s*$"),
                    re.compile(rf"\s*(?:{_alternation(words=[tail], spaced=spaced)})"),
                )
            )
        words = [w for w in words if "~" not in w.strip("~")]
        pre = [w for w in words if not w.startswith("~")]
        post = [w[1:] for w in words if w.startswith("~")]
        if pre or post:
            anywhere[role] = re.compile(_alternation(words=pre + post, spaced=spaced))
        if pre:
            guarded = _guarded(words=pre, exceptions=exceptions, spaced=spaced)
            before[role] = re.compile(rf"(?:{guarded})\s*$")
        if post:
            # A comma may come first: `X, which …`.
            after[role] = re.compile(rf"\s*[,，]?\s*(?:{_alternation(words=post, spaced=spaced)})")
    return Markers(before=before, after=after, around=around, anywhere=anywhere)


def _guarded(*, words: list[str], exceptions: list, spaced: bool) -> str:
    """A marker alternation where a marker that ends a longer exception word does not count
    there (使用 ends with the marker 用, 可以 with 以: in text without spaces they are no marker)."""
    if spaced or not exceptions:
        return _alternation(words=words, spaced=spaced)
    parts = []
    for word in sorted({w.lower() for w in words}, key=len, reverse=True):
        heads = {str(e).lower()[: -len(word)] for e in exceptions if str(e).lower().endswith(word) and str(e) != word}
        guards = "".join(f"(?<!{re.escape(head)})" for head in sorted(heads) if head)
        parts.append(guards + _alternation(words=[word], spaced=spaced))
    return "|".join(parts)


def _fillers(*, words: list, spaced: bool) -> str:
    """Fillers, numbers and sizes (the 7B), parenthesised notes, a possessive name (Meta's) and
    Markdown emphasis (**Qwen-7B** を)."""
    alternation = _alternation(words=words, spaced=spaced)
    parts = [
        # A size range (7B-65B, 7B——65B, 7B～65B) is one size.
        r"\d+(?:\.\d+)?\s?[bmkt]?\s*[-–—~～至到]{1,2}\s*\d+(?:\.\d+)?\s?[bmkt]?\b",
        r"\d+(?:\.\d+)?\s?[bmkt]?\b",
        r"[(（][^()（）]{0,24}[)）]",
        "\ue000\\d+\ue001\\s*(?:'s|’s)",
        r"\*{1,2}|_{1,2}|`",
    ]
    if alternation:
        parts.insert(0, alternation)
    return r"(?:\s*(?:" + "|".join(parts) + r")\s*)*"


def _negation(*, data: dict, spaced: bool) -> re.Pattern | None:
    """Negation words; phrases that contain one without negating (not only, sans doute) come first
    as group `skip`."""
    words = data.get("negation")
    if not words:
        return None
    found = _alternation(words=words, spaced=spaced)
    skipped = _alternation(words=data.get("negation_exceptions") or [], spaced=spaced)
    return re.compile(f"(?P<skip>{skipped})|{found}" if skipped else found)


def _optional(*, words, spaced: bool) -> re.Pattern | None:
    words = [str(w) for w in words or []]
    return re.compile(_alternation(words=words, spaced=spaced)) if words else None


def _alternation(*, words: list, spaced: bool) -> str:
    return "|".join(_alternation_parts(words=words, spaced=spaced))


def _alternation_parts(*, words: list, spaced: bool) -> list[str]:
    """Alternations by the word boundaries they need (one look-around per group of words, not
    per word: that made long lists slow), each longest first; `*` ends a stem, `?` is one letter,
    a space matches any run of spaces. Grammar.trigger_words picks the longest across groups."""
    odd = [w for w in words if not isinstance(w, str | int | float) or isinstance(w, bool)]
    if odd:
        # YAML reads bare on/off/yes/no as booleans: a lexicon must quote them.
        raise LexiconError(f'not a word: {odd!r} (quote words like "on" or "no" in the YAML file)')
    # Text is matched through its lowercase Simplified copy: 開発 and 开発 are one word there.
    forms = {to_simplified(text=without_marks(text=str(w))).lower().strip() for w in words if str(w).strip()}
    buckets: dict[tuple[bool, bool], list[str]] = {}
    for word in sorted(forms, key=len, reverse=True):
        glued = word.startswith("~")  # a suffix glued to the word before it: ~n't
        word = word.lstrip("~")
        if not word:
            continue
        body = re.escape(word).replace(r"\*", r"[\w\-]*").replace(r"\?", r"[^\W\d_]").replace(r"\ ", r"\s+")
        left = spaced and word[0].isalnum() and not glued
        right = spaced and word[-1].isalnum()
        buckets.setdefault((left, right), []).append(body)
    parts = []
    for (left, right), bodies in buckets.items():
        group = "|".join(bodies)
        parts.append(("(?<!\\w)" if left else "") + f"(?:{group})" + ("(?!\\w)" if right else ""))
    return parts
