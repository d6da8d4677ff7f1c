"""Fixtures over the real services: Neo4j and Redis started by scripts/test.sh, Chromium from apt."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from kg import repository
from kg.repository import schema
from kg.repository.driver import close_driver

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
# Playwright's sync API keeps an event loop in the test thread; the ORM calls there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def graph_schema(django_db_blocker):
    """The real Neo4j with the schema applied once per run (scripts/test.sh started it)."""
    with django_db_blocker.unblock():
        schema.migrate()
    yield
    close_driver()


@pytest.fixture
def graph(graph_schema):
    """An empty graph for this test: isolation by wiping before, so a failed test leaves evidence."""
    repository.wipe()
    return repository


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; a missing browser fails the run, it is not skipped."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def errors(page):
    """Script errors on any page fail the test: the enhancements must not break what they enhance."""
    seen: list[str] = []
    page.on("pageerror", lambda error: seen.append(str(error)))
    yield seen
    assert seen == []


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
