"""Ingest use cases: run the pipeline on a source and load the result into the graph."""

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract
from ingest.pipeline.errors import KeyTaken
from ingest.pipeline.names import arxiv_key, arxiv_year
from ingest.pipeline.types import AttributeSource, EntityOut, Extraction
from kg import selectors as kg_selectors
from kg import services as kg_services
from kg.documents import AttributeIn, ClaimIn, DocumentIn, EntityIn, FactIn, LoadResult
from kg.errors import EntityNotFound

Progress = Callable[[str, float], None]
# The extraction's usual share of an ingest's time; the load (one transaction) takes the rest.
EXTRACTION_SHARE = 0.8


@dataclass(frozen=True)
class IngestOutcome:
    extraction: Extraction
    load: LoadResult | None


# A file name kept as it is in its key: lowercase letters and digits, words joined by underscores
# (the seed articles, 000_3a0be4ee8d417069.txt → file-000-3a0be4ee8d417069). Any other name loses
# something in the slug (GPT-3 and gpt_3, 模型 and 数据 would meet), so its key adds a hash of it.
_PLAIN_STEM = re.compile(r"[0-9a-z]+(?:_[0-9a-z]+)*")


def document_key_for_path(path: Path) -> str:
    """A stable key from a file name, so re-ingesting a revised file finds its document; two
    different names never share one."""
    stem = unicodedata.normalize("NFC", path.stem)
    slug = re.sub(r"[^0-9a-z]+", "-", stem.lower()).strip("-")
    if _PLAIN_STEM.fullmatch(stem):
        return f"file-{slug}"
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:10]
    return f"file-{slug}-{digest}" if slug else f"file-{digest}"


def legacy_key_for_path(path: Path) -> str | None:
    """The key a file was given before keys carried a hash of the name (`file-<slug>`), when it differs
    from today's: a document stored under it is that file's (ingest --key keeps finding it)."""
    slug = re.sub(r"[^0-9a-z]+", "-", unicodedata.normalize("NFC", path.stem).lower()).strip("-")
    if not slug:  # every such name was file-document: that document is no one file's
        return None
    legacy = f"file-{slug}"
    return None if legacy == document_key_for_path(path) else legacy


def paper_of(*, arxiv_id: str) -> EntityIn | None:
    """The Paper an arXiv id names (2005.14165v2 → arxiv:2005.14165), as the pipeline keys papers."""
    bare = re.sub(r"v\d+$", "", arxiv_id.strip())
    if not bare:
        return None
    properties: dict[str, int | float | str] = {"arxiv_id": bare, "url": f"https://arxiv.org/abs/{bare}"}
    year = arxiv_year(arxiv_id=bare)
    if year:
        properties["year"] = year
    name = f"arXiv:{bare}"
    # An old-style id's slash (hep-th/9901001) would split the page's URL; its key has a hyphen there.
    key = arxiv_key(arxiv_id=bare.replace("/", "-"))
    return EntityIn(key=key, label="Paper", name=name, aliases=(name,), properties=properties)


def extraction_to_document(extraction: Extraction, *, key: str, title: str = "", arxiv_id: str = "") -> DocumentIn:
    """What the graph stores of an extraction: entities, facts with claims, attribute claims."""
    version = f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"
    entities = tuple(
        EntityIn(
            key=e.key,
            label=e.label,
            name=e.name,
            aliases=tuple(dict.fromkeys([*e.aliases, *e.known_aliases])),
            properties={k: v for k, v in e.attributes.items() if k not in e.attribute_evidence},
            mention_spans=tuple((m.start, m.end) for m in e.mentions),
        )
        for e in extraction.entities
    )
    facts = tuple(
        FactIn(
            subject=r.subject,
            type=r.type,
            object=r.object,
            claims=tuple(
                ClaimIn(
                    quote=ev.quote,
                    start=ev.start,
                    end=ev.end,
                    extractor=r.extractor,
                    extractor_version=version,
                    confidence=r.confidence,
                    kind=r.kind,
                )
                for ev in r.evidence
            ),
        )
        for r in extraction.relations
    )
    attributes = tuple(
        AttributeIn(
            entity=e.key,
            name=name,
            value=e.attributes[name],
            claim=ClaimIn(
                quote=ev.quote,
                start=ev.start,
                end=ev.end,
                extractor=_attribute_source(entity=e, name=name).extractor,
                extractor_version=version,
                confidence=_attribute_source(entity=e, name=name).confidence,
            ),
        )
        for e in extraction.entities
        for name, ev in e.attribute_evidence.items()
        if name in e.attributes
    )
    info = extraction.document
    return DocumentIn(
        key=key,
        title=title or info.title,
        language=info.language,
        sha256=info.sha256,
        text=extraction.text,
        extractor_version=version,
        properties={
            "chars": info.chars,
            "encoding": info.encoding,
            "script": info.script or "",
            "supported": info.supported,
            "report": extraction.report.to_json(),
        },
        entities=entities,
        facts=facts,
        attributes=attributes,
        paper=paper_of(arxiv_id=arxiv_id),
    )


def _attribute_source(*, entity: EntityOut, name: str) -> AttributeSource:
    """How the attribute was read; a value the pipeline gave no reading for is a plain guess."""
    found = entity.attribute_sources.get(name)
    return found if found is not None else AttributeSource(extractor="attribute", confidence=0.5)


def document_ingest(
    *,
    source: bytes | str,
    key: str,
    name: str = "",
    title: str = "",
    language: str | None = None,
    arxiv_id: str = "",
    progress: Progress | None = None,
    dry_run: bool = False,
    before_load: Callable[[], None] | None = None,
    replace: bool = True,
) -> IngestOutcome:
    """Extract and (unless dry-run) load one document as one unit of work.

    `progress(stage, fraction)` hears each extraction stage and each step of the load ("load:
    facts" ...) as it starts, with the share of the whole job done before it; `before_load` is called
    once before the load. Either may raise to stop the job there, with the graph unchanged (the load
    is one transaction). With `replace=False` a document of that key with another text is kept and
    KeyTaken raised; the same text again stays a no-op."""
    share = 1.0 if dry_run else EXTRACTION_SHARE
    # A load also recognises the entities and aliases curators made. A dry run reads no database:
    # it is how quality is measured, the same whatever a graph holds, and it must not wait on one.
    known = () if dry_run else kg_selectors.curated_names()
    extraction = extract(
        source,
        name=name,
        language=language or None,
        progress=_scaled(progress, start=0.0, share=share),
        known=known,
    )
    if dry_run:
        return IngestOutcome(extraction=extraction, load=None)
    doc = extraction_to_document(extraction, key=key, title=title, arxiv_id=arxiv_id)
    if not replace:
        _refuse_other_text(doc=doc)
    if before_load:
        before_load()
    loading = _scaled(progress, start=EXTRACTION_SHARE, share=1.0 - EXTRACTION_SHARE, prefix="load: ")
    load = kg_services.document_load(doc=doc, progress=loading)
    if progress:
        progress("load", 1.0)
    return IngestOutcome(extraction=extraction, load=load)


def _refuse_other_text(*, doc: DocumentIn) -> None:
    try:
        existing = kg_selectors.document_get(key=doc.key)
    except EntityNotFound:
        return
    if existing.sha256 != doc.sha256:
        raise KeyTaken(
            f"document '{doc.key}' already holds another text ({existing.title or 'untitled'}, "
            f"{existing.chars} chars); pass --replace to overwrite it."
        )


def _scaled(progress: Progress | None, *, start: float, share: float, prefix: str = "") -> Progress | None:
    """A part's own progress (0 to 1) as the whole job's."""
    if progress is None:
        return None
    return lambda stage, fraction: progress(prefix + stage, start + share * fraction)
