"""Every page in real Chromium at a phone's size (390×844) and a desktop's (1440×900): the page never
scrolls sideways, a phone's header stays small, and axe-core finds no serious or critical violation.
axe-core is vendored (tests/webui/vendor, version and licence noted there): no network at test time."""

from pathlib import Path

import pytest

from tests.webui.conftest import GPT3_URL, ZH_T5, ZH_TEXT, load_url_alias

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
HEADER_SHARE = 0.10  # of a phone's screen height

_T5 = ZH_TEXT.index(ZH_T5)
# The pages checked, each at both sizes: (path, interface language, HTTP status). Add a page here.
PAGES = [
    ("/", "en", 200),
    ("/search?q=gpt3", "en", 200),  # GPT-3 has a URL among its aliases
    ("/search?q=谷歌", "zh-hans", 200),
    ("/models/flan-t5", "en", 200),
    ("/models/t5", "zh-hans", 200),
    ("/organizations/google", "en", 200),
    ("/organizations/google", "zh-hans", 200),
    ("/techniques/rmsnorm", "en", 200),
    ("/techniques/instruction-tuning", "zh-hans", 200),
    ("/papers/arxiv:1910.10683", "en", 200),
    ("/datasets/massivetext", "de", 200),
    (f"/documents/zh-google?start={_T5}&end={_T5 + len(ZH_T5)}#evidence", "en", 200),
    ("/documents/zh-google?dropped=1", "en", 200),
    ("/documents/en-gpt-url", "en", 200),  # a dropped line with a long link, quoted in the report
    ("/documents/en-gpt-url?dropped=1", "zh-hans", 200),
    ("/compare", "en", 200),
    ("/compare?models=t5,flan-t5,palm", "en", 200),
    ("/compare?models=t5,nope", "de", 200),
    ("/compare?models=nope", "en", 404),
    ("/compare?models=t5,flan-t5,palm,alpaca,llama,gopher", "zh-hans", 200),
    ("/explore/google?hops=2", "en", 200),
    ("/explore/flan-t5?hops=2", "zh-hans", 200),
    ("/models", "en", 200),
    ("/models?organization=google&released_from=2019&has_lineage=1&ordering=-released", "de", 200),
    ("/organizations", "zh-hans", 200),
    ("/techniques", "en", 200),
    ("/papers", "en", 200),
    ("/datasets", "de", 200),
    ("/documents", "en", 200),
    ("/models/nope", "en", 404),
    ("/models/flan-t6", "zh-hans", 404),  # the 404 with suggestions
]


@pytest.fixture
def pages_corpus(live_corpus):
    load_url_alias()
    return live_corpus


@pytest.fixture(params=VIEWPORTS)
def screen(request, chromium, live_server):
    """A fresh browser context at one size; its script errors fail the test."""
    context = chromium.new_context(viewport=VIEWPORTS[request.param], locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = request.param
    yield page
    context.close()
    assert errors == []


def visit(page, live_server, path: str, language: str = "en"):
    if language != "en":
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return page.goto(f"{live_server.url}{path}")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings, one line each. Evaluated through the DevTools protocol,
    so the page's Content-Security-Policy (no inline script) stays as it is."""
    page.evaluate(AXE)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


@pytest.mark.parametrize(("path", "language", "status"), PAGES)
def test_every_page_fits_a_phone_and_axe_finds_nothing_serious(
    screen, live_server, pages_corpus, path, language, status
):
    response = visit(screen, live_server, path, language)
    assert response.status == status
    overflow = screen.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls {overflow}px sideways"  # wide pictures scroll in their own box
    if screen.viewport_name == "phone":
        header = screen.locator("header.top").bounding_box()
        assert header["height"] <= HEADER_SHARE * screen.viewport_size["height"]
    assert serious_violations(screen) == []


def test_the_home_page_has_one_search_box(screen, live_server, pages_corpus):
    visit(screen, live_server, "/")
    assert screen.get_by_role("search").count() == 1
    boxes = screen.locator("input[type=search]")
    assert boxes.count() == 1 and boxes.get_attribute("id") == "home-q"  # the hero's, which says what it finds


def test_a_url_alias_is_neither_listed_nor_widens_the_page(screen, live_server, pages_corpus):
    for path in ("/search?q=gpt3", "/models/gpt-3"):
        visit(screen, live_server, path)
        assert GPT3_URL not in screen.locator("main").inner_text()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_lineage_diagram_opens_with_this_model_in_view(chromium, live_server, pages_corpus, language):
    """ByT5's ancestors (mT5, T5) are drawn to its left; on a phone the box scrolls sideways to ByT5."""
    context = chromium.new_context(viewport=VIEWPORTS["phone"], locale="en-US")
    page = context.new_page()
    visit(page, live_server, "/models/byt5", language)
    box = page.locator(".diagram .scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the diagram is wider than the phone
    assert box.evaluate("b => b.scrollLeft") > 0
    seen, root = box.bounding_box(), page.locator(".diagram .node.root rect").bounding_box()
    assert seen["x"] <= root["x"] and root["x"] + root["width"] <= seen["x"] + seen["width"]
    assert page.evaluate("window.scrollY") == 0  # only the box scrolled, not the page
    context.close()
