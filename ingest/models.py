"""Submissions: documents handed to the pipeline, with their job state and extraction report."""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kg.report import ExtractionReport


class Submission(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    title = models.CharField(_("title"), max_length=300, blank=True)
    arxiv_id = models.CharField(_("arXiv id or URL"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True, help_text=_("Detected when empty."))
    filename = models.CharField(max_length=255, blank=True)
    content = models.BinaryField(help_text="The submitted bytes, kept as sent so decoding can be redone.")
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
        verbose_name=_("revision of"),
        help_text=_("A revised version replaces that document's statements; curators' decisions stay."),
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED, db_index=True)
    stage = models.CharField(max_length=32, blank=True)
    # The Celery queue the job was last sent to (settings.INGEST_QUEUE or INGEST_BIG_QUEUE, by size).
    queue = models.CharField(max_length=64, blank=True)
    progress = models.FloatField(default=0.0)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)  # kg.report.ExtractionReport.to_dict(), once done
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or self.filename or f"submission {self.pk}"

    @cached_property
    def extraction_report(self) -> ExtractionReport | None:
        """The stored report read as the one report type (None until the job is done)."""
        return ExtractionReport.from_dict(self.report) if self.report else None

    @property
    def document_key(self) -> str:
        """A revision shares the key of the document it revises, so its load replaces that one."""
        if self.supersedes_id:
            return self.supersedes.document_key
        return f"submission-{self.pk}"
