"""The document's lines as list items: indentation, markers, nesting, fenced code and tables."""

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.pipeline.context import Context

# A list marker (bullet or number) or a tree glyph with the lines drawn before it.
_BULLET = re.compile(r"(?P<lead>[ \t]*)(?:[-*+•◦▪●·–]|\d{1,3}[.)])[ \t]+(?=\S)")
_TREE = re.compile(r"(?P<lead>[ \t│┃|]*)(?:[├└┣┗╠╚][─━═\-]*|[|`+]--+)[ \t]*(?=\S)")
_FENCE = re.compile(r"[ \t]{0,12}(?:`{3,}|~{3,})")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
_TABLE_ROW = re.compile(r"\s*\|.*\|\s*$")


@dataclass(frozen=True)
class Line:
    index: int
    start: int  # view offsets of the line, without its newline
    end: int
    content: int  # view offset where the item's text starts (after marker and indentation)
    column: int  # the content's column: nesting depth (tabs count 4)
    marker: str  # "bullet", "tree", "plain", "code" (fenced), or "" for blank, heading and table lines
    parent: int | None  # the enclosing item's line index
    section: int  # the innermost section the line belongs to


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    starts: tuple[int, ...]  # line start offsets, for finding a line by offset

    def line_at(self, *, offset: int) -> Line:
        return self.lines[bisect_right(self.starts, offset) - 1]

    def children(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for line in self.lines:
            if line.parent is not None:
                found.setdefault(line.parent, []).append(line.index)
        return found


def build_layout(*, ctx: Context) -> Layout:
    """One pass over the lines: each item's parent is the nearest earlier item with a smaller
    content column. A heading, code or table line ends every list; a plain line is only the
    root of a tree drawn with glyphs, never of a bullet list (that is a lead-in sentence)."""
    sections = _line_sections(ctx=ctx)
    lines: list[Line] = []
    stack: list[Line] = []
    fenced = False
    start = 0
    for index, text in enumerate(ctx.text.split("\n")):
        fence = bool(_FENCE.match(text))
        fenced ^= fence
        marker, content = ("code", 0) if fenced or fence else _marker(text=text)
        column = _column(text=text[:content])
        parent = None
        if marker in ("", "code") and text.strip():
            stack = []
        elif marker and marker != "code":
            while stack and stack[-1].column >= column:
                stack.pop()
            parent = stack[-1].index if stack and _may_parent(parent=stack[-1], marker=marker) else None
        line = Line(index, start, start + len(text), start + content, column, marker, parent, sections.get(index, 0))
        if marker not in ("", "code"):
            stack.append(line)
        lines.append(line)
        start += len(text) + 1
    return Layout(lines=tuple(lines), starts=tuple(line.start for line in lines))


def _line_sections(*, ctx: Context) -> dict[int, int]:
    """Line index → its innermost section (sections come in document order, parents first)."""
    owner: dict[int, int] = {}
    for section in ctx.segmentation.sections:
        for index in range(section.first_line, section.last_line + 1):
            owner[index] = section.index
    return owner


def _marker(*, text: str) -> tuple[str, int]:
    if not text.strip() or _HEADING.match(text) or _TABLE_ROW.match(text):
        return "", 0
    for pattern, marker in ((_TREE, "tree"), (_BULLET, "bullet")):
        match = pattern.match(text)
        if match:
            return marker, match.end()
    return "plain", len(text) - len(text.lstrip())


def _may_parent(*, parent: Line, marker: str) -> bool:
    return parent.marker != "plain" or marker == "tree"


def _column(*, text: str) -> int:
    return len(text.expandtabs(4))
