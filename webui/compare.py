"""Builds the side-by-side comparison table of a few models: attributes, links and techniques."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kg.types import EntityRef, ModelSummary
from kg.vocabulary import ATTRIBUTES, Label, inherits_weights
from webui import labels


@dataclass(frozen=True)
class ValueRow:
    name: str
    cells: tuple[object, ...]  # one value (or None) per model

    @property
    def differs(self) -> bool:
        return len({str(cell) for cell in self.cells}) > 1


@dataclass(frozen=True)
class Linked:
    """A linked entity in a cell, with how it is linked where that needs saying (a parent's relation)."""

    key: str
    label: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class LinkRow:
    name: str  # a heading in the interface language
    cells: tuple[tuple[Linked, ...], ...]

    @property
    def differs(self) -> bool:
        return len({tuple(ref.key for ref in cell) for cell in self.cells}) > 1


@dataclass(frozen=True)
class TechniqueRow:
    technique: EntityRef
    cells: tuple[bool, ...]

    @property
    def differs(self) -> bool:
        return len(set(self.cells)) > 1


@dataclass(frozen=True)
class Comparison:
    models: tuple[ModelSummary, ...]
    attributes: tuple[ValueRow, ...]
    links: tuple[LinkRow, ...]
    techniques: tuple[TechniqueRow, ...]


def _parent_note(rel_type: str, kind: str | None) -> str:
    """ "fine-tunes · instruction tuning", "successor of": how a model came from this parent."""
    if not inherits_weights(kind):
        return str(labels.KIND_RELATIONS[kind])
    phrase = str(labels.RELATIONS.get(rel_type, rel_type))
    return f"{phrase} · {labels.KINDS.get(kind, kind)}" if kind else phrase


def _cell(model: ModelSummary, field: str) -> tuple[Linked, ...]:
    refs: tuple[EntityRef, ...] = getattr(model, field)
    notes = {key: _parent_note(t, kind) for key, (t, kind) in model.parent_kinds.items()} if field == "parents" else {}
    return tuple(Linked(key=r.key, label=r.label, name=r.name, note=notes.get(r.key, "")) for r in refs)


def comparison(*, models: list[ModelSummary]) -> Comparison:
    attributes = tuple(
        ValueRow(name=name, cells=tuple(m.properties.get(name) for m in models))
        for name in ATTRIBUTES[Label.MODEL]
        if any(name in m.properties for m in models)
    )
    links = tuple(
        LinkRow(name=name, cells=tuple(_cell(m, field) for m in models))
        for name, field in (
            (_("Developed by"), "organizations"),
            (_("Introduced in"), "papers"),
            (_("Parents"), "parents"),
        )
    )
    techniques = {t.key: t for m in models for t in m.techniques}
    rows = tuple(
        TechniqueRow(technique=t, cells=tuple(any(u.key == key for u in m.techniques) for m in models))
        for key, t in sorted(techniques.items(), key=lambda kv: kv[1].name.casefold())
    )
    return Comparison(models=tuple(models), attributes=attributes, links=links, techniques=rows)
