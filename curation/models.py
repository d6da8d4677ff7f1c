"""The curation audit log, and the admin entries (no tables) that carry curators' permissions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        MERGE_DISMISS = "merge_dismiss", _("not a duplicate")
        DOCUMENT_WITHDRAW = "document_withdraw", _("withdraw document")
        REVERT = "revert", _("revert")

    class Kind(models.TextChoices):
        FACT = "fact", _("fact")
        ENTITY = "entity", _("entity")
        DOCUMENT = "document", _("document")
        ATTRIBUTE = "attribute", _("attribute value")

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
    # Entries of one action (a bulk decision, an edit's two sides) share it and are reverted together.
    group = models.CharField(_("action group"), max_length=32, blank=True, db_index=True)
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
        if self.target_kind == self.Kind.DOCUMENT:
            removed = (self.before or {}).get("removed_facts", [])
            return _("%(title)s → withdrawn (%(n)d facts removed)") % {
                "title": (self.before or {}).get("title") or self.target_key,
                "n": len(removed),
            }
        field = "status" if self.target_kind == self.Kind.FACT else "name"

        def shown(state: dict | None) -> str:
            if isinstance(state, dict) and "survivor" in state:
                return f"{state['other'].get('name')} + {state['survivor'].get('name')}"
            return str((state or {}).get(field) or "—")

        return f"{shown(self.before)} → {shown(self.after)}"


class MergeDismissal(models.Model):
    """A curator said two entities are not duplicates: the pipeline's suggestion to merge them is
    not offered again, whichever document proposes it next. The pair is stored in key order."""

    key = models.CharField(max_length=500)
    other_key = models.CharField(max_length=500)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("who"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "other_key"], name="merge_dismissal_pair")]
        default_permissions = ()
        verbose_name = _("dismissed merge suggestion")

    def __str__(self) -> str:
        return f"{self.key} ≠ {self.other_key}"

    @staticmethod
    def pair(key: str, other_key: str) -> tuple[str, str]:
        first, second = sorted((key, other_key))
        return first, second


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


class SourceDocument(models.Model):
    """No table: documents live in Neo4j. The admin's document pages and the withdraw permission hang here."""

    class Meta:
        managed = False
        default_permissions = ("view", "delete")
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
