"""Attribute values read the way a reader would: dates at their own precision, numbers by value.

"2020" and "2020-05" do not disagree (the second only says more); "2022" is before "2023-02", but
"2023" is neither before nor after "2023-02". Sync picks a node's value with these rules and the
pages group the sources' values with them, so both agree on what is a conflict.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A year, a month, a day; a time of day after it (2023-02-24T00:00:00Z) adds nothing a page shows.
_DATE = re.compile(
    r"^\s*(\d{4})(?:-(0?[1-9]|1[0-2])(?:-(0?[1-9]|[12]\d|3[01]))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$"
)


def date_parts(value: object) -> tuple[int, ...] | None:
    """ "2019" → (2019,), "2019-06" → (2019, 6), "2019-06-11" → (2019, 6, 11); None if not a date."""
    if value is None or isinstance(value, bool) or isinstance(value, float):
        return None
    match = _DATE.match(str(value))
    if not match:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def released_before(child: object, parent: object) -> bool:
    """Strictly before at the precision both dates have; False when either is no date or they are
    not comparable ("2023" against "2023-02")."""
    a, b = date_parts(child), date_parts(parent)
    if a is None or b is None:
        return False
    common = min(len(a), len(b))
    return a[:common] < b[:common]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def agrees(a: object, b: object) -> bool:
    """Two stated values say the same thing: equal numbers, dates one of which refines the other,
    or the same text."""
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return x == y
    da, db = date_parts(a), date_parts(b)
    if da is not None and db is not None:
        common = min(len(da), len(db))
        return da[:common] == db[:common]
    return str(a).strip() == str(b).strip()


def precision(value: object) -> int:
    """How much a value says: a date's number of parts; anything else 0."""
    parts = date_parts(value)
    return len(parts) if parts else 0


@dataclass(frozen=True)
class Statement:
    """One source's value for an attribute."""

    value: object
    document: str
    accepted: bool
    confidence: float
    created_at: str = ""


def _backing(value: object, statements: Iterable[Statement]) -> list[Statement]:
    """The statements that back `value`: those that agree with it. A coarser value ("2020") is
    backed by its refinements ("2020-05") only while they agree with one another: "2020-05" and
    "2020-06" back neither "2020" nor each other."""
    agreeing = [s for s in statements if agrees(s.value, value)]
    finer = [s for s in agreeing if precision(s.value) > precision(value)]
    if any(not agrees(a.value, b.value) for a in finer for b in finer):
        agreeing = [s for s in agreeing if precision(s.value) <= precision(value)]
    return agreeing


def support(value: object, statements: Iterable[Statement]) -> tuple[bool, int, float]:
    """How well the sources back `value`: whether an accepted statement does (a curator's or
    auto-accepted word outweighs any number of guesses), then distinct documents, then their best
    confidence."""
    backing = _backing(value, list(statements))
    return (
        any(s.accepted for s in backing),
        len({s.document for s in backing}),
        max((s.confidence for s in backing), default=0.0),
    )


def best_value(statements: list[Statement]) -> object:
    """The value a reader would take: the best supported (accepted, then documents, then
    confidence), among equally supported the more precise, then the most recently stated."""
    if not statements:
        return None

    def rank(s: Statement) -> tuple:
        return (*support(s.value, statements), precision(s.value), s.accepted, s.confidence, s.created_at)

    return max(statements, key=rank).value
