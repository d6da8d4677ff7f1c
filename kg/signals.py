"""Signals about the graph's documents, so apps that must not import each other can follow one
another's changes (curation withdraws a document; ingest's submissions of it show "withdrawn")."""

from django.dispatch import Signal

# Sent by curation.services.document_withdraw once a document left the graph, with `key` and
# `removal` (a kg.documents.DocumentRemoval), inside the transaction that logs it.
document_withdrawn = Signal()
