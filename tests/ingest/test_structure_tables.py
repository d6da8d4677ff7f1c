"""Markdown tables: a column recognized by role relates each row's name to its cells, rows keyed
by role relate each column's model; score tables and feature tables state nothing.

Each case is read with no language lexicon (exactly the expected relations) and in its own
language (the expected ones among those found, the listed wrong ones absent)."""

import pytest

from ingest.pipeline import extract
from tests.ingest.structure_cases import case_tests

CASES = [
    {
        "name": "English columns: base model, organization and paper, with links in the cells",
        "language": "en",
        "text": "## Open chat models\n\n"
        "| Model | Base model | Organization | Paper |\n"
        "|-------|------------|--------------|-------|\n"
        "| [Pelican-7B](https://example.org/pelican) | [Llama 2](https://example.org/llama) | Meta | "
        "[arXiv](https://arxiv.org/abs/2401.00001) |\n"
        "| Wombat-13B | Mistral 7B | Mistral AI | |\n",
        "relations": [
            ("pelican-7b", "FINE_TUNES", "llama-2"),
            ("pelican-7b", "DEVELOPED_BY", "meta"),
            ("pelican-7b", "INTRODUCED_IN", "arxiv:2401.00001"),
            ("wombat-13b", "FINE_TUNES", "mistral-7b"),
            ("wombat-13b", "DEVELOPED_BY", "mistral-ai"),
        ],
        "absent": [("wombat-13b", "FINE_TUNES", "llama-2"), ("pelican-7b", "DEVELOPED_BY", "mistral-ai")],
    },
    {
        "name": "Korean header words",
        "language": "ko",
        "text": "| 모델 | 기반 모델 | 개발사 |\n|---|---|---|\n| Hanbit-13B | Llama 2 | Meta |\n| Saebyeok-7B | Gemma | Google |\n",
        "relations": [
            ("hanbit-13b", "FINE_TUNES", "llama-2"),
            ("hanbit-13b", "DEVELOPED_BY", "meta"),
            ("saebyeok-7b", "FINE_TUNES", "gemma"),
            ("saebyeok-7b", "DEVELOPED_BY", "google"),
        ],
    },
    {
        "name": "Japanese header words, rows without outer pipes",
        "language": "ja",
        "text": "モデル | ベースモデル | 開発者\n--- | --- | ---\nYouko-8B | Llama 3 | Meta\nHikari-7B | Mistral 7B | Google\n",
        "relations": [
            ("youko-8b", "FINE_TUNES", "llama-3"),
            ("youko-8b", "DEVELOPED_BY", "meta"),
            ("hikari-7b", "FINE_TUNES", "mistral-7b"),
            ("hikari-7b", "DEVELOPED_BY", "google"),
        ],
    },
    {
        "name": "Chinese header words: 基础模型 and 机构 (Traditional 機構 in the second table)",
        "language": "zh-Hans",
        "text": "| 模型 | 基础模型 | 机构 |\n| :-: | :-: | :-: |\n| Qilin-7B | Llama 2 | 清华大学 |\n\n"
        "| 模型名稱 | 機構 |\n| --- | --- |\n| Yushan-13B | Google |\n",
        "relations": [
            ("qilin-7b", "FINE_TUNES", "llama-2"),
            ("qilin-7b", "DEVELOPED_BY", "tsinghua-university"),
            ("yushan-13b", "DEVELOPED_BY", "google"),
        ],
    },
    {
        "name": "French, Spanish and Russian header words; a training-data column",
        "language": "fr",
        "text": "| Modèle | Modèle de base | Entreprise |\n|---|---|---|\n| Claire-7B | Falcon | Meta |\n\n"
        "| Modelo | Laboratorio | Datos de entrenamiento |\n|---|---|---|\n| Aguila-7B | Google | Wikipedia |\n\n"
        "| Модель | Базовая модель | Организация |\n|---|---|---|\n| Saiga-13B | Llama 2 | Meta |\n",
        "relations": [
            ("claire-7b", "FINE_TUNES", "falcon"),
            ("claire-7b", "DEVELOPED_BY", "meta"),
            ("aguila-7b", "DEVELOPED_BY", "google"),
            ("aguila-7b", "TRAINED_ON", "wikipedia"),
            ("saiga-13b", "FINE_TUNES", "llama-2"),
            ("saiga-13b", "DEVELOPED_BY", "meta"),
        ],
    },
    {
        "name": "a tokenizer column (header with one more word) names techniques the model uses",
        "language": "fr",
        "text": "| Nom | Taille | Tokenizer employé |\n|---|---|---|\n| BERT | 110M | WordPiece |\n| GPT-2 | 1,5 Md | BPE |\n",
        "relations": [("bert", "USES", "wordpiece"), ("gpt-2", "USES", "bpe")],
    },
    {
        "name": "a table of techniques and their papers; a base/fine-tuned table reads no way",
        "language": "en",
        "text": "| Method | Paper |\n|---|---|\n| RoPE | https://arxiv.org/abs/2104.09864 |\n\n"
        "| Base model | Fine-tuned model |\n|---|---|\n| Llama 2 | Vicuna |\n",
        "relations": [("rope", "INTRODUCED_IN", "arxiv:2104.09864")],
        "absent": [("vicuna", "FINE_TUNES", "llama-2"), ("llama-2", "FINE_TUNES", "vicuna")],
    },
    {
        "name": "a table of benchmark scores is no lineage",
        "language": "en",
        "text": "| Model | MMLU | GSM8K | HumanEval |\n|---|---|---|---|\n| Llama 2 | 45.3 | 14.6 | 12.8 |\n"
        "| Mistral 7B | 60.1 | 52.2 | 30.5 |\n| Vicuna | 49.8 | - | - |\n",
        "relations": [],
        "absent": [("vicuna", "DERIVED_FROM", "llama-2"), ("mistral-7b", "DERIVED_FROM", "llama-2")],
    },
    {
        "name": "an evaluation-dataset column is not training data",
        "language": "en",
        "text": "| Model | Dataset | Score |\n|---|---|---|\n| Llama 2 | GSM8K | 14.6 |\n| Mistral 7B | MMLU | 60.1 |\n",
        "relations": [],
        "absent": [("llama-2", "TRAINED_ON", "gsm8k"), ("mistral-7b", "TRAINED_ON", "mmlu")],
    },
    {
        "name": "a source column holds where a model is hosted, not who made it",
        "language": "en",
        "text": "| Model | Source | License |\n|---|---|---|\n| Llama 2 | Hugging Face | custom |\n",
        "relations": [],
        "absent": [("llama-2", "DEVELOPED_BY", "hugging-face")],
    },
    {
        "name": "a two-column key table in a model card is about the card's model",
        "language": "ko",
        "text": "# KoGemma-2B\n\n## 모델 정보\n\n| 항목 | 내용 |\n|---|---|\n| 베이스 모델 | Gemma |\n| 개발사 | Google |\n"
        "| 파라미터 | 2B |\n",
        "relations": [("kogemma-2b", "FINE_TUNES", "gemma"), ("kogemma-2b", "DEVELOPED_BY", "google")],
    },
    {
        "name": "models as columns, roles as rows",
        "language": "en",
        "text": "| | Pelican-7B | Wombat-13B |\n|---|---|---|\n| Base model | Llama 2 | Mistral 7B |\n"
        "| Developer | Meta | Mistral AI |\n| Context length | 4k | 8k |\n",
        "relations": [
            ("pelican-7b", "FINE_TUNES", "llama-2"),
            ("pelican-7b", "DEVELOPED_BY", "meta"),
            ("wombat-13b", "FINE_TUNES", "mistral-7b"),
            ("wombat-13b", "DEVELOPED_BY", "mistral-ai"),
        ],
        "absent": [("pelican-7b", "FINE_TUNES", "mistral-7b"), ("wombat-13b", "FINE_TUNES", "llama-2")],
    },
    {
        "name": "a row whose name cell opens with a sentence gives nothing",
        "language": "en",
        "text": "| Model | Base model |\n|---|---|\n| Most chat models like Pelican-7B | Llama 2 |\n",
        "relations": [],
        "absent": [("pelican-7b", "FINE_TUNES", "llama-2")],
    },
    {
        "name": "a table of datasets under a training-data heading: what the card's model was trained on",
        "language": "zh",
        "text": "# Kestrel-7B 模型卡\n\n## 訓練資料\n\n| 資料集 | 資料描述 |\n| --- | --- |\n"
        "| 法規彙編 | 各級政府公布之法規全文。 |\n| **WebCorpus-TW** | 網頁文字，約 20B tokens。 |\n"
        "| 12,000 | 一個數字不是名字 |\n\n## 評測\n\n| Dataset | Score |\n|---|---|\n| 台灣常識題庫 | 61.2 |\n",
        "relations": [
            ("kestrel-7b", "TRAINED_ON", "法规汇编"),
            ("kestrel-7b", "TRAINED_ON", "webcorpus-tw"),
        ],
        "absent": [("kestrel-7b", "TRAINED_ON", "台湾常识题库")],
    },
]

(
    test_without_a_lexicon_structure_gives_exactly_these,
    test_evidence_is_a_quote_of_the_original,
    test_in_its_own_language,
) = case_tests(CASES)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Base model", "base"),
        ("**Base Model (HF id)**", "base"),
        ("기반 모델", "base"),
        ("ベースモデル", "base"),
        ("基础模型", "base"),  # headers come from the Simplified matching copy
        ("Organisation", "developer"),
        ("Entreprise", "developer"),
        ("机构", "developer"),
        ("Paper title", "paper"),
        ("Model", "name"),
        ("Model size", None),
        ("MMLU", None),
        ("Dataset", None),
        ("Description", None),
    ],
)
def test_column_roles(header, role):
    from ingest.pipeline.structure.rules import column_role

    assert column_role(header=header) == role


def test_first_cells_of_a_dataset_table_are_datasets_in_any_script():
    text = (
        "| 데이터셋 | 설명 |\n|---|---|\n| 국립국어원 말뭉치 | 신문, 구어 |\n| [Alpaca](https://example.org) | 영어 |\n"
        "| 문장 하나, 이름이 아닌 것 | - |\n\n| 모델 | 설명 |\n|---|---|\n| 한빛 | 모델 |\n"
    )
    entities = {(e.name, e.label) for e in extract(text, language="ko").entities}
    assert ("국립국어원 말뭉치", "Dataset") in entities
    assert not {name for name, _ in entities} & {"문장 하나, 이름이 아닌 것", "한빛"}
    assert ("Alpaca", "Dataset") not in entities  # a known name keeps what the lexicon says it is


def test_a_dataset_table_does_not_turn_models_or_sums_into_datasets():
    text = (
        "# Kestrel-7B\n\nKestrel-7B is fine-tuned from Falcon-7B.\n\n## Results\n\n"
        "| Dataset | MMLU |\n|---|---|\n| Kestrel-7B | 50 |\n\n## Training data\n\n"
        "| Dataset | Tokens |\n|---|---|\n| WebCorpus-X | 1T |\n| Total | 1.4T |\n| 合计 | 2T |\n| 中文 | 1T |\n\n"
        "中文能力很强。\n"
    )
    extraction = extract(text, language="en")
    labels = {e.key: e.label for e in extraction.entities}
    assert labels["kestrel-7b"] == "Model" and labels["webcorpus-x"] == "Dataset"
    assert not {"total", "合计", "中文"} & set(labels)
    found = {(r.subject, r.type, r.object) for r in extraction.relations}
    assert ("kestrel-7b", "FINE_TUNES", "falcon") in found
    assert {o for s, t, o in found if t == "TRAINED_ON"} == {"webcorpus-x"}
