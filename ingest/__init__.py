"""The ingest pipeline, its lexicon, Celery tasks, submissions and the curation admin."""
