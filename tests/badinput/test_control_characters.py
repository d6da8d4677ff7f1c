"""Control characters (C0 but tab, line feed and carriage return; DEL; C1) in any field a person
writes are refused with one message naming the field, the character and its position: the API's
submission and curation bodies (api/fields.py), the admin's forms (kg.validators) and a submission's
text however it comes (ingest.validation). Nothing is saved, the graph is unchanged. Format characters (zero-width, bidi) are not
controls and are kept."""

import pytest
from django.urls import reverse

from ingest.models import Submission
from kg import selectors
from tests.brokers import producing_to
from tests.reliability.graph import fingerprint
from tests.security.people import CURATOR_PASSWORD, curator_api, curator_user  # noqa: F401 - fixtures

TEXT = "Orca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.\n"


@pytest.fixture
def no_broker():
    with producing_to("redis://127.0.0.1:9/0"):  # a refused port: an accepted job waits, nothing leaks
        yield


@pytest.fixture
def admin(client, curator_user):  # noqa: F811 - the fixture imported above
    assert client.login(username="cura", password=CURATOR_PASSWORD)
    return client


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("title", "GPT\x00 history", "title contains a control character (U+0000) at position 4"),
        ("title", "bell\x07", "title contains a control character (U+0007) at position 5"),
        ("arxiv_id", "2005.14165\x1b", "arxiv_id contains a control character (U+001B) at position 11"),
        ("webhook", "https://example.org/\x85", "webhook contains a control character (U+0085) at position 21"),
        ("text", TEXT + "\x0c", f"text contains a control character (U+000C) at position {len(TEXT) + 1}"),
    ],
)
@pytest.mark.parametrize("encoding", ["json", "multipart"])
def test_api_submission_field_with_a_control_is_a_400_naming_it(graph, curator_api, field, value, named, encoding):  # noqa: F811
    body = {"text": TEXT, "title": "fine", "language": "en", field: value}
    response = curator_api.post("/api/v1/documents", body, format=encoding)
    assert response.status_code == 400, response.content[:500]
    detail = response.json()["error"]["detail"]
    assert named in [message.rstrip(".") for message in detail[field]], detail
    assert Submission.objects.count() == 0


def test_api_title_with_zero_width_and_bidi_characters_is_kept(graph, curator_api, no_broker):  # noqa: F811
    title = "GPT\u200b-3 \u202eevil\u202c"
    response = curator_api.post("/api/v1/documents", {"text": TEXT, "title": title, "language": "en"}, format="json")
    assert response.status_code == 202, response.content[:500]
    assert Submission.objects.get().title == title


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"label": "Model", "name": "Evil\x1bName"}, "name contains a control character (U+001B) at position 5"),
        (
            {"label": "Model", "name": "Fine", "aliases": ["ok", "bad\x9b"]},
            "aliases contains a control character (U+009B) at position 4",
        ),
    ],
)
def test_api_curation_write_with_a_control_is_a_400_and_the_graph_unchanged(graph, curator_api, body, named):  # noqa: F811
    before = fingerprint()
    response = curator_api.post("/api/v1/entities", body, format="json")
    assert response.status_code == 400, response.content[:500]
    assert named in str(response.json()["error"]["detail"]), response.json()
    assert fingerprint() == before


def test_admin_submission_form_names_the_control_and_saves_nothing(graph, admin):
    form = {"text": TEXT, "title": "a\x07b", "language": "en", "revises": ""}
    response = admin.post("/admin/ingest/submission/add/", form)
    assert response.status_code == 200
    assert "title contains a control character (U+0007) at position 2" in response.content.decode()
    assert Submission.objects.count() == 0


def test_admin_entity_form_names_the_control_and_the_graph_is_unchanged(graph, admin):
    before = fingerprint()
    form = {"label": "Model", "name": "Evil\x7fName", "key": "", "aliases": "fine\nbad\x00one"}
    response = admin.post(reverse("admin:curation_curatedentity_add"), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "name contains a control character (U+007F) at position 5" in page
    assert "curated aliases contains a control character (U+0000) at position 9" in page
    assert fingerprint() == before and selectors.graph_counts()["documents"] == 0
