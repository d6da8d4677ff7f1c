"""What a sentence without a named subject is about: a pronoun's antecedent (it, these models,
このモデル), the list a lead-in introduces, a table row's first cell, the section's subject."""

import re

from ingest.pipeline.clause import Clause
from ingest.pipeline.context import Context
from ingest.pipeline.grammar import Grammar
from ingest.pipeline.recognize import Found
from ingest.pipeline.segment import Unit

SUBJECT_LABELS = frozenset({"Model", "Technique", "Dataset"})
_OPENING = re.compile(r"^[\s\"'“”„«»(（\[*_#>•·\-–—]*")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦]|\d{1,2}[.)])\s+")
_LABEL_LINE = re.compile(
    r"[ \t]*(?:[-*+•][ \t]+)?\*\*[^*\n]{1,80}\*\*[ \t]*:?|[ \t]*[-*+•][ \t]+[^:\n]{1,60}:(?=[ \t])"
)
_TABLE_ROW = re.compile(r"[ \t]*\|")  # used with match(text, pos): no ^, which only matches at 0
_LEADING_ROOM = 40  # a sentence's leading name stands within this many characters of its start
_BOUND = frozenset({"source", "comparison", "agent", "genitive", "instrument", "setting"})


class SentenceContext:
    """Reads the document sentence by sentence, remembering what the last one was about."""

    def __init__(self, *, ctx: Context) -> None:
        self.ctx = ctx
        self._previous_end = -1
        self._previous_leading: Found | None = None
        self._previous_list: list[Found] = []
        self.antecedent: Found | None = None
        self.plural: list[Found] = []
        self.items: list[Found] = []

    def names(self, *, unit: Unit) -> list[Found]:
        """Non-overlapping mentions; a paper title never hides the names inside it."""
        founds = self.ctx.mentions_in(start=unit.start, end=unit.end)
        names = [f for f in founds if f.source != "title"]
        titles = [
            t for t in founds if t.source == "title" and not any(t.start < n.end and n.start < t.end for n in names)
        ]
        chosen: list[Found] = []
        for found in sorted(names + titles, key=lambda f: (f.start, -f.end)):
            if not chosen or found.start >= chosen[-1].end:
                chosen.append(found)
        return chosen

    def enter(self, *, clause: Clause, grammar: Grammar) -> None:
        """Settle what this sentence's pronouns refer to, then remember it for the next one."""
        unit = clause.unit
        same_paragraph = self._previous_end >= 0 and "\n" not in self.ctx.text[self._previous_end : unit.start]
        opening = clause.masked[_OPENING.match(clause.masked).end() :]
        self.antecedent, self.plural = None, []
        plural = grammar.plural is not None and grammar.plural.match(opening)
        if plural and same_paragraph and self._previous_list:
            self.plural = self._previous_list
        elif plural or (grammar.singular is not None and grammar.singular.match(opening)):
            # `They …` after a sentence that named no list means what the text is about.
            section = self.ctx.subject_of(section=unit.section)
            self.antecedent = (self._previous_leading if same_paragraph else None) or section
        self.items = self._lead_in_items(clause=clause, grammar=grammar)
        self._previous_end = unit.end
        # A sentence that opens with a pronoun keeps talking about its antecedent.
        self._previous_leading = self.antecedent or leading_name(clause=clause)
        self._previous_list = _largest_list(clause=clause) or self.plural

    def fallback(self, *, clause: Clause, objects: list[int], labels: set[str]):
        """A subject from outside the sentence, or none."""
        from ingest.pipeline.engine import Reading

        keys = {clause.mentions[i].key for i in objects}
        for rank, founds in (
            (2, [self.antecedent] if self.antecedent else []),
            (2, self.plural),
            (2, self.items),
            (2, self._row_subject(clause=clause)),
            (1, self._section_subject(clause=clause)),
        ):
            fitting = [f for f in founds if f.label in labels and f.key not in keys]
            if fitting:
                return Reading(subjects=[], objects=[], rank=rank, fallback=fitting)
        return Reading(subjects=[], objects=[], rank=0, fallback=[])

    def _section_subject(self, *, clause: Clause) -> list[Found]:
        found = self.ctx.subject_of(section=clause.unit.section)
        return [found] if found is not None else []

    def _row_subject(self, *, clause: Clause) -> list[Found]:
        found = row_subject(ctx=self.ctx, at=clause.unit.start)
        return [found[0]] if found else []

    def _lead_in_items(self, *, clause: Clause, grammar: Grammar) -> list[Found]:
        """`… fine-tuned from LLaMA:` followed by bullet lines: each bullet's first name."""
        masked = clause.masked.rstrip()
        if not masked.endswith((":", "：")):
            return []
        text = self.ctx.text
        position = text.find("\n", clause.unit.end)
        items: list[Found] = []
        while position >= 0:
            end = text.find("\n", position + 1)
            line = text[position + 1 : end if end >= 0 else len(text)]
            if not line.strip():
                if items:
                    break
                position = end
                continue
            if not _BULLET.match(line):
                break
            names = [f for f in self.ctx.mentions_in(start=position + 1, end=position + 1 + len(line))]
            if names and names[0].label in SUBJECT_LABELS:
                items.append(names[0])
            position = end
        return items


def row_subject(*, ctx: Context, at: int) -> tuple[Found, int] | None:
    """A table row is about the name in its first cell, a labelled line (`- **Mixtral (2023):**
    sparse MoE …`) about the name in its label: that name, and where the cell or label ends."""
    text = ctx.text
    line_start = text.rfind("\n", 0, at) + 1
    label = _LABEL_LINE.match(text, line_start)
    if label is not None:
        cell_end = label.end()
    elif _TABLE_ROW.match(text, line_start):
        cell_end = text.find("|", text.index("|", line_start) + 1)
    else:
        return None
    if cell_end < 0:
        return None
    first = [f for f in ctx.mentions_in(start=line_start, end=cell_end) if f.label in SUBJECT_LABELS]
    return (first[0], cell_end) if first else None


def leading_name(*, clause: Clause) -> Found | None:
    """What the sentence is about, for a pronoun in the next one: the model, technique or dataset
    it opens with, else the first one no marker binds (Meta released LLaMA. It … : LLaMA)."""
    if not clause.mentions:
        return None
    first = clause.mentions[0]
    if clause.places[0][0] <= _LEADING_ROOM and first.label in SUBJECT_LABELS and not clause.roles[0] & _BOUND:
        return first
    for found, roles in zip(clause.mentions, clause.roles, strict=True):
        if found.label in SUBJECT_LABELS and not roles & _BOUND:
            return found
    return None


def _largest_list(*, clause: Clause) -> list[Found]:
    """The longest list of models the sentence names (what `these models` will refer to)."""
    best: list[int] = []
    for index in range(len(clause.mentions)):
        members = [i for i in clause.members(index) if clause.mentions[i].label == "Model"]
        if len(members) > len(best):
            best = members
    return [clause.mentions[i] for i in best] if len(best) >= 2 else []
