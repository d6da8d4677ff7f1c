"""Arrow chains and family trees between model names, in any language; arrows between other
things, statements with an arrow in them and nested lists of features state no lineage.

Each case is read with no language lexicon (exactly the expected relations) and in its own
language (the expected ones among those found, the listed wrong ones absent)."""

from ingest.pipeline import extract
from tests.ingest.structure_cases import NO_LEXICON, case_tests

CASES = [
    {
        "name": "a chain of three gives two relations",
        "language": "en",
        "text": "## Lineage\n\nGPT-3 → InstructGPT → ChatGPT\n",
        "relations": [("instructgpt", "DERIVED_FROM", "gpt-3"), ("chatgpt", "DERIVED_FROM", "instructgpt")],
        "absent": [("chatgpt", "DERIVED_FROM", "gpt-3"), ("gpt-3", "DERIVED_FROM", "instructgpt")],
    },
    {
        "name": "ASCII and long arrows in bullets",
        "language": "en",
        "text": "- Llama 2 -> Code Llama\n- Mistral 7B ⟶ Mixtral 8x7B\n- BERT => RoBERTa\n",
        "relations": [
            ("code-llama", "DERIVED_FROM", "llama-2"),
            ("mixtral-8x7b", "DERIVED_FROM", "mistral-7b"),
            ("roberta", "DERIVED_FROM", "bert"),
        ],
    },
    {
        "name": "Korean numbered list: a few words and a bracketed method between the names",
        "language": "ko",
        "text": "1. **Llama 2 기반 [Full Finetune]** -> [Hanbit-13B](https://example.org/hanbit)\n"
        "2. Gemma 기반 [LoRA] -> [Saebyeok-7B](https://example.org/saebyeok)\n",
        "relations": [("hanbit-13b", "FINE_TUNES", "llama-2"), ("saebyeok-7b", "FINE_TUNES", "gemma")],
    },
    {
        "name": "a Japanese fine-tuning word on the line makes it FINE_TUNES",
        "language": "ja",
        "text": "- Mistral 7B ⇒ Hikari-7B（日本語でファインチューニング）\n",
        "relations": [("hikari-7b", "FINE_TUNES", "mistral-7b")],
    },
    {
        "name": "a Chinese distillation word makes it DISTILLED_FROM; a reverse arrow reads backwards",
        "language": "zh-Hans",
        "text": "BERT → DistilBERT（知识蒸馏）\n\nChatGPT ← InstructGPT\n",
        "relations": [("distilbert", "DISTILLED_FROM", "bert"), ("chatgpt", "DERIVED_FROM", "instructgpt")],
    },
    {
        "name": "arrows that are not lineage: one model, a sentence, sizes, code",
        "language": "en",
        "text": "English → German translation with GPT-4.\n\n"
        "We switched our grader from GPT-3.5 → GPT-4 because it agreed more often with people.\n\n"
        "Llama 2 scales well (7B → 70B).\n\n```python\nmodel = Llama2()  # Llama 2 -> Vicuna\n```\n",
        "relations": [],
        "absent": [("gpt-4", "DERIVED_FROM", "gpt-3-5"), ("vicuna", "DERIVED_FROM", "llama-2")],
    },
    {
        "name": "names linked to dataset pages are datasets, even when shaped like models",
        "language": "de",
        "text": "- [Hanbit-7B](https://huggingface.co/datasets/example/hanbit-7b) -> "
        "[Hanbit-13B](https://huggingface.co/datasets/example/hanbit-13b)\n\n"
        "- [Hanbit-7B](https://example.org/hanbit-7b)\n  - [Hanbit-13B](https://huggingface.co/datasets/x/y)\n",
        "relations": [],
        "absent": [("hanbit-13b", "DERIVED_FROM", "hanbit-7b")],
    },
    {
        "name": "a migration and a conversion pipeline are no lineage",
        "language": "en",
        "text": "- Migrated from Llama 2 → Mistral 7B\n- Llama 2 → ONNX → TensorRT\n",
        "relations": [],
        "absent": [("mistral-7b", "DERIVED_FROM", "llama-2")],
    },
    {
        "name": "a vertical chain: a down arrow on its own line, with a fine-tuning note",
        "language": "en",
        "text": "GPT-3\n↓\nInstructGPT\n\n  ⬇️ (RLHF)\n\nChatGPT\n",
        "relations": [("instructgpt", "DERIVED_FROM", "gpt-3"), ("chatgpt", "FINE_TUNES", "instructgpt")],
        "absent": [("chatgpt", "FINE_TUNES", "gpt-3")],
    },
    {
        "name": "a tree drawn with box glyphs",
        "language": "en",
        "text": "LLaMA\n├── Alpaca\n│   └── Koala\n└── Vicuna\n",
        "relations": [
            ("alpaca", "DERIVED_FROM", "llama"),
            ("koala", "DERIVED_FROM", "alpaca"),
            ("vicuna", "DERIVED_FROM", "llama"),
        ],
        "absent": [("koala", "DERIVED_FROM", "llama")],
    },
    {
        "name": "a tree drawn in ASCII; em-dash and double arrows",
        "language": "en",
        "text": "GPT-3\n|-- InstructGPT\n|   `-- ChatGPT\n`-- Codex\n\nBERT —> RoBERTa ==> DeBERTa\n",
        "relations": [
            ("instructgpt", "DERIVED_FROM", "gpt-3"),
            ("chatgpt", "DERIVED_FROM", "instructgpt"),
            ("codex", "DERIVED_FROM", "gpt-3"),
            ("roberta", "DERIVED_FROM", "bert"),
            ("deberta", "DERIVED_FROM", "roberta"),
        ],
    },
    {
        "name": "a nested bullet list of models, one item saying it was fine-tuned (Spanish)",
        "language": "es",
        "text": "## Familia\n\n- Mistral 7B\n  - Mixtral 8x7B\n  - Zephyr (ajuste fino con DPO)\n- Llama 2\n  - Code Llama\n",
        "relations": [
            ("mixtral-8x7b", "DERIVED_FROM", "mistral-7b"),
            ("zephyr", "FINE_TUNES", "mistral-7b"),
            ("code-llama", "DERIVED_FROM", "llama-2"),
        ],
        "absent": [("code-llama", "DERIVED_FROM", "mistral-7b")],
    },
    {
        "name": "a nested list of features under a model is no family tree",
        "language": "en",
        "text": "- Mistral 7B\n  - Sliding window attention\n  - 7.3B parameters\n"
        "  - Llama 2 13B is slower on every benchmark\n  - Apache 2.0 license\n",
        "relations": [],
        "absent": [("llama-2", "DERIVED_FROM", "mistral-7b")],
    },
    {
        "name": "models listed under an organization or a lead-in are no lineage",
        "language": "de",
        "text": "- Meta\n  - Llama 2\n  - OPT\n\nOffene Modelle:\n- Llama 2\n- Mistral 7B\n",
        "relations": [],
        "absent": [("mistral-7b", "DERIVED_FROM", "llama-2"), ("opt", "DERIVED_FROM", "llama-2")],
    },
]

(
    test_without_a_lexicon_structure_gives_exactly_these,
    test_evidence_is_a_quote_of_the_original,
    test_in_its_own_language,
) = case_tests(CASES)


def test_every_arrow_has_its_evidence_and_extractor():
    extraction = extract("GPT-3 → InstructGPT\n", language=NO_LEXICON)
    (relation,) = extraction.relations
    assert relation.extractor == "arrow"
    assert relation.evidence[0].quote == "GPT-3 → InstructGPT"
