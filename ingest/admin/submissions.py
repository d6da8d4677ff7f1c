"""Admin for submissions: add a paper or article; the ingest runs in the background."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ingest.models import Submission
from ingest.pipeline.errors import IngestError
from ingest.submissions import (
    WAITING_FOR_BROKER,
    arxiv_normalize,
    submission_create,
    submission_requeue,
    submission_waiting_behind,
)


class SubmissionForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        help_text=_("Paste Markdown or plain text, or upload a file below."),
    )
    upload = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = Submission
        fields = ["title", "arxiv_id", "language", "supersedes"]

    def clean_arxiv_id(self) -> str:
        try:
            return arxiv_normalize(value=self.cleaned_data.get("arxiv_id") or "")
        except IngestError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("upload"):
            raise forms.ValidationError(_("Paste the text or upload a file."))
        upload = data.get("upload")
        size = upload.size if upload else len(data["text"].encode("utf-8"))
        if size > settings.INGEST_MAX_BYTES:
            raise forms.ValidationError(
                _("The document is %(size)s bytes; the limit is %(limit)s bytes."),
                params={"size": size, "limit": settings.INGEST_MAX_BYTES},
            )
        return data


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
    actions = ["requeue"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["title", "arxiv_id", "language", "supersedes", "text", "upload"]
        return ["title", "arxiv_id", "language", "supersedes", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["title", "arxiv_id", "language", "supersedes", *self.readonly_fields]

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
        report = obj.extraction_report
        return format_html(
            '<span class="job job-done">{}</span> — {} entities, {} relations',
            state,
            sum(report.entities_by_label.values()) if report else 0,
            sum(report.relations_by_type.values()) if report else 0,
        )

    @admin.display(description=_("language"))
    def language_shown(self, obj: Submission) -> str:
        """What the curator chose, else what the pipeline detected."""
        report = obj.extraction_report
        return obj.language or (report.language if report else "") or "—"

    @admin.display(description=_("document"))
    def document_link(self, obj: Submission) -> str:
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
            "admin/ingest/submission/_report.html", {"report": obj.extraction_report, "submission": obj}
        )

    def changelist_view(self, request, extra_context=None):
        active = Submission.objects.filter(state__in=[Submission.State.QUEUED, Submission.State.RUNNING]).exists()
        return super().changelist_view(request, {**(extra_context or {}), "auto_refresh": active})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        active = obj is not None and obj.state in (Submission.State.QUEUED, Submission.State.RUNNING)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "auto_refresh": active})

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        upload = form.cleaned_data.get("upload")
        content = upload.read() if upload else form.cleaned_data["text"].encode("utf-8")
        created = submission_create(
            content=content,
            title=obj.title,
            arxiv_id=obj.arxiv_id,
            language=obj.language,
            filename=upload.name if upload else "",
            user=request.user,
            supersedes=obj.supersedes,
        )
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
