"""Places a lineage family on a time axis by release date ("2019", "2019-06" or "2019-06-11").

A date known only to the year is a span over that year, not a point at its start, and sorts after
the precise dates of its year: "2023" says nothing about coming before "2023-02".
"""

from dataclasses import dataclass

from kg.types import LineageNode
from kg.values import date_parts

MAX_WIDTH, MIN_WIDTH, YEAR_WIDTH = 900, 360, 150  # short families stay narrow enough for a phone
LEFT, RIGHT = 16, 16
TOP = 30
ROW = 24
MAX_ROWS = 40


@dataclass(frozen=True)
class TimelineItem:
    key: str
    name: str
    released: str
    x: int
    y: int
    direction: str  # "self", "up" (ancestor) or "down" (descendant)
    label_left: bool  # late entries put their label left of the dot so it stays inside
    x_end: int | None = None  # a year-only date spans its year, from x to x_end

    @property
    def span_width(self) -> int:
        return 0 if self.x_end is None else self.x_end - self.x


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
    parts = date_parts(value)
    if parts is None:
        return None
    year, month, day = (*parts, 1, 1)[:3]
    return year + (min(max(month, 1), 12) - 1) / 12 + (min(max(day, 1), 31) - 1) / 372


def _order(node: LineageNode) -> tuple:
    """By date; a year alone after the dates of that year that say more."""
    parts = date_parts(node.released)
    return (parts[0], len(parts) == 1, release_year(node.released), node.name)


def _year_only(node: LineageNode) -> bool:
    parts = date_parts(node.released)
    return parts is not None and len(parts) == 1


def layout(*, nodes: list[LineageNode]) -> Timeline:
    """`nodes` are the model itself (direction "self") and its lineage, in any order."""
    dated = sorted((n for n in nodes if release_year(n.released) is not None), key=_order)
    undated = tuple(sorted((n for n in nodes if release_year(n.released) is None), key=lambda n: n.name))
    if not dated:
        return Timeline(width=MIN_WIDTH, height=0, items=(), ticks=(), dated=(), undated=undated, hidden=0)
    first = min(int(release_year(n.released)) for n in dated)
    last = max(int(release_year(n.released)) for n in dated) + 1
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
            x_end=x_of(release_year(n.released) + 1) if _year_only(n) else None,
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
