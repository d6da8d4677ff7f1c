"""Writes to the graph: every change goes through here, so rules hold on every path."""

from django.conf import settings

from kg import repository
from kg.types import DocumentIn, LoadResult


def document_load(*, doc: DocumentIn) -> LoadResult:
    """Store a document and its statements; the same document twice changes nothing."""
    return repository.document_load(doc=doc, threshold=settings.INGEST_AUTO_ACCEPT_CONFIDENCE)


def document_delete(*, key: str) -> bool:
    """Remove a document; facts that only it supported go with it."""
    return repository.document_delete(key=key, threshold=settings.INGEST_AUTO_ACCEPT_CONFIDENCE)
