"""Who a structural line is about: the list item it hangs under, its section's subject, or, up
through headings that name nothing, the one model a model card's title names."""

import re

from ingest.pipeline.context import Context
from ingest.pipeline.recognize import Found
from ingest.pipeline.structure.layout import Layout

SUBJECT_LABELS = frozenset({"Model", "Technique", "Dataset"})
# What may stand before a name that opens an item: markup, brackets, emoji, no words.
_LEAD = re.compile(r"[^\w]*")
# After an item's name: a closing link or markup, then the end, a colon, a parenthesis or a dash.
_LINK_TAIL = re.compile(r"[*_\]]*(?:\]?\([^)\s]*\))?[*_\]]*")
_NAME_END = re.compile(r"\s*(?:\S*\d\S*\s*)?(?:$|[:：(（\[,，;；|]|\s[-–—]\s)")
# A heading token shaped like a model name the recognizer missed (`Foo-7B`, `KoBart`, `v2`).
_NAME_SHAPED = re.compile(r"\w*\d\w*|\w+-\w+|[A-Z]\w*[a-z][A-Z]\w*")
_TITLE_MAX = 120
_FIRST_TEXT = re.compile(r"[^\s][^\n]*")
_SENTENCE_END = ".。!！?？"


def lead_name(*, ctx: Context, start: int, end: int, labels: frozenset[str]) -> Found | None:
    """The mention an item starts with (after markup, brackets and emoji only), if its label fits."""
    named = ctx.mentions_in(start=start, end=end)
    if not named or not _LEAD.fullmatch(ctx.text, start, named[0].start):
        return None
    return named[0] if named[0].label in labels else None


def name_item(*, ctx: Context, start: int, end: int, labels: frozenset[str]) -> Found | None:
    """An item that is a name, optionally with a size or version, then a colon, a parenthesis,
    a dash or nothing: `Vicuna`, `[Vicuna](…) (LMSYS)`, `**Vicuna 13B**: chat model`. `Vicuna
    outperforms Alpaca` is a statement about Vicuna, not an item naming it."""
    found = lead_name(ctx=ctx, start=start, end=end, labels=labels)
    if found is None:
        return None
    after = _LINK_TAIL.match(ctx.text, found.end, end).end()
    return found if _NAME_END.match(ctx.text[after:end]) else None


def item_owner(*, ctx: Context, layout: Layout, offset: int) -> Found | None:
    """The name of the list item a nested line hangs under (`- **Vicuna**` / `  - Base model: …`)."""
    line = layout.line_at(offset=offset)
    if line.parent is None:
        return None
    parent = layout.lines[line.parent]
    return name_item(ctx=ctx, start=parent.content, end=parent.end, labels=SUBJECT_LABELS)


def line_subject(*, ctx: Context, layout: Layout, offset: int, section: int) -> Found | None:
    """The list item a line hangs under, else its section's subject, else (through headings that
    name nothing, like `Model details`) the document's title subject; never a named heading's parent."""
    owner = item_owner(ctx=ctx, layout=layout, offset=offset)
    if owner is not None:
        return owner
    index: int | None = section
    while index is not None:
        if index in ctx.subjects:
            return ctx.subjects[index]
        current = ctx.segmentation.sections[index]
        if current.heading is not None and current.heading.start == _title_start(ctx=ctx):
            return document_subject(ctx=ctx)
        if current.heading is not None and not _generic(ctx=ctx, start=current.title_start, end=current.title_end):
            return None
        index = current.parent
    return document_subject(ctx=ctx)


def _generic(*, ctx: Context, start: int, end: int) -> bool:
    """A heading that names nothing and has no token shaped like an unrecognized name."""
    return not ctx.mentions_in(start=start, end=end) and not _NAME_SHAPED.search(ctx.text, start, end)


def _title_start(*, ctx: Context) -> int:
    """Where the first line of text starts, after a YAML front matter block (`---` … `---`)."""
    match = _FIRST_TEXT.search(ctx.text)
    if match and match.group(0).strip() == "---":
        closing = ctx.text.find("\n---", match.end())
        match = _FIRST_TEXT.search(ctx.text, closing + 4) if closing >= 0 else None
    return ctx.text.rfind("\n", 0, match.start()) + 1 if match else -1


def document_subject(*, ctx: Context) -> Found | None:
    """The model a document's first line (its title) names, when it names exactly one model
    and no other model, technique or dataset (`Model card for X`, `X: …`, `**X**`)."""
    start = _title_start(ctx=ctx)
    if start < 0:
        return None
    end = ctx.text.find("\n", start)
    end = len(ctx.text) if end < 0 else end
    title = ctx.text[start:end].strip(" \t*_#")
    if len(title) > _TITLE_MAX or title[-1:] in _SENTENCE_END:
        return None  # a document that opens with a sentence has no title to go by
    named = ctx.mentions_in(start=start, end=end)
    subjects = {f.key for f in named if f.label in SUBJECT_LABELS}
    models = [f for f in named if f.label == "Model"]
    return models[0] if models and len(subjects) == 1 else None
