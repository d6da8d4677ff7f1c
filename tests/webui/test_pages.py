"""Pages rendered by Django against the real graph: content, links, evidence, redirects, bad input."""

import re
from html.parser import HTMLParser

import pytest

from kg import selectors, services
from kg.repository import PAGE_LINEAGE_LIMIT
from tests.factories import family
from tests.webui.conftest import (
    DE_FLAN,
    EN_URL_TEXT,
    GPT3_URL,
    RMSNORM_USERS,
    ZH_ALPACA,
    ZH_FLAN,
    ZH_NOISE,
    ZH_T5,
    ZH_TEXT,
    load_url_alias,
)
from webui import labels
from webui.diagram import MAX_PER_COLUMN


def html_of(client, path: str, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_home_shows_counts_families_and_recent_documents(client, corpus):
    html = html_of(client, "/")
    # t5, flan-t5, mt5, byt5, palm, alpaca, llama, instructgpt, chatgpt, gpt-3, gopher, chinchilla
    assert "<strong>12</strong> models" in html
    assert "谷歌的语言模型" in html and "T5 und Flan-T5" in html
    families = html[html.index('id="fam-h"') :]
    for root, size in (("t5", 3), ("gpt-3", 2), ("llama", 1)):  # T5 → mT5 → ByT5, T5 → Flan-T5; GPT-3 → …
        at = families.index(f'class="family-root" href="/models/{root}"')
        assert f"{size} descendant" in families[at : at + 200]
    assert families.index('href="/models/t5"') < families.index('href="/models/gpt-3"')  # largest first


@pytest.mark.parametrize(("query", "key", "alias"), [("谷歌", "google", "谷歌"), ("gpt3", "gpt-3", None)])
def test_search_finds_names_and_aliases_and_says_which_alias_matched(client, corpus, query, key, alias):
    html = html_of(client, "/search", q=query)
    assert f'href="{"/organizations" if key == "google" else "/models"}/{key}"' in html
    if alias:
        assert f"matched <q>{alias}</q>" in html


def test_search_finds_alpaca_by_the_chinese_name_an_article_used(client, corpus):
    html = html_of(client, "/search", q="羊驼")
    assert 'href="/models/alpaca"' in html and 'id="group-Model"' in html


def test_search_page_escapes_input(client, corpus):
    html = html_of(client, "/search", q="<script>alert(1)</script> gpt3")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_model_page_draws_lineage_with_typed_edges_and_links_every_node(client, corpus):
    html = html_of(client, "/models/instructgpt")
    assert '<title id="diagram-title">Lineage of InstructGPT</title>' in html
    assert 'class="edge edge-fine-tunes status-accepted"' in html
    assert 'href="/models/gpt-3"' in html and 'href="/models/chatgpt"' in html
    assert 'id="gen-up-1"' in html and 'id="gen-down-1"' in html


def test_model_page_states_what_changed_against_its_parent(client, corpus):
    html = html_of(client, "/models/flan-t5")
    changes = html[html.index('id="chg-h"') : html.index('id="attr-h"')]
    assert 'href="/models/t5"' in changes
    assert "<del>512</del> → <ins>2048</ins>" in changes  # context length, stated by two languages
    assert "+ instruction tuning" in changes
    assert "Parameters: 11B" in changes  # stated for T5 only


def test_values_that_agree_are_one_value_with_every_source(client, corpus):
    html = html_of(client, "/models/t5")
    attributes = html[html.index('id="attr-h"') : html.index('id="rel-h"')]
    released = attributes[attributes.index("Released") : attributes.index("Architecture")]
    # "2019" (zh) and "2019-10" (de) do not disagree: one value, the more precise, with both sources.
    assert "sources differ" not in released
    values = [v.split("<")[0].strip() for v in re.findall(r'<td class="value">([^<]*)', released)]
    assert values == ["2019-10"]
    assert "/documents/zh-google?" in released and "/documents/de-t5?" in released


def test_model_page_links_each_relation_to_its_sentence(client, corpus):
    html = html_of(client, "/models/t5")
    start = ZH_TEXT.index(ZH_FLAN)
    assert f"/documents/zh-google?start={start}&amp;end={start + len(ZH_FLAN)}#evidence" in html
    assert f'<blockquote lang="zh-Hans"><a href="/documents/zh-google?start={start}' in html


def test_timeline_lists_dated_models_in_order_and_names_the_undated(client, corpus):
    html = html_of(client, "/models/t5")
    table = html[html.index("Timeline as a table") : html.index("</details>")]
    dated = ["t5", "mt5", "flan-t5"]  # 2019-10, 2020-10, 2022-10 as the German article states
    positions = [table.index(f'href="/models/{key}"') for key in dated]
    assert positions == sorted(positions) and 'href="/models/byt5"' not in table
    undated = html[html.index("No release date") :]
    assert 'href="/models/byt5"' in undated[: undated.index("</p>")]


def test_technique_page_lists_its_users_oldest_first(client, corpus):
    html = html_of(client, "/techniques/rmsnorm")
    used_by = html[html.index('id="links-uses"') :]
    positions = [used_by.index(f'href="/models/{key}"') for key in sorted(RMSNORM_USERS, key=RMSNORM_USERS.get)]
    assert positions == sorted(positions)


def test_organization_page_lists_what_it_developed(client, corpus):
    html = html_of(client, "/organizations/google")
    assert 'id="links-developed-by"' in html
    for key in ("t5", "flan-t5", "palm"):
        assert f'href="/models/{key}"' in html


def test_document_page_renders_markdown_and_marks_the_evidence(client, corpus):
    start = ZH_TEXT.index(ZH_T5)
    html = html_of(client, "/documents/zh-google", start=start, end=start + len(ZH_T5))
    article = html[html.index('<article class="source"') : html.index("</article>")]
    heading = re.search(r"<h1>(.*?)</h1>", article).group(1)  # "# " became a heading
    assert re.sub(r"<[^>]+>", "", heading) == "谷歌的语言模型"
    mark = re.search(r'<mark class="evidence" id="evidence" tabindex="-1">(.*?)</mark>', article).group(1)
    assert re.sub(r"<[^>]+>", "", mark) == ZH_T5  # offsets survived the Markdown rendering
    assert '<a class="mention" href="/organizations/google">谷歌</a>' in mark
    assert '<a class="mention" href="/models/flan-t5">Flan-T5</a>' in article


def test_document_page_greys_noise_and_shows_the_report_as_html(client, corpus):
    html = html_of(client, "/documents/zh-google", dropped="1")
    assert f'<span class="noise">{ZH_NOISE}</span>' in html  # a hashtag line is text, not a heading
    report = html[html.index('id="report-h"') :]
    assert "hashtag" in report and "13.8 ms in total" in report
    assert "{&#x27;" not in report and "pprint" not in report


def article_of(html: str) -> str:
    return html[html.index('<article class="source"') : html.index("</article>")]


@pytest.mark.parametrize("value", [None, "0", "no", "nonsense"])
def test_document_page_leaves_the_dropped_lines_out_unless_asked(client, corpus, value):
    start = ZH_TEXT.index(ZH_T5)
    html = html_of(client, "/documents/zh-google", **({"dropped": value} if value else {}), start=start, end=start + 3)
    assert ZH_NOISE not in article_of(html) and 'class="noise"' not in article_of(html)
    assert ZH_ALPACA in re.sub(r"<[^>]+>", "", article_of(html))  # the line before it is still there
    assert "1 line dropped as noise before extraction is not shown." in html
    # The switch is a plain link that keeps the rest of the view (the marked evidence): no script needed.
    switch = re.search(r'<p class="dropped-switch" id="dropped-switch">.*?</p>', html, re.S)[0]
    link = re.search(r'<a href="\?([^"]+)">Show the dropped lines</a>', switch)[1].replace("&amp;", "&")
    assert dict(p.split("=") for p in link.split("&")) == {"start": str(start), "end": str(start + 3), "dropped": "1"}
    assert ZH_NOISE in report_of(html)  # the extraction report still lists it


@pytest.mark.parametrize("value", ["1", "true", " YES ", "on"])
def test_document_page_shows_the_dropped_lines_greyed_when_asked(client, corpus, value):
    html = html_of(client, "/documents/zh-google", dropped=value)
    assert f'<span class="noise">{ZH_NOISE}</span>' in article_of(html)
    switch = re.search(r'<p class="dropped-switch" id="dropped-switch">.*?</p>', html, re.S)[0]
    assert '<a href="?">Hide the dropped lines</a>' in switch


def test_a_dropped_line_holding_the_evidence_is_shown(client, corpus):
    start = ZH_TEXT.index(ZH_NOISE)
    html = html_of(client, "/documents/zh-google", start=start, end=start + len(ZH_NOISE))
    assert 'id="evidence"' in article_of(html) and 'class="noise"' in article_of(html)


def report_of(html: str) -> str:
    return html[html.index('id="report-h"') :]


def test_document_page_ignores_evidence_outside_the_text(client, corpus):
    html = html_of(client, "/documents/de-t5", start=5, end=10_000)
    assert 'id="evidence"' not in html and DE_FLAN in re.sub(r"<[^>]+>", "", html)


def test_compare_table_puts_models_side_by_side(client, corpus):
    html = html_of(client, "/compare", models="t5,flan-t5")
    table = html[html.index('<table class="compare"') :]
    assert table.index('href="/models/t5"') < table.index('href="/models/flan-t5"')
    assert '<tr class="differs"><th scope="row">Context length</th><td>512</td><td>2048</td></tr>' in table


def test_compare_form_resolves_typed_names_in_any_script(client, corpus):
    response = client.get("/compare", {"models": "t5", "m": "羊驼"})
    assert response.status_code == 302 and response["Location"] == "/compare?models=t5%2Calpaca"


def test_compare_takes_aliases_and_any_case_and_answers_with_the_canonical_address(client, corpus):
    response = client.get("/compare", {"models": "GPT3,LLaMA", "unreviewed": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/compare?models=gpt-3%2Cllama&unreviewed=1"
    headers = re.findall(r'<th scope="col"><a href="([^"]+)"', html_of(client, response["Location"]))
    assert headers == ["/models/gpt-3", "/models/llama"]


def test_compare_shows_what_it_found_and_says_what_it_did_not(client, corpus):
    response = client.get("/compare", {"models": "t5,flan-t6,openai"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<th scope="col"><a href="([^"]+)"', html) == ["/models/t5"]
    notice = html[html.index('class="notice"') :]
    assert "No model is called “flan-t6”" in notice and 'href="/models/flan-t5"' in notice  # did you mean
    assert "No model is called “openai”" in notice  # an organization is no model


def test_compare_with_nothing_found_is_a_404_that_still_helps(client, corpus):
    response = client.get("/compare", {"models": "nope"})
    assert response.status_code == 404 and "No model is called “nope”" in response.content.decode()


def test_compare_cuts_more_than_five_models_with_a_note(client, corpus):
    html = html_of(client, "/compare", models="t5,flan-t5,palm,alpaca,llama,gopher")
    assert len(re.findall(r'<th scope="col"><a href=', html)) == 5
    assert "Only the first 5 models are compared." in html


def test_a_404_suggests_the_nearest_names(client, corpus):
    response = client.get("/models/flan-t6")
    assert response.status_code == 404
    html = response.content.decode()
    suggestions = html[html.index('class="suggestions"') :]
    assert 'href="/models/flan-t5"' in suggestions


def test_explorer_draws_the_neighbourhood_with_a_text_alternative(client, corpus):
    html = html_of(client, "/explore/google", hops=2)
    assert (
        'role="group" aria-labelledby="ex-title"' in html
        and 'href="/explore/t5?hops=2"' in html  # a link to another center keeps the filters
        and 'href="/explore/arxiv:1910.10683?hops=2"' in html
    )
    listing = html[html.index('id="ex-list-h"') :]
    assert "Flan-T5" in listing and "developed by" in listing


def test_explorer_filters_by_relation_type(client, corpus):
    html = html_of(client, "/explore/t5", type="fine-tunes")
    assert 'href="/explore/flan-t5?type=fine-tunes"' in html and 'href="/explore/google' not in html


def test_explorer_says_when_a_ring_was_cut(client, graph, db):
    services.document_load(doc=family("big", root="llama", size=60))
    html = html_of(client, "/explore/llama")
    assert 'class="notice" role="status"' in html
    drawn = html[html.index("<svg") : html.index("</svg>")].count('class="xnode')
    assert 1 < drawn < 61  # the center and a capped first ring


def test_a_family_of_hundreds_is_folded_into_more_boxes_and_listed_whole(client, graph, db):
    size = PAGE_LINEAGE_LIMIT - 10  # the most a page lists per side (test_page_limits covers more)
    services.document_load(doc=family("big", root="llama", size=size))
    html = html_of(client, "/models/llama", depth=1)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('class="node"') == MAX_PER_COLUMN - 1
    assert f"+{size - MAX_PER_COLUMN + 1} more" in svg and 'href="#gen-down-1"' in svg
    listing = html[html.index('id="gen-down-1"') :]
    assert all(f"Tune {i:03d}" in listing for i in range(size))


def test_a_merged_entitys_old_urls_lead_to_the_survivor(client, corpus):
    services.entity_merge(survivor="flan-t5", other="alpaca")  # a curator's (odd) merge, for the URLs only
    for old, new in (("/models/alpaca", "/models/flan-t5"), ("/explore/alpaca", "/explore/flan-t5")):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new
        assert response["Cache-Control"] == "no-cache"  # a merge can be reverted: browsers must ask again
    response = client.get("/compare", {"models": "alpaca,t5"})
    assert response.status_code == 302 and response["Location"] == "/compare?models=flan-t5%2Ct5"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/models/Alpaca", "/models/alpaca"),  # keys are lower case; the URL a person types may not be
        ("/models/GPT3", "/models/gpt-3"),  # an alias
        ("/models/LLaMA", "/models/llama"),
        ("/models/FLAN-T5?depth=2", "/models/flan-t5?depth=2"),
        ("/organizations/谷歌", "/organizations/google"),  # an alias of one entity, as the API resolves it
        ("/models/谷歌", "/organizations/google"),
        ("/explore/Flan-T5", "/explore/flan-t5"),
    ],
)
def test_pages_find_a_key_the_way_the_api_does(client, corpus, old, new):
    path, _, query = old.partition("?")
    response = client.get(path, dict(p.split("=") for p in query.split("&")) if query else {})
    assert response.status_code == 301 and response["Location"] == new
    assert client.get(new).status_code == 200


def test_entity_pages_redirect_to_the_right_label(client, corpus):
    assert client.get("/organizations/openai").status_code == 200
    response = client.get("/techniques/openai")
    assert response.status_code == 302 and response["Location"] == "/organizations/openai"
    assert client.get("/organizations/gpt-3")["Location"] == "/models/gpt-3"


@pytest.mark.parametrize("path", ["/models/nope", "/documents/nope", "/papers/nope", "/explore/nope"])
def test_unknown_things_are_a_friendly_404(client, corpus, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Not found" in response.content and b"Traceback" not in response.content


def test_bad_depth_falls_back_instead_of_failing(client, corpus):
    assert client.get("/models/instructgpt", {"depth": "lots"}).status_code == 200


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "语言模型从何而来"), ("de", "Woher Sprachmodelle kommen")]
)
def test_interface_speaks_chinese_and_german_but_names_stay_as_the_data_has_them(client, corpus, language, heading):
    client.cookies["django_language"] = language
    assert f"<h1>{heading}</h1>" in html_of(client, "/")
    html = html_of(client, "/models/flan-t5")
    assert f'<html lang="{language}">' in html and "<h1>Flan-T5</h1>" in html


class _InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag}[{name}]" for name in names if name == "style" or name.startswith("on")]


PAGES = [
    "/",
    "/search?q=谷歌",
    "/models/t5",
    "/organizations/google",
    "/techniques/rmsnorm",
    "/papers/arxiv:1910.10683",
    "/datasets/massivetext",
    "/documents/zh-google?start=0&end=5",
    "/compare?models=t5,flan-t5",
    "/compare",
    "/explore/t5?hops=2",
    "/models?organization=google&released_from=2019",
    "/documents",
    "/models/nope",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_style_or_handlers(client, corpus, path):
    parser = _InlineCode()
    parser.feed(client.get(path).content.decode())
    assert parser.found == []


# --- labels in the interface language ----------------------------------------------------------


def test_referred_to_by_is_not_cited_in_chinese(client, corpus):
    client.cookies["django_language"] = "zh-hans"
    html = html_of(client, "/models/t5")
    assert '<h3 id="ref-h">指向本模型的条目</h3>' in html and "被引用于" not in html


@pytest.mark.parametrize(
    ("language", "missing", "too_many"),
    [
        ("en", "No model is called “nope”.", "Only the first 5 models are compared."),
        ("de", "Kein Modell heißt „nope“.", "Nur die ersten 5 Modelle werden verglichen."),
        ("zh-hans", "没有名为“nope”的模型。", "只比较前 5 个模型。"),
    ],
)
def test_compare_notes_speak_the_interface_language(client, corpus, language, missing, too_many):
    client.cookies["django_language"] = language
    for models, message in (("t5,nope", missing), ("t5,flan-t5,palm,alpaca,llama,gopher", too_many)):
        response = client.get("/compare", {"models": models})
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html[html.index('class="notice" role="status"') :]


def test_compare_names_every_missing_key(client, corpus):
    html = client.get("/compare", {"models": "t5,nope,nix"}).content.decode()
    assert "No model is called “nope”." in html and "No model is called “nix”." in html


@pytest.mark.parametrize(
    ("path", "chinese", "name"),
    [("/organizations/google", "谷歌", "Google"), ("/techniques/instruction-tuning", "指令微调", "instruction tuning")],
)
def test_a_technique_or_organization_is_called_by_its_alias_in_the_interfaces_script(
    client, corpus, path, chinese, name
):
    client.cookies["django_language"] = "zh-hans"
    html = html_of(client, path)
    assert f"<h1>{chinese}</h1>" in html and f"<title>{chinese} · " in html
    aliases = re.search(r'<p class="aliases">.*?</p>', html, re.S)[0]
    assert f'<span class="alias">{name}</span>' in aliases  # the data's name is still said
    client.cookies["django_language"] = "de"  # German is written in Latin letters, like the name
    assert f"<h1>{name}</h1>" in html_of(client, path)


def test_a_model_keeps_its_name_whatever_the_interface_language(client, corpus):
    client.cookies["django_language"] = "zh-hans"
    assert "<h1>Alpaca</h1>" in html_of(client, "/models/alpaca")  # though an article calls it 羊驼


def test_chinese_search_results_show_the_chinese_alias(client, corpus):
    client.cookies["django_language"] = "zh-hans"
    html = html_of(client, "/search", q="google")
    hit = re.search(r'<li><a href="/organizations/google">(.*?)</a>(.*?)</li>', html, re.S)
    assert hit[1] == "谷歌" and "Google" in hit[2]


@pytest.mark.parametrize(
    ("alias", "url"),
    [
        ("https://github.com/openai/gpt-3", True),
        ("www.openai.com", True),
        ("huggingface.co/meta-llama/Llama-2-7b", True),
        ("llama.cpp", False),
        ("arXiv:1910.10683", False),
        ("GPT-3.5", False),
    ],
)
def test_web_addresses_are_told_from_names(alias, url):
    assert labels.is_url(alias) is url


def test_a_url_is_not_listed_as_an_alias(client, corpus):
    load_url_alias()
    assert GPT3_URL in selectors.entity_get(key="gpt-3").aliases  # the graph has it; the pages leave it out
    for path, params in (("/models/gpt-3", {}), ("/search", {"q": "gpt3"})):
        html = html_of(client, path, **params)
        assert GPT3_URL not in html.replace(EN_URL_TEXT, "")
    entity = html_of(client, "/models/gpt-3")
    assert '<span class="alias">GPT3</span>' in entity  # the other aliases still are
