"""Lays out a lineage as a left-to-right layered diagram: ancestors left, descendants right."""

from dataclasses import dataclass

from kg.types import Lineage

COLUMN_WIDTH = 190
ROW_HEIGHT = 46
NODE_WIDTH = 160
NODE_HEIGHT = 30
MAX_PER_COLUMN = 12


@dataclass(frozen=True)
class DiagramNode:
    key: str
    name: str
    x: int
    y: int
    root: bool


@dataclass(frozen=True)
class DiagramEdge:
    x1: int
    y1: int
    x2: int
    y2: int
    type: str
    status: str
    label: str


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]
    hidden: int  # nodes that did not fit; the lineage list below the diagram still has them


def layout(lineage: Lineage) -> Diagram:
    columns: dict[int, list[tuple[str, str]]] = {0: [(lineage.root.key, lineage.root.name)]}
    for node in lineage.nodes:
        column = -node.hops if node.direction == "up" else node.hops
        columns.setdefault(column, []).append((node.key, node.name))
    hidden = sum(max(0, len(items) - MAX_PER_COLUMN) for items in columns.values())
    ordered = sorted(columns)
    rows = max(min(len(items), MAX_PER_COLUMN) for items in columns.values())
    height = rows * ROW_HEIGHT + 20
    positions: dict[str, tuple[int, int]] = {}
    nodes = []
    for index, column in enumerate(ordered):
        items = columns[column][:MAX_PER_COLUMN]
        offset = (rows - len(items)) * ROW_HEIGHT // 2
        for row, (key, name) in enumerate(items):
            x, y = 10 + index * COLUMN_WIDTH, 10 + offset + row * ROW_HEIGHT
            positions[key] = (x, y)
            nodes.append(DiagramNode(key=key, name=name, x=x, y=y, root=column == 0))
    edges = []
    for edge in lineage.edges:
        if edge.source not in positions or edge.target not in positions:
            continue
        (sx, sy), (tx, ty) = positions[edge.source], positions[edge.target]
        # Edges point from the newer model to its parent; draw parent → child, left to right.
        edges.append(
            DiagramEdge(
                x1=tx + NODE_WIDTH,
                y1=ty + NODE_HEIGHT // 2,
                x2=sx,
                y2=sy + NODE_HEIGHT // 2,
                type=edge.type.lower().replace("_", "-"),
                status=edge.status,
                label=edge.type.lower().replace("_", " "),
            )
        )
    width = len(ordered) * COLUMN_WIDTH + 10
    return Diagram(width=width, height=height, nodes=tuple(nodes), edges=tuple(edges), hidden=hidden)
