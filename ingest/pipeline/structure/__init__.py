"""Relations stated by document structure, in any language: key-value lines and their lists,
Markdown tables, arrow chains and family trees. Only key words are language data (keyvalue.yaml,
structure.yaml); the shapes are read the same way everywhere."""

from ingest.pipeline.context import Context
from ingest.pipeline.structure.chains import chain_relations
from ingest.pipeline.structure.keyvalue import relation_lines
from ingest.pipeline.structure.labels import label_relations
from ingest.pipeline.structure.layout import Layout
from ingest.pipeline.structure.tables import table_relations
from ingest.pipeline.structure.trees import tree_relations

__all__ = ["document_structure_relations"]


def document_structure_relations(*, ctx: Context, layout: Layout) -> None:
    relation_lines(ctx=ctx, layout=layout)
    label_relations(ctx=ctx, layout=layout)
    table_relations(ctx=ctx, layout=layout)
    chain_relations(ctx=ctx, layout=layout)
    tree_relations(ctx=ctx, layout=layout)
