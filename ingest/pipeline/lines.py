"""Lines of the matching view, each with its 1-based line number in the original text."""

import bisect
from dataclasses import dataclass

from ingest.pipeline.view import View


@dataclass(frozen=True)
class Line:
    index: int
    number: int  # 1-based line number in the original text
    start: int  # view offsets, without the newline
    end: int
    text: str


def split_lines(*, view: View, original: str) -> list[Line]:
    newlines = [i for i, ch in enumerate(original) if ch == "\n"]
    lines: list[Line] = []
    start = 0
    for index, text in enumerate(view.text.split("\n")):
        end = start + len(text)
        at = view.span(start=start, end=max(end, start + 1))[0] if start < len(view.text) else len(original)
        number = bisect.bisect_right(newlines, at - 1) + 1 if at > 0 else 1
        lines.append(Line(index=index, number=number, start=start, end=end, text=text))
        start = end + 1
    return lines
