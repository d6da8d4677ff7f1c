"""`manage.py ingest_eval [GOLD_DIR] [--articles DIR]`: precision and recall against gold annotations."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest.evaluation import evaluate_directory, format_report


class Command(BaseCommand):
    help = "Score the extraction pipeline against hand-annotated gold files (no database needed)."

    def add_arguments(self, parser) -> None:
        base = Path(settings.BASE_DIR)
        parser.add_argument("gold_dir", nargs="?", default=str(base.parent / "shared" / "gold"))
        parser.add_argument("--articles", default=str(base / "fixtures" / "articles"))
        parser.add_argument("--misses", type=int, default=3, help="worst misses to list per document")

    def handle(self, *args, **options) -> None:
        gold_dir, articles = Path(options["gold_dir"]), Path(options["articles"])
        if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
            raise CommandError(f"No gold files (*.json) in {gold_dir}")
        if not articles.is_dir():
            raise CommandError(f"No articles directory at {articles}")
        report = evaluate_directory(gold_dir=gold_dir, articles_dir=articles)
        self.stdout.write(format_report(report=report, misses=options["misses"]))
