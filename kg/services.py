"""Writes to the graph: every change goes through here, so rules hold on every path."""

from django.conf import settings

from kg import repository
from kg.documents import DocumentIn, LoadResult
from kg.errors import InvalidQuery
from kg.vocabulary import allows

_LISTED = 10  # refused facts the message names; the detail lists every one


def document_load(*, doc: DocumentIn) -> LoadResult:
    """Store a document and its statements; the same document twice changes nothing. A document
    with a fact the vocabulary does not allow is refused whole, before anything is written."""
    refused = document_refused_facts(doc=doc)
    if refused:
        named = "; ".join(row["fact"] + ": " + row["reason"] for row in refused[:_LISTED])
        more = f"; and {len(refused) - _LISTED} more" if len(refused) > _LISTED else ""
        raise InvalidQuery(
            f"Document '{doc.key}' was not loaded: {len(refused)} of its facts break the vocabulary: {named}{more}.",
            detail={"document": doc.key, "facts": refused},
        )
    return repository.document_load(doc=doc, threshold=settings.INGEST_AUTO_ACCEPT_CONFIDENCE)


def document_refused_facts(*, doc: DocumentIn) -> list[dict]:
    """The document's facts the loader refuses, each with why: an end that is none of the document's
    entities, or a relation type that may not join the two ends' labels (kg.vocabulary.ENDPOINTS)."""
    labels: dict[str, str] = {}
    for entity in doc.entities:
        labels.setdefault(entity.key, entity.label)  # the first label wins, as when the graph stores it
    refused = []
    for fact in doc.facts:
        missing = [key for key in (fact.subject, fact.object) if key not in labels]
        subject_label, object_label = labels.get(fact.subject), labels.get(fact.object)
        if missing:
            reason = "not an entity of the document: " + ", ".join(missing)
        elif not allows(fact.type, subject_label, object_label):
            reason = f"{fact.type} cannot join a {subject_label} to a {object_label}"
        else:
            continue
        refused.append(
            {
                "fact": f"{fact.subject} -{fact.type}-> {fact.object}",
                "subject": fact.subject,
                "type": fact.type,
                "object": fact.object,
                "subject_label": subject_label,
                "object_label": object_label,
                "reason": reason,
            }
        )
    return refused


def document_delete(*, key: str) -> bool:
    """Remove a document; facts that only it supported go with it."""
    return repository.document_delete(key=key, threshold=settings.INGEST_AUTO_ACCEPT_CONFIDENCE)
