"""A fact stated hundreds of times: its admin page, its API answer and the public pages show a page of
evidence with the count and a way to the rest, and the rest pages through without repeats."""

import re
from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from kg import services
from kg.text import fact_key
from tests.curation.conftest import CURATOR_PASSWORD
from tests.factories import restated

KEY = fact_key("alpaca", "FINE_TUNES", "llama")
TIMES = 130


@pytest.fixture
def stated(graph, db):
    services.document_load(
        doc=restated("many", subject="alpaca", type="FINE_TUNES", object="llama", times=TIMES, padding=300)
    )


@pytest.fixture
def admin_client(client, curator):
    assert client.login(username="cura", password=CURATOR_PASSWORD)
    return client


def _notes(html: str) -> list[str]:
    return re.findall(r"<mark>Note (\d+):", html)


def test_the_admin_fact_page_shows_a_page_of_evidence_and_a_link_to_the_next(stated, admin_client):
    url = f"/admin/curation/reviewedfact/{quote(KEY)}/"
    html = admin_client.get(url).content.decode()
    assert f"({TIMES} statements)" in html
    seen = _notes(html)
    assert len(seen) == 50
    while 'id="evidence-more"' in html:
        more = re.search(r'id="evidence-more" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        response = admin_client.get(url + more.split("#")[0])
        assert response.status_code == 200
        html = response.content.decode()
        seen += _notes(html)
    assert sorted(map(int, seen)) == list(range(TIMES))  # every statement once


def test_a_broken_evidence_link_says_so_and_shows_the_first_page(stated, admin_client):
    response = admin_client.get(f"/admin/curation/reviewedfact/{quote(KEY)}/", {"evidence": "not-a-cursor"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "That evidence link is not valid for this fact" in html and len(_notes(html)) == 50


def test_the_api_fact_has_its_strongest_claims_the_count_and_the_listing(stated):
    client = APIClient()
    fact = client.get(f"/api/v1/facts/{quote(KEY)}").json()
    assert len(fact["evidence"]) == 20 and fact["evidence_count"] == TIMES
    confidences = [e["confidence"] for e in fact["evidence"]]
    assert confidences == sorted(confidences, reverse=True)
    url, quotes = fact["evidence_url"] + "?limit=40", []
    while url:
        page = client.get(url).json()
        assert page["count"] == TIMES and len(page["results"]) <= 40
        quotes += [e["quote"] for e in page["results"]]
        url = page["next"]
    assert len(quotes) == TIMES == len(set(quotes))


def test_the_api_evidence_listing_refuses_what_it_cannot_read(stated):
    client = APIClient()
    listing = f"/api/v1/facts/{quote(KEY)}/evidence"
    assert client.get(listing, {"cursor": "abc"}).status_code == 400
    assert client.get(listing, {"limit": "0"}).status_code == 400
    other = f"/api/v1/facts/{quote(fact_key('llama', 'FINE_TUNES', 'alpaca'))}/evidence"
    assert client.get(other).json()["error"]["code"] == "not_found"
    # A cursor of one fact means nothing for another.
    cursor = client.get(listing, {"limit": "1"}).json()["cursor"]
    services.document_load(
        doc=restated("other", subject="vicuna", type="FINE_TUNES", object="llama", times=3, padding=0)
    )
    vicuna = quote(fact_key("vicuna", "FINE_TUNES", "llama"))
    assert client.get(f"/api/v1/facts/{vicuna}/evidence", {"cursor": cursor}).status_code == 400


def test_a_model_page_quotes_a_few_and_links_to_every_statement(stated, client):
    html = client.get("/models/alpaca").content.decode()
    assert f"and {TIMES - 5} more statements" in html
    assert f'href="/api/v1/facts/{quote(KEY)}/evidence"' in html
    entity = APIClient().get("/api/v1/models/llama").json()
    (relation,) = entity["relations"]
    assert len(relation["evidence"]) == 5 and relation["evidence_count"] == TIMES
