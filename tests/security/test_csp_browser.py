"""In Chromium, under the Content-Security-Policy the app sends: no page, API doc or admin screen
breaks a rule (console and securitypolicyviolation events are watched), and each still works."""

import pytest
from django.contrib.auth import get_user_model

from tests.security.hostile import DOCUMENT_KEY, MODEL_KEY, ORG_KEY, load_hostile
from tests.security.people import CURATOR_PASSWORD, curator_user  # noqa: F401 - fixture
from tests.webui.conftest import load_corpus

pytestmark = pytest.mark.browser

# Registered before any page script runs (DevTools injects it, so the policy does not apply to it).
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""

# ReDoc's "powered by" logo comes from its CDN: the policy blocks it on purpose (nothing loads from elsewhere).
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"

PUBLIC = [
    "/",
    "/search?q=Evil",
    "/models/t5",
    f"/models/{MODEL_KEY}",
    f"/organizations/{ORG_KEY}",
    "/techniques/rmsnorm",
    "/documents/zh-google?start=0&end=5",
    f"/documents/{DOCUMENT_KEY}",
    "/compare?models=t5,flan-t5",
    "/explore/t5?hops=2",
    "/models/nope",
    "/api/v1/models",
    f"/api/v1/models/{MODEL_KEY}",
    "/admin/login/",
]
ADMIN = [
    "/admin/",
    "/admin/ingest/submission/",
    "/admin/ingest/submission/add/",
    "/admin/curation/reviewedfact/",
    "/admin/curation/curatedentity/?q=Evil",
    f"/admin/curation/curatedentity/{MODEL_KEY}/",
    "/admin/curation/auditentry/",
]


@pytest.fixture
def graph_with_hostile(graph, transactional_db):
    load_corpus()
    load_hostile()


@pytest.fixture
def watched(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.add_init_script(WATCH)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    yield page, console
    context.close()


def _visit(page, console: list[str], url: str) -> list[str]:
    console.clear()
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and "content-security-policy" in response.headers, url
    page.wait_for_timeout(1000)  # violations are reported asynchronously, and the docs inject late
    return page.evaluate("window.__violations") + console


def _listed(broken: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}: {found[:160]}" for path, violations in broken.items() for found in violations)


def test_public_pages_and_api_views_keep_the_policy(live_server, graph_with_hostile, watched):
    page, console = watched
    broken = {path: found for path in PUBLIC if (found := _visit(page, console, live_server.url + path))}
    assert broken == {}, _listed(broken)


def test_api_docs_work_under_the_policy(live_server, graph_with_hostile, watched):
    page, console = watched
    docs = _visit(page, console, f"{live_server.url}/api/docs/")
    assert docs == [], _listed({"/api/docs/": docs})
    page.wait_for_selector(".opblock", timeout=60_000)
    assert page.locator(".opblock").count() > 10
    redoc = [v for v in _visit(page, console, f"{live_server.url}/api/redoc/") if REDOC_LOGO not in v]
    assert redoc == [], _listed({"/api/redoc/": redoc})
    page.wait_for_selector("[role=menuitem], .menu-content", timeout=60_000)
    assert page.get_by_text("Model lineage knowledge graph API").first.is_visible()


def test_admin_signs_in_and_every_screen_keeps_the_policy(live_server, graph_with_hostile, watched, curator_user):  # noqa: F811
    page, console = watched
    assert _visit(page, console, f"{live_server.url}/admin/login/") == []
    page.fill("#id_username", curator_user.username)
    page.fill("#id_password", CURATOR_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    broken = {path: found for path in ADMIN if (found := _visit(page, console, live_server.url + path))}
    assert broken == {}, _listed(broken)
    assert get_user_model().objects.get(pk=curator_user.pk).last_login is not None
