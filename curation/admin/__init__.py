"""The curators' admin: the review queue, entities and merges, the audit log."""

from curation.admin import audit, entities, review

__all__ = ["audit", "entities", "review"]
