"""The start-up warm-up plans every statement the pages and the API send: after it, serving them adds
no plan to Neo4j's cache (each new plan is what costs the first reader seconds after a restart)."""

import pytest
from django.core.management import call_command

from kg import repository
from kg.warm import NOTHING, warm
from tests.webui.conftest import Corpus

PAGES = [
    "/",
    "/models/t5",
    "/models/t5?depth=1",
    "/models/t5?depth=10",
    "/models/t5?unreviewed=1",
    "/models/T5",  # another case: relocated
    "/models/flan-t5?depth=6&unreviewed=1",
    "/organizations/google",
    "/techniques/rmsnorm?unreviewed=1",
    "/search?q=t5",
    "/search?q=谷歌",
    "/compare?models=t5,flan-t5",
    "/explore/t5",
    "/explore/t5?hops=2&type=fine-tunes",
    "/api/v1/models/t5",
    "/api/v1/models/t5/lineage",
    "/api/v1/models/t5/lineage?direction=up&depth=6",
    "/api/v1/models/t5/lineage?direction=down",
    "/api/v1/search?q=t5",
    "/api/v1/models",
    "/api/v1/organizations",
    "/api/v1/documents",
    "/api/v1/models?organization=google&released_from=2019&has_lineage=true&ordering=-released&format=csv",
    "/api/v1/relations?type=fine-tunes&subject=flan-t5",
    "/api/v1/models/t5/neighbourhood?hops=2&type=fine-tunes",
    "/models",
    "/models?organization=google&released_from=2019&released_to=2023&parameters_min=1B&ordering=-parameters",
    "/models?technique=rmsnorm&has_lineage=0&ordering=-models",
    "/organizations?ordering=-models",
    "/papers",
    "/documents",
    "/documents?language=de&ordering=title",
    "/models/flan-t6",  # a 404 that suggests names
]


def served(client, corpus: Corpus) -> None:
    for path in [*PAGES, f"/documents/{corpus.zh}", f"/api/v1/documents/{corpus.de}"]:
        response = client.get(path, follow=True)
        assert response.status_code == (404 if "flan-t6" in path else 200), (path, response.status_code)


@pytest.mark.django_db
def test_pages_and_api_send_no_statement_the_warm_up_did_not_plan(client, corpus):
    served(client, corpus)  # whatever the first visit compiles on the Python side is done
    repository.plan_cache_clear()
    done = warm()
    assert [w for w in done if w.error] == []
    planned_by_warm_up = repository.plan_cache_clear()
    assert planned_by_warm_up >= len(done) - 1  # every read shape and the load (minus "connect")

    warm()
    served(client, corpus)
    assert repository.plan_cache_clear() == planned_by_warm_up  # nothing new to plan


def test_the_rehearsed_load_writes_nothing(graph):
    warm()
    assert repository.entity_locate(key=f"{NOTHING}-a") is None
    assert repository.document_get(key=NOTHING) is None
    assert sum(repository.counts().values()) == 0


def test_kg_warm_command_prints_each_statement(graph, capsys):
    call_command("kg_warm")
    out = capsys.readouterr().out
    assert "model page" in out and "document load (rolled back)" in out
    assert "statements planned" in out
