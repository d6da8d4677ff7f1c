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
        CANCELLED = "cancelled", _("cancelled")
        WITHDRAWN = "withdrawn", _("withdrawn")

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
    # The graph document the job loads: its own (submission-<id>), or the one it revises.
    document_key = models.CharField(_("document"), max_length=300, blank=True, db_index=True)
    # kg.text.text_fingerprint of the decoded text: a queued copy of the same text is a duplicate.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    # Whether it was accepted as the one copy of its text (not a revision, not a confirmed copy): the
    # database then refuses a second live one, however many arrive at once (Meta.constraints).
    claims_text = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)  # the Celery task last sent, for a cancel
    sent_at = models.DateTimeField(null=True, blank=True)  # when the broker last took it (ingest/recovery.py)
    # "<node name>/<pid>" of the worker running it: a restarted worker of that name knows it died.
    worker = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED, db_index=True)
    stage = models.CharField(max_length=32, blank=True)
    # The Celery queue the job was last sent to (settings.INGEST_QUEUE or INGEST_BIG_QUEUE, by size).
    queue = models.CharField(max_length=64, blank=True)
    progress = models.FloatField(default=0.0)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)  # kg.report.ExtractionReport.to_dict(), once done
    attempts = models.PositiveIntegerField(default=0)
    webhook = models.URLField(
        _("webhook"), max_length=500, blank=True, help_text=_("POSTed a JSON body when the job ends.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=models.Q(claims_text=True, state__in=["queued", "running"]),
                name="ingest_one_live_submission_per_text",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.filename or f"submission {self.pk}"

    def save(self, *args, **kwargs) -> None:
        """A revision loads the document it revises; any other submission its own, named by its id."""
        if not self.document_key and self.supersedes_id:
            self.document_key = self.supersedes.document_key
        super().save(*args, **kwargs)
        if not self.document_key:
            self.document_key = f"submission-{self.pk}"
            type(self).objects.filter(pk=self.pk).update(document_key=self.document_key)

    @cached_property
    def extraction_report(self) -> ExtractionReport | None:
        """The stored report read as the one report type (None until the job is done)."""
        return ExtractionReport.from_dict(self.report) if self.report else None

    @property
    def warning(self) -> str:
        """What a finished job that found no relation should make a curator look at ("" otherwise):
        most often the language was read wrong, and a re-run as another language is the way out."""
        report = self.extraction_report
        if self.state != self.State.DONE or report is None or sum(report.relations_by_type.values()):
            return ""
        if report.language_detection.sure is False:
            why = f"its language was detected as '{report.language}', an unsure guess"
        elif report.language_supported is False:
            why = f"its language '{report.language}' has no lexicon, so its sentences were not read"
        else:
            why = f"it was read as '{report.language}'"
        return f"No relations were found: {why}. If the language is wrong, re-run it as another language."

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
