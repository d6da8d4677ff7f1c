"""Start-up warm-up: have Neo4j plan every statement the pages, the API and the worker send.

Neo4j plans a statement text the first time it meets it (and again for each new combination of
parameter types: a null where a number came before, an empty list where strings did) and caches the
plan until it restarts. A page's statement takes it 1-3 s to plan on a small machine, so without this
the first reader after a start waits seconds. `warm()` sends each statement once, as the app sends
it: reads of one model of the graph, the document load inside a transaction that is rolled back. gunicorn runs it before it listens (gunicorn.conf.py), each worker process
before it takes a job (ingest/tasks.py), `manage.py kg_warm` on demand; KG_WARM_AT_START=0 turns the
first two off.
"""

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings

from kg import repository, selectors
from kg.documents import AttributeIn, ClaimIn, DocumentIn, EntityIn, FactIn
from kg.errors import EntityNotFound, InvalidQuery
from kg.types import DocumentListQuery, EntityListQuery, FactListQuery
from kg.vocabulary import LINEAGE_TYPES, Label, RelType

log = logging.getLogger(__name__)

NOTHING = "warm-up:nothing"  # a key no entity or document has


@dataclass(frozen=True)
class Warmed:
    name: str
    seconds: float
    error: str | None = None


def _page_floors() -> tuple[bool | float, ...]:
    """What pages read: everything (the switch on) or the confident unreviewed facts (default)."""
    return (True, settings.PAGES_MIN_CONFIDENCE)


def _rehearsal_document() -> DocumentIn:
    """A document with one of everything the loader writes: entities with mentions, a fact, an attribute."""
    text = "Warm-up model A fine-tunes warm-up model B. Warm-up model A has 7 parameters."
    claim = ClaimIn(quote=text[:43], start=0, end=43, extractor="warm-up", extractor_version="0", confidence=0.9)
    return DocumentIn(
        key=NOTHING,
        title="warm-up",
        language="en",
        sha256="0" * 64,
        text=text,
        extractor_version="0",
        properties={"chars": len(text)},
        entities=(
            EntityIn(
                key=f"{NOTHING}-a",
                label=Label.MODEL.value,
                name="A",
                aliases=("A",),
                properties={},
                mention_spans=((0, 17),),
            ),
            EntityIn(key=f"{NOTHING}-b", label=Label.MODEL.value, name="B", aliases=("B",), properties={}),
        ),
        facts=(FactIn(subject=f"{NOTHING}-a", type=RelType.FINE_TUNES.value, object=f"{NOTHING}-b", claims=(claim,)),),
        attributes=(
            AttributeIn(
                entity=f"{NOTHING}-a",
                name="parameters",
                value=7,
                claim=ClaimIn(
                    quote=text[44:], start=44, end=len(text), extractor="warm-up", extractor_version="0", confidence=0.9
                ),
            ),
        ),
    )


def _quietly(call: Callable[[], object]) -> None:
    """Reads of a key that names nothing may answer "not found": the statement was planned all the same."""
    try:
        call()
    except (EntityNotFound, InvalidQuery):
        pass


def _sample() -> str:
    """A model to read: some statements are sent only once the first finds the entity (the explorer's
    rings, an entity's relations). The root of the largest family when there is one."""
    families = repository.families(limit=1, members=1, cap=100)
    if families:
        return families[0].root.key
    models = repository.entity_list(query=EntityListQuery(label=Label.MODEL.value, limit=1)).items
    return models[0].key if models else NOTHING


def statements() -> list[tuple[str, Callable[[], object]]]:
    """Every read shape the app sends, by name, as the app sends it."""
    lineage_types = [t.value for t in LINEAGE_TYPES]
    key = _sample()
    work: list[tuple[str, Callable[[], object]]] = []
    for floor in _page_floors():
        work += [
            (f"model page ({floor})", lambda f=floor: repository.model_view(key=key, depth=3, include_unreviewed=f)),
            (f"entity page ({floor})", lambda f=floor: repository.entity_view(key=key, include_unreviewed=f)),
            (f"compare ({floor})", lambda f=floor: repository.models_compare(keys=[key], include_unreviewed=f)),
            (
                f"explorer ({floor})",
                lambda f=floor: selectors.entity_neighbourhood(key=key, hops=2, include_unreviewed=f),
            ),
        ]
    for directions in (("up",), ("down",), ("up", "down")):
        work.append(
            (
                f"lineage {'+'.join(directions)}",
                lambda d=directions: repository.lineage(
                    key=NOTHING, directions=d, depth=3, types=lineage_types, include_unreviewed=True, limit=500
                ),
            )
        )
    work += [
        ("entity", lambda: repository.entity_get(key=key)),
        ("locate", lambda: repository.entity_locate(key=NOTHING)),
        ("redirects", lambda: repository.redirects_resolve(keys=[NOTHING])),
        ("search", lambda: selectors.entity_search(query="warm")),
        ("search by label", lambda: selectors.entity_search(query="warm", labels=[Label.MODEL.value])),
        (
            "path",
            lambda: repository.lineage_path(
                source=NOTHING, target=NOTHING, types=lineage_types, include_unreviewed=True
            ),
        ),
        ("families", lambda: selectors.lineage_families()),
        ("counts", lambda: repository.counts()),
        ("graph state", lambda: repository.graph_state()),
        ("recent documents", lambda: selectors.documents_recent(limit=8)),
        ("document", lambda: repository.document_get(key=NOTHING)),
        *(
            (f"documents by {o}", lambda o=o: repository.document_page(query=DocumentListQuery(ordering=o)))
            for o in repository.DOCUMENT_ORDERINGS
        ),
        ("review queue", lambda: repository.facts_review(filters={}, skip=0, limit=50, evidence_limit=3)),
        ("fact evidence", lambda: repository.fact_evidence(key=NOTHING, after=None, limit=50)),
        ("facts", lambda: repository.fact_list(query=FactListQuery(), evidence_limit=5)),
        ("evidence", lambda: repository.entity_claims(key=key, status=None, after=None, limit=50)),
    ]
    work += [
        (
            f"list {label.plural_slug} by {o}",
            lambda lab=label, o=o: repository.entity_list(query=EntityListQuery(label=lab.value, ordering=o)),
        )
        for label in Label
        for o in repository.ENTITY_ORDERINGS
    ]
    return [(name, lambda c=call: _quietly(c)) for name, call in work]


def _timed(name: str, call: Callable[[], object]) -> Warmed:
    started = time.perf_counter()
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - a warm-up failure is reported, never fatal
        return Warmed(name, time.perf_counter() - started, f"{exc.__class__.__name__}: {exc}")
    return Warmed(name, time.perf_counter() - started)


def warm(*, workers: int = 2, writes: bool = True) -> list[Warmed]:
    """Plan every statement; returns what each took. Neo4j plans in parallel, so a few at a time.
    Neo4j unreachable: one failed entry at once (the app starts all the same and answers 503s)."""
    reached = _timed("connect", repository.ping)
    if reached.error:
        log.warning("warm-up skipped: %s", reached.error)
        return [reached]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(lambda item: _timed(*item), statements()))
    if writes:
        doc = _rehearsal_document()
        done.append(
            _timed(
                "document load (rolled back)",
                lambda: repository.document_load_rehearsal(doc=doc, threshold=settings.INGEST_AUTO_ACCEPT_CONFIDENCE),
            )
        )
    failed = [w for w in done if w.error]
    log.info(
        "warm-up: %d statements planned in %.1f s%s",
        len(done),
        sum(w.seconds for w in done),
        f", {len(failed)} failed: {failed[0].error}" if failed else "",
    )
    return done
