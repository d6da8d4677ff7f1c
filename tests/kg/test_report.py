"""The extraction report: one type from the pipeline to the stored JSON and back, older reports read."""

from dataclasses import replace
from pathlib import Path

from django.conf import settings

from ingest.pipeline import extract
from kg.report import ExtractionReport, LanguageDetection, MergeProposal, NoiseLine

SEED = sorted((Path(settings.BASE_DIR) / "fixtures" / "articles").glob("*.txt"))[-1]


def test_a_pipeline_report_survives_storage_unchanged():
    report = extract(SEED.read_bytes(), name=SEED.name).report
    if not report.merge_proposals:  # whether the seed yields one depends on the pipeline's rules
        proposal = MergeProposal(key="flan-t5", other_key="flan-t5-xl", score=0.91, reason="name")
        report = replace(report, merge_proposals=(proposal,))
    assert report.merge_proposals and report.noise  # both are carried
    assert ExtractionReport.from_dict(report.to_dict()) == report
    assert ExtractionReport.from_json(report.to_json()) == report
    assert list(report.to_dict())[:3] == ["entities_by_label", "relations_by_type", "noise_lines"]


def test_an_older_report_reads_with_what_it_has_and_keeps_what_it_does_not_know():
    stored = {"noise": [{"line": 3, "text": "关注公众号", "reason": "follow-call"}], "extractor": "x/1", "lines": 9}
    report = ExtractionReport.from_dict(stored)
    assert report.noise == (NoiseLine(line=3, text="关注公众号", reason="follow-call"),)
    assert (report.extractor, report.language_detection, report.language_supported) == (
        "x/1",
        LanguageDetection(),
        None,
    )
    assert report.entities_by_label == {} and report.merge_proposals == ()
    assert report.to_dict()["lines"] == 9 and report.to_dict()["noise"] == stored["noise"]


def test_malformed_parts_read_as_empty():
    report = ExtractionReport.from_dict(
        {
            "entities_by_label": "Model",
            "relations_by_type": {"USES": 2, "FINE_TUNES": "many"},
            "merge_proposals": 3,  # the pipeline's count, never stored, still no list
            "noise": ["dropped", {"line": "7", "text": "x"}],
            "language_detection": None,
            "timings_ms": {"read": 1},
        }
    )
    assert report.entities_by_label == {} and report.relations_by_type == {"USES": 2}
    assert report.merge_proposals == () and report.noise == (NoiseLine(line=None, text="x", reason=""),)
    assert report.timings_ms == {"read": 1.0}
    merge = ExtractionReport.from_dict({"merge_proposals": [{"key": "a", "other_key": "b", "score": "high"}]})
    assert merge.merge_proposals == (MergeProposal(key="a", other_key="b", score=None, reason=""),)


def test_no_stored_report_is_none():
    for text in (None, "", "{}", "[]", "not json"):
        assert ExtractionReport.from_json(text) is None
    # What the repository reads back from a Document node's `report` property.
    assert ExtractionReport.from_json('{"extractor": "x/1"}') == ExtractionReport(extractor="x/1")
