"""`manage.py ingest_eval [GOLD_DIR ...] [--articles DIR]`: precision and recall against gold annotations."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest.evaluation import calibration_counts, evaluate_cases, format_calibration, format_report, gold_cases
from ingest.pipeline.calibration import TABLE, write_table


class Command(BaseCommand):
    help = (
        "Score the extraction pipeline against hand-annotated gold files (no database needed): by default "
        "../shared/gold (the annotated seeds) and ../shared/dev (development articles in eight languages)."
    )
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "gold_dirs",
            nargs="*",
            help="directories of gold files: NAME.json naming an article in --articles, or NAME.gold.json "
            "beside NAME.txt (line 1 the source URL, line 2 blank)",
        )
        parser.add_argument("--articles", default=None, help="where NAME.json gold files find their articles")
        parser.add_argument("--misses", type=int, default=3, help="worst misses to list per document")
        parser.add_argument(
            "--calibrate",
            action="store_true",
            help=f"measure each extractor family's precision per relation type on these articles and rewrite "
            f"{TABLE.name} (the confidences extraction gives), then report with the new confidences",
        )
        parser.add_argument("--table", default=str(TABLE), help="where --calibrate writes (default: %(default)s)")

    def handle(self, *args, **options) -> None:
        base = Path(settings.BASE_DIR)
        shared = base.parent / "shared"
        articles = Path(options["articles"]) if options["articles"] else base / "fixtures" / "articles"
        if options["gold_dirs"]:
            directories = [Path(d) for d in options["gold_dirs"]]
        else:
            directories = [d for d in (shared / "gold", shared / "dev") if d.is_dir()]
        cases = []
        for directory in directories:
            if not directory.is_dir() or not any(directory.glob("*.json")):
                raise CommandError(f"No gold files (*.json) in {directory}")
            try:
                cases += gold_cases(gold_dir=directory, articles_dir=articles)
            except FileNotFoundError as exc:
                raise CommandError(f"A gold file names an article that is not there: {exc.filename}") from exc
        if not cases:
            raise CommandError(f"No gold files found (looked in {shared / 'gold'} and {shared / 'dev'})")
        report = evaluate_cases(cases=cases)
        if options["calibrate"]:
            names = ", ".join(sorted({d.name for d in directories}))
            table = Path(options["table"])
            counts = calibration_counts(documents=report.documents)
            write_table(counts, path=table, source=f"{len(cases)} articles in {names}")
            self.stdout.write(f"Wrote {table}")
            report = evaluate_cases(cases=cases)
        self.stdout.write(format_report(report=report, misses=options["misses"]))
        threshold = settings.INGEST_AUTO_ACCEPT_CONFIDENCE
        self.stdout.write("\n" + format_calibration(report=report, threshold=threshold))
