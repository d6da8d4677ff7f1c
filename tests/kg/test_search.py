"""Search over names and aliases in every script, against the real full-text index."""

import pytest

from kg import selectors, services
from tests.factories import document


@pytest.fixture
def seeded(graph):
    services.document_load(
        doc=document(
            "doc-a",
            [
                ("gpt-3", "DEVELOPED_BY", "openai"),
                ("t5", "DEVELOPED_BY", "google"),
                ("alpaca", "FINE_TUNES", "llama"),
                ("instructgpt", "USES", "rlhf"),
            ],
        )
    )


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("谷歌", "google"),
        ("gpt3", "gpt-3"),
        ("GPT-3", "gpt-3"),
        ("羊驼", "alpaca"),
        ("Aplaca", "alpaca"),
        ("人類反饋強化學習", "rlhf"),
        ("openai", "openai"),
    ],
)
def test_search_finds_across_scripts_spellings_and_typos(seeded, query, key):
    hits = selectors.entity_search(query=query)
    assert hits and hits[0].key == key, [h.key for h in hits]


@pytest.mark.parametrize("query", ['"', "\\", "name:*", "a OR (", "' OR 1=1 //", "]]>{}", "~~~"])
def test_search_survives_query_syntax(seeded, query):
    assert isinstance(selectors.entity_search(query=query), list)
