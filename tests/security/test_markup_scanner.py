"""The scanner the XSS tests rely on finds what a browser would run, and passes what it would not."""

import pytest

from tests.badinput.cases import HOSTILE_HTML, HOSTILE_MARKDOWN
from tests.security.markup import executable_markup


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="module">alert(1)</script>',
        '<script src="https://evil.example/x.js"></script>',
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<iframe src="/"></iframe>',
        '<form action="javascript:alert(1)"></form>',
        '<div style="background:url(javascript:alert(1))">x</div>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<svg><circle onload=alert(1) /></svg>",
    ],
)
def test_finds_what_runs(html):
    assert executable_markup(html) != []


@pytest.mark.parametrize(
    "html",
    [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        '<script src="/static/webui/site.js" defer></script>',
        '<script type="application/json" id="data">{"a": "</b>"}</script>',
        '<a href="/models/gpt-3" class="mention">GPT-3</a>',
        '<meta charset="utf-8"><meta http-equiv="Content-Type" content="text/html">',
        "<p>javascript: is just a word here, and onerror= too</p>",
    ],
)
def test_passes_what_does_not(html):
    assert executable_markup(html) == []


def test_the_corpus_payloads_are_caught_raw():
    assert len(executable_markup(HOSTILE_HTML)) >= 8 and len(executable_markup(HOSTILE_MARKDOWN)) >= 3
