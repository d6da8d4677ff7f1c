"""The pages' query parameters, read in this one place. Pages forgive: a value out of range falls
back to the nearest allowed one, an unreadable one to its default, an unknown relation type is
dropped; a page never answers 400 for its own switches (the API, which refuses, checks its
parameters in api/params.py). The selectors take the values as given."""

from django.conf import settings

from kg.repository import LINEAGE_MAX_DEPTH
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
