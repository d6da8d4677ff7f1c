"""Whose figure a sentence states. A number or a date belongs to the grammatical subject of its
sentence, read through the language's markers (grammar.py) the way the relation engine reads
them: a name a marker binds (based on X, like X, than X, a copy of X, X's successor) is
mentioned in passing and takes no value. A sentence that names no subject of its own is about
its pronoun's antecedent or the section's subject; when that cannot be told, nothing is
claimed. One code path for every language; how the owner was read gives the claim's extractor
and confidence."""

import re
from dataclasses import dataclass

from ingest.pipeline.clause import OPEN, Clause, build_clause
from ingest.pipeline.context import Context
from ingest.pipeline.discourse import leading_name, row_subject
from ingest.pipeline.grammar import GROUPS, Grammar, grammar_for, lexicon_code
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit

# How sure a reading of the owner is: a line or cell under the entity says it outright, a
# sentence whose subject is the entity states it, a pronoun or the section only implies it.
CONFIDENCE = {
    "kv": 0.9,
    "table": 0.85,
    "label": 0.8,
    "heading": 0.75,
    "clause": 0.75,
    "pronoun": 0.6,
    "section": 0.5,
}
# A marker ties the name to another word: it is mentioned in passing (from X, like X, X's …).
_PASSING = frozenset(
    {"source", "agent", "genitive", "instrument", "comparison", "setting", "apposition", "glued", "result"}
)
# What a marker on one member of a list says of all of them (not a note on one name: A (B)).
_SHARED = _PASSING - {"apposition", "glued"}
# Verbs whose object is where the subject came from (replicates X, fine-tunes X): not the subject.
_LINEAGE = frozenset(g for g, labels in GROUPS.items() if "Model" in labels and g != "developed_by")
_OPENING = re.compile(r"[\s\"'“”„«»(（\[*_#>•·\-–—]*")
_STOPS = re.compile(r"[;；。!?！？]")
_SEGMENT = re.compile(r"[,，、،;；؛:：。!?！？؟|]")


@dataclass(frozen=True)
class Owner:
    found: Found
    extractor: str
    confidence: float


class Owners:
    """Reads one document's sentences for the owners of the values in them; a sentence's clause
    is built once, and only for sentences that state a value."""

    def __init__(self, *, ctx: Context) -> None:
        self.ctx = ctx
        self.grammar: Grammar | None = grammar_for(language=ctx.language)
        self.code = lexicon_code(language=ctx.language)
        self.sentences = [u for u in ctx.segmentation.units if u.kind == "sentence"]
        self._clauses: dict[int, Clause] = {}  # by sentence index
        self._topics: dict[int, Found | None] = {}
        self._headers: dict[int, list[str]] = {}  # a table row's line start → its table's header cells

    def of_line(self, *, unit: Unit, subject: Found | None) -> Owner | None:
        """A key-value line states its value of the section's subject."""
        if subject is None or subject.label != "Model":
            return None
        key = self.ctx.text[unit.start : unit.key_end].strip(" \t:：*•·-").lower()
        return Owner(subject, f"kv:{key}", CONFIDENCE["kv"])

    def of_sentence(self, *, index: int, start: int, end: int) -> Owner | None:
        """The owner of a value at view offsets start–end of the sentence `sentences[index]`."""
        ctx = self.ctx
        unit = self.sentences[index]
        row = row_subject(ctx=ctx, at=unit.start)
        if row is not None and start >= row[1]:
            found, cell_end = row
            later = [f for f in ctx.mentions_in(start=cell_end, end=start) if f.label == "Model"]
            if found.label != "Model" or later:
                return None  # a later cell naming another model: no telling which one it is
            return self._row_owner(found=found, at=start)
        clause = self._clause(index=index)
        models = [i for i, f in enumerate(clause.mentions) if f.label == "Model"]
        if self.grammar is None:
            # No lexicon to read markers with: only a sentence naming one model says whose it is.
            keys = {clause.mentions[i].key for i in models}
            if len(keys) == 1:
                return self._named(clause.mentions[models[0]])
            return None if keys else self._unnamed(index=index, pronoun=False)
        at, until = _masked(clause=clause, offset=start), _masked(clause=clause, offset=end)
        pronoun = self._pronoun(clause=clause)
        named = _grammatical_subject(
            clause=clause, models=models, at=at, until=until, grammar=self.grammar, pronoun=pronoun
        )
        if named is not None:
            return self._named(clause.mentions[named])
        if pronoun:
            return self._unnamed(index=index, pronoun=True)
        if models:
            return None  # every model it names is mentioned in passing: its subject is not named
        return self._unnamed(index=index, pronoun=False)

    def described(self, *, found: Found) -> Owner:
        """A value that modifies the name after it (`a 7B-parameter X`, `260B 参数的 X`)."""
        return self._named(found)

    def _named(self, found: Found) -> Owner:
        return Owner(found, f"clause:{self.code}:attribute", CONFIDENCE["clause"])

    def _unnamed(self, *, index: int, pronoun: bool) -> Owner | None:
        """A sentence without a named subject continues the one before it in its paragraph, else
        is about the section's subject. Where the sentence before was about another model than
        the section's, a pronoun means that model; without one the two readings disagree and
        nothing is claimed. (A technique or dataset the sentence before opened with is no model
        a size or a date could belong to.)"""
        unit = self.sentences[index]
        section = self.ctx.subject_of(section=unit.section)
        before = self._topic(index=index - 1) if self._same_paragraph(index=index) else None
        if before is not None and before.label == "Model":
            if pronoun:
                return Owner(before, "pronoun:attribute", CONFIDENCE["pronoun"])
            if section is None or section.key != before.key:
                return None
        if section is None or section.label != "Model":
            return None
        return Owner(section, "section-subject:attribute", CONFIDENCE["section"])

    def _topic(self, *, index: int) -> Found | None:
        """What a sentence is about for the next one: a pronoun's (or a nameless sentence's)
        antecedent, else the name it opens with (discourse.leading_name)."""
        pending = []
        found: Found | None = None
        while index >= 0 and index not in self._topics:
            clause = self._clause(index=index)
            if clause.mentions and not self._pronoun(clause=clause):
                found = leading_name(clause=clause)
                break
            pending.append(index)
            if not self._same_paragraph(index=index):
                break
            index -= 1
        else:
            found = self._topics.get(index) if index >= 0 else None
        if index >= 0 and index not in self._topics and index not in pending:
            self._topics[index] = found
        for waiting in pending:
            self._topics[waiting] = found
        return found

    def _same_paragraph(self, *, index: int) -> bool:
        if index <= 0:
            return False
        previous, unit = self.sentences[index - 1], self.sentences[index]
        return "\n" not in self.ctx.text[previous.end : unit.start]

    def _pronoun(self, *, clause: Clause) -> bool:
        singular = self.grammar.singular if self.grammar is not None else None
        return singular is not None and singular.match(clause.masked, _OPENING.match(clause.masked).end()) is not None

    def _clause(self, *, index: int) -> Clause:
        clause = self._clauses.get(index)
        if clause is None:
            unit = self.sentences[index]
            mentions = [f for f in self.ctx.mentions_in(start=unit.start, end=unit.end) if f.source != "title"]
            grammar = self.grammar or grammar_for(language="en")
            clause = build_clause(lower=self.ctx.lower, unit=unit, mentions=mentions, grammar=grammar)
            if self.grammar is None:
                clause.roles = [set() for _ in mentions]
            self._clauses[index] = clause
        return clause

    def _row_owner(self, *, found: Found, at: int) -> Owner:
        """A table cell's value is its row's model's (`table:<column header>`); a labelled line's
        (`- **X:** …`) its label's."""
        ctx = self.ctx
        line_start = ctx.text.rfind("\n", 0, at) + 1
        if ctx.text[line_start:at].lstrip().startswith("|"):
            header = self._header(line_start=line_start)
            column = ctx.text.count("|", line_start, at) - 1
            name = header[column] if 0 <= column < len(header) else ""
            return Owner(found, f"table:{name}", CONFIDENCE["table"])
        return Owner(found, "label:attribute", CONFIDENCE["label"])

    def _header(self, *, line_start: int) -> list[str]:
        """The header cells of the table a row belongs to: the line above its separator line.
        Rows are read in order, so each one looks one line up."""
        if line_start in self._headers:
            return self._headers[line_start]
        text = self.ctx.text
        header: list[str] = []
        above_end = line_start - 1
        if above_end > 0:
            above = text.rfind("\n", 0, above_end) + 1
            line = text[above:above_end].strip()
            if re.fullmatch(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?", line):
                cells_start = text.rfind("\n", 0, max(0, above - 1)) + 1
                cells = text[cells_start : max(cells_start, above - 1)].strip().strip("|")
                header = [" ".join(c.split()).lower() for c in cells.split("|")]
            elif line.startswith("|"):
                header = self._header(line_start=above)
        self._headers[line_start] = header
        return header


def _masked(*, clause: Clause, offset: int) -> int:
    """A view offset of the sentence as an offset of its masked copy (names as placeholders)."""
    shift = clause.unit.start
    for found, (start, end) in zip(clause.mentions, clause.places, strict=True):
        if found.start >= offset:
            break
        shift += (found.end - found.start) - (end - start)
    return offset - shift


def _grammatical_subject(
    *, clause: Clause, models: list[int], at: int, until: int, grammar: Grammar, pronoun: bool
) -> int | None:
    """The model a value at masked offsets at–until is said of, the first that applies: the
    possessor right before it (X's 175B, X 的 1750 亿); the head of the relative clause it stands
    in (X, which was trained on …); the topic before it (Xは); the nearest model before it that no
    marker binds and no lineage verb takes as object; else such a model after it in its clause
    (With 7B parameters, X …) unless `pronoun` (the sentence opens with one: It was released in
    2023 and is based on X)."""
    masked = clause.masked
    before = [i for i in models if clause.places[i][1] <= at]
    genitive = grammar.markers.after.get("genitive")
    for i in reversed(before):
        end = clause.places[i][1]
        if "genitive" in clause.roles[i] and genitive is not None:
            marker = genitive.match(masked, end)
            if marker is not None and _fillers_only(text=masked[marker.end() : at], grammar=grammar):
                return i
        break  # only the name right before the value can own it this way
    relative = grammar.markers.after.get("relative")
    for i in reversed(before):
        if "relative" not in clause.roles[i] or relative is None:
            continue
        marker = relative.match(masked, clause.places[i][1])
        if (
            marker is not None
            and not _SEGMENT.search(masked, marker.end(), at)
            and OPEN not in masked[marker.end() : at]
        ):
            return i
    topics = [i for i in before if "topic" in clause.roles[i] and not _STOPS.search(masked, clause.places[i][1], at)]
    if topics:
        return topics[-1]
    free = [i for i in models if not _passing(clause=clause, index=i) and not _lineage_object(clause, i, grammar)]
    ahead = [i for i in free if clause.places[i][1] <= at and not _STOPS.search(masked, clause.places[i][1], at)]
    if ahead:
        return ahead[-1]
    if pronoun:
        return None
    after = [i for i in free if clause.places[i][0] >= until and not _STOPS.search(masked, until, clause.places[i][0])]
    return after[0] if after else None


def _passing(*, clause: Clause, index: int) -> bool:
    """A marker binds the name, or the list it is a member of (like A and B, 与 A 和 B 类似)."""
    if clause.roles[index] & _PASSING:
        return True
    return any(clause.roles[i] & _SHARED for i in clause.members(index) if i != index)


def _lineage_object(clause: Clause, index: int, grammar: Grammar) -> bool:
    """`X replicates Y`, `X fine-tunes Y`: the name a lineage verb takes as its object right after
    it is where the subject came from (a verb that also says who made it, built, does not count)."""
    if grammar.objects == "before":
        return False
    start = clause.places[index][0]
    head = max(clause.places[index - 1][1] if index else 0, start - 48)
    gap = clause.masked[head:start]
    maker = grammar.groups.get("developed_by")
    for group, pattern in grammar.groups.items():
        if group not in _LINEAGE:
            continue
        for match in pattern.finditer(gap):
            if _fillers_only(text=gap[match.end() :], grammar=grammar) and not (
                maker and maker.fullmatch(match.group(0))
            ):
                return True
    return False


def _fillers_only(*, text: str, grammar: Grammar) -> bool:
    text = text.strip()
    return not text or grammar.fillers.fullmatch(text) is not None
