"""A read-only request handler's graph reads share one read transaction (one session, one BEGIN and
COMMIT), against the real Neo4j; outside such a handler every read has its own."""

import pytest

from kg import repository, services
from kg.errors import EntityNotFound
from kg.repository import driver
from kg.text import simplified
from tests.factories import family


def _transaction_of_each_read(times: int) -> set[int]:
    return {driver.read(lambda tx: (id(tx), tx.run("RETURN 1 AS one").single()["one"]))[0] for _ in range(times)}


def test_reads_inside_one_read_share_a_transaction_and_see_the_graph(graph):
    services.document_load(doc=family("fam", root="llama", size=3))

    @repository.one_read
    def handler() -> tuple[set[int], int, str]:
        lineage = repository.lineage(
            key="llama", directions=("down",), depth=1, types=["FINE_TUNES"], include_unreviewed=True, limit=10
        )
        return _transaction_of_each_read(3), len(lineage.nodes), repository.graph_state().version

    transactions, children, version = handler()
    assert len(transactions) == 1 and children == 3 and version
    assert len(_transaction_of_each_read(3)) == 3  # outside, one transaction per read


def test_an_error_raised_by_the_handler_passes_through_unchanged(graph):
    @repository.one_read
    def handler() -> None:
        repository.graph_state()
        raise EntityNotFound("No entity with key 'x'.", detail={"key": "x"})

    with pytest.raises(EntityNotFound):
        handler()


def test_simplified_converts_han_text_and_leaves_other_scripts_alone():
    assert simplified("開發 谷歌") == "开发 谷歌"
    assert simplified("ＧＰＴ－３") == "GPT-3"  # NFKC folds full-width forms
    assert simplified("Llama 2 · Größe") == "Llama 2 · Größe"
