"""Every curator's fact shows a source: an edit carries the original's evidence over, a new fact
cites a document's quote, a URL or an arXiv id (admin and API alike, against the real Neo4j)."""

import pytest

from curation.models import AuditEntry
from kg import selectors, services
from kg.errors import EntityNotFound
from kg.repository import driver
from tests.factories import document

FT = "instructgpt|FINE_TUNES|gpt-3"
CORRECTED = "instructgpt|FINE_TUNES|chatgpt"
NEW = "instructgpt|DEVELOPED_BY|openai"
TEXT = "InstructGPT fine_tunes GPT-3. GPT-3 developed_by OpenAI."


def _load(confidence: float = 0.5) -> None:
    facts = [("instructgpt", "FINE_TUNES", "gpt-3"), ("gpt-3", "DEVELOPED_BY", "openai")]
    services.document_load(doc=document("doc-a", facts, confidence=confidence, extra_entities=("chatgpt",)))


def _citations() -> int:
    query = "MATCH (c:Claim {kind: 'citation'}) RETURN count(c) AS n"
    return driver.read(lambda tx: tx.run(query).single()["n"])


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert body["code"] == code
    return body


def test_an_edit_shows_the_evidence_of_the_fact_it_corrects(graph, api):
    _load()
    response = api.post(f"/api/v1/facts/{FT}/edit", {"object": "chatgpt"}, format="json")
    assert response.status_code == 201, response.content
    (evidence,) = response.json()["fact"]["evidence"]
    assert evidence["quote"] == "InstructGPT fine_tunes GPT-3." and evidence["document"] == "doc-a"
    assert evidence["before"] == "" and evidence["after"].startswith(" GPT-3 developed_by")  # in context
    assert evidence["extractor"] == "curator" and evidence["start"] == 0
    # The public read shows it too, and a re-ingest of the document (its claims replaced) keeps it.
    assert api.get(f"/api/v1/facts/{CORRECTED}").json()["evidence"][0]["quote"] == "InstructGPT fine_tunes GPT-3."
    _load(confidence=0.6)
    assert [e.quote for e in selectors.fact_review(key=CORRECTED).evidence] == ["InstructGPT fine_tunes GPT-3."]
    assert selectors.fact_review(key=CORRECTED).confidence == 1.0  # no document's support: the curator's
    # Reverting the edit takes the corrected fact away with the evidence it copied.
    entry = AuditEntry.objects.get(action=AuditEntry.Action.FACT_CREATE, target_key=CORRECTED)
    assert api.post(f"/api/v1/audit/{entry.pk}/revert").status_code == 200
    with pytest.raises(EntityNotFound):
        selectors.fact_review(key=CORRECTED)
    assert _citations() == 0
    assert selectors.fact_review(key=FT).decision is None


def test_a_new_fact_cites_a_quote_found_in_a_document(graph, api):
    _load()
    source = {"document": "doc-a", "quote": "GPT-3\n  developed_by OpenAI."}  # spaces may differ
    body = {"subject": "instructgpt", "type": "developed-by", "object": "openai", "source": source}
    response = api.post("/api/v1/facts", body, format="json")
    assert response.status_code == 201, response.content
    (evidence,) = response.json()["fact"]["evidence"]
    assert evidence["quote"] == "GPT-3 developed_by OpenAI." and evidence["start"] == TEXT.index("GPT-3 developed_by")
    assert evidence["document"] == "doc-a" and evidence["url"] is None
    assert "source: doc-a" in response.json()["audit"][0]["note"]
    statements = api.get("/api/v1/models/instructgpt/evidence")
    assert statements.status_code == 200 and "GPT-3 developed_by OpenAI." in str(statements.json())


@pytest.mark.parametrize(
    ("source", "status", "words"),
    [
        ({"document": "doc-a", "quote": "GPT-4 was made by OpenAI."}, 400, "does not occur in document 'doc-a'"),
        ({"document": "doc-a"}, 400, "needs a quote"),
        ({"document": "no-such-doc", "quote": "GPT-3"}, 404, "No document with key 'no-such-doc'"),
        ({"quote": "GPT-3 developed_by OpenAI."}, 400, "needs the document"),
        ({"url": "https://example.org", "arxiv_id": "2005.14165"}, 400, "Cite one source"),
        ({"url": "example dot org"}, 400, "is not a web address"),
        ({"arxiv_id": "2099.14165"}, 400, "99 is no month"),
    ],
)
def test_a_source_that_does_not_check_out_refuses_the_fact(graph, api, source, status, words):
    _load()
    body = {"subject": "instructgpt", "type": "developed-by", "object": "openai", "source": source}
    code = "not_found" if status == 404 else "invalid_parameter"
    assert words in _error(api.post("/api/v1/facts", body, format="json"), status, code)["message"]
    assert api.get(f"/api/v1/facts/{NEW}").status_code == 404  # nothing half-written
    assert not AuditEntry.objects.exists() and _citations() == 0


def test_a_url_or_an_arxiv_id_is_the_evidence_of_a_new_fact(graph, api, client):
    _load()
    base = {"subject": "instructgpt", "type": "developed-by", "object": "openai"}
    web = {"url": "https://openai.com/research/instruction-following"}
    cited = api.post("/api/v1/facts", base | {"source": web}, format="json")
    assert cited.status_code == 201, cited.content
    assert cited.json()["fact"]["evidence"][0]["url"] == web["url"]
    other = {"subject": "chatgpt", "type": "developed-by", "object": "openai"}
    paper = api.post("/api/v1/facts", other | {"source": {"arxiv_id": "arXiv:2203.02155"}}, format="json")
    assert paper.json()["fact"]["evidence"][0]["url"] == "https://arxiv.org/abs/2203.02155"
    assert "https://arxiv.org/abs/2203.02155" in str(api.get("/api/v1/models/chatgpt").json())
    page = client.get("/models/chatgpt").content.decode()
    assert 'href="https://arxiv.org/abs/2203.02155">https://arxiv.org/abs/2203.02155</a>' in page


def test_the_admin_adds_a_fact_with_its_source(graph, admin_client):
    _load()
    url = "/admin/curation/reviewedfact/new/"
    assert 'name="arxiv_id"' in admin_client.get(url).content.decode()
    form = {"subject": "instructgpt", "type": "developed-by", "object": "openai", "document": "doc-a"}
    refused = admin_client.post(url, form | {"quote": "GPT-4 was made by OpenAI."}, follow=True)
    assert "does not occur in document" in refused.content.decode()
    assert _citations() == 0 and not AuditEntry.objects.exists()
    added = admin_client.post(url, form | {"quote": "GPT-3 developed_by OpenAI."}, follow=True)
    page = added.content.decode()
    assert "Fact added." in page and "<mark>GPT-3 developed_by OpenAI.</mark>" in page
    assert "No document states this fact" not in page


def test_the_admin_edit_page_shows_the_originals_sentence(graph, admin_client):
    _load()
    version = selectors.fact_review(key=FT).version
    form = {"op": "edit", "version": version, "type": "fine-tunes", "subject": "instructgpt", "object": "chatgpt"}
    page = admin_client.post(f"/admin/curation/reviewedfact/{FT}/", form, follow=True).content.decode()
    assert "Replaced by a corrected fact" in page
    assert "<mark>InstructGPT fine_tunes GPT-3.</mark>" in page and "No document states this fact" not in page


def _every_page(api, url: str) -> list[dict]:
    items, pages = [], 0
    while url and pages < 20:
        body = api.get(url).json()
        items += body["results"]
        url, pages = body["next"], pages + 1
    return items


def test_a_cited_url_is_listed_when_the_evidence_is_read_a_page_at_a_time(graph, api):
    _load()
    services.document_load(doc=document("doc-b", [("instructgpt", "FINE_TUNES", "gpt-3")]))
    web = {"url": "https://openai.com/research/instruction-following"}
    fact = {"subject": "instructgpt", "type": "fine-tunes", "object": "gpt-3", "source": web}
    cited = api.post("/api/v1/facts", fact, format="json")
    assert cited.status_code == 201, cited.content
    listed = _every_page(api, f"/api/v1/facts/{FT}/evidence?limit=1")
    assert [e["document"] or e["url"] for e in listed] == [web["url"], "doc-a", "doc-b"]  # no document sorts first
    assert api.get(f"/api/v1/facts/{FT}/evidence").json()["count"] == 3
    about = _every_page(api, "/api/v1/models/instructgpt/evidence?limit=1")
    assert web["url"] in [e["evidence"]["url"] for e in about]
