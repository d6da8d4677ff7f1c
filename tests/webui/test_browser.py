"""A first journey in real Chromium: search, a model page, its diagram, an ancestor, the evidence."""

import pytest

from kg import services
from tests.factories import document

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(graph, transactional_db):
    services.document_load(
        doc=document(
            "doc-a",
            [
                ("instructgpt", "FINE_TUNES", "gpt-3"),
                ("chatgpt", "FINE_TUNES", "instructgpt"),
                ("gpt-3", "DEVELOPED_BY", "openai"),
            ],
        )
    )


def test_search_to_model_to_ancestor_to_evidence(page, live_server, seeded, artifacts_dir):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Find a model, organization, technique, paper or dataset").fill("chatgpt")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="ChatGPT").click()
    assert page.get_by_role("heading", level=1).inner_text() == "ChatGPT"
    diagram = page.get_by_role("img", name="Lineage of ChatGPT")
    assert diagram.is_visible()
    page.screenshot(path=artifacts_dir / "model-desktop.png", full_page=True)
    page.locator("svg a[href='/models/instructgpt']").click()
    assert page.get_by_role("heading", level=1).inner_text() == "InstructGPT"
    page.get_by_role("link", name="“InstructGPT fine_tunes GPT-3.”").first.click()
    mark = page.locator("mark#evidence")
    assert mark.inner_text() == "InstructGPT fine_tunes GPT-3."
    assert page.evaluate("location.hash") == "#evidence"
