"""A popular model's page stays readable and quick: relations per type, source documents and each
lineage side are cut at a fixed size, and the page says how many it leaves out and where they are."""

import re

from kg import services
from kg.repository import PAGE_LINEAGE_LIMIT, PAGE_RELATIONS_PER_TYPE
from tests.factories import family


def _html(client, path: str, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_model_with_many_fine_tunes_lists_some_and_links_to_all_of_them(client, graph, db):
    size = PAGE_RELATIONS_PER_TYPE + 5
    services.document_load(doc=family("many", root="llama", size=size))
    html = _html(client, "/models/llama", depth=1)
    facts = html[html.index('id="rel-h"') : html.index('id="src-h"')]
    assert facts.count('<tr class="status-') == PAGE_RELATIONS_PER_TYPE
    assert f"{PAGE_RELATIONS_PER_TYPE} of {size} shown." in facts
    assert 'href="/api/v1/relations?type=fine-tunes&amp;object=llama"' in facts
    # The link leads to every one of them.
    listed = client.get("/api/v1/relations", {"type": "fine-tunes", "object": "llama", "limit": 100}).json()
    assert len(listed["results"]) == size
    # The lineage is not cut at this size, and a child's page has nothing to leave out.
    assert "nearest models" not in html
    child = _html(client, "/models/llama-tune-000")
    assert " shown." not in child


def test_a_family_larger_than_a_page_shows_the_nearest_and_says_so(client, graph, db):
    services.document_load(doc=family("huge", root="llama", size=PAGE_LINEAGE_LIMIT + 10))
    html = _html(client, "/models/llama", depth=1)
    assert f"Each side shows the {PAGE_LINEAGE_LIMIT} nearest models" in html
    listing = html[html.index('id="gen-down-1"') : html.index('id="time-h"')]
    shown = set(re.findall(r'href="/models/(llama-tune-\d+)"', listing))
    assert len(shown) == PAGE_LINEAGE_LIMIT  # the walk stops there, whichever children it met first
