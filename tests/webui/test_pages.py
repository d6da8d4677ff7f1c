"""Pages rendered by Django against the real graph: content, links, redirects, bad input."""

import pytest

from kg import services
from tests.factories import document


@pytest.fixture
def seeded(graph, db):
    services.document_load(
        doc=document(
            "doc-a",
            [
                ("instructgpt", "FINE_TUNES", "gpt-3"),
                ("chatgpt", "FINE_TUNES", "instructgpt"),
                ("gpt-3", "DEVELOPED_BY", "openai"),
                ("instructgpt", "USES", "rlhf"),
            ],
        )
    )


def test_home_shows_counts_and_recent_documents(client, seeded):
    html = client.get("/").content.decode()
    assert "Title of doc-a" in html and "<strong>3</strong> models" in html


def test_model_page_has_lineage_diagram_with_text_alternative_and_evidence_links(client, seeded):
    response = client.get("/models/instructgpt")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html and '<title id="diagram-title">Lineage of InstructGPT</title>' in html
    assert 'href="/models/gpt-3"' in html and 'href="/models/chatgpt"' in html
    assert "/documents/doc-a?start=" in html


def test_document_page_marks_the_evidence_sentence(client, seeded):
    text = "InstructGPT fine_tunes GPT-3."
    response = client.get("/documents/doc-a", {"start": 0, "end": len(text)})
    html = response.content.decode()
    assert '<mark class="evidence" id="evidence" tabindex="-1">' in html
    assert 'href="/models/instructgpt"' in html


def test_entity_pages_redirect_to_the_right_label(client, seeded):
    assert client.get("/organizations/openai").status_code == 200
    response = client.get("/techniques/openai")
    assert response.status_code == 302 and response["Location"] == "/organizations/openai"
    assert client.get("/organizations/gpt-3")["Location"] == "/models/gpt-3"


@pytest.mark.parametrize("path", ["/models/nope", "/documents/nope", "/papers/nope"])
def test_unknown_things_are_a_friendly_404(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Not found" in response.content and b"Traceback" not in response.content


def test_search_page_groups_hits_and_escapes_input(client, seeded):
    html = client.get("/search", {"q": "<script>alert(1)</script> gpt3"}).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    html = client.get("/search", {"q": "gpt3"}).content.decode()
    assert 'href="/models/gpt-3"' in html


def test_bad_depth_falls_back_instead_of_failing(client, seeded):
    assert client.get("/models/instructgpt", {"depth": "lots"}).status_code == 200
