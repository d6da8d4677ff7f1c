"""Groups an entity's statements for display: each attribute value with its sources, conflicts side by side."""

from dataclasses import dataclass

from kg.types import Entity, Evidence, Relation
from kg.values import agrees, precision
from kg.vocabulary import ATTRIBUTES

# Bookkeeping the graph keeps on nodes that is not a fact about the thing.
_NOT_SHOWN = {"ingested_at", "updated_at", "created_at"}


@dataclass(frozen=True)
class ValueSources:
    value: int | float | str
    evidence: tuple[Evidence, ...]
    shown: bool  # the value the graph currently holds for the attribute
    unreviewed: bool = False  # no settled claim states it: marked as unreviewed facts are


@dataclass(frozen=True)
class AttributeRow:
    name: str
    values: tuple[ValueSources, ...]

    @property
    def conflict(self) -> bool:
        return len(self.values) > 1


def _grouped(claims: list, current: object) -> list[tuple[object, list[Evidence], bool]]:
    """Values that agree (2020 and 2020-05, 65e9 and 65000000000) are one, under the more precise;
    the value the graph holds comes first, the others by how many documents state them."""
    groups: list[tuple[list, list[Evidence], list[str]]] = [([current], [], [])] if current is not None else []
    for claim in sorted(claims, key=lambda c: -precision(c.value)):
        # A value joins a group only if it agrees with every value in it: 2020 would agree with
        # 2020-05 and with 2020-06, which still differ from each other.
        group = next((g for g in groups if all(agrees(v, claim.value) for v in g[0])), None)
        if group is None:
            group = ([claim.value], [], [])
            groups.append(group)
        else:
            group[0].append(claim.value)
        if claim.evidence:
            group[1].append(claim.evidence)
        group[2].append(claim.status)
    head, rest = (groups[:1], groups[1:]) if current is not None else ([], groups)
    rest.sort(key=lambda g: -len({e.document_key for e in g[1]}))
    return [
        (value[0], evidence, bool(statuses) and "accepted" not in statuses) for value, evidence, statuses in head + rest
    ]


def attribute_rows(*, entity: Entity) -> list[AttributeRow]:
    """One row per attribute in the vocabulary's order; values that really differ side by side."""
    claimed: dict[str, list] = {}
    for claim in entity.attributes:
        if claim.status != "rejected":
            claimed.setdefault(claim.name, []).append(claim)
    order = list(ATTRIBUTES.get(entity.label, ()))  # StrEnum keys match plain label strings
    names = order + sorted((set(claimed) | set(entity.properties)) - set(order) - _NOT_SHOWN)
    rows = []
    for name in names:
        current = entity.properties.get(name)
        groups = _grouped(claimed.get(name, []), current)
        if not groups:
            continue
        rows.append(
            AttributeRow(
                name=name,
                values=tuple(
                    ValueSources(
                        value=value,
                        evidence=tuple(evidence),
                        shown=current is not None and index == 0,
                        unreviewed=unreviewed,
                    )
                    for index, (value, evidence, unreviewed) in enumerate(groups)
                ),
            )
        )
    return rows


def by_type(relations: tuple[Relation, ...]) -> dict[str, list[Relation]]:
    grouped: dict[str, list[Relation]] = {}
    for relation in relations:
        grouped.setdefault(relation.type, []).append(relation)
    return grouped
