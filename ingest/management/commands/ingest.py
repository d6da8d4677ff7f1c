"""Ingest articles from files, directories or stdin: `manage.py ingest PATH... [--dry-run --format json]`."""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ingest.pipeline import extraction_to_json
from ingest.pipeline.errors import IngestError, InputTooLarge, UnreadableInput
from ingest.services import document_ingest, document_key_for_path, legacy_key_for_path
from kg import selectors
from kg.errors import GraphError

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}


def _sources(paths: list[str]) -> list[Path | None]:
    """Files in the order given; a directory contributes its articles sorted; '-' is stdin (None)."""
    found: list[Path | None] = []
    for raw in paths:
        if raw == "-":
            found.append(None)
            continue
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"No such file or directory: {raw}")
    return found


def _read_within_limit(path: Path | None) -> bytes:
    """The input's bytes; an oversize one is refused before it is read, so 50 MB never sits in memory.
    A closed stdin or an unreadable file is an input error, not a traceback."""
    try:
        return _read(path, settings.INGEST_MAX_BYTES)
    except (OSError, ValueError, AttributeError) as exc:  # AttributeError: sys.stdin is None when closed
        what = "stdin" if path is None else "the file"
        reason = getattr(exc, "strerror", None) or "it is closed"
        raise UnreadableInput(f"Cannot read {what}: {reason}.") from exc


def _read(path: Path | None, limit: int) -> bytes:
    if path is None:
        source = sys.stdin.buffer.read(limit + 1)
        if len(source) > limit:
            raise InputTooLarge(f"stdin has more than {limit} bytes; the limit is {limit} bytes (INGEST_MAX_BYTES).")
        return source
    size = path.stat().st_size
    if size > limit:
        raise InputTooLarge(f"The file is {size} bytes; the limit is {limit} bytes (INGEST_MAX_BYTES).")
    return path.read_bytes()


class Command(BaseCommand):
    help = "Run the ingest pipeline on articles and load them into the graph (or print them with --dry-run)."
    # The pipeline needs neither URLs nor models checked; a dry run must work with no database at all.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files, directories, or - for stdin")
        parser.add_argument("--language", default=None, help="language code when detection should be skipped")
        parser.add_argument("--dry-run", action="store_true", help="extract only; needs no database")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--key", default=None, help="document key (default: from the file name)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a document of the same key that holds another text (refused otherwise)",
        )

    def handle(self, *args, **options) -> None:
        sources = _sources(options["paths"])
        if options["key"] and len(sources) != 1:
            raise CommandError("--key needs exactly one input.")
        as_json = options["format"] == "json"
        show_bar = sys.stderr.isatty() and not as_json
        results, failures = [], []
        for path in sources:
            try:
                results.append(self._one(path, options, show_bar))
            except IngestError as exc:
                failures.append(f"{path or 'stdin'}: {exc.code}: {exc.message}")
            except GraphError as exc:
                raise CommandError(f"{path or 'stdin'}: {exc.message} ({exc.detail})") from exc
        if as_json:
            payload = results[0] if len(results) == 1 and len(sources) == 1 else results
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
        if len(sources) == 1 and failures:  # one input, one line
            raise CommandError(failures[0])
        for failure in failures:
            self.stderr.write(failure)
        if failures:
            raise CommandError(f"{len(failures)} of {len(sources)} inputs failed.")

    def _one(self, path: Path | None, options: dict, show_bar: bool) -> dict:
        source = _read_within_limit(path)
        name = "stdin" if path is None else path.name
        key = options["key"] or ("stdin" if path is None else self._key_for(path, dry_run=options["dry_run"]))
        with tqdm(total=100, desc=name[:30], disable=not show_bar, leave=False, unit="%") as bar:

            def progress(stage: str, fraction: float) -> None:
                bar.set_postfix_str(stage)
                bar.update(max(0, round(fraction * 100) - bar.n))

            outcome = document_ingest(
                source=source,
                key=key,
                name=name,
                language=options["language"],
                progress=progress,
                dry_run=options["dry_run"],
                replace=options["replace"],
            )
        data = extraction_to_json(outcome.extraction)
        if options["format"] == "text":
            self._summary(name, outcome)
        return data

    @staticmethod
    def _key_for(path: Path, *, dry_run: bool) -> str:
        """The file's key. A file loaded before keys carried a hash of its name (GPT-3.txt was
        file-gpt-3) keeps its document: re-ingesting it revises that one, never adds a second. A dry
        run reads no database and shows today's key."""
        key = document_key_for_path(path)
        legacy = legacy_key_for_path(path)
        if dry_run or legacy is None or selectors.document_exists(key=key):
            return key
        return legacy if selectors.document_exists(key=legacy) else key

    def _summary(self, name: str, outcome) -> None:
        ex = outcome.extraction
        info = ex.document
        line = (
            f"{name}: {info.language}, {info.chars} chars, {len(ex.entities)} entities, "
            f"{len(ex.relations)} relations, {len(ex.noise)} noise lines dropped"
        )
        if outcome.load is not None:
            line += " (unchanged)" if not outcome.load.changed else f", {outcome.load.claims} claims stored"
        self.stdout.write(line)
        for noise in ex.noise:
            self.stdout.write(f"  dropped line {noise.line} ({noise.reason}): {noise.text[:80]}")
