"""Admin for submissions: add a paper or article; the ingest runs in the background."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ingest.models import Submission
from ingest.submissions import submission_create, submission_enqueue


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
        fields = ["title", "arxiv_id", "language"]

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


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    form = SubmissionForm
    list_display = ["__str__", "state", "stage", "progress", "error_code", "created_by", "created_at"]
    list_filter = ["state"]
    readonly_fields = [
        "state",
        "stage",
        "progress",
        "error_code",
        "error_message",
        "report",
        "attempts",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    actions = ["requeue"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["title", "arxiv_id", "language", "text", "upload"]
        return ["title", "arxiv_id", "language", *self.readonly_fields]

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
        )
        obj.pk = created.pk
        messages.info(request, _("Queued for ingest; this list shows its progress."))
        return None

    @admin.action(description=_("Queue the selected submissions again"))
    def requeue(self, request, queryset):
        for submission in queryset.exclude(state=Submission.State.DONE):
            submission_enqueue(submission_id=submission.pk)
