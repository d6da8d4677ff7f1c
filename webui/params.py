"""The pages' query parameters, read in this one place. Pages forgive: a value out of range falls
back to the nearest allowed one, an unreadable one to its default, an unknown relation type is
dropped; a page never answers 400 for its own switches (the API, which refuses, checks its
parameters in api/params.py). The selectors take the values as given."""

import math
import re
from dataclasses import dataclass

from django.conf import settings

from kg import cursors
from kg.repository import LINEAGE_MAX_DEPTH
from kg.types import Position
from kg.vocabulary import RelType

DEFAULT_DEPTH = 3
DEPTHS = range(1, LINEAGE_MAX_DEPTH + 1)
HOPS = range(1, 3)
QUERY_MAX = 200
_ON = ("1", "true", "yes", "on")


def bounded_int(request, name: str, default: int, allowed: range) -> int:
    try:
        return min(max(int(request.GET.get(name, default)), allowed.start), allowed.stop - 1)
    except ValueError:
        return default


def depth(request) -> int:
    return bounded_int(request, "depth", DEFAULT_DEPTH, DEPTHS)


def hops(request) -> int:
    return bounded_int(request, "hops", 1, HOPS)


def unreviewed(request) -> bool:
    """Is the page's "include unreviewed" switch on (?unreviewed=1)? Off, a page shows accepted
    facts and the unreviewed ones at or above PAGES_MIN_CONFIDENCE (marked); on, all of them."""
    return request.GET.get("unreviewed", "0").strip().lower() in _ON


def dropped(request) -> bool:
    """Does the document page show the lines the extraction dropped as noise (?dropped=1)? Off by
    default: a source reads as the text the facts were taken from, without its spam."""
    return request.GET.get("dropped", "0").strip().lower() in _ON


def reading(include: bool) -> bool | float:
    """What the page reads: every unreviewed fact with the switch on, else those confident enough."""
    return True if include else settings.PAGES_MIN_CONFIDENCE


def relation_types(request) -> list[str]:
    known = {r.kebab for r in RelType}
    return [t for t in request.GET.getlist("type") if t in known]


def keys(request, name: str) -> list[str]:
    """A comma-separated list of keys (?models=gpt-3,llama), blanks dropped."""
    return [k.strip() for k in request.GET.get(name, "").split(",") if k.strip()]


def text(request, name: str = "q") -> str:
    return request.GET.get(name, "").strip()[:QUERY_MAX]


def span(request, length: int) -> tuple[int, int] | None:
    """The evidence a link points at (?start=&end= character offsets), when it lies inside the text."""
    try:
        start, end = int(request.GET["start"]), int(request.GET["end"])
    except (KeyError, ValueError):
        return None
    return (start, end) if 0 <= start < end <= length else None


# --- list pages: /models, /organizations, ... /documents ----------------------------------------

PAGE_SIZES = (10, 25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
YEARS = range(1900, 2201)
PARAMETERS_MAX = 1e16
_SCALE = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_AMOUNT = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([kmbgt]?)\s*$", re.IGNORECASE)
_OFF = ("0", "false", "no", "off")
# Each list's orderings (the first is the default) and filters; the API allows the same ones.
ENTITY_ORDERINGS = ("name", "-name", "models", "-models")
LIST_ORDERINGS = {
    "models": ("name", "-name", "released", "-released", "parameters", "-parameters"),
    "organizations": ENTITY_ORDERINGS,
    "techniques": ENTITY_ORDERINGS,
    "papers": ENTITY_ORDERINGS,
    "datasets": ENTITY_ORDERINGS,
    "documents": ("-ingested", "ingested", "name", "-name"),
}
LIST_FILTERS = {
    "models": ("q", "organization", "technique", "released_from", "released_to")
    + ("parameters_min", "parameters_max", "has_lineage"),
    "organizations": ("q",),
    "techniques": ("q", "organization"),
    "papers": ("q", "organization"),
    "datasets": ("q", "organization"),
    "documents": ("q", "language"),
}


@dataclass(frozen=True)
class Listing:
    """A list page's request, forgiven: every value allowed, unreadable ones dropped."""

    kind: str
    ordering: str
    limit: int
    after: Position | None
    cursor: str | None
    filters: dict  # name -> value, only the filters given (and readable)

    def query(self, *, cursor: str | None = None, **changes) -> dict[str, str]:
        """This view's parameters as a URL's query, defaults left out (the API has the same
        defaults): the pages' links and, with the same values, the API's download links."""
        values = {**self.filters, "ordering": self.ordering, "limit": self.limit, **changes}
        out: dict[str, str] = {}
        for name, value in values.items():
            if value is None or (name == "ordering" and value == LIST_ORDERINGS[self.kind][0]):
                continue
            if name == "limit" and value == DEFAULT_PAGE_SIZE:
                continue
            if isinstance(value, bool):
                out[name] = "true" if value else "false"
            elif isinstance(value, float):
                out[name] = f"{value:.15g}"
            else:
                out[name] = str(value)
        if cursor:
            out["cursor"] = cursor
        return out


def _nearest(value: int, allowed: tuple[int, ...]) -> int:
    return min(allowed, key=lambda size: (abs(size - value), size))


def amount(text: str) -> float | None:
    """A parameter count as people write it: 7B, 1.5 T, 175000000000, 6.7e9; None if unreadable."""
    found = _AMOUNT.match(text or "")
    if not found:
        return None
    value = float(found.group(1)) * _SCALE[found.group(2).lower()]
    return min(value, PARAMETERS_MAX) if math.isfinite(value) else None


def _year(text: str) -> int | None:
    try:
        year = int(text.strip())
    except ValueError:
        return None
    return min(max(year, YEARS.start), YEARS.stop - 1)


def _switch(text: str) -> bool | None:
    text = text.strip().lower()
    return True if text in _ON else False if text in _OFF else None


def listing(request, kind: str) -> Listing:
    """?ordering= from the list's allow-list (else its default), ?limit= the nearest page size,
    a cursor made for this list and ordering (else the first page), and the list's filters."""
    orderings = LIST_ORDERINGS[kind]
    ordering = request.GET.get("ordering", "")
    ordering = ordering if ordering in orderings else orderings[0]
    try:
        limit = _nearest(int(request.GET.get("limit", DEFAULT_PAGE_SIZE)), PAGE_SIZES)
    except ValueError:
        limit = DEFAULT_PAGE_SIZE
    cursor = request.GET.get("cursor", "")
    shape = cursors.SORTED_BY_VALUE
    try:
        after = cursors.decode_cursor(cursor, scope=cursors.list_scope(kind, ordering), shape=shape) if cursor else None
    except cursors.InvalidCursor:
        after = None
    filters: dict = {}
    for name in LIST_FILTERS[kind]:
        raw = request.GET.get(name, "")
        if name in ("released_from", "released_to"):
            value = _year(raw)
        elif name in ("parameters_min", "parameters_max"):
            value = amount(raw)
        elif name == "has_lineage":
            value = _switch(raw)
        else:
            value = raw.strip()[: 16 if name == "language" else QUERY_MAX] or None
        if value is not None:
            filters[name] = value
    return Listing(
        kind=kind, ordering=ordering, limit=limit, after=after, cursor=cursor if after else None, filters=filters
    )
