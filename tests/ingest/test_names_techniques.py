"""Technique terms in every lexicon language name the same technique entries."""

import pytest

from ingest.pipeline import extract


def _found(text: str) -> dict[str, tuple[str, set[str]]]:
    return {e.key: (e.label, {m.text for m in e.mentions}) for e in extract(text).entities}


CASES = [
    pytest.param(
        "int8 quantization, the text-to-text framework and causal language modeling.",
        {
            "int8-quantization": "int8 quantization",
            "text-to-text": "text-to-text framework",
            "causal-language-modeling": "causal language modeling",
        },
        id="en",
    ),
    pytest.param(
        "我们采用知识蒸馏和混合专家。",
        {"knowledge-distillation": "知识蒸馏", "mixture-of-experts": "混合专家"},
        id="zh",
    ),
    pytest.param(
        "Wir nutzen Quantisierung und Wissensdestillation.",
        {"quantization": "Quantisierung", "knowledge-distillation": "Wissensdestillation"},
        id="de",
    ),
    pytest.param(
        "量子化と知識蒸留とLoRAを組み合わせ、INT4量子化も試した。",
        {
            "quantization": "量子化",
            "knowledge-distillation": "知識蒸留",
            "lora": "LoRA",
            "int4-quantization": "INT4量子化",
        },
        id="ja",
    ),
    pytest.param(
        "양자화와 지식 증류, 그리고 인간 피드백 기반 강화학습을 적용했다.",
        {"quantization": "양자화", "knowledge-distillation": "지식 증류", "rlhf": "인간 피드백 기반 강화학습"},
        id="ko",
    ),
    pytest.param(
        "استخدمنا تقطير المعرفة والتكميم وآلية الانتباه.",
        {"knowledge-distillation": "تقطير المعرفة", "quantization": "التكميم", "attention-mechanism": "آلية الانتباه"},
        id="ar",
    ),
    pytest.param(
        "Мы применяем дистилляцию знаний, квантование и механизм внимания.",
        {
            "knowledge-distillation": "дистилляцию знаний",
            "quantization": "квантование",
            "attention-mechanism": "механизм внимания",
        },
        id="ru: case forms",
    ),
    pytest.param(
        "La distillation des connaissances et le mélange d'experts réduisent le coût.",
        {"knowledge-distillation": "distillation des connaissances", "mixture-of-experts": "mélange d'experts"},
        id="fr",
    ),
    pytest.param(
        "Usamos cuantización y atención cruzada.",
        {"quantization": "cuantización", "cross-attention": "atención cruzada"},
        id="es",
    ),
    pytest.param(
        "A quantização e a destilação de conhecimento reduzem o custo.",
        {"quantization": "quantização", "knowledge-distillation": "destilação de conhecimento"},
        id="pt",
    ),
    pytest.param(
        "La quantizzazione e la distillazione della conoscenza riducono il costo.",
        {"quantization": "quantizzazione", "knowledge-distillation": "distillazione della conoscenza"},
        id="it",
    ),
    pytest.param(
        "Chúng tôi dùng lượng tử hóa và chưng cất tri thức.",
        {"quantization": "lượng tử hóa", "knowledge-distillation": "chưng cất tri thức"},
        id="vi",
    ),
    pytest.param("Die Modellgröße und die дистилляционная колонна.", {}, id="no technique inside longer words"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_technique_terms(text, expected):
    found = _found(text)
    assert set(found) == set(expected), found
    for key, surface in expected.items():
        label, surfaces = found[key]
        assert label == "Technique" and surface in surfaces, (key, surfaces)
