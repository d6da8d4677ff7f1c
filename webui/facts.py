"""Groups an entity's statements for display: each attribute value with its sources, conflicts side by side."""

from dataclasses import dataclass

from kg.types import Entity, Evidence, Relation
from kg.vocabulary import ATTRIBUTES

# Bookkeeping the graph keeps on nodes that is not a fact about the thing.
_NOT_SHOWN = {"ingested_at", "updated_at", "created_at"}


@dataclass(frozen=True)
class ValueSources:
    value: int | float | str
    evidence: tuple[Evidence, ...]
    shown: bool  # the value the graph currently holds for the attribute


@dataclass(frozen=True)
class AttributeRow:
    name: str
    values: tuple[ValueSources, ...]

    @property
    def conflict(self) -> bool:
        return len(self.values) > 1


def attribute_rows(*, entity: Entity) -> list[AttributeRow]:
    """One row per attribute in the vocabulary's order; differing values from different sources side by side."""
    claimed: dict[str, dict[str, tuple[int | float | str, list[Evidence]]]] = {}
    for claim in entity.attributes:
        if claim.status == "rejected":
            continue
        values = claimed.setdefault(claim.name, {})
        value, evidence = values.setdefault(str(claim.value), (claim.value, []))
        if claim.evidence:
            evidence.append(claim.evidence)
    order = list(ATTRIBUTES.get(entity.label, ()))  # StrEnum keys match plain label strings
    names = order + sorted((set(claimed) | set(entity.properties)) - set(order) - _NOT_SHOWN)
    rows = []
    for name in names:
        current = entity.properties.get(name)
        values = claimed.get(name, {})
        if current is not None and str(current) not in values:
            values = {str(current): (current, []), **values}
        if not values:
            continue
        ordered = sorted(values.values(), key=lambda item: (str(item[0]) != str(current), -len(item[1])))
        rows.append(
            AttributeRow(
                name=name,
                values=tuple(
                    ValueSources(value=value, evidence=tuple(evidence), shown=str(value) == str(current))
                    for value, evidence in ordered
                ),
            )
        )
    return rows


def by_type(relations: tuple[Relation, ...]) -> dict[str, list[Relation]]:
    grouped: dict[str, list[Relation]] = {}
    for relation in relations:
        grouped.setdefault(relation.type, []).append(relation)
    return grouped
