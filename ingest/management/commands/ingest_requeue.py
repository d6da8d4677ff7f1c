"""Enqueue queued submissions no worker has started: `manage.py ingest_requeue --older-than 300`.

The workers do this by themselves at start-up and every INGEST_RECOVER_INTERVAL_SECONDS (ingest/recovery.py,
which also sends again what the broker lost); this command is a manual push, e.g. with no worker running
yet: submissions saved while the broker was down are sent, and nothing a curator submitted is lost.
"""

from django.core.management.base import BaseCommand, CommandError

from ingest.submissions import submissions_requeue_stale


class Command(BaseCommand):
    help = "Enqueue again the submissions still queued after --older-than seconds (saved while the broker was down)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=300,
            help="only submissions queued at least this many seconds (default 300: longer than a normal wait)",
        )

    def handle(self, *args, **options) -> None:
        outcome = submissions_requeue_stale(older_than_seconds=max(options["older_than"], 0))
        self.stdout.write(f"Enqueued {len(outcome.enqueued)} queued submission(s): {list(outcome.enqueued)}")
        if outcome.still_waiting:
            raise CommandError(
                f"The broker refused {len(outcome.still_waiting)} submission(s) {list(outcome.still_waiting)}; "
                "they stay queued. Run this again once the broker is up."
            )
