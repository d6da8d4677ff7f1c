"""Markdown tables: columns recognized by role (base model, organization, paper, training data…)
relate each row's name to its cells; rows keyed by role (`| Base model | X |`) relate the model
of each column, or the table's owner when it has two columns."""

import re
from dataclasses import dataclass

from ingest.pipeline.context import Context
from ingest.pipeline.structure.keyvalue import heading_key, heading_role, heading_subject, link_all, value_objects
from ingest.pipeline.structure.layout import Layout
from ingest.pipeline.structure.owners import SUBJECT_LABELS, lead_name, line_subject
from ingest.pipeline.structure.rules import SEPARATOR_LINE, column_role, dataset_column, role_kind, structure_rules

_PIPE = re.compile(r"(?<!\\)\|")
_CONFIDENCE = 0.8
# What the first column may be headed when no column is headed by a name word: nothing known,
# or technique words (`| Method | Paper |` lists techniques, not the methods a model uses).
_SUBJECT_COLUMNS = (None, "name", "technique")


@dataclass(frozen=True)
class Cell:
    start: int  # view offsets of the cell's text
    end: int


@dataclass(frozen=True)
class Table:
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]]  # (line index, cells)


def table_relations(*, ctx: Context, layout: Layout) -> None:
    for table in _tables(ctx=ctx, layout=layout):
        roles = [column_role(header=_cell_text(ctx=ctx, cell=c)) for c in table.header]
        if dataset_column(header=_cell_text(ctx=ctx, cell=table.header[0])):
            _dataset_rows(ctx=ctx, layout=layout, table=table)
        if any(role not in (None, "name") for role in roles[1:]):
            _by_columns(ctx=ctx, layout=layout, table=table, roles=roles)
        else:
            _by_rows(ctx=ctx, layout=layout, table=table)


def _tables(*, ctx: Context, layout: Layout) -> list[Table]:
    """A header line, a separator line of dashes, then the rows up to the first line without a pipe."""
    tables = []
    lines = layout.lines
    for index in range(1, len(lines)):
        line = lines[index]
        if line.marker == "code" or ctx.text.find("|", line.start, line.end) < 0:
            continue
        if not SEPARATOR_LINE.fullmatch(ctx.text, line.start, line.end):
            continue
        header = _cells(ctx=ctx, start=lines[index - 1].start, end=lines[index - 1].end)
        rows = []
        for row in range(index + 1, len(lines)):
            if ctx.text.find("|", lines[row].start, lines[row].end) < 0:
                break
            rows.append((row, _cells(ctx=ctx, start=lines[row].start, end=lines[row].end)))
        if len(header) >= 2:
            tables.append(Table(header=header, rows=rows))
    return tables


def _cells(*, ctx: Context, start: int, end: int) -> list[Cell]:
    """Cells between pipes; the outer pipes are optional, an empty cell inside is kept."""
    text = ctx.text[start:end]
    if "|" not in text:
        return []
    bounds = [start - 1] + [start + m.start() for m in _PIPE.finditer(text)] + [end]
    cells = [Cell(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    if text.lstrip().startswith("|"):
        cells = cells[1:]
    if text.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def _cell_text(*, ctx: Context, cell: Cell) -> str:
    return ctx.text[cell.start : cell.end].strip()


def _by_columns(*, ctx: Context, layout: Layout, table: Table, roles: list[str | None]) -> None:
    """Each row: the name column's entity is the subject, each role column holds its objects."""
    relations = structure_rules().role_relations
    name = roles.index("name") if "name" in roles else 0
    if roles[name] not in _SUBJECT_COLUMNS:
        return  # `| Base model | Fine-tuned model |`: which way it reads is not clear
    for index, cells in table.rows:
        if len(cells) <= name:
            continue
        subject = lead_name(ctx=ctx, start=cells[name].start, end=cells[name].end, labels=SUBJECT_LABELS)
        if subject is None:
            continue
        line = layout.lines[index]
        for column, cell in enumerate(cells[: len(roles)]):
            role = roles[column]
            if column == name or role not in relations:
                continue
            header = _cell_text(ctx=ctx, cell=table.header[column]).strip("*_ ").lower()
            types = relations[role]
            objects = value_objects(ctx=ctx, start=cell.start, end=cell.end, types=types)
            link_all(
                ctx=ctx,
                subject=subject,
                objects=objects,
                types=types,
                evidence=ctx.evidence(start=line.start, end=line.end),
                extractor=f"table:{header}",
                confidence=_CONFIDENCE,
                kind=role_kind(role=role),
            )


def _dataset_rows(*, ctx: Context, layout: Layout, table: Table) -> None:
    """`## Training data` then `| Dataset | Tokens |`: under a heading that is a training-data key
    (the table's own or its parent's), each row's dataset is what the heading's subject was
    trained on. A table of datasets anywhere else (benchmarks, results) says nothing of training."""
    relations = structure_rules().role_relations
    index: int | None = layout.line_at(offset=table.header[0].start).section
    for _ in range(2):
        if index is None:
            return
        section = ctx.segmentation.sections[index]
        role = heading_role(ctx=ctx, section=section)
        if role in relations and "Dataset" in relations[role]:
            break
        index = section.parent
    else:
        return
    subject = heading_subject(ctx=ctx, layout=layout, section=section)
    if subject is None:
        return
    key = heading_key(ctx=ctx, section=section)
    for row, cells in table.rows:
        item = (
            lead_name(ctx=ctx, start=cells[0].start, end=cells[0].end, labels=frozenset({"Dataset"})) if cells else None
        )
        if item is not None:
            line = layout.lines[row]
            link_all(
                ctx=ctx,
                subject=subject,
                objects=[item],
                types=relations[role],
                evidence=ctx.evidence(start=line.start, end=line.end),
                extractor=f"table:{key}",
                confidence=_CONFIDENCE,
            )


def _by_rows(*, ctx: Context, layout: Layout, table: Table) -> None:
    """Rows whose first cell is a role key. With a model named atop each column, the column's
    model is the subject; a two-column table (`| Base model | X |`) is about its owner."""
    relations = structure_rules().role_relations
    header_line = layout.line_at(offset=table.header[0].start)
    rows = [(header_line.index, table.header)] + table.rows
    keyed = [(i, cells, column_role(header=_cell_text(ctx=ctx, cell=cells[0]))) for i, cells in rows if cells]
    keyed = [(i, cells, role) for i, cells, role in keyed if role in relations]
    if not keyed:
        return
    columns = [lead_name(ctx=ctx, start=c.start, end=c.end, labels=SUBJECT_LABELS) for c in table.header[1:]]
    if not any(columns):
        if len(table.header) != 2 and any(len(cells) != 2 for _, cells, _ in keyed):
            return
        owner = line_subject(ctx=ctx, layout=layout, offset=header_line.start, section=header_line.section)
        columns = [owner]
    for index, cells, role in keyed:
        line = layout.lines[index]
        key = _cell_text(ctx=ctx, cell=cells[0]).strip("*_ :：").lower()
        types = relations[role]
        for subject, cell in zip(columns, cells[1:], strict=False):
            if subject is None:
                continue
            objects = value_objects(ctx=ctx, start=cell.start, end=cell.end, types=types)
            link_all(
                ctx=ctx,
                subject=subject,
                objects=objects,
                types=types,
                evidence=ctx.evidence(start=line.start, end=line.end),
                extractor=f"table:{key}",
                confidence=_CONFIDENCE,
                kind=role_kind(role=role),
            )
