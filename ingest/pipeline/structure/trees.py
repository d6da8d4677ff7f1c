"""Family trees: a list item or a line drawn with `├──`/`└──` that names a model, nested under an
item that names another model, comes from it. A nested list of features is no family tree."""

from ingest.pipeline.context import Context
from ingest.pipeline.structure.layout import Layout, Line
from ingest.pipeline.structure.owners import name_item
from ingest.pipeline.structure.rules import structure_rules

_CONFIDENCE = 0.65
_MODEL = frozenset({"Model"})
# Most of a parent's items must be models, or the list is about something else (features,
# benchmarks, links) and a model among them is no descendant.
_MODEL_SHARE = 2 / 3


def tree_relations(*, ctx: Context, layout: Layout) -> None:
    for parent_index, children in layout.children().items():
        parent_line = layout.lines[parent_index]
        parent = _model_item(ctx=ctx, line=parent_line)
        if parent is None:
            continue
        named = [(line, _model_item(ctx=ctx, line=line)) for line in (layout.lines[i] for i in children)]
        models = [(line, found) for line, found in named if found is not None]
        if len(models) < _MODEL_SHARE * len(named):
            continue
        for line, found in models:
            ctx.relate(
                subject=found.key,
                type_=_lineage_type(ctx=ctx, line=line),
                obj=parent.key,
                confidence=_CONFIDENCE,
                evidence=_evidence(ctx=ctx, parent=parent_line, child=line),
                extractor="tree",
            )


def _model_item(*, ctx: Context, line: Line):
    if structure_rules().dataset_link.search(ctx.lower, line.content, line.end):
        return None  # a name linked to a dataset page is a dataset, whatever its shape
    return name_item(ctx=ctx, start=line.content, end=line.end, labels=_MODEL)


def _lineage_type(*, ctx: Context, line: Line) -> str:
    rules = structure_rules()
    if rules.distil.search(ctx.lower, line.content, line.end):
        return "DISTILLED_FROM"
    if rules.fine_tune.search(ctx.lower, line.content, line.end):
        return "FINE_TUNES"
    return "DERIVED_FROM"


def _evidence(*, ctx: Context, parent: Line, child: Line):
    """Both lines when they are close, else the child's line alone."""
    if child.end - parent.content <= 300:
        return ctx.evidence(start=parent.content, end=child.end)
    return ctx.evidence(start=child.content, end=child.end)
