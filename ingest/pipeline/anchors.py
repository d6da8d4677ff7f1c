"""Literal strings a regex cannot match without, so most cue templates skip a sentence cheaply."""

import re

try:  # the parser re itself uses; when a Python version lacks it, templates just run unfiltered
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - depends on the interpreter
    _p = _c = None


def required_literals(*, pattern: str) -> frozenset[str]:
    """Strings one of which every match contains (empty: no such set was found)."""
    if _p is None:
        return frozenset()
    try:
        found = _required(items=_p.parse(pattern))
    except (re.error, TypeError, ValueError):
        return frozenset()
    return frozenset(found or ())


def _required(*, items) -> set[str] | None:
    """The most selective requirement of a sequence: a literal run (see _selective), or a group,
    alternation or repeat (at least once) whose every way of matching has one."""
    best: set[str] | None = None
    run: list[str] = []
    for op, value in [*items, (None, None)]:
        if op is _c.LITERAL:
            run.append(chr(value))
            continue
        if _selective(run="".join(run)):
            best = _more_selective(best, {"".join(run)})
        run = []
        candidate = None
        if op is _c.SUBPATTERN:
            candidate = _required(items=value[3])
        elif op is _c.BRANCH:
            branches = [_required(items=branch) for branch in value[1]]
            candidate = set().union(*branches) if all(branches) else None
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and value[0] >= 1:
            candidate = _required(items=value[2])
        if candidate:
            best = _more_selective(best, candidate)
    return best


def _selective(*, run: str) -> bool:
    """Two characters, or one Han character (基, 带); never the placeholder marks alone."""
    text = "".join(ch for ch in run if not "\ue000" <= ch <= "\uf8ff")
    return len(text) >= 2 or (len(text) == 1 and not text.isascii())


def _more_selective(current: set[str] | None, candidate: set[str]) -> set[str]:
    if current is None or min(map(len, candidate)) > min(map(len, current)):
        return candidate
    return current
