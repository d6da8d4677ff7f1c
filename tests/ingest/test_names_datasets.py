"""Dataset name shapes: a name with a dataset word or a sample count is a dataset; generic words and
file names are not."""

import pytest

from ingest.pipeline import extract


def _found(text: str) -> dict[str, tuple[str, set[tuple[int, str]]]]:
    return {e.key: (e.label, {(m.start, m.text) for m in e.mentions}) for e in extract(text).entities}


CASES = [
    pytest.param(
        "We release OpenPelican-Instruct-Dataset, built from the PelicanWeb Corpus.",
        [
            ("openpelican-instruct-dataset", "OpenPelican-Instruct-Dataset"),
            ("pelicanweb-corpus", "PelicanWeb Corpus"),
        ],
        id="en: a dataset word ends the name",
    ),
    pytest.param(
        "Pelican v2.0 데이터셋을 공개합니다.",
        [("pelican-v2-0", "Pelican v2.0 데이터셋")],
        id="ko: 데이터셋 after a name",
    ),
    pytest.param("我们发布了 PelicanQA数据集。", [("pelicanqa", "PelicanQA数据集")], id="zh: 数据集 glued to a name"),
    pytest.param(
        "Die Daten stammen aus dem OSCAR-2301-Korpus.", [("oscar-2301-korpus", "OSCAR-2301-Korpus")], id="de: -Korpus"
    ),
    pytest.param(
        "The SeaChat-80k dataset holds 80k dialogues.",
        [("seachat-80k", "SeaChat-80k")],
        id="a sample count near 'dataset'",
    ),
    pytest.param(
        "Our Training Dataset and the test corpus are private; see data_v2.json and `train_split.jsonl`.",
        [],
        id="generic words and file names are no datasets",
    ),
    pytest.param("The Evaluation Datasets section lists them.", [], id="a plural heading is no name"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dataset_names(text, expected):
    found = _found(text)
    assert set(found) == {key for key, _ in expected}, found
    for key, surface in expected:
        assert found[key][0] == "Dataset", key
        assert (text.index(surface), surface) in found[key][1], (key, found[key][1])


def test_a_known_model_with_a_count_is_no_dataset():
    found = _found("Claude-100k reads long documents; the dataset is small.")
    assert "claude-100k" not in found or found["claude-100k"][0] == "Model"
