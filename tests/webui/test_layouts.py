"""Server-side layouts: the lineage diagram folds big generations, the timeline orders by date, rings stay apart."""

import pytest

from kg.types import EntityRef, GraphEdge, Lineage, LineageEdge, LineageNode, Neighbourhood
from webui import diagram, explorer, timeline


def lineage_of(children: int, grandchildren: int) -> Lineage:
    nodes = [
        LineageNode(key=f"c{i}", name=f"Child {i}", released=None, hops=1, direction="down") for i in range(children)
    ]
    nodes += [
        LineageNode(key=f"g{i}", name=f"Grandchild {i}", released=None, hops=2, direction="down")
        for i in range(grandchildren)
    ]
    edges = [
        LineageEdge(source=f"c{i}", target="root", type="FINE_TUNES", status="accepted", confidence=1.0)
        for i in range(children)
    ]
    edges += [
        LineageEdge(source=f"g{i}", target=f"c{i % children}", type="DERIVED_FROM", status="proposed", confidence=0.5)
        for i in range(grandchildren)
    ]
    return Lineage(root=EntityRef(key="root", label="Model", name="Root"), nodes=tuple(nodes), edges=tuple(edges))


@pytest.mark.parametrize(("children", "grandchildren"), [(3, 2), (diagram.MAX_PER_COLUMN, 0), (300, 500)])
def test_big_generations_fold_into_a_more_box_and_keep_everyone_in_the_list(children, grandchildren):
    picture = diagram.layout(lineage=lineage_of(children, grandchildren))
    for generation in picture.generations:
        drawn = [n for n in picture.nodes if n.x == generation.x]
        more = [m for m in picture.more if m.anchor == generation.anchor]
        assert len(drawn) <= diagram.MAX_PER_COLUMN
        assert len(drawn) + sum(m.count for m in more) == len(generation.nodes)
    assert sum(len(g.nodes) for g in picture.generations) == 1 + children + grandchildren
    assert picture.height <= diagram.HEADER + diagram.MAX_PER_COLUMN * diagram.ROW_HEIGHT + diagram.PAD
    drawn_keys = {n.key for n in picture.nodes}
    assert all(e.child in drawn_keys and e.parent in drawn_keys for e in picture.edges)


def test_children_sit_next_to_their_parents():
    picture = diagram.layout(lineage=lineage_of(4, 8))
    y = {n.key: n.y for n in picture.nodes}
    grandchildren = sorted((n for n in picture.nodes if n.key.startswith("g")), key=lambda n: n.y)
    parents = [y[f"c{int(n.key[1:]) % 4}"] for n in grandchildren]
    assert parents == sorted(parents)  # no crossing edges between the two generations


def test_timeline_orders_by_date_and_sets_the_undated_apart():
    nodes = [
        LineageNode(key="b", name="B", released="2021-06", hops=1, direction="down"),
        LineageNode(key="a", name="A", released="2019", hops=1, direction="up"),
        LineageNode(key="c", name="C", released=None, hops=2, direction="down"),
        LineageNode(key="d", name="D", released="2021-01-15", hops=0, direction="self"),
    ]
    line = timeline.layout(nodes=nodes)
    assert [i.key for i in line.items] == ["a", "d", "b"]
    assert [i.x for i in line.items] == sorted(i.x for i in line.items)
    assert [n.key for n in line.undated] == ["c"]
    assert [t.year for t in line.ticks] == [2019, 2020, 2021, 2022]


@pytest.mark.parametrize("value", ["2019", "2019-06", "2019-06-30", 2019])
def test_release_dates_parse_in_every_written_form(value):
    assert 2019 <= timeline.release_year(value) < 2020


def test_explorer_puts_each_ring_on_its_own_circle():
    ring1 = [EntityRef(key=f"n{i}", label="Model", name=f"N{i}") for i in range(12)]
    ring2 = [EntityRef(key=f"m{i}", label="Technique", name=f"M{i}") for i in range(30)]
    hood = Neighbourhood(
        center=EntityRef(key="c", label="Organization", name="C"),
        nodes=(
            (EntityRef(key="c", label="Organization", name="C"), 0),
            *((r, 1) for r in ring1),
            *((r, 2) for r in ring2),
        ),
        edges=(
            *(GraphEdge(source=r.key, target="c", type="DEVELOPED_BY", status="accepted") for r in ring1),
            *(
                GraphEdge(source=f"n{i % 12}", target=r.key, type="USES", status="proposed")
                for i, r in enumerate(ring2)
            ),
        ),
    )
    picture = explorer.layout(hood=hood)
    middle = picture.size / 2
    radius = {n.ref.key: round(((n.x - middle) ** 2 + (n.y - middle) ** 2) ** 0.5) for n in picture.nodes}
    assert radius["c"] == 0
    assert len({radius[r.key] for r in ring1}) <= 2 and len({radius[r.key] for r in ring2}) <= 2  # rounding
    assert max(radius[r.key] for r in ring1) < min(radius[r.key] for r in ring2)
    assert len(picture.edges) == len(hood.edges)


def test_explorer_edges_end_at_their_targets_rim_and_labels_stay_level():
    ring1 = [EntityRef(key=f"n{i}", label="Model", name=f"N{i}") for i in range(8)]
    center = EntityRef(key="c", label="Model", name="C")
    hood = Neighbourhood(
        center=center,
        nodes=((center, 0), *((r, 1) for r in ring1)),
        edges=tuple(GraphEdge(source=r.key, target="c", type="FINE_TUNES", status="accepted") for r in ring1),
    )
    picture = explorer.layout(hood=hood)
    at = {n.ref.key: n for n in picture.nodes}
    for edge in picture.edges:
        target = at[edge.target]
        gap = ((edge.x2 - target.x) ** 2 + (edge.y2 - target.y) ** 2) ** 0.5
        assert abs(gap - (explorer.RADIUS[0] + explorer.ARROW_GAP)) <= 1  # the arrowhead stays visible
    left = [n for n in picture.nodes if n.hops and n.x < at["c"].x - 20]
    right = [n for n in picture.nodes if n.hops and n.x > at["c"].x + 20]
    assert left and all(n.anchor == "end" and n.text_x < n.x for n in left)  # text away from the ring
    assert right and all(n.anchor == "start" and n.text_x > n.x for n in right)
    assert not hasattr(picture.nodes[0], "rotate")
