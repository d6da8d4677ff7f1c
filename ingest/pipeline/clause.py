"""One sentence as the relation engine sees it: its names as numbered placeholders, the role each
name's markers give it (source, result, agent, topic …), coordinated lists, and the triggers."""

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.pipeline.grammar import Grammar, trigger_words
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit

OPEN, CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
_WINDOW = 48  # how far before or after a name its marker may be (fillers included)
_GLUED = re.compile(r"\s?[-‐‑]\s?$")  # LLaMA-based: a trigger glued to the name before it
_STOPS = re.compile(r"[;；。!?！？]")
_APPOSITION = re.compile(r"\s*[(（]\s*")
# A Markdown link's brackets and target say nothing about the sentence: [Falcon](https://…) by TII.
_PLAIN_BREAK = re.compile(r"[.;；:：。()（）\ue000]")
_LINK_MARKUP = re.compile(r"\]\(\s*[^()\s]*\s*\)|[\[\]]")


@dataclass(frozen=True)
class Trigger:
    start: int  # offsets in the masked sentence
    end: int
    groups: tuple[str, ...]
    mention: int | None = None  # a technique name that is also the trigger (fine-tuning, 蒸馏)


@dataclass
class Clause:
    unit: Unit
    mentions: list[Found]
    masked: str  # lowercase sentence, each name replaced by OPEN index CLOSE
    surfaces: list[str]  # each name as the (lowercase, Simplified) text writes it
    places: list[tuple[int, int]]  # each name's span in `masked`
    roles: list[set[str]] = field(default_factory=list)
    lists: list[int] = field(default_factory=list)  # each name's coordinated list (an id)
    triggers: list["Trigger"] = field(default_factory=list)

    def members(self, index: int) -> list[int]:
        return [i for i, group in enumerate(self.lists) if group == self.lists[index]]

    def gap(self, a: int, b: int) -> str:
        """The masked text between two positions, in either order."""
        return self.masked[min(a, b) : max(a, b)]


def build_clause(*, lower: str, unit: Unit, mentions: list[Found], grammar: Grammar) -> Clause:
    parts, places, position, length = [], [], unit.start, 0
    for index, found in enumerate(mentions):
        before = _LINK_MARKUP.sub(" ", lower[position : found.start])
        parts.append(before)
        length += len(before)
        token = f"{OPEN}{index}{CLOSE}"
        places.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
        position = found.end
    parts.append(_LINK_MARKUP.sub(" ", lower[position : unit.end]))
    surfaces = [lower[f.start : f.end] for f in mentions]
    clause = Clause(unit=unit, mentions=mentions, masked="".join(parts), surfaces=surfaces, places=places)
    clause.roles = [_roles(clause=clause, index=i, grammar=grammar) for i in range(len(mentions))]
    clause.lists = _lists(clause=clause, grammar=grammar)
    _surround_lists(clause=clause, grammar=grammar)
    return clause


def _surround_lists(*, clause: Clause, grammar: Grammar) -> None:
    """A marker around a list (在 Pile 和 Reddit 上) gives its role to every member."""
    for group in set(clause.lists):
        members = [i for i, g in enumerate(clause.lists) if g == group]
        if len(members) < 2:
            continue
        before = _strip_fillers_end(
            text=clause.masked[max(0, clause.places[members[0]][0] - _WINDOW) : clause.places[members[0]][0]],
            grammar=grammar,
        )
        after = _strip_fillers_start(text=clause.masked[clause.places[members[-1]][1] :][:_WINDOW], grammar=grammar)
        for role, pairs in grammar.markers.around.items():
            if any(head.search(before) and tail.match(after) for head, tail in pairs):
                for index in members:
                    clause.roles[index].add(role)


def _roles(*, clause: Clause, index: int, grammar: Grammar) -> set[str]:
    """Roles the markers around a name give it: a preposition before it (from X, 基于X), a
    postposition or clitic after it (Xから, X를, X's); fillers may stand between."""
    start, end = clause.places[index]
    masked = clause.masked
    before = masked[max(0, start - _WINDOW) : start]
    trimmed = _strip_fillers_end(text=before, grammar=grammar)
    roles = set()
    for role, pattern in grammar.markers.before.items():
        match = pattern.search(trimmed)
        # the same architecture as X, dieselbe Architektur wie X: a trigger's own word, no comparison
        if match and not (role == "comparison" and grammar.trigger_end.search(trimmed[: match.start()])):
            roles.add(role)
    after = masked[end : end + _WINDOW]
    rest = _strip_fillers_start(text=after, grammar=grammar)
    roles |= {role for role, pattern in grammar.markers.after.items() if pattern.match(rest)}
    for role, pairs in grammar.markers.around.items():
        if any(head.search(trimmed) and tail.match(rest) for head, tail in pairs):
            roles.add(role)
    if _GLUED.search(before) is None and _GLUED.match(after):
        roles.add("glued")  # LLaMA-based, GPT-3-Nachfolger: the next word is about this name
    if _quoted(masked=masked, start=start, end=end):
        roles.add("comparison")  # a name inside a quoted title (“Training … with Reinforcement Learning”) takes no part
    if index and _APPOSITION.fullmatch(masked[clause.places[index - 1][1] : start]):
        roles.add("apposition")  # DeepSpeed (Microsoft): a note on the name before it
    if index + 1 < len(clause.places) and masked[end : clause.places[index + 1][0]] in (" ", "\u00a0"):
        if clause.mentions[index].label == "Organization" and clause.mentions[index + 1].label != "Organization":
            roles.add("genitive")  # Nvidia Megatron: the maker in front of its model's name
    return roles


def _quoted(*, masked: str, start: int, end: int) -> bool:
    """Inside quotes that hold more than the name (a title), not a quoted name (“Vicuna”)."""
    for opening, closing in (("“", "”"), ("《", "》"), ('"', '"'), ("«", "»"), ("「", "」")):
        left = masked.rfind(opening, 0, start)
        if left < 0 or masked.rfind(closing, 0, start) > left:
            continue
        right = masked.find(closing, end)
        if right >= 0 and (start - left - 1) + (right - end) > 6:
            return True
    return False


def _strip_fillers_end(*, text: str, grammar: Grammar) -> str:
    """`text` without the fillers it ends with (from the original LLaMA → from)."""
    return text[: grammar.fillers_end.search(text).start()]


def _strip_fillers_start(*, text: str, grammar: Grammar) -> str:
    match = grammar.fillers.match(text)
    return text[match.end() :] if match else text


def _lists(*, clause: Clause, grammar: Grammar) -> list[int]:
    """Coordinated names share a list id (`A, B and C`); bare commas make a list only when a
    conjunction or 、 joins some of it; a short form in parentheses (`A (B)`) joins its name."""
    ids: list[int] = []
    conjoined: set[int] = set()
    for index, (start, _) in enumerate(clause.places):
        if index:
            between = clause.masked[clause.places[index - 1][1] : start]
            if re.fullmatch(r"\s*[(（]\s*", between):
                ids.append(ids[-1])
                conjoined.add(ids[-1])
                continue
            between = re.sub(r"^\s*[)）]", "", between)
            # Articles and the like may stand between members: de BERT, du GPT-2 et de RoBERTa.
            if not grammar.conjunction.fullmatch(between):
                between = grammar.filler_runs.sub(" ", between)
            joined = grammar.conjunction.fullmatch(between) or _plain_members(between=between, grammar=grammar)
            if joined and not _opens_clause(clause=clause, index=index, between=between, grammar=grammar):
                ids.append(ids[-1])
                if not re.fullmatch(r"\s*[,，]\s*", between):
                    conjoined.add(ids[-1])
                continue
        ids.append(index)
    sizes = Counter(ids)
    return [group if sizes[group] == 1 or group in conjoined else index for index, group in enumerate(ids)]


def _plain_members(*, between: str, grammar: Grammar) -> bool:
    """List members that are no names may stand between names (书籍、Common Crawl、维基百科、新闻和
    Github; Common Crawl, books, news and GitHub): after a separator, short plain words only."""
    if len(between) > 40 or not re.match(r"\s*[,，、]", between) or _PLAIN_BREAK.search(between):
        return False
    marked = grammar.conjunction.sub(",", between).strip()
    if not re.search(r"[,，、]$", marked):
        return False  # `, while X …`: a word after the last separator opens a clause
    words = [w.strip() for w in re.split(r"[,，、]", marked) if w.strip()]
    return bool(words) and all(len(w) <= 16 and not trigger_words(grammar=grammar, text=w) for w in words)


def _opens_clause(*, clause: Clause, index: int, between: str, grammar: Grammar) -> bool:
    """`…outperforms Llama 2, and Mixtral uses …`: after a comma, a name followed by its own verb
    (a trigger or a copula) starts a new clause, not the next member of a list."""
    if "," not in between and "，" not in between:
        return False
    after = clause.masked[clause.places[index][1] : clause.places[index][1] + 24]
    # Its own verb within a few words (o GPT-4 também usa …), with no punctuation before it …
    after = re.split(r"[,，、;；:：。(（]", after, maxsplit=1)[0]
    verb = trigger_words(grammar=grammar, text=after)
    copula = grammar.copula.search(after) if grammar.copula is not None else None
    if not (verb and verb[0][0] <= 16) and not (copula and copula.start() <= 16):
        return False
    # … while the name before the comma belongs to a clause of its own: a marker binds it, or a
    # verb stands before it (Alpaca, Vicuna, Koala sont basés … is one list with one verb).
    previous = index - 1
    if clause.roles and clause.roles[previous] & {"source", "agent", "comparison", "instrument", "setting"}:
        return True
    start = max(
        (m.end() for m in re.finditer(r"[,，、;；:：。]", clause.masked[: clause.places[previous][0]])), default=0
    )
    lead = clause.masked[start : clause.places[previous][0]]
    return bool(trigger_words(grammar=grammar, text=lead)) or bool(grammar.copula and grammar.copula.search(lead))


def find_triggers(*, clause: Clause, grammar: Grammar) -> list[Trigger]:
    """Trigger words in the sentence, and technique names that are themselves a trigger word
    (`knowledge distillation from X`: the technique and the verb at once)."""
    found = []
    for start, end in trigger_words(grammar=grammar, text=clause.masked):
        groups = _groups_of(text=clause.masked[start:end], grammar=grammar)
        if groups:
            found.append(Trigger(start, end, groups))
    for index, mention in enumerate(clause.mentions):
        if mention.label != "Technique":
            continue
        word = technique_trigger(clause=clause, index=index, grammar=grammar)
        groups = _groups_of(text=word, grammar=grammar) if word else ()
        if groups:
            start, end = clause.places[index]
            found.append(Trigger(start, end, groups, index))
    return sorted(found, key=lambda t: t.start)


def technique_trigger(*, clause: Clause, index: int, grammar: Grammar) -> str | None:
    """The trigger word a technique's name holds as written (微调, fine-tuning); not as the lexicon
    names it: `Int4` is named Int4 quantization but says nothing about quantizing."""
    text = clause.surfaces[index]
    spans = trigger_words(grammar=grammar, text=text)
    return text[spans[0][0] : spans[0][1]] if spans else None


def _groups_of(*, text: str, grammar: Grammar) -> tuple[str, ...]:
    return tuple(group for group, pattern in grammar.groups.items() if pattern.fullmatch(text))


def same_clause(*, clause: Clause, a: int, b: int) -> bool:
    """No sentence-internal stop (; : 。) between two positions."""
    return _STOPS.search(clause.gap(a, b)) is None
