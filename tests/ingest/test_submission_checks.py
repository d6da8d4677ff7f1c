"""Every submission rule through both doors, the admin form and the API: refused before anything is
saved, with the same message, on the same field (the admin shows it on the field)."""

import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from ingest.models import Submission
from tests.security.people import curator_api, curator_user  # noqa: F401 - fixtures

ADD_URL = "/admin/ingest/submission/add/"
ENGLISH = "Orca is a small model. It was fine-tuned from LLaMA by a team at Microsoft."


def _png() -> bytes:
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.md", ENGLISH * 20)
    return buffer.getvalue()


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256))
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Filter /FlateDecode >> stream\n" + zlib.compress(b"BT ET" * 50)


@dataclass(frozen=True)
class Rule:
    name: str
    field: str  # the API's name; the form calls `file` `upload`
    code: str
    text: str | None = None
    file: tuple[str, bytes] | None = None
    metadata: dict = field(default_factory=dict)
    says: str = ""  # a part of the message that names what was wrong
    status: int = 400


RULES = [
    Rule("empty text", "text", "no_document", text="", says="the text is empty"),
    Rule("whitespace-only text", "text", "empty_input", text=" \n\t \r\n ", says="only whitespace"),
    Rule("empty file", "file", "empty_input", file=("empty.md", b""), says="is empty"),
    Rule("png", "file", "unreadable_input", file=("figure.png", _png()), says="a PNG image"),
    Rule("jpeg", "file", "unreadable_input", file=("photo.txt", JPEG), says="a JPEG image"),
    Rule("pdf", "file", "unreadable_input", file=("paper.pdf", PDF), says="a PDF document"),
    Rule("zip", "file", "unreadable_input", file=("article.zip", _zip()), says="a ZIP archive"),
    Rule("gif", "file", "unreadable_input", file=("anim.gif", GIF), says="a GIF image"),
    Rule(
        "text and file together",
        "file",
        "text_and_file",
        text=ENGLISH,
        file=("orca.md", ENGLISH.encode()),
        says="not both",
    ),
    Rule("klingon", "language", "unsupported_language", text=ENGLISH, metadata={"language": "klingon"}, says="en, "),
    Rule(
        "arXiv month 99",
        "arxiv_id",
        "invalid_arxiv_id",
        text=ENGLISH,
        metadata={"arxiv_id": "2099.12345"},
        says="99 is no month",
    ),
    Rule("arXiv shape", "arxiv_id", "invalid_arxiv_id", text=ENGLISH, metadata={"arxiv_id": "arXiv:12.34"}),
    Rule("title too long", "title", "invalid_title", text=ENGLISH, metadata={"title": "t" * 301}, says="301"),
    Rule("language unsure", "language", "language_unsure", text="Merci, ça me va.", says="Choose its language"),
    Rule("over the size limit", "text", "input_too_large", text="GPT-3 " * 40, says="the limit is 100", status=413),
]


@pytest.fixture
def admin_browser(curator_user):  # noqa: F811
    client = Client()
    client.force_login(curator_user)
    return client


def _through_the_form(client: Client, rule: Rule) -> tuple[dict, str]:
    data = {"title": "", "arxiv_id": "", "language": "", "text": rule.text or "", **rule.metadata}
    if rule.file:
        data["upload"] = SimpleUploadedFile(rule.file[0], rule.file[1])
    response = client.post(ADD_URL, data)
    assert response.status_code == 200, "the form was accepted"
    return dict(response.context["adminform"].form.errors), response.content.decode()


def _through_the_api(client, rule: Rule):
    body = {**rule.metadata}
    if rule.file:
        body["file"] = SimpleUploadedFile(rule.file[0], rule.file[1])
        if rule.text is not None:
            body["text"] = rule.text
        return client.post("/api/v1/documents", body, format="multipart")
    return client.post("/api/v1/documents", {**body, "text": rule.text}, format="json")


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_each_rule_is_the_same_in_the_form_and_the_api(rule: Rule, admin_browser, curator_api, settings):  # noqa: F811
    settings.INGEST_MAX_BYTES = 100 if rule.code == "input_too_large" else settings.INGEST_MAX_BYTES
    form_errors, page = _through_the_form(admin_browser, rule)
    form_field = "upload" if rule.field == "file" else rule.field
    assert list(form_errors) == [form_field], form_errors
    [message] = form_errors[form_field]
    assert rule.says in message
    assert escape(message) in page  # shown on the page, beside its field

    response = _through_the_api(curator_api, rule)
    assert response.status_code == rule.status, response.content
    error = response.json()["error"]
    assert error == {"code": rule.code, "message": message, "detail": {rule.field: [message]}}
    assert Submission.objects.count() == 0


def test_every_wrong_field_is_named_at_once(admin_browser, curator_api):  # noqa: F811
    metadata = {"language": "klingon", "arxiv_id": "2013.00001", "title": "t" * 400}
    form_errors, _ = _through_the_form(admin_browser, Rule("all", "", "", text=" ", metadata=metadata))
    response = curator_api.post("/api/v1/documents", {**metadata, "text": " "}, format="json")
    assert response.status_code == 400
    detail = response.json()["error"]["detail"]
    assert set(detail) == {"language", "arxiv_id", "title", "text"} == set(form_errors)
    assert all(detail[name] == form_errors[name] for name in detail)
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(("language", "stored"), [("", ""), ("EN", "en"), ("zh-hant", "zh-Hant"), ("de", "de")])
def test_a_good_submission_passes_both_doors_alike(admin_browser, curator_api, language, stored):  # noqa: F811
    data = {"title": " Orca ", "arxiv_id": "https://arxiv.org/abs/2306.02707v2", "language": language}
    response = admin_browser.post(ADD_URL, {**data, "text": ENGLISH})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    # The same text a second time: a copy on purpose (force), or the API would answer it is a duplicate.
    job = curator_api.post("/api/v1/documents", {**data, "text": ENGLISH, "force": True}, format="json")
    assert job.status_code == 202, job.content
    by_form, by_api = Submission.objects.order_by("pk")
    for submission in (by_form, by_api):
        assert (submission.title, submission.arxiv_id, submission.language) == ("Orca", "2306.02707v2", stored)
        assert bytes(submission.content) == ENGLISH.encode()


def test_a_file_through_the_form_is_stored_as_sent(admin_browser):
    data = ("# Orca\n\n" + ENGLISH).encode("utf-16")
    response = admin_browser.post(ADD_URL, {"language": "", "upload": SimpleUploadedFile("orca.md", data)})
    assert response.status_code == 302
    stored = Submission.objects.get()
    assert (bytes(stored.content), stored.filename) == (data, "orca.md")


def test_text_that_starts_like_a_binary_signature_is_still_text(curator_api):  # noqa: F811
    text = "ID3 is a decision-tree algorithm. RIFF is a file format. Neither is a language model at all."
    response = curator_api.post("/api/v1/documents", {"text": text}, format="json")
    assert response.status_code == 202, response.content


def test_the_form_offers_only_the_supported_languages(admin_browser):
    page = admin_browser.get(ADD_URL).content.decode()
    for code in ("en", "de", "zh-Hans", "ja"):
        assert f'<option value="{code}">' in page
    assert 'value="klingon"' not in page and json.dumps("tr") not in page
