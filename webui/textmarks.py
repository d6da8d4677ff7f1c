"""Splits a document's text into plain runs and entity mentions, with the evidence span marked once."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    entity_key: str | None = None
    entity_label: str | None = None
    opens_evidence: bool = False  # the template opens the one <mark id="evidence"> here
    closes_evidence: bool = False


def marked_segments(
    text: str, mentions: tuple[tuple[int, int, str, str], ...], evidence: tuple[int, int] | None
) -> list[Segment]:
    """Non-overlapping segments in text order; mentions are cut at the evidence's edges so it nests."""
    cuts = {0, len(text)}
    usable = []
    last_end = -1
    for start, end, key, label in sorted(mentions):
        if start >= last_end and 0 <= start < end <= len(text):
            usable.append((start, end, key, label))
            cuts |= {start, end}
            last_end = end
    if evidence:
        cuts |= set(evidence)
    points = sorted(cuts)
    segments = []
    mention_index = 0
    for a, b in zip(points, points[1:], strict=False):
        while mention_index < len(usable) and usable[mention_index][1] <= a:
            mention_index += 1
        key = label = None
        if mention_index < len(usable) and usable[mention_index][0] <= a:
            key, label = usable[mention_index][2], usable[mention_index][3]
        segments.append(
            Segment(
                text=text[a:b],
                entity_key=key,
                entity_label=label,
                opens_evidence=bool(evidence) and a == evidence[0],
                closes_evidence=bool(evidence) and b == evidence[1],
            )
        )
    return segments
