"""List pages (/models, /organizations, ... /documents): filters, sorting, paging, forgiven
parameters, and download links that go through the REST API and answer the same rows."""

import csv
import html as htmllib
import io
import re

import pytest

from tests.webui.test_pages import html_of

MODELS = [
    "alpaca",
    "byt5",
    "chatgpt",
    "chinchilla",
    "flan-t5",
    "gopher",
    "gpt-3",
    "instructgpt",
    "llama",
    "mt5",
    "palm",
]
MODELS = [*MODELS, "t5"]


def rows(html: str, prefix: str = "/models/") -> list[str]:
    """The keys of the table's rows, in order."""
    return re.findall(rf'<th scope="row"><a href="{re.escape(prefix)}([^"]+)"', html)


def row_of(html: str, key: str) -> str:
    start = html.index(f'<th scope="row"><a href="/models/{key}"')
    return html[start : html.index("</tr>", start)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', html)
    return htmllib.unescape(found.group(1)) if found else None


def download(html: str, kind: str) -> str:
    found = re.search(rf'<a href="([^"]*)" class="download" type="{kind}">', html)
    return htmllib.unescape(found.group(1))


def test_models_list_every_model_by_name_with_its_columns(client, corpus):
    html = html_of(client, "/models")
    assert rows(html) == MODELS
    t5 = row_of(html, "t5")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", t5)
    # organization, released, parameters, parents, descendants (Flan-T5, mT5, ByT5), sources (zh, de)
    assert cells == ['<a href="/organizations/google">Google</a>', "2019-10", "11B"] + [
        '<span class="muted">—</span>',
        "3",
        "2",
    ]
    assert '<a href="/models/t5">T5</a>' in row_of(html, "flan-t5")  # its parent
    assert '<a href="/models/instructgpt">InstructGPT</a>' in row_of(html, "chatgpt")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"organization": "google"}, ["flan-t5", "palm", "t5"]),
        ({"organization": "Google", "released_from": "2020"}, ["flan-t5"]),  # a name, in another case
        ({"organization": "谷歌"}, ["flan-t5", "palm", "t5"]),  # an alias the Chinese article used
        ({"technique": "RMSNorm"}, ["chinchilla", "gopher", "llama"]),
        ({"released_from": "2021", "released_to": "2022"}, ["chinchilla", "flan-t5", "gopher"]),
        ({"parameters_min": "10B"}, ["t5"]),
        ({"parameters_max": "10B"}, []),
        ({"has_lineage": "false"}, ["chinchilla", "gopher", "palm"]),
        ({"has_lineage": "true", "released_to": "2020"}, ["mt5", "t5"]),
        ({"q": "GPT"}, ["gpt-3"]),
    ],
)
def test_models_filter(client, corpus, query, expected):
    assert rows(html_of(client, "/models", **query)) == expected


def test_an_unknown_organization_says_so_and_matches_nothing(client, corpus):
    html = html_of(client, "/models", organization="Nobody Inc")
    assert rows(html) == [] and "No organization is called “Nobody Inc”" in html
    assert "Nothing matches these filters." in html


def test_the_form_shows_the_filters_in_force(client, corpus):
    html = html_of(client, "/models", organization="谷歌", released_from="2020", parameters_min="7000000000")
    assert 'name="organization" type="search" value="谷歌"' in html
    assert 'name="released_from" type="number" min="1900" max="2200" step="1" inputmode="numeric" value="2020"' in html
    assert 'name="parameters_min" type="text" inputmode="decimal" value="7B"' in html
    assert 'href="/models"' in html and "Clear filters" in html


@pytest.mark.parametrize(
    ("ordering", "first"),
    [
        ("-released", ["llama", "flan-t5", "chinchilla", "gopher", "mt5", "t5"]),
        ("released", ["t5", "mt5", "gopher", "chinchilla", "flan-t5", "llama"]),
        ("-name", ["t5", "palm", "mt5"]),
    ],
)
def test_models_sort_and_the_headings_link_each_way(client, corpus, ordering, first):
    html = html_of(client, "/models", ordering=ordering)
    assert rows(html)[: len(first)] == first
    heading = re.search(r'<th scope="col"[^>]*aria-sort="(\w+)"><a href="([^"]+)">(\w+)', html)
    name = ordering.lstrip("-")
    assert heading.group(3).lower() == name
    assert heading.group(1) == ("descending" if ordering.startswith("-") else "ascending")
    reverse = name if ordering.startswith("-") else f"-{name}"
    assert htmllib.unescape(heading.group(2)) == ("?" if reverse == "name" else f"?ordering={reverse}")


def test_models_page_by_cursor_with_next_and_first_links(client, corpus):
    first = html_of(client, "/models", limit=10, organization="", ordering="-released")
    assert link(first, "first") is None
    page_two = link(first, "next")
    assert page_two.startswith("?ordering=-released&limit=10&cursor=")
    second = html_of(client, f"/models{page_two}")
    assert rows(first) + rows(second) == ["llama", "flan-t5", "chinchilla", "gopher", "mt5", "t5"] + [
        "alpaca",
        "byt5",
        "chatgpt",
        "gpt-3",
        "instructgpt",
        "palm",
    ]
    assert link(second, "next") is None
    assert link(second, "first") == "?ordering=-released&limit=10"
    assert "rows on this page (not the first)" in second


@pytest.mark.parametrize(
    ("query", "expected", "note"),
    [
        ({"limit": "7"}, MODELS[:10], "nearest page size"),
        ({"limit": "100000"}, MODELS, "nearest page size"),
        ({"limit": "ten"}, MODELS, "default page size"),
        ({"ordering": "bogus"}, MODELS, "default ordering"),
        ({"cursor": "garbage!"}, MODELS, "first page"),
        ({"released_from": "1800"}, ["chinchilla", "flan-t5", "gopher", "llama", "mt5", "t5"], "1900"),
        ({"released_from": "soon"}, MODELS, "dropped"),
        ({"released_to": "99999"}, ["chinchilla", "flan-t5", "gopher", "llama", "mt5", "t5"], "2200"),
        ({"parameters_min": "lots"}, MODELS, "dropped"),
        ({"parameters_min": "-5"}, MODELS, "dropped"),
        ({"has_lineage": "perhaps"}, MODELS, "dropped"),
        ({"q": " "}, MODELS, "blank"),
        ({"organization": "x" * 5000}, [], "cut to 200 characters, no match"),
    ],
)
def test_bad_parameters_are_forgiven(client, corpus, query, expected, note):
    assert rows(html_of(client, "/models", **query)) == expected, note


def test_a_cursor_of_another_ordering_is_the_first_page(client, corpus):
    cursor = link(html_of(client, "/models", limit=10), "next").rsplit("cursor=", 1)[1]
    html = html_of(client, "/models", limit=10, ordering="-name", cursor=cursor)
    assert rows(html)[0] == "t5" and link(html, "first") is None


def test_download_links_go_through_the_api_and_answer_the_rows_shown(client, corpus):
    html = html_of(client, "/models", organization="谷歌", released_from="2019", ordering="-released", limit=10)
    csv_url, json_url = download(html, "text/csv"), download(html, "application/json")
    assert csv_url == (
        "/api/v1/models?organization=%E8%B0%B7%E6%AD%8C&released_from=2019&ordering=-released&limit=10&format=csv"
    )
    assert json_url == csv_url.removesuffix("&format=csv")
    response = client.get(csv_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["key"] for r in table] == rows(html) == ["flan-t5", "t5"]
    assert table[0]["organizations"] == "Google" and table[0]["parents"] == "T5"
    assert [r["key"] for r in client.get(json_url).json()["results"]] == rows(html)


def test_download_links_of_a_later_page_carry_its_cursor(client, corpus):
    second = html_of(client, f"/models{link(html_of(client, '/models', limit=10), 'next')}")
    json_url = download(second, "application/json")
    assert "cursor=" in json_url
    assert [r["key"] for r in client.get(json_url).json()["results"]] == rows(second) == ["palm", "t5"]


def test_download_links_leave_forgiven_values_valid_for_the_api(client, corpus):
    html = html_of(client, "/models", limit="7", released_from="1800", parameters_min="lots", ordering="x")
    for kind in ("text/csv", "application/json"):
        assert client.get(download(html, kind)).status_code == 200


@pytest.mark.parametrize(
    ("path", "prefix", "expected", "cells"),
    [
        ("/organizations?ordering=-models", "/organizations/", ["google", "openai"], ["3", "1"]),
        ("/techniques?ordering=-models", "/techniques/", ["rmsnorm", "instruction-tuning", "swiglu"], ["3", "1"]),
        ("/papers", "/papers/", ["arxiv:1910.10683"], ["1", "1"]),
        ("/datasets", "/datasets/", ["massivetext"], ["1", "1"]),
    ],
)
def test_other_kinds_list_with_model_counts_and_sources(client, corpus, path, prefix, expected, cells):
    html = html_of(client, path)
    assert rows(html, prefix) == expected
    first = html[html.index('<th scope="row">') :]
    assert re.findall(r'<td class="num">(\d+)</td>', first[: first.index("</tr>")]) == cells  # models, sources


def test_papers_filter_by_organization_and_show_arxiv(client, corpus):
    html = html_of(client, "/papers")
    assert '<td><a href="https://arxiv.org/abs/1910.10683">1910.10683</a></td>' in html
    assert rows(html_of(client, "/papers", organization="google"), "/papers/") == []


def test_documents_list_newest_first_filters_by_language_and_sorts_by_title(client, corpus):
    html = html_of(client, "/documents")
    assert rows(html, "/documents/") == ["en-gpt", "de-t5", "zh-google"]
    assert '<th scope="col" class="num">Characters</th>' in html
    assert rows(html_of(client, "/documents", language="de"), "/documents/") == ["de-t5"]
    titled = html_of(client, "/documents", ordering="name")
    assert rows(titled, "/documents/") == ["de-t5", "en-gpt", "zh-google"]  # T5 …, Title …, 谷歌 …
    assert download(titled, "text/csv") == "/api/v1/documents?ordering=name&format=csv"


def test_home_counts_link_to_the_lists(client, corpus):
    html = html_of(client, "/")
    counts = html[html.index('class="counts"') : html.index("</ul>", html.index('class="counts"'))]
    assert re.findall(r'<a href="([^"]+)"><strong>', counts) == [
        "/models",
        "/organizations",
        "/techniques",
        "/papers",
        "/datasets",
        "/documents",
    ]
    for url in re.findall(r'<a href="([^"]+)"><strong>', counts):
        assert client.get(url).status_code == 200


def test_entity_pages_still_answer_beside_the_lists(client, corpus):
    assert "<h1>Google</h1>" in html_of(client, "/organizations/google")
    assert client.get("/models/").status_code == 404
