"""Admin for submissions: add a paper or article (a text some document already has is caught, with
"revision of" offered); the ingest runs in the background; cancel a job, withdraw its document."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ingest.jobs_seen import jobs_seen
from ingest.models import Submission
from ingest.pipeline.errors import IngestError
from ingest.pipeline.language import supported_languages
from ingest.submissions import (
    LOADING,
    WAITING_FOR_BROKER,
    DuplicateContent,
    NotCancellable,
    UnknownDocument,
    duplicate_of,
    revision_target,
    submission_cancel,
    submission_create,
    submission_requeue,
    submission_rerun,
    submission_waiting_behind,
)
from ingest.validation import Checked, Draft, SubmissionInvalid, submission_check
from kg import selectors
from kg.errors import GraphError
from kg.types import DocumentListQuery
from kg.validators import ControlCharactersRefused

AS_REVISION, AS_SEPARATE = "revision", "separate"
JOBS_POLLED = 200  # at most the rows of one list page
# The checks name the API's fields; the form calls the file field `upload`.
_FORM_FIELD = {"file": "upload"}


def _language_name(code: str) -> str:
    try:
        return f"{code} — {get_language_info(code.lower())['name']}"
    except KeyError:
        return code


def language_choices(*, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((code, _language_name(code)) for code in supported_languages())]


class SubmissionForm(ControlCharactersRefused, forms.ModelForm):
    """Every field is checked by ingest.validation, as the API's are: the same rules, the same messages."""

    title = forms.CharField(label=_("title"), required=False, strip=False)
    arxiv_id = forms.CharField(label=_("arXiv id or URL"), required=False, strip=False)
    language = forms.CharField(
        label=_("language"),
        required=False,
        strip=False,
        widget=forms.Select(),
        help_text=_("Detected when empty; a text too short to tell is sent back to ask for it."),
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        strip=False,
        help_text=_("Paste Markdown or plain text, or upload a file below."),
    )
    upload = forms.FileField(label=_("File"), required=False, allow_empty_file=True)
    revises = forms.CharField(
        label=_("or revision of the document with key"),
        required=False,
        max_length=300,
        widget=forms.TextInput(
            attrs={"data-autocomplete": reverse_lazy("admin:ingest_submission_documents"), "autocomplete": "off"}
        ),
        help_text=_(
            "For a document ingested from a file, which has no submission to choose above: its key, as at "
            "the end of its page's address (e.g. file-gpt-history)."
        ),
    )
    # Shown only when the text is identical to a document already there (see change_form.html).
    on_duplicate = forms.ChoiceField(
        label=_("Identical text"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(AS_REVISION, _("Submit it as a revision of that document")), (AS_SEPARATE, _("Submit it anyway"))],
    )

    class Meta:
        model = Submission
        fields = ["title", "arxiv_id", "language", "supersedes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:  # on a saved submission's page it is read-only
            self.fields["language"].widget.choices = language_choices(empty=str(_("Detect it")))
        self.checked: Checked | None = None

    def clean_revises(self) -> str:
        key = self.cleaned_data.get("revises", "").strip()
        if key:
            try:
                revision_target(key=key)
            except UnknownDocument as exc:
                raise forms.ValidationError(exc.message) from exc
        return key

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        draft = Draft(
            text=data.get("text") or "",
            file=upload.read() if upload else None,
            filename=upload.name if upload else "",
            title=data.get("title") or "",
            language=data.get("language") or "",
            arxiv_id=data.get("arxiv_id") or "",
        )
        try:
            self.checked = submission_check(draft=draft)
        except SubmissionInvalid as exc:
            for problem in exc.problems:
                self.add_error(_FORM_FIELD.get(problem.field, problem.field), problem.message)
            return data
        data.update(title=self.checked.title, arxiv_id=self.checked.arxiv_id, language=self.checked.language)
        data["content"] = self.checked.content
        if data.get("supersedes") and data.get("revises"):
            self.add_error("revises", _("Choose one document to revise."))
        elif not data.get("supersedes") and not data.get("revises"):
            self._settle_duplicate(data)
        return data

    def _settle_duplicate(self, data: dict) -> None:
        """A text some document already has: the curator says whether it revises that one or is a copy."""
        choice = data.get("on_duplicate")
        if choice == AS_SEPARATE:
            data["allow_duplicate"] = True
            return
        duplicate = duplicate_of(content=data["content"])
        if duplicate is None:
            return
        if choice == AS_REVISION:
            data["revises"] = duplicate.document_key
            return
        names = {"title": duplicate.title, "key": duplicate.document_key}
        self.fields["on_duplicate"].choices = [
            (AS_REVISION, _("Submit it as a revision of “%(title)s” (%(key)s)") % names),
            (AS_SEPARATE, _("Submit it as a separate document anyway")),
        ]
        self.add_error(
            "on_duplicate",
            _(
                "This text is identical to the document “%(title)s” (%(key)s). Submit it as a revision of "
                "that document, or confirm a separate copy (a file must be chosen again)."
            )
            % names,
        )


class RerunActionForm(helpers.ActionForm):
    language = forms.ChoiceField(label=_("as language"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(empty="—")


def _queue_note(submission: Submission) -> str:
    if submission.stage == WAITING_FOR_BROKER:
        return str(_("waiting for broker: use “Queue the selected submissions again” once it is back"))
    if submission.stage:
        return submission.stage  # e.g. waiting for the graph database
    notes = []
    ahead = submission_waiting_behind(submission=submission)
    if ahead:
        notes.append(ngettext("waiting behind %(n)d job", "waiting behind %(n)d jobs", ahead) % {"n": ahead})
    elif timezone.now() - submission.created_at > timedelta(seconds=settings.INGEST_QUEUED_NOTICE_SECONDS):
        notes.append(str(_("no worker has picked this up yet")))
    if submission.queue == settings.INGEST_BIG_QUEUE:
        notes.append(str(_("queue for large documents")))
    return " · ".join(notes)


DOCUMENT_CHOICES = 10


def document_choices(term: str) -> list[dict]:
    """Up to DOCUMENT_CHOICES documents as {key, title, text}: the one keyed `term` first, then those
    whose title starts with it, newest first."""
    if not term:
        return []
    rows = {term: {"key": term, "title": "", "text": term}} if selectors.document_exists(key=term) else {}
    page = selectors.document_page(query=DocumentListQuery(prefix=term, limit=DOCUMENT_CHOICES))
    for doc in page.items:
        rows.setdefault(doc.key, {"key": doc.key, "title": doc.title, "text": f"{doc.title} · {doc.key}"})
    return list(rows.values())[:DOCUMENT_CHOICES]


def _counts(submission: Submission) -> tuple[int, int]:
    report = submission.extraction_report
    if report is None:
        return 0, 0
    return sum(report.entities_by_label.values()), sum(report.relations_by_type.values())


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    form = SubmissionForm
    list_display = ["__str__", "job", "language_shown", "document_link", "created_by", "created_at"]
    list_filter = ["state"]
    search_fields = ["title", "arxiv_id", "filename"]
    readonly_fields = [
        "job",
        "document_link",
        "report_view",
        "attempts",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    actions = ["requeue", "rerun", "cancel", "withdraw"]
    action_form = RerunActionForm

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["title", "arxiv_id", "language", "supersedes", "revises", "text", "upload", "on_duplicate"]
        return ["title", "arxiv_id", "language", "supersedes", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["title", "arxiv_id", "language", "supersedes", *self.readonly_fields]

    def has_withdraw_permission(self, request) -> bool:
        return request.user.has_perm("curation.delete_sourcedocument")

    def has_delete_permission(self, request, obj=None) -> bool:
        """A done job's document is in the graph: withdraw it first (the row then says "withdrawn"). A job
        loading its document cannot be stopped either."""
        if obj is not None and (
            obj.state == Submission.State.DONE or (obj.stage.startswith(LOADING) and obj.is_pending)
        ):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("job"))
    def job(self, obj: Submission) -> str:
        state = obj.get_state_display()
        if obj.state == Submission.State.QUEUED:
            note = _queue_note(obj)
            return format_html('<span class="job job-queued">{}</span>{}', state, f" — {note}" if note else "")
        if obj.state == Submission.State.RUNNING:
            percent = round(obj.progress * 100)
            return format_html(
                '<span class="job job-running">{}</span> — {} <progress max="100" value="{}">{}%</progress> {}%',
                state,
                obj.stage or "…",
                percent,
                percent,
                percent,
            )
        if obj.state == Submission.State.FAILED:
            return format_html(
                '<span class="job job-failed">{}</span> — {}', state, obj.error_message or obj.error_code
            )
        if obj.state in (Submission.State.CANCELLED, Submission.State.WITHDRAWN):
            return format_html('<span class="job job-{}">{}</span>', obj.state, state)
        entities, relations = _counts(obj)
        if obj.warning:
            return format_html(
                '<span class="job job-warning" title="{}">{}</span> — {} entities, {} relations · <a href="{}">{}</a>',
                obj.warning,
                state,
                entities,
                relations,
                reverse("admin:ingest_submission_change", args=[obj.pk]) + "#rerun",
                _("re-run as language …"),
            )
        return format_html(
            '<span class="job job-done">{}</span> — {} entities, {} relations', state, entities, relations
        )

    @admin.display(description=_("language"))
    def language_shown(self, obj: Submission) -> str:
        """What the curator chose, else what the pipeline detected."""
        report = obj.extraction_report
        return obj.language or (report.language if report else "") or "—"

    @admin.display(description=_("document"))
    def document_link(self, obj: Submission) -> str:
        if obj.state == Submission.State.WITHDRAWN:
            return format_html("<code>{}</code> ({})", obj.document_key, _("withdrawn"))
        if obj.state != Submission.State.DONE:
            return "—"
        review = reverse("admin:curation_reviewedfact_changelist") + "?" + urlencode({"document": obj.document_key})
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("webui:document", kwargs={"key": obj.document_key}),
            obj.document_key,
            review,
            _("review its facts"),
        )

    @admin.display(description=_("extraction report"))
    def report_view(self, obj: Submission) -> str:
        if not obj.report:
            return "—"
        return render_to_string(
            "admin/ingest/submission/_report.html",
            {
                "report": obj.extraction_report,
                "waiting": _waiting_for_review(obj),
                "submission": obj,
                "languages": language_choices(empty="—"),
                "rerun_url": reverse("admin:ingest_submission_rerun", args=[obj.pk]),
            },
        )

    def get_urls(self):
        rerun = self.admin_site.admin_view(require_POST(self.rerun_view))
        cancel = self.admin_site.admin_view(self.cancel_view)
        jobs = self.admin_site.admin_view(self.jobs_view)
        documents = self.admin_site.admin_view(self.documents_view)
        return [
            path("jobs/", jobs, name="ingest_submission_jobs"),
            path("documents/", documents, name="ingest_submission_documents"),
            path("<int:object_id>/rerun/", rerun, name="ingest_submission_rerun"),
            path("<int:submission_id>/cancel/", cancel, name="ingest_submission_cancel"),
            *super().get_urls(),
        ]

    def rerun_view(self, request, object_id: int):
        """The change page's "Re-run as language …" button."""
        submission = get_object_or_404(Submission, pk=object_id)
        if not self.has_change_permission(request, submission):
            raise PermissionDenied
        self._rerun_one(request, submission, language=request.POST.get("rerun_language", ""))
        return redirect("admin:ingest_submission_change", object_id)

    def _rerun_one(self, request, submission: Submission, *, language: str) -> bool:
        try:
            submission_rerun(submission_id=submission.pk, language=language)
        except IngestError as exc:
            messages.error(request, f"{submission}: {exc.message}")
            return False
        messages.success(
            request, _("%(name)s: queued again, read as %(language)s.") % {"name": submission, "language": language}
        )
        return True

    def changelist_view(self, request, extra_context=None):
        jobs_seen(request)
        return super().changelist_view(request, extra_context)

    def jobs_view(self, request):
        """The list's job cells, as it shows them, for the rows it asks about (?id=…): the page
        updates them in place every few seconds while a job is pending, ticks and all kept."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            ids = [int(i) for i in request.GET.getlist("id")][:JOBS_POLLED]
        except ValueError:
            return JsonResponse({"error": _("Each id must be a whole number.")}, status=400)
        jobs_seen(request)
        rows = Submission.objects.filter(pk__in=ids).defer("content")
        return JsonResponse({"jobs": [self._job_cells(job) for job in rows]})

    def documents_view(self, request):
        """The "revision of" field's suggestions: the document with that key, then titles starting so."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "").strip()[:300]
        try:
            results = document_choices(term)
        except GraphError as exc:
            return JsonResponse({"error": exc.message, "results": []}, status=503)
        return JsonResponse({"results": results})

    def _job_cells(self, job: Submission) -> dict:
        return {
            "id": job.pk,
            "state": job.state,
            "pending": job.is_pending,
            "cells": {
                "job": self.job(job),
                "language_shown": conditional_escape(self.language_shown(job)),
                "document_link": conditional_escape(self.document_link(job)),
            },
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        context = {
            "auto_refresh": obj is not None and obj.is_pending,
            "cancel_url": reverse("admin:ingest_submission_cancel", args=[obj.pk])
            if obj is not None and obj.is_pending and self.has_change_permission(request, obj)
            else "",
            "withdraw_url": _withdraw_url([obj.document_key], back=request.get_full_path())
            if obj is not None and obj.state == Submission.State.DONE and self.has_withdraw_permission(request)
            else "",
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **context})

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        checked = form.checked  # what ingest.validation passed in the form's clean()
        try:
            created = submission_create(
                content=checked.content,
                title=checked.title,
                arxiv_id=checked.arxiv_id,
                language=checked.language,
                filename=checked.filename,
                user=request.user,
                supersedes=obj.supersedes,
                revises=form.cleaned_data.get("revises", ""),
                # The form asked the curator (SubmissionForm._settle_duplicate) when it saw a copy.
                allow_duplicate=form.cleaned_data.get("allow_duplicate", False),
            )
        except DuplicateContent as exc:
            # The same text was submitted at the same moment, after the form looked: that one stands.
            if exc.duplicate.submission_id is None:
                raise
            obj.pk = exc.duplicate.submission_id
            messages.warning(request, exc.message)
            return None
        obj.pk = created.pk
        messages.info(request, _("Queued for ingest; this list shows its progress."))
        return None

    @admin.action(description=_("Queue the selected submissions again"), permissions=["change"])
    def requeue(self, request, queryset):
        sent = waiting = 0
        for submission in queryset.exclude(state=Submission.State.DONE):
            if submission_requeue(submission_id=submission.pk):
                sent += 1
            else:
                waiting += 1
        if sent:
            messages.success(request, _("%(n)d submission(s) sent to the worker queue.") % {"n": sent})
        if waiting:
            messages.warning(request, _("%(n)d submission(s) still waiting: the broker is down.") % {"n": waiting})

    @admin.action(description=_("Re-run the selected submissions as the language chosen"), permissions=["change"])
    def rerun(self, request, queryset):
        language = request.POST.get("language", "")
        for submission in queryset:
            self._rerun_one(request, submission, language=language)

    @admin.action(description=_("Cancel the selected jobs"), permissions=["change"])
    def cancel(self, request, queryset):
        cancelled = 0
        for submission in queryset:
            try:
                submission_cancel(submission_id=submission.pk)
            except NotCancellable as exc:
                messages.warning(request, exc.message)
            else:
                cancelled += 1
        if cancelled:
            messages.success(request, _("%(n)d job(s) cancelled; the graph is unchanged.") % {"n": cancelled})

    @admin.action(description=_("Withdraw the documents of the selected submissions…"), permissions=["withdraw"])
    def withdraw(self, request, queryset):
        keys = list(dict.fromkeys(queryset.filter(state=Submission.State.DONE).values_list("document_key", flat=True)))
        if not keys:
            messages.warning(request, _("None of them is done: only a done job has a document to withdraw."))
            return None
        return HttpResponseRedirect(_withdraw_url(keys, back=request.get_full_path()))

    def cancel_view(self, request, submission_id: int):
        submission = get_object_or_404(Submission, pk=submission_id)
        if request.method != "POST" or not self.has_change_permission(request, submission):
            raise PermissionDenied
        try:
            submission_cancel(submission_id=submission.pk)
        except NotCancellable as exc:
            messages.warning(request, exc.message)
        else:
            messages.success(request, _("Job cancelled; the graph is unchanged."))
        return HttpResponseRedirect(reverse("admin:ingest_submission_change", args=[submission.pk]))

    def delete_model(self, request, obj):
        _cancel_quietly(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for submission in queryset.filter(state__in=[Submission.State.QUEUED, Submission.State.RUNNING]):
            _cancel_quietly(submission)
        kept = queryset.filter(state__in=[Submission.State.DONE, Submission.State.RUNNING])
        if kept.exists():
            messages.warning(
                request,
                _("%(n)d submission(s) kept: their document is in the graph (or loading); withdraw it first.")
                % {"n": kept.count()},
            )
        super().delete_queryset(request, queryset.exclude(pk__in=kept.values("pk")))


def _cancel_quietly(submission: Submission) -> None:
    """A job about to be deleted stops first; one already over needs nothing."""
    if submission.is_pending:
        try:
            submission_cancel(submission_id=submission.pk)
        except NotCancellable:
            pass


def _waiting_for_review(job: Submission) -> int | None:
    """How many facts its document supports are proposed now: what the review queue filtered to the
    document lists (the report's count is of its own relations below the threshold, at ingest time,
    and misses facts other documents had already proposed). None when it cannot be told."""
    if job.state != Submission.State.DONE:
        return None
    try:
        page = selectors.facts_review(
            filters={"document": job.document_key, "status": "proposed"}, limit=0, evidence_limit=0
        )
    except GraphError:
        return None
    return page.total


def _withdraw_url(keys: list[str], *, back: str) -> str:
    """curation's confirmation page for withdrawing these documents (it lists what goes and what stays)."""
    query = [("key", key) for key in keys] + [("next", back)]
    return reverse("admin:curation_sourcedocument_withdraw") + "?" + urlencode(query)
