"""The curators' admin: the review queue, entities and merges, documents and their withdrawal, the audit log."""

from curation.admin import audit, documents, entities, review

__all__ = ["audit", "documents", "entities", "review"]
