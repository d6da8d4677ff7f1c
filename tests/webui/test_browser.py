"""Journeys in real Chromium: search across scripts to evidence, compare, switch language, keyboard use."""

import pytest

from tests.webui.conftest import ZH_FLAN

pytestmark = pytest.mark.browser


def test_from_谷歌_to_the_highlighted_sentence(page, live_server, live_corpus, errors, artifacts_dir):
    page.goto(f"{live_server.url}/")
    page.get_by_role("combobox", name="Find a model, organization, technique, paper or dataset").fill("谷歌")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    page.get_by_role("link", name="Google", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Google"

    page.locator("#links-developed-by").locator("..").get_by_role("link", name="Flan-T5").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Flan-T5"
    diagram = page.get_by_role("group", name="Lineage of Flan-T5")
    assert diagram.is_visible()

    page.locator(".diagram svg a[href='/models/t5']").click()
    assert page.get_by_role("heading", level=1).inner_text() == "T5"
    page.get_by_role("link", name=f"“{ZH_FLAN}”").first.click()

    mark = page.locator("mark#evidence")
    assert mark.inner_text() == ZH_FLAN
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.evaluate("location.hash") == "#evidence"
    assert mark.evaluate("m => document.activeElement === m")
    box, height = mark.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] and box["y"] + box["height"] <= height  # scrolled into view
    page.screenshot(path=artifacts_dir / "journey-evidence.png")


def test_suggestions_as_you_type_work_with_the_keyboard(page, live_server, live_corpus, errors):
    page.goto(f"{live_server.url}/models/t5")
    search = page.get_by_role("combobox", name="Search models, organizations, techniques")
    search.fill("羊驼")
    option = page.get_by_role("option", name="Alpaca")
    option.wait_for()
    assert search.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    assert search.get_attribute("aria-activedescendant") == option.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_url("**/models/alpaca")
    assert page.get_by_role("heading", level=1).inner_text() == "Alpaca"


def test_compare_two_models_picked_by_name(page, live_server, live_corpus, errors, artifacts_dir):
    page.goto(f"{live_server.url}/compare")
    page.get_by_role("combobox", name="Add a model").fill("T5")
    page.get_by_role("option", name="T5 Model", exact=True).click()
    page.get_by_role("combobox", name="and another").fill("flan")
    page.get_by_role("option", name="Flan-T5").click()
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url("**/compare?models=t5%2Cflan-t5")
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert [h.replace("×", "").strip() for h in headers] == ["T5", "Flan-T5"]
    row = page.locator("table.compare tr", has=page.get_by_role("rowheader", name="Context length"))
    assert row.get_attribute("class") == "differs"
    page.screenshot(path=artifacts_dir / "journey-compare.png", full_page=True)


def test_switch_the_interface_to_chinese(page, live_server, live_corpus, errors, artifacts_dir):
    page.goto(f"{live_server.url}/models/flan-t5")
    page.get_by_label("Interface language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="谱系", exact=True).is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Flan-T5"  # names stay as the data has them
    assert page.get_by_role("group", name="Flan-T5 的谱系").is_visible()
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "语言模型从何而来"
    page.screenshot(path=artifacts_dir / "home-zh-desktop.png", full_page=True)


def test_keyboard_reaches_the_content_and_focus_is_visible(page, live_server, live_corpus, errors):
    page.goto(f"{live_server.url}/models/flan-t5")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("e => e === document.activeElement") and skip.is_visible()
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    node = page.locator(".diagram svg a[href='/models/t5']")
    for _ in range(40):  # tab through the page until the diagram's node has focus
        page.keyboard.press("Tab")
        if node.evaluate("e => e === document.activeElement"):
            break
    assert node.evaluate("e => e.matches(':focus-visible')")
    assert node.locator("rect").evaluate("r => getComputedStyle(r).strokeWidth") == "4px"
    page.keyboard.press("Enter")
    page.wait_for_url("**/models/t5")


VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def screens() -> dict[str, str]:
    from tests.webui.conftest import ZH_T5, ZH_TEXT

    start = ZH_TEXT.index(ZH_T5)
    return {
        "home": "/",
        "search": "/search?q=谷歌",
        "model": "/models/flan-t5",
        "model-conflicts": "/models/t5",
        "organization": "/organizations/google",
        "technique": "/techniques/rmsnorm",
        "paper": "/papers/arxiv:1910.10683",
        "dataset": "/datasets/massivetext",
        "document": f"/documents/zh-google?start={start}&end={start + len(ZH_T5)}#evidence",
        "compare": "/compare?models=t5,flan-t5,palm",
        "explore": "/explore/google?hops=2",
        "list-papers": "/papers",
        "list-documents": "/documents",
        "not-found": "/models/nope",
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_fits_the_screen_and_is_saved_as_a_screenshot(
    chromium, live_server, live_corpus, artifacts_dir, viewport
):
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="en-US")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    for name, path in screens().items():
        response = page.goto(f"{live_server.url}{path}")
        if response.status != (404 if name == "not-found" else 200):
            problems.append(f"{name}: HTTP {response.status}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:  # wide diagrams and tables scroll inside their own box, never the page
            problems.append(f"{name}: page is {overflow}px wider than the screen")
        page.screenshot(path=artifacts_dir / f"{name}-{viewport}.png", full_page=True)
    context.close()
    assert problems == []


def test_filter_the_models_list_by_organization_and_year_then_open_a_model(page, live_server, live_corpus, errors):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="12 models").click()
    page.wait_for_url("**/models")
    assert page.get_by_role("heading", level=1).inner_text() == "Models"
    organization = page.get_by_role("combobox", name="Organization", exact=True)
    organization.fill("谷歌")  # the suggestions find Google by the name a Chinese article used
    page.get_by_role("option", name="Google").click()
    assert organization.input_value() == "Google"
    page.get_by_label("Released from year").fill("2020")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/models?*organization=Google*")
    assert "released_from=2020" in page.url
    names = page.locator("table.listing tbody th[scope=row]").all_inner_texts()
    assert names == ["Flan-T5"]
    row = page.locator("table.listing tbody tr").first
    assert row.locator("td").first.inner_text() == "Google"
    page.get_by_role("link", name="Released").click()  # sort by the heading, newest first
    page.wait_for_url("**ordering=-released*")
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Released")
    page.get_by_role("rowheader", name="Flan-T5").get_by_role("link").click()
    page.wait_for_url("**/models/flan-t5")
    assert page.get_by_role("heading", level=1).inner_text() == "Flan-T5"


LIST_SCREENS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("viewport", LIST_SCREENS)
def test_models_list_fits_the_screen_and_is_saved_as_a_screenshot(
    chromium, live_server, live_corpus, artifacts_dir, viewport
):
    context = chromium.new_context(viewport=LIST_SCREENS[viewport], locale="en-US")
    page = context.new_page()
    seen: list[str] = []
    page.on("pageerror", lambda error: seen.append(str(error)))
    response = page.goto(f"{live_server.url}/models?has_lineage=true&ordering=-released")
    assert response.status == 200
    assert page.locator("table.listing tbody tr").count() == 9
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0  # the table scrolls inside its own box, never the page
    table = page.locator(".scroll:has(table.listing)")
    assert table.evaluate("e => e.scrollWidth") >= table.evaluate("e => e.clientWidth")
    page.screenshot(path=artifacts_dir / f"list-models-{viewport}.png", full_page=True)
    context.close()
    assert seen == []
