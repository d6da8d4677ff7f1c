"""The admin for curators: submissions, the review queue, entities and merges, the audit log."""

from ingest.admin import audit, entities, review, submissions

__all__ = ["audit", "entities", "review", "submissions"]
