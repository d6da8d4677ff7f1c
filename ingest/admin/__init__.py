"""The admin for submissions: documents handed to the pipeline, their jobs and reports."""

from ingest.admin import submissions

__all__ = ["submissions"]
