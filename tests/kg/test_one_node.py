"""One node per real thing in the real graph: papers across languages, lexicon aliases for search."""

from ingest.services import document_ingest
from kg import selectors, services

# A paper the lexicon does not know, cited in German (a translated title only) and in English.
DE_PAPER = (
    "Die Studie „Kleine Sprachmodelle lernen schneller als gedacht“ (arXiv:2409.99999v3) zeigt, "
    "dass das Modell Pebble-2 weniger Daten braucht."
)
EN_PAPER = (
    "The study [Tiny Parrots Are Surprisingly Good Students](https://arxiv.org/abs/2409.99999) "
    "shows that Pebble-2 needs less data."
)


def _papers(query: str) -> list[str]:
    return [h.key for h in selectors.entity_search(query=query, labels=["Paper"])]


def test_two_documents_in_two_languages_citing_one_arxiv_paper_give_one_node_named_in_english(graph):
    document_ingest(source=DE_PAPER, key="de-paper", language="de")
    assert selectors.entity_get(key="arxiv:2409.99999").name == "arXiv:2409.99999"
    document_ingest(source=EN_PAPER, key="en-paper", language="en")
    paper = selectors.entity_get(key="arxiv:2409.99999")
    assert paper.name == "Tiny Parrots Are Surprisingly Good Students"
    assert "Kleine Sprachmodelle lernen schneller als gedacht" in paper.aliases
    # No second node for either title: both find the one arXiv node.
    assert _papers("Kleine Sprachmodelle lernen schneller") == ["arxiv:2409.99999"]
    assert _papers("Tiny Parrots Surprisingly Good Students") == ["arxiv:2409.99999"]


def test_a_curated_paper_name_is_never_replaced_by_a_later_title(graph):
    document_ingest(source=DE_PAPER, key="de-paper", language="de")
    services.entity_update(key="arxiv:2409.99999", name="arXiv:2409.99999")
    document_ingest(source=EN_PAPER, key="en-paper", language="en")
    assert selectors.entity_get(key="arxiv:2409.99999").name == "arXiv:2409.99999"


def test_every_lexicon_alias_of_an_ingested_entity_is_searchable(graph, client):
    text = "Alpaca is a small instruction-following model from Stanford. Vicuna was released later; Meta built LLaMA."
    document_ingest(source=text, key="en-alpaca")
    assert "羊驼" in selectors.entity_get(key="alpaca").aliases
    page = client.get("/search", {"q": "羊驼"})
    assert page.status_code == 200 and 'href="/models/alpaca"' in page.content.decode()
    api = client.get("/api/v1/search", {"q": "羊驼"}).json()["results"]
    assert "alpaca" in [hit["key"] for hit in api]


def test_chinese_names_no_article_used_find_vicuna_and_meta(graph, client):
    text = "Vicuna was released after Alpaca; Meta built the LLaMA base model."
    document_ingest(source=text, key="en-vicuna")
    for query, path in (("小羊驼", "/models/vicuna"), ("脸书", "/organizations/meta")):
        page = client.get("/search", {"q": query}).content.decode()
        assert f'href="{path}"' in page, query
