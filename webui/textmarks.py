"""Splits a document's text into plain runs, entity mentions and the evidence span, for templates."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    entity_key: str | None = None
    entity_label: str | None = None
    evidence: bool = False
    anchor: bool = False  # the first evidence segment, where #evidence lands


def marked_segments(
    text: str, mentions: tuple[tuple[int, int, str, str], ...], evidence: tuple[int, int] | None
) -> list[Segment]:
    """Non-overlapping segments in text order; mentions inside the evidence stay linked."""
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
    by_start = {start: (end, key, label) for start, end, key, label in usable}
    segments = []
    active = None
    for a, b in zip(points, points[1:], strict=False):
        if a in by_start:
            active = by_start[a]
        in_evidence = bool(evidence and evidence[0] <= a < evidence[1])
        key, label = (active[1], active[2]) if active and a < active[0] else (None, None)
        anchor = in_evidence and not any(s.evidence for s in segments[-1:]) and a == evidence[0]
        segments.append(
            Segment(text=text[a:b], entity_key=key, entity_label=label, evidence=in_evidence, anchor=anchor)
        )
        if active and b >= active[0]:
            active = None
    return segments
