"""All five seed articles: offsets point into the original, the dry-run JSON keeps its shape, noise is reported."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from ingest.pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract, extraction_to_json

SEEDS = sorted((Path(settings.BASE_DIR) / "fixtures" / "articles").glob("*.txt"))
ONTOLOGY_TYPES = {
    "DERIVED_FROM",
    "FINE_TUNES",
    "DISTILLED_FROM",
    "USES",
    "DEVELOPED_BY",
    "INTRODUCED_IN",
    "PUBLISHED_BY",
    "TRAINED_ON",
}
LABELS = {"Model", "Organization", "Technique", "Paper", "Dataset"}


@pytest.fixture(scope="module", params=SEEDS, ids=[p.name for p in SEEDS])
def seed(request):
    stages: list[tuple[str, float]] = []
    extraction = extract(
        request.param.read_bytes(), name=request.param.name, progress=lambda s, f: stages.append((s, f))
    )
    return request.param, extraction, stages


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


def test_offsets_point_into_the_decoded_original(seed):
    path, extraction, _ = seed
    assert extraction.text == path.read_text(encoding="utf-8")
    for entity in extraction.entities:
        assert entity.mentions
        for mention in entity.mentions:
            assert extraction.text[mention.start : mention.end] == mention.text
        for evidence in entity.attribute_evidence.values():
            assert extraction.text[evidence.start : evidence.end] == evidence.quote
    for relation in extraction.relations:
        assert relation.evidence
        for evidence in relation.evidence:
            assert extraction.text[evidence.start : evidence.end] == evidence.quote


def test_dry_run_json_shape(seed):
    _, extraction, _ = seed
    data = json.loads(json.dumps(extraction_to_json(extraction), ensure_ascii=False))
    assert list(data) == ["document", "noise", "entities", "relations"]
    assert list(data["document"]) == ["title", "language", "sha256", "chars"]
    assert len(data["document"]["sha256"]) == 64
    assert data["document"]["chars"] == len(extraction.text)
    for noise in data["noise"]:
        assert list(noise) == ["line", "text"]
    for entity in data["entities"]:
        assert list(entity) == ["key", "label", "name", "aliases", "attributes", "mentions"]
        assert entity["label"] in LABELS
        assert entity["name"] in entity["aliases"]
        assert all(list(m) == ["start", "end", "text"] for m in entity["mentions"])
    keys = {e["key"] for e in data["entities"]}
    for relation in data["relations"]:
        assert list(relation) == ["subject", "type", "object", "confidence", "evidence"]
        assert relation["type"] in ONTOLOGY_TYPES
        assert {relation["subject"], relation["object"]} <= keys
        assert 0 < relation["confidence"] <= 1
        assert all(list(e) == ["quote", "start", "end"] for e in relation["evidence"])


def test_keys_are_slugs_or_arxiv_ids(seed):
    _, extraction, _ = seed
    for entity in extraction.entities:
        if entity.label == "Paper" and entity.key.startswith("arxiv:"):
            assert entity.attributes["arxiv_id"] == entity.key.removeprefix("arxiv:")
            assert "v" not in entity.key.removeprefix("arxiv:")
        else:
            assert entity.key == entity.key.lower() and " " not in entity.key and "." not in entity.key


def test_report_and_progress(seed):
    _, extraction, stages = seed
    report = extraction.report
    assert set(report.timings_ms) == {"read", "normalize", "segment", "recognize", "relate", "resolve"}
    # Each stage as it starts, then the end of the last one.
    assert [s for s, _ in stages] == ["read", "normalize", "segment", "recognize", "relate", "resolve", "resolve"]
    assert stages[0][1] == 0.0 and stages[-1][1] == 1.0
    assert all(a[1] < b[1] for a, b in zip(stages, stages[1:], strict=False))
    assert report.noise_lines == len(extraction.noise)
    assert sum(report.entities_by_label.values()) == len(extraction.entities)
    assert report.extractor == f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"
    assert extraction.document.supported


def test_the_same_input_gives_the_same_output():
    data = SEEDS[0].read_bytes()
    assert extraction_to_json(extract(data)) == extraction_to_json(extract(data))


@pytest.mark.parametrize(
    ("name", "expected_reason", "line_text"),
    [
        ("001_d4c51ebbea172fcb.txt", "spam-keywords", "偷偷摘套内射激情视频"),
        ("001_d4c51ebbea172fcb.txt", "image-placeholder", "圖片"),
        ("002_f68183d21df79685.txt", "image-placeholder", "|500"),
        ("003_cd3b2e3b0e5693d9.txt", "collect-call", "——全文两万多字,建议先收藏"),
        ("004_cbc9c61091d15a47.txt", "follow-call", "Folgen Sie dem offiziellen Konto"),
    ],
)
def test_seed_noise_is_reported_with_line_and_reason(name, expected_reason, line_text):
    path = next(p for p in SEEDS if p.name == name)
    extraction = extract(path.read_bytes())
    lines = extraction.text.split("\n")
    matching = [n for n in extraction.noise if n.text.startswith(line_text)]
    assert matching, f"no noise line starts with {line_text!r}"
    assert matching[0].reason == expected_reason
    assert lines[matching[0].line - 1].strip() == matching[0].text


def test_trailing_news_after_the_article_is_dropped():
    path = next(p for p in SEEDS if p.name.startswith("000_"))
    extraction = extract(path.read_bytes())
    trailing = [n for n in extraction.noise if n.reason == "after-article-end"]
    assert trailing and trailing[-1].line == len(extraction.text.rstrip("\n").split("\n"))
    assert all("iPhone" not in m.text for e in extraction.entities for m in e.mentions)
