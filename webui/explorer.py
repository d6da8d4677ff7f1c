"""Places an entity's neighbourhood on rings around it, labels pointing outward, for the graph explorer."""

import math
from dataclasses import dataclass

from kg.types import EntityRef, Neighbourhood
from kg.vocabulary import inherits_weights

MARGIN = 150  # room for labels outside the outer ring
LABEL_GAP = 11


@dataclass(frozen=True)
class ExplorerNode:
    ref: EntityRef
    hops: int
    x: int
    y: int
    rotate: int  # degrees: labels run outward along the radius
    anchor: str  # "start" on the right half, "end" on the left so text never reads upside down
    text_x: int
    text_y: int


@dataclass(frozen=True)
class ExplorerEdge:
    x1: int
    y1: int
    x2: int
    y2: int
    type: str
    status: str
    source: str
    target: str
    kind: str | None = None

    @property
    def weights(self) -> bool:
        return inherits_weights(self.kind)


@dataclass(frozen=True)
class Explorer:
    size: int
    nodes: tuple[ExplorerNode, ...]
    edges: tuple[ExplorerEdge, ...]


def _ring_order(hood: Neighbourhood) -> list[tuple[EntityRef, int, float]]:
    """Every node with its ring and its angle: ring 1 grouped by relation to the center, ring 2 near its link."""
    center = hood.center.key
    link_type = {}
    for edge in hood.edges:
        if center in (edge.source, edge.target):
            link_type.setdefault(edge.target if edge.source == center else edge.source, edge.type)
    ring1 = sorted(
        (ref for ref, hops in hood.nodes if hops == 1), key=lambda r: (link_type.get(r.key, ""), r.label, r.name)
    )
    angle1 = {ref.key: 2 * math.pi * i / max(len(ring1), 1) - math.pi / 2 for i, ref in enumerate(ring1)}
    anchor = {}
    for edge in hood.edges:
        for near, far in ((edge.source, edge.target), (edge.target, edge.source)):
            if near in angle1 and far not in angle1:
                anchor.setdefault(far, angle1[near])
    ring2 = sorted(
        (ref for ref, hops in hood.nodes if hops == 2),
        key=lambda r: ((anchor.get(r.key, math.tau) + math.pi / 2) % math.tau, r.name),
    )
    placed = [(hood.center, 0, 0.0)] + [(ref, 1, angle1[ref.key]) for ref in ring1]
    placed += [(ref, 2, 2 * math.pi * i / max(len(ring2), 1) - math.pi / 2) for i, ref in enumerate(ring2)]
    return placed


def layout(*, hood: Neighbourhood) -> Explorer:
    placed = _ring_order(hood)
    count1 = sum(1 for _, ring, _ in placed if ring == 1)
    count2 = sum(1 for _, ring, _ in placed if ring == 2)
    radius1 = max(140, count1 * 24 / math.tau)
    radius2 = max(radius1 + 150, count2 * 20 / math.tau) if count2 else radius1
    size = round(2 * (radius2 + MARGIN))
    middle = size // 2
    nodes, position = [], {}
    for ref, ring, angle in placed:
        radius = (0, radius1, radius2)[ring]
        x, y = round(middle + radius * math.cos(angle)), round(middle + radius * math.sin(angle))
        position[ref.key] = (x, y)
        degrees = math.degrees(angle)
        left = math.cos(angle) < -1e-9
        if ring == 0:
            node = ExplorerNode(ref=ref, hops=0, x=x, y=y, rotate=0, anchor="middle", text_x=x, text_y=y + 34)
        else:
            step = -LABEL_GAP if left else LABEL_GAP
            node = ExplorerNode(
                ref=ref,
                hops=ring,
                x=x,
                y=y,
                rotate=round(degrees + 180 if left else degrees),
                anchor="end" if left else "start",
                text_x=x + step,
                text_y=y + 4,
            )
        nodes.append(node)
    edges = tuple(
        ExplorerEdge(
            x1=position[e.source][0],
            y1=position[e.source][1],
            x2=position[e.target][0],
            y2=position[e.target][1],
            type=e.type.lower().replace("_", "-"),
            status=e.status,
            source=e.source,
            target=e.target,
            kind=e.kind,
        )
        for e in hood.edges
        if e.source in position and e.target in position
    )
    return Explorer(size=size, nodes=tuple(nodes), edges=edges)
