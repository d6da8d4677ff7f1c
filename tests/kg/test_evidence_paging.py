"""However many claims a fact has, every read of its evidence holds a page of them: the strongest few
and how many there are, the rest a page at a time in document order. What Neo4j allocates for each
statement the pages, the admin and the API send does not grow with the claims (PROFILE says)."""

from neo4j import ManagedTransaction

from kg import selectors, services
from kg.repository import entities, entity_views, facts
from kg.repository.driver import get_driver, write
from kg.repository.entity_views import PAGE_EVIDENCE
from kg.text import fact_key
from kg.types import FactListQuery
from tests.factories import restated

KEY = fact_key("alpaca", "FINE_TUNES", "llama")


def _load(times: int, padding: int = 0) -> None:
    services.document_load(
        doc=restated("many", subject="alpaca", type="FINE_TUNES", object="llama", times=times, padding=padding)
    )


def test_a_fact_comes_with_its_strongest_claims_and_how_many_it_has(graph):
    _load(300)
    fact = selectors.fact_review(key=KEY)
    assert len(fact.evidence) == selectors.FACT_EVIDENCE and fact.evidence_total == 300
    confidences = [e.confidence for e in fact.evidence]
    assert confidences == sorted(confidences, reverse=True)
    (queued,) = selectors.facts_review(filters={"keys": [KEY]}).facts
    assert len(queued.evidence) == selectors.QUEUE_EVIDENCE and queued.evidence_total == 300


def test_every_claim_pages_through_once_in_document_order(graph):
    _load(130)
    starts, after, pages = [], None, 0
    while True:
        page = selectors.fact_evidence(key=KEY, after=after, limit=50)
        starts += [e.start for e in page.items]
        pages += 1
        if page.next is None:
            break
        after = page.next
    assert pages == 3 and len(starts) == 130 and starts == sorted(set(starts))


def test_claims_read_in_context_whether_their_context_was_stored_or_not(graph):
    _load(3, padding=600)
    doc = restated("many", subject="alpaca", type="FINE_TUNES", object="llama", times=3, padding=600)
    stored = selectors.fact_evidence(key=KEY).items
    for e in stored:
        assert e.before == doc.text[max(e.start - 240, 0) : e.start] and e.after == doc.text[e.end : e.end + 240]
    # Claims loaded before the context was stored on them: the same context, cut from the document.
    write(lambda tx: tx.run("MATCH (c:Claim) REMOVE c.context_before, c.context_after").consume())
    assert selectors.fact_evidence(key=KEY).items == stored
    assert selectors.fact_review(key=KEY).evidence == tuple(sorted(stored, key=lambda e: -e.confidence))


def test_entity_reads_carry_a_few_quotes_and_the_count(graph):
    _load(300)
    (relation,) = selectors.model_view(key="alpaca").entity.outgoing
    assert len(relation.evidence) == PAGE_EVIDENCE and relation.evidence_count == 300
    assert relation.evidence_more == 300 - PAGE_EVIDENCE
    (incoming,) = selectors.entity_get(key="llama").incoming
    assert len(incoming.evidence) == 5 and incoming.evidence_count == 300
    (listed,) = selectors.fact_list(query=FactListQuery(subject="alpaca"), evidence_limit=5).items
    assert len(listed.evidence) == 5 and listed.evidence_count == 300


class _Profiled:
    """A read transaction that runs each statement under PROFILE and keeps the memory Neo4j reports
    for it: the repository's own statements, run for real, measured."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx
        self.memory: list[int] = []

    def run(self, query, parameters=None, **params):
        result = self._tx.run("PROFILE " + query, parameters, **params)
        records = list(result)
        self.memory.append(result.consume().profile["args"].get("GlobalMemory", 0))
        return _Records(records)


class _Records(list):
    def single(self):
        return self[0] if self else None


READS = {
    "fact (API, admin)": lambda tx: facts.review_tx(tx, filters={"keys": [KEY]}, skip=0, limit=1, evidence_limit=20),
    "review queue": lambda tx: facts.review_tx(tx, filters={}, skip=0, limit=25, evidence_limit=3),
    "fact evidence page": lambda tx: facts.evidence_page_tx(tx, key=KEY, after=None, limit=50),
    "relations API": lambda tx: facts.list_tx(tx, query=FactListQuery(subject="alpaca"), evidence_limit=5),
    "model page": lambda tx: entity_views.model_view_tx(
        tx, key="alpaca", depth=3, include_unreviewed=True, lineage_limit=100
    ),
    "entity page": lambda tx: entity_views.entity_view_tx(tx, key="llama", include_unreviewed=True, link_limit=500),
    "entity (API, admin)": lambda tx: entities.get_tx(tx, key="llama", include_unreviewed=True, relation_limit=500),
    "entity evidence API": lambda tx: entities.claims_tx(tx, key="llama", status=None, after=None, limit=50),
}


def _memory() -> dict[str, int]:
    measured = {}
    with get_driver().session() as session:
        for name, read in READS.items():

            def unit(tx, read=read):
                profiled = _Profiled(tx)
                read(profiled)
                return max(profiled.memory)

            measured[name] = session.execute_read(unit)
    return measured


def test_what_neo4j_allocates_for_each_evidence_read_does_not_grow_with_the_claims(graph):
    # Long text between the sentences: a read that cut context out of the document per claim, or
    # gathered every claim before cutting, would hold megabytes here.
    _load(40, padding=2000)
    few = _memory()
    graph.wipe()
    _load(800, padding=2000)
    many = _memory()
    grown = {name: (few[name], many[name]) for name in READS if many[name] > few[name] * 1.5 + 64 * 1024}
    assert grown == {}, f"memory (bytes) with 40 claims and with 800: {grown}"
    assert max(many.values()) < 2 * 1024 * 1024, many
