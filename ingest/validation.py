"""The checks a submission passes before anything is saved or queued: one set of rules and messages
for the admin form and the API (and the re-run of a job with another language).

Content is read the way the pipeline reads it (ingest.pipeline.source_language), so what would fail
in the worker (empty, only whitespace, binary, undecodable, too large) is refused at the door with the
pipeline's own message; a text whose language the detector can only guess is refused too, asking
for the language instead of guessing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from ingest.pipeline import source_language
from ingest.pipeline.errors import IngestError
from ingest.pipeline.language import LanguageInfo, supported_languages
from kg.text import arxiv_bare, control_character_problem
from kg.validators import CONTROL_CHARACTER

TITLE_MAX = 300


@dataclass(frozen=True)
class Problem:
    field: str  # text | file | title | language | arxiv_id
    code: str
    message: str


class SubmissionInvalid(IngestError):
    """One or more problems with a submission; `detail` maps each field to its messages."""

    code = "invalid_submission"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(" ".join(p.message for p in problems), code=problems[0].code)
        self.problems = tuple(problems)
        self.detail = {p.field: [p.message] for p in problems}


class InvalidArxivId(IngestError):
    code = "invalid_arxiv_id"


@dataclass(frozen=True)
class Draft:
    """What a person sent: the document as text or as a file (bytes), and what they said of it."""

    text: str | None = None
    file: bytes | None = None
    filename: str = ""
    title: str = ""
    language: str = ""
    arxiv_id: str = ""
    webhook: str = ""


@dataclass(frozen=True)
class Checked:
    """A submission that passed: its bytes and its normalized metadata, ready for submission_create."""

    content: bytes
    filename: str
    title: str
    language: str  # a supported code, or "" when the detector is sure
    arxiv_id: str  # the bare id (2005.14165v2), or ""
    webhook: str = ""  # an http(s) URL POSTed when the job ends, or ""


def submission_check(*, draft: Draft) -> Checked:
    """Every rule at once; raises SubmissionInvalid naming every field that is wrong."""
    problems: list[Problem] = []
    title = _checked(problems, "title", lambda: title_check(value=draft.title))
    language = _checked(problems, "language", lambda: language_check(value=draft.language))
    arxiv_id = _checked(problems, "arxiv_id", lambda: arxiv_normalize(value=draft.arxiv_id))
    webhook = _checked(problems, "webhook", lambda: webhook_check(value=draft.webhook))
    content = _content(draft=draft, problems=problems)
    if content is not None:
        field = "file" if draft.file is not None else "text"
        detected = _checked(
            problems,
            field,
            lambda: source_language(content, name=draft.filename, max_bytes=settings.INGEST_MAX_BYTES),
        )
        if detected is not None and not language and "language" not in _fields(problems):
            _checked(problems, "language", lambda: _sure(detected=detected))
    if problems:
        raise SubmissionInvalid(problems)
    return Checked(
        content=content, filename=draft.filename, title=title, language=language, arxiv_id=arxiv_id, webhook=webhook
    )


def _checked(problems: list[Problem], field: str, check):
    try:
        return check()
    except IngestError as exc:
        problems.append(Problem(field=field, code=exc.code, message=exc.message))
        return None


def _fields(problems: list[Problem]) -> set[str]:
    return {p.field for p in problems}


def _content(*, draft: Draft, problems: list[Problem]) -> bytes | None:
    """The document's bytes when exactly one of text and file was given."""
    text = draft.text or None  # an empty text is no text: a form's empty box cannot say otherwise
    if text is not None and draft.file is not None:
        problems.append(
            Problem("file", "text_and_file", "Both a text and a file were given: send one of them, not both.")
        )
        return None
    if text is None and draft.file is None:
        problems.append(
            Problem("text", "no_document", "There is no document: the text is empty and no file was given.")
        )
        return None
    if text is not None and (problem := control_character_problem(field="text", value=text)):
        problems.append(Problem("text", CONTROL_CHARACTER, f"{problem}."))  # a file is the pipeline's to read
        return None
    return draft.file if draft.file is not None else text.encode("utf-8")


WEBHOOK_MAX = 500


def webhook_check(*, value: str) -> str:
    """An absolute http or https URL (what the job's end is POSTed to); empty stays empty."""
    url = value.strip()
    if not url:
        return ""
    if len(url) > WEBHOOK_MAX:
        raise IngestError(
            f"The webhook URL is {len(url)} characters long; the limit is {WEBHOOK_MAX}.", code="invalid_webhook"
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise IngestError(
            f"The webhook '{url}' is not an http or https URL (like https://example.org/hooks/ingest).",
            code="invalid_webhook",
        ) from None
    return url


def title_check(*, value: str) -> str:
    title = value.strip()
    if len(title) > TITLE_MAX:
        raise IngestError(f"The title is {len(title)} characters long; the limit is {TITLE_MAX}.", code="invalid_title")
    return title


def language_check(*, value: str) -> str:
    """One of the supported codes, in any case (EN → en, zh-hans → zh-Hans); empty stays empty (detect it)."""
    text = value.strip()
    if not text:
        return ""
    supported = {code.lower(): code for code in supported_languages()}
    if text.lower() in supported:
        return supported[text.lower()]
    raise IngestError(
        f"'{text[:40]}' is not a supported language; choose one of {language_list()}, or leave it empty to detect it.",
        code="unsupported_language",
    )


def language_list() -> str:
    return ", ".join(supported_languages())


def _sure(*, detected: LanguageInfo) -> LanguageInfo:
    if detected.sure:
        return detected
    if not detected.candidates:
        why = "it has no words besides names and numbers"
    else:
        guesses = ", ".join(f"{code} {round(value * 100)} %" for code, value in detected.candidates[:3])
        why = f"the text is too short or too mixed to tell (best guesses: {guesses})"
    raise IngestError(
        f"Could not tell the document's language: {why}. Choose its language: {language_list()}.",
        code="language_unsure",
    )


def arxiv_normalize(*, value: str) -> str:
    """The bare arXiv id of an id, `arXiv:` id or arxiv.org URL (kg.text.arxiv_bare); empty stays empty."""
    try:
        return arxiv_bare(value=value)
    except ValueError as exc:
        raise InvalidArxivId(str(exc)) from exc
