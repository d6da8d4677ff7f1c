"""Places a lineage family on a time axis by release date ("2019", "2019-06" or "2019-06-11")."""

import re
from dataclasses import dataclass

from kg.types import LineageNode

MAX_WIDTH, MIN_WIDTH, YEAR_WIDTH = 900, 360, 150  # short families stay narrow enough for a phone
LEFT, RIGHT = 16, 16
TOP = 30
ROW = 24
MAX_ROWS = 40
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True)
class TimelineItem:
    key: str
    name: str
    released: str
    x: int
    y: int
    direction: str  # "self", "up" (ancestor) or "down" (descendant)
    label_left: bool  # late entries put their label left of the dot so it stays inside


@dataclass(frozen=True)
class Tick:
    x: int
    year: int


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    items: tuple[TimelineItem, ...]
    ticks: tuple[Tick, ...]
    dated: tuple[LineageNode, ...]  # every dated model in order, for the text alternative
    undated: tuple[LineageNode, ...]
    hidden: int


def release_year(value: object) -> float | None:
    """2019-06 → 2019.42; None when the value is not a date."""
    match = _DATE.match(str(value)) if value is not None else None
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    return year + (min(max(month, 1), 12) - 1) / 12 + (min(max(day, 1), 31) - 1) / 372


def layout(*, nodes: list[LineageNode]) -> Timeline:
    """`nodes` are the model itself (direction "self") and its lineage, in any order."""
    dated = sorted(
        (n for n in nodes if release_year(n.released) is not None),
        key=lambda n: (release_year(n.released), n.name),
    )
    undated = tuple(sorted((n for n in nodes if release_year(n.released) is None), key=lambda n: n.name))
    if not dated:
        return Timeline(width=MIN_WIDTH, height=0, items=(), ticks=(), dated=(), undated=undated, hidden=0)
    first = int(release_year(dated[0].released))
    last = int(release_year(dated[-1].released)) + 1
    width = min(max(MIN_WIDTH, (last - first) * YEAR_WIDTH + LEFT + RIGHT), MAX_WIDTH)
    span = width - LEFT - RIGHT

    def x_of(year: float) -> int:
        return round(LEFT + (year - first) / (last - first) * span)

    shown = dated[:MAX_ROWS]
    items = tuple(
        TimelineItem(
            key=n.key,
            name=n.name,
            released=str(n.released),
            x=x_of(release_year(n.released)),
            y=TOP + row * ROW,
            direction=n.direction,
            label_left=x_of(release_year(n.released)) > width * 0.6,
        )
        for row, n in enumerate(shown)
    )
    return Timeline(
        width=width,
        height=TOP + len(shown) * ROW + 8,
        items=items,
        ticks=tuple(Tick(x=x_of(year), year=year) for year in range(first, last + 1)),
        dated=tuple(dated),
        undated=undated,
        hidden=len(dated) - len(shown),
    )
