"""Article rendering: offsets into the stored text stay right through Markdown, and the source cannot inject."""

import re

import pytest

from webui.textmarks import render_article


def url(label: str, key: str) -> str:
    return f"/{label.lower()}s/{key}"


def mentions_of(text: str, *names: str) -> tuple[tuple[int, int, str, str], ...]:
    found = [(m.start(), m.end(), m.group(0).lower(), "Model") for n in names for m in re.finditer(re.escape(n), text)]
    return tuple(sorted(found))


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def marked(html: str) -> str:
    return "".join(plain(part) for part in re.findall(r"<mark[^>]*>(.*?)</mark>", html, flags=re.S))


CASES = {
    "heading and emphasis": "# GPT-3 notes\n\nGPT-3 has **175B** parameters and _96_ layers.",
    "list items": "Models:\n\n- GPT-3 by OpenAI\n- LLaMA by Meta\n",
    "numbered heading without space": "1.GPT-3\n属性:175B 参数,96层\n2.LLaMA",
    "quote block": "> LLaMA fine-tunes nothing\n\nLLaMA is open.",
    "escapes and html": "GPT-3 <b>bold</b> & 1 < 2 \\* star LLaMA",
}


@pytest.mark.parametrize("name", CASES)
def test_every_mention_links_the_text_it_covers(name):
    text = CASES[name]
    spans = mentions_of(text, "GPT-3", "LLaMA")
    html = render_article(text=text, mentions=spans, evidence=None, entity_url=url)
    links = re.findall(r'<a class="mention" href="/models/([^"]+)">(.*?)</a>', html)
    assert [(key, label) for key, label in links] == [(key, text[a:b]) for a, b, key, _ in spans]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("which", ["first line", "last line", "whole text"])
def test_the_evidence_marks_exactly_the_quoted_text(name, which):
    text = CASES[name]
    lines = [line for line in text.split("\n") if line.strip()]
    chosen = {"first line": lines[0], "last line": lines[-1], "whole text": text.strip()}[which]
    start = text.index(chosen)
    html = render_article(
        text=text, mentions=mentions_of(text, "GPT-3"), evidence=(start, start + len(chosen)), entity_url=url
    )
    assert html.count('id="evidence"') == 1
    expected = plain(render_article(text=chosen, mentions=(), evidence=None, entity_url=url))
    assert marked(html).replace("\n", "") == expected.replace("\n", "")


def test_markers_in_the_source_cannot_forge_links():
    text = "\ue000\ue010\ue001GPT-3\ue002 <script>alert(1)</script> <a href='javascript:x'>x</a> <img src=http://x/y>"
    html = render_article(text=text, mentions=(), evidence=None, entity_url=url)
    assert "mention" not in html and "<script" not in html and "javascript:" not in html and "<img" not in html


def test_noise_lines_are_wrapped_and_hashtags_stay_text():
    text = "正文 GPT-3\n#话题#关注我们\n更多"
    html = render_article(
        text=text, mentions=mentions_of(text, "GPT-3"), evidence=None, entity_url=url, noise_lines=frozenset({2})
    )
    assert '<span class="noise">#话题#关注我们</span>' in html and "<h1>" not in html


def test_hidden_noise_lines_leave_the_article_with_their_mentions_and_the_rest_keeps_its_links():
    text = "正文 GPT-3\n#话题# GPT-3 关注我们\n更多 GPT-3"
    html = render_article(
        text=text,
        mentions=mentions_of(text, "GPT-3"),
        evidence=None,
        entity_url=url,
        noise_lines=frozenset({2}),
        hide_noise=True,
    )
    assert "关注我们" not in html and 'class="noise"' not in html
    assert html.count('<a class="mention"') == 2 and "正文" in html and "更多" in html
