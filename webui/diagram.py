"""Lays out a lineage as a left-to-right layered diagram: ancestors left, descendants right, big columns folded."""

from dataclasses import dataclass

from kg.types import Lineage, LineageNode
from kg.vocabulary import inherits_weights
from webui import labels

COLUMN_WIDTH = 200
NODE_WIDTH = 160
NODE_HEIGHT = 40
ROW_HEIGHT = 52
HEADER = 28
PAD = 10
# Beyond this many models a generation shows its first ones and a "+N more" box linking to the list.
MAX_PER_COLUMN = 10


@dataclass(frozen=True)
class DiagramNode:
    key: str
    name: str
    released: str | None
    x: int
    y: int
    root: bool


@dataclass(frozen=True)
class DiagramMore:
    anchor: str  # the generation's list below the diagram
    count: int
    x: int
    y: int


@dataclass(frozen=True)
class DiagramEdge:
    path: str
    type: str
    status: str
    child: str
    parent: str
    kind: str | None = None
    # A child that does not start from its parent's weights (a successor ...) is drawn apart and labelled.
    weights: bool = True
    label: str = ""  # the kind, written along the edge
    label_x: int = 0
    label_y: int = 0
    conflict: str | None = None


@dataclass(frozen=True)
class Generation:
    """One column: its distance from the model (negative: ancestors) and every model in it, drawn or not."""

    number: int
    x: int
    nodes: tuple[LineageNode, ...]

    @property
    def anchor(self) -> str:
        return f"gen-up-{self.steps}" if self.up else f"gen-down-{self.steps}"

    @property
    def steps(self) -> int:
        return abs(self.number)

    @property
    def up(self) -> bool:
        return self.number < 0


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]
    more: tuple[DiagramMore, ...]
    generations: tuple[Generation, ...]
    hidden: int

    @property
    def new_weights(self) -> bool:
        """Whether an edge shows a child trained anew (successor ...), which the legend then explains."""
        return any(not edge.weights for edge in self.edges)


def _generations(lineage: Lineage, root_released: str | None) -> dict[int, list[LineageNode]]:
    root = LineageNode(key=lineage.root.key, name=lineage.root.name, released=root_released, hops=0, direction="self")
    columns: dict[int, list[LineageNode]] = {0: [root]}
    for node in lineage.nodes:
        columns.setdefault(-node.hops if node.direction == "up" else node.hops, []).append(node)
    return columns


def _order(columns: dict[int, list[LineageNode]], lineage: Lineage) -> None:
    """Sort each column by where its neighbours closer to the root sit, so edges cross less."""
    neighbours: dict[str, set[str]] = {}
    for edge in lineage.edges:
        neighbours.setdefault(edge.source, set()).add(edge.target)
        neighbours.setdefault(edge.target, set()).add(edge.source)
    for outward in (range(1, max(columns) + 1), range(-1, min(columns) - 1, -1)):
        for number in outward:
            inner = number - 1 if number > 0 else number + 1
            rank = {node.key: index for index, node in enumerate(columns.get(inner, []))}

            def barycenter(node: LineageNode, rank=rank) -> tuple:
                near = [rank[k] for k in neighbours.get(node.key, ()) if k in rank]
                return (sum(near) / len(near) if near else len(rank), node.released or "9999", node.name)

            columns.get(number, []).sort(key=barycenter)


def _path(parent: tuple[int, int], child: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """The edge's SVG path and its middle point (where a label goes)."""
    (px, py), (cx, cy) = parent, child
    py, cy = py + NODE_HEIGHT // 2, cy + NODE_HEIGHT // 2
    if cx > px:  # the usual case: parent left of child
        x1, x2 = px + NODE_WIDTH, cx
        bend = (x2 - x1) // 2
        return f"M{x1},{py} C{x1 + bend},{py} {x2 - bend},{cy} {x2},{cy}", ((x1 + x2) // 2, (py + cy) // 2)
    # Same column or backwards (a cycle in the data): loop out to the right so it stays visible.
    x = max(px, cx) + NODE_WIDTH
    path = f"M{px + NODE_WIDTH},{py} C{x + 40},{py} {x + 40},{cy} {cx + NODE_WIDTH},{cy}"
    return path, (x + 30, (py + cy) // 2)


def _edge(edge, positions: dict[str, tuple[int, int]]) -> DiagramEdge:
    path, (mx, my) = _path(positions[edge.target], positions[edge.source])
    weights = inherits_weights(edge.kind)
    return DiagramEdge(
        path=path,
        type=edge.type.lower().replace("_", "-"),
        status=edge.status,
        child=edge.source,
        parent=edge.target,
        kind=edge.kind,
        weights=weights,
        label="" if weights else str(labels.KINDS[edge.kind]),
        label_x=mx,
        label_y=my - 4,
        conflict=edge.conflict,
    )


def layout(*, lineage: Lineage, root_released: str | None = None) -> Diagram:
    columns = _generations(lineage, root_released)
    _order(columns, lineage)
    numbers = sorted(columns)
    rows = max(min(len(items), MAX_PER_COLUMN) for items in columns.values())
    height = HEADER + rows * ROW_HEIGHT + PAD
    positions: dict[str, tuple[int, int]] = {}
    nodes, more, generations = [], [], []
    for index, number in enumerate(numbers):
        items = columns[number]
        shown = items if len(items) <= MAX_PER_COLUMN else items[: MAX_PER_COLUMN - 1]
        slots = len(shown) + (len(shown) < len(items))
        top = HEADER + (rows - slots) * ROW_HEIGHT // 2
        x = PAD + index * COLUMN_WIDTH
        generation = Generation(number=number, x=x, nodes=tuple(items))
        generations.append(generation)
        for row, node in enumerate(shown):
            y = top + row * ROW_HEIGHT
            positions[node.key] = (x, y)
            nodes.append(DiagramNode(key=node.key, name=node.name, released=node.released, x=x, y=y, root=number == 0))
        if len(shown) < len(items):
            y = top + len(shown) * ROW_HEIGHT
            more.append(DiagramMore(anchor=generation.anchor, count=len(items) - len(shown), x=x, y=y))
    edges = [
        _edge(edge, positions)
        for edge in lineage.edges
        # Edges point from the newer model to its parent; the diagram draws parent → child.
        if edge.source in positions and edge.target in positions
    ]
    return Diagram(
        width=2 * PAD + len(numbers) * COLUMN_WIDTH - (COLUMN_WIDTH - NODE_WIDTH) + 60,
        height=height,
        nodes=tuple(nodes),
        edges=tuple(edges),
        more=tuple(more),
        generations=tuple(generations),
        hidden=sum(m.count for m in more),
    )
