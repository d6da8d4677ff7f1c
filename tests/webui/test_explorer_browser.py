"""The live graph explorer in real Chromium: expand in place, folded hub links, filters applied live
and kept across re-centring, arrowheads and labels, layers for lineage, and the no-JavaScript picture."""

import pytest

pytestmark = pytest.mark.browser

SHOWN = "[data-node-list] li"


def shown(page) -> set[str]:
    """The entities the explorer shows, as its list (kept in sync with the picture) names them."""
    return set(page.locator(SHOWN).evaluate_all("items => items.map(li => li.dataset.key)"))


def drawn(page) -> set[str]:
    return set(page.evaluate("window.explorer.cy.nodes().map(n => n.id())"))


def test_a_node_expands_in_place_without_leaving_the_page(page, live_server, live_corpus, errors):
    url = f"{live_server.url}/explore/t5"
    page.goto(url)
    page.locator(f"{SHOWN}[data-key='flan-t5']").wait_for()
    assert {"t5", "flan-t5", "google", "mt5", "arxiv:1910.10683"} <= shown(page)
    assert "instruction-tuning" not in shown(page)  # two steps away
    assert page.locator("[data-fallback]").is_hidden() and page.locator("[data-cy] canvas").first.is_visible()

    page.get_by_role("button", name="Expand: Flan-T5").click()
    page.locator(f"{SHOWN}[data-key='instruction-tuning']").wait_for()
    assert page.url == url  # no navigation, not even a reload
    assert "instruction-tuning" in drawn(page) and shown(page) == drawn(page)
    relations = page.locator("[data-relations] tbody tr[data-type='uses']").all_inner_texts()
    assert any(row.startswith("Flan-T5") for row in relations)  # the text table follows

    page.locator("[data-cy]").wait_for()
    page.evaluate("window.explorer.cy.getElementById('mt5').emit('tap')")  # a click on a node expands it too
    page.locator(f"{SHOWN}[data-key='byt5']").wait_for()
    assert page.url == url


def test_shared_links_are_folded_into_a_count_until_asked(page, live_server, live_corpus, errors):
    page.goto(f"{live_server.url}/explore/flan-t5?hops=2")
    google = page.locator(f"{SHOWN}[data-key='google']")
    google.wait_for()
    # T5 and PaLM are both developed by Google: two steps out, those links fold into a count on Google.
    more = google.get_by_role("button", name="Google: +2 developed by")
    assert more.is_visible()
    assert "palm" not in shown(page) and "palm" not in drawn(page)
    assert "+2 developed by" in page.evaluate("window.explorer.cy.getElementById('google').data('caption')")
    every = page.get_by_label("every developed-by, uses and published-by link")
    every.check()  # all folded links at once
    page.locator(f"{SHOWN}[data-key='palm']").wait_for()
    assert page.evaluate('window.explorer.cy.edges(\'[source = "t5"][target = "google"]\').length') == 1
    every.uncheck()
    page.locator(f"{SHOWN}[data-key='palm']").wait_for(state="detached")

    google.get_by_role("button", name="Google: +2 developed by").click()  # or one count
    page.locator(f"{SHOWN}[data-key='palm']").wait_for()
    assert page.evaluate('window.explorer.cy.edges(\'[source = "palm"][target = "google"]\').length') == 1


def test_filters_apply_live_and_are_kept_when_re_centring(page, live_server, live_corpus, errors):
    page.goto(f"{live_server.url}/explore/t5")
    page.locator(f"{SHOWN}[data-key='google']").wait_for()
    page.get_by_label("two steps").check()
    for box in page.locator("input[name=type]").all():
        if box.get_attribute("value") != "fine-tunes":
            box.uncheck()
    link = page.locator(f"{SHOWN}[data-key='flan-t5'] a[href='/explore/flan-t5?hops=2&type=fine-tunes']")
    link.wait_for()  # the list is redrawn with the filters the URL now has
    assert page.url == f"{live_server.url}/explore/t5?hops=2&type=fine-tunes"  # kept in the URL, not reloaded
    assert shown(page) == {"t5", "flan-t5"}
    assert set(page.locator("[data-relations] tbody tr").evaluate_all("rows => rows.map(r => r.dataset.type)")) == {
        "fine-tunes"
    }

    link.focus()
    page.keyboard.press("Enter")  # re-centre from the keyboard
    page.wait_for_url("**/explore/flan-t5?hops=2&type=fine-tunes")
    page.locator(f"{SHOWN}[data-key='t5']").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "Around Flan-T5"
    checked = page.locator("input[name=type]:checked").evaluate_all("boxes => boxes.map(b => b.value)")
    assert checked == ["fine-tunes"] and page.get_by_label("two steps").is_checked()
    assert shown(page) == {"flan-t5", "t5"}  # not Google: developed-by stays filtered out
    assert set(page.evaluate("window.explorer.cy.edges().map(e => e.data('type'))")) == {"fine-tunes"}
    rows = page.locator("[data-relations] tbody tr").evaluate_all("rows => rows.map(r => r.dataset.type)")
    assert rows and set(rows) == {"fine-tunes"}


def test_edges_have_arrowheads_colours_per_type_and_labels_on_focus(page, live_server, live_corpus, errors):
    page.goto(f"{live_server.url}/explore/t5")
    page.locator(f"{SHOWN}[data-key='flan-t5']").wait_for()
    edges = page.evaluate(
        """window.explorer.cy.edges().map(e => ({
            source: e.source().id(), target: e.target().id(), type: e.data('type'),
            arrow: e.style('target-arrow-shape'), colour: e.style('line-color'), label: e.style('label')}))"""
    )
    assert {e["arrow"] for e in edges} == {"triangle"}
    assert ("flan-t5", "t5", "fine-tunes") in {(e["source"], e["target"], e["type"]) for e in edges}  # child → parent
    colours = {e["type"]: e["colour"] for e in edges}
    assert len(set(colours.values())) == len(colours) >= 4  # no two relation types share a colour
    assert all(e["label"] == "" for e in edges)  # labels wait for hover or focus
    legend = page.locator("figcaption [data-rel]").all_inner_texts()
    assert len(legend) == 8 and "published by" in legend and "developed by" in legend

    page.locator(f"{SHOWN}[data-key='flan-t5'] a").focus()
    label = "window.explorer.cy.edges('[source = \"flan-t5\"][target = \"t5\"]').style('label')"
    assert page.evaluate(label) == "fine-tunes"
    assert page.evaluate("window.explorer.cy.getElementById('flan-t5').hasClass('lit')")


def test_lineage_is_drawn_in_generations(page, live_server, live_corpus, errors):
    page.goto(f"{live_server.url}/explore/mt5?hops=2&type=derived-from&type=fine-tunes")
    page.locator(f"{SHOWN}[data-key='byt5']").wait_for()
    y = page.evaluate("Object.fromEntries(window.explorer.cy.nodes().map(n => [n.id(), n.position('y')]))")
    assert y["t5"] < y["mt5"] < y["byt5"]  # parents above their children
    assert y["t5"] < y["flan-t5"]


def test_without_javascript_the_server_picture_and_table_remain(chromium, live_server, live_corpus, artifacts_dir):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/explore/t5")
    picture = page.get_by_role("group", name="Entities around T5")
    assert picture.is_visible()
    assert page.locator("[data-cy]").is_hidden() and page.locator("[data-node-panel]").is_hidden()
    assert picture.locator("line[marker-end]").count() == picture.locator("line").count() > 0  # arrowheads
    assert picture.locator("marker#arrow-fine-tunes path").count() == 1
    assert picture.locator("text[transform]").count() == 0  # labels run level, never across the edges
    assert picture.locator("a[href='/explore/flan-t5']").count() == 1
    assert page.locator("[data-relations] tbody tr").count() >= 4
    picture.screenshot(path=artifacts_dir / "explorer-no-javascript.png")
    # The filters still work as a form.
    page.get_by_label("developed by").uncheck()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/explore/t5?hops=1&type=*")
    assert picture.locator("a[href*='/explore/google']").count() == 0
    assert picture.locator("a[href^='/explore/flan-t5?']").count() == 1  # the links keep the filters
    context.close()


@pytest.mark.parametrize(("name", "size"), [("desktop", (1440, 900)), ("phone", (390, 844))])
def test_explorer_screenshots(chromium, live_server, live_corpus, artifacts_dir, name, size):
    """docs/screenshots/explorer-*.png are copies of these."""
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-US")
    page = context.new_page()
    seen: list[str] = []
    page.on("pageerror", lambda error: seen.append(str(error)))
    page.goto(f"{live_server.url}/explore/flan-t5?hops=2")
    page.locator(f"{SHOWN}[data-key='google']").wait_for()
    page.get_by_role("button", name="Expand: mT5").click()
    page.locator(f"{SHOWN}[data-key='byt5']").wait_for()
    page.locator(f"{SHOWN}[data-key='t5'] a").focus()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.evaluate("document.querySelector('[data-explore-form]').scrollIntoView()")
    page.screenshot(path=artifacts_dir / f"explorer-{name}.png")
    context.close()
    assert seen == [] and overflow <= 0
