"""Submissions (documents handed to the pipeline, with their job state) and the curation audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    @property
    def document_key(self) -> str:
        """A revision shares the key of the document it revises, so its load replaces that one."""
        if self.supersedes_id:
            return self.supersedes.document_key
        return f"submission-{self.pk}"


class AuditEntry(models.Model):
    """One curation decision: who, when, what, on which fact or entity, its state before and after."""

    class Action(models.TextChoices):
        FACT_ACCEPT = "fact_accept", _("accept fact")
        FACT_REJECT = "fact_reject", _("reject fact")
        FACT_EDIT = "fact_edit", _("edit fact (original rejected)")
        FACT_CREATE = "fact_create", _("create fact")
        ENTITY_CREATE = "entity_create", _("create entity")
        ENTITY_EDIT = "entity_edit", _("edit entity")
        ENTITY_MERGE = "entity_merge", _("merge entities")
        REVERT = "revert", _("revert")

    class Kind(models.TextChoices):
        FACT = "fact", _("fact")
        ENTITY = "entity", _("entity")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("who"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    target_kind = models.CharField(max_length=16, choices=Kind.choices)
    target_key = models.CharField(_("target"), max_length=500, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # Keys this entry also concerns (the merged-away entity, the fact an edit replaced ...).
    related_keys = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=300, blank=True)
    reverts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reverted_by", verbose_name=_("reverts")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target_key}"

    @property
    def summary(self) -> str:
        """ "proposed → accepted" for a fact, the names for an entity; "—" where there was none."""
        field = "status" if self.target_kind == self.Kind.FACT else "name"

        def shown(state: dict | None) -> str:
            if isinstance(state, dict) and "survivor" in state:
                return f"{state['other'].get('name')} + {state['survivor'].get('name')}"
            return str((state or {}).get(field) or "—")

        return f"{shown(self.before)} → {shown(self.after)}"


class ReviewedFact(models.Model):
    """No table: facts live in Neo4j. This gives the review queue its admin entry and permissions."""

    class Meta:
        managed = False
        default_permissions = ("view", "change")
        verbose_name = _("fact")
        verbose_name_plural = _("review queue")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class CuratedEntity(models.Model):
    """No table: entities live in Neo4j. The admin's entity pages and the merge permission hang here."""

    class Meta:
        managed = False
        default_permissions = ("view", "add", "change")
        permissions = [("merge_curatedentity", "Can merge entities")]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
