"""Confidence as measured precision: extractor families, the calibration table, and ingest_eval's report of it."""

import json

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from ingest.pipeline import calibration, extract
from ingest.pipeline.calibration import UNMEASURED_CAP, confidences, family, write_table
from ingest.pipeline.types import Evidence, RelationOut


@pytest.mark.parametrize(
    ("extractor", "expected"),
    [
        ("clause:de:fine_tuned", "cue"),
        ("clause:zh:based_on:hedged", "cue"),
        ("kv:autor", "structure"),
        ("table:tokenizer", "structure"),
        ("arrow", "structure"),
        ("implied:variant-name", "name-structure"),
        ("implied:hub-account", "name-structure"),
        ("section-cooccurrence", "co-occurrence"),
        ("kv:autor:implied", "section"),
        ("clause:en:introduced_in:section-paper", "section"),
        ("section-parent", "section-parent"),
        ("section-heading", "section-parent"),
        ("implied:paper-authors", "inference"),
    ],
)
def test_every_extractor_belongs_to_a_family(extractor, expected):
    assert family(extractor) == expected


def test_a_cell_measured_on_many_statements_is_surer_than_one_measured_on_few():
    table = confidences({("cue", "USES"): (50, 50), ("cue", "FINE_TUNES"): (2, 2), ("cue", "TRAINED_ON"): (5, 10)})
    assert table[("cue", "USES")] > table[("cue", "FINE_TUNES")] > table[("cue", "TRAINED_ON")]
    # Two right statements out of two do not make a certain cell: it leans on its family's rate.
    assert table[("cue", "FINE_TUNES")] < 0.95
    assert table[("cue", "USES")] < 1.0


def test_a_bad_family_pulls_its_small_cells_down():
    good = confidences({("structure", "USES"): (3, 3), ("structure", "PUBLISHED_BY"): (95, 100)})
    bad = confidences({("cue", "USES"): (3, 3), ("cue", "DEVELOPED_BY"): (50, 100)})
    assert good[("structure", "USES")] > bad[("cue", "USES")]


@pytest.fixture
def table_file(tmp_path, monkeypatch):
    path = tmp_path / "calibration.yaml"
    monkeypatch.setattr(calibration, "TABLE", path)
    calibration.table.cache_clear()
    yield path
    calibration.table.cache_clear()


def _relation(extractor: str, type_: str = "USES", confidence: float = 0.8) -> RelationOut:
    return RelationOut("a", type_, "b", confidence, (Evidence("a uses b", 0, 8),), extractor)


def test_confidence_comes_from_the_table_not_from_the_cue(table_file):
    write_table({("cue", "USES"): (98, 100), ("cue", "FINE_TUNES"): (10, 20)}, path=table_file)
    uses, tunes = calibration.calibrate([_relation("clause:en:uses"), _relation("clause:en:fine_tuned", "FINE_TUNES")])
    assert uses.confidence >= settings.INGEST_AUTO_ACCEPT_CONFIDENCE
    assert tunes.confidence < 0.6


def test_an_unmeasured_family_is_never_accepted_unreviewed(table_file):
    write_table({("cue", "USES"): (98, 100)}, path=table_file)
    [guess] = calibration.calibrate([_relation("implied:paper-authors", "DEVELOPED_BY", confidence=0.99)])
    assert guess.confidence == UNMEASURED_CAP < settings.INGEST_AUTO_ACCEPT_CONFIDENCE


def test_a_measured_family_without_the_type_gets_at_most_the_family_rate(table_file):
    write_table({("cue", "USES"): (60, 100)}, path=table_file)
    [other] = calibration.calibrate([_relation("clause:en:trained_on", "TRAINED_ON", confidence=0.8)])
    assert other.confidence < 0.65


def test_a_hedged_statement_stays_a_guess_whatever_its_family_scores(table_file):
    write_table({("cue", "DERIVED_FROM"): (99, 100)}, path=table_file)
    said = extract("Orca-9 is based on Falcon-40B.", language="en")
    guessed = extract("Orca-9 is probably based on Falcon-40B.", language="en")
    [plain] = [r for r in said.relations if r.type == "DERIVED_FROM"]
    [hedged] = [r for r in guessed.relations if r.type == "DERIVED_FROM"]
    assert hedged.extractor.endswith(":hedged")
    assert hedged.confidence < 0.6 < settings.INGEST_AUTO_ACCEPT_CONFIDENCE <= plain.confidence


TEXT = "Nimbus-7B was developed by Aurora Labs. Nimbus-7B is a fine-tuned version of Falcon-40B."
GOLD = {
    "document": "note.txt",
    "language": "en",
    "entities": [
        {"id": "nimbus-7b", "label": "Model", "name": "Nimbus-7B"},
        {"id": "aurora-labs", "label": "Organization", "name": "Aurora Labs"},
        {"id": "falcon-40b", "label": "Model", "name": "Falcon-40B"},
    ],
    "relations": [
        {"subject": "nimbus-7b", "type": "DEVELOPED_BY", "object": "aurora-labs", "strength": "explicit"},
        {"subject": "nimbus-7b", "type": "FINE_TUNES", "object": "falcon-40b", "strength": "explicit"},
    ],
}


def test_ingest_eval_reports_families_and_calibration_and_can_rewrite_the_table(tmp_path, capsys, table_file):
    articles, gold = tmp_path / "articles", tmp_path / "gold"
    articles.mkdir()
    gold.mkdir()
    (articles / "note.txt").write_text(TEXT, encoding="utf-8")
    (gold / "note.json").write_text(json.dumps(GOLD), encoding="utf-8")
    written = tmp_path / "measured.yaml"
    call_command("ingest_eval", str(gold), "--articles", str(articles), "--calibrate", "--table", str(written))
    out = capsys.readouterr().out
    assert "Relations by extractor family" in out and "Calibration: precision by confidence" in out
    assert "accepted >= 0.90" in out and "held-out P" in out
    families = yaml.safe_load(written.read_text(encoding="utf-8"))["families"]
    assert families["cue"]["FINE_TUNES"] == {"correct": 1, "total": 1}
    assert not table_file.exists()  # --table wrote elsewhere; the shipped table is untouched
