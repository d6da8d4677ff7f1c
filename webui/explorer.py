"""The graph explorer's server-drawn picture (what a browser without JavaScript shows): an entity's
neighbourhood on rings around it, labels level and outside the ring, edges ending in an arrowhead at
the rim of their target. Also the same neighbourhood as data for the script that draws it live."""

import math
from dataclasses import dataclass

from kg.types import EntityRef, Neighbourhood
from kg.vocabulary import LINEAGE_TYPES, RelType, inherits_weights

MARGIN = 150  # room for labels outside the outer ring
LABEL_GAP = 11
RADIUS = (18, 9, 6)  # a node's circle by its ring
ARROW_GAP = 3  # between an arrow's tip and its target's circle
# Relations many entities share one end of (every model of a lab is developed by it): the live explorer
# folds them into a count on the shared end ("+12 developed by") until asked, beyond the center's own.
HUB_TYPES: tuple[str, ...] = (RelType.DEVELOPED_BY.kebab, RelType.USES.kebab, RelType.PUBLISHED_BY.kebab)
LINEAGE_KEBAB: tuple[str, ...] = tuple(t.kebab for t in LINEAGE_TYPES)


@dataclass(frozen=True)
class ExplorerNode:
    ref: EntityRef
    hops: int
    x: int
    y: int
    anchor: (
        str  # "start" on the right, "end" on the left, "middle" at the top and bottom: level text, away from the ring
    )
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
    nodes, position, ring_of = [], {}, {}
    for ref, ring, angle in placed:
        radius = (0, radius1, radius2)[ring]
        x, y = round(middle + radius * math.cos(angle)), round(middle + radius * math.sin(angle))
        position[ref.key] = (x, y)
        ring_of[ref.key] = ring
        cos, sin = math.cos(angle), math.sin(angle)
        if ring == 0:
            node = ExplorerNode(ref=ref, hops=0, x=x, y=y, anchor="middle", text_x=x, text_y=y + 34)
        elif abs(cos) < 0.35:  # near the top or the bottom: centred above or below the dot
            gap = RADIUS[ring] + LABEL_GAP
            node = ExplorerNode(
                ref=ref,
                hops=ring,
                x=x,
                y=y,
                anchor="middle",
                text_x=x,
                text_y=round(y + (gap + 4 if sin > 0 else -gap + 4)),
            )
        else:
            step = -LABEL_GAP if cos < 0 else LABEL_GAP
            node = ExplorerNode(
                ref=ref, hops=ring, x=x, y=y, anchor="end" if cos < 0 else "start", text_x=x + step, text_y=y + 4
            )
        nodes.append(node)
    edges = []
    for e in hood.edges:
        if e.source not in position or e.target not in position:
            continue
        (x1, y1), (x2, y2) = position[e.source], position[e.target]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        cut = RADIUS[ring_of[e.target]] + ARROW_GAP  # the arrowhead stops at the target's rim
        edges.append(
            ExplorerEdge(
                x1=x1,
                y1=y1,
                x2=round(x2 - (x2 - x1) * cut / length),
                y2=round(y2 - (y2 - y1) * cut / length),
                type=e.type.lower().replace("_", "-"),
                status=e.status,
                source=e.source,
                target=e.target,
                kind=e.kind,
            )
        )
    return Explorer(size=size, nodes=tuple(nodes), edges=tuple(edges))


def as_data(hood: Neighbourhood) -> dict:
    """The neighbourhood as the live explorer reads it: the API's neighbourhood shape, less its URLs."""
    return {
        "center": {"key": hood.center.key, "label": hood.center.label, "name": hood.center.name},
        "truncated": bool(hood.truncated),
        "nodes": [{"key": r.key, "label": r.label, "name": r.name, "hops": hops} for r, hops in hood.nodes],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "type": e.type.lower().replace("_", "-"),
                "status": e.status,
                "kind": e.kind or None,
            }
            for e in hood.edges
        ],
    }
