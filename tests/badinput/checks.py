"""What every corpus outcome must show: a stored document that reads back whole and renders safely."""

import unicodedata

from django.test import Client

from kg import selectors
from tests.reliability.graph import duplicates
from tests.security.markup import executable_markup
from webui.templatetags.kg_extras import entity_url

# Format characters (zero-width joiners, bidi overrides, BOMs) may stay in the stored text, but a
# name or key made of them would let two different-looking names be one, or one name hide another.
_FORMAT = "Cf"


def html_of(client: Client, url: str, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def assert_safe(html: str, where: str) -> None:
    assert executable_markup(html) == [], where


def assert_ingested_cleanly(*, client: Client, key: str, keeps: str) -> None:
    """The document is stored with its text decoded right, nothing twice, and every page about it,
    its entities' pages and the API's HTML view carry no executable markup."""
    document = selectors.document_get(key=key)
    assert keeps in document.text
    assert duplicates() == []
    assert_safe(html_of(client, f"/documents/{key}"), f"document page {key}")
    api = client.get(f"/api/v1/documents/{key}")
    assert api.status_code == 200 and api["Content-Type"] == "application/json"
    assert api["X-Content-Type-Options"] == "nosniff"
    assert_safe(html_of(client, f"/api/v1/documents/{key}", HTTP_ACCEPT="text/html"), "browsable API")
    entities = sorted({(label, entity) for _, _, entity, label in document.mentions})
    for label, entity in entities[:12]:
        found = selectors.entity_get(key=entity)
        assert not any(unicodedata.category(ch) == _FORMAT for ch in found.key + found.name), found
        url = entity_url(label, entity)
        assert_safe(html_of(client, url), url)
