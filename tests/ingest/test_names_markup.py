"""Markup: code never names an entity, URLs are context, Markdown link text is a mention, and
Hugging Face repository ids name models, datasets and papers."""

import pytest

from ingest.pipeline import extract


def _found(text: str) -> dict[str, tuple[str, set[tuple[int, str]]]]:
    return {e.key: (e.label, {(m.start, m.text) for m in e.mentions}) for e in extract(text).entities}


CODE = [
    pytest.param(
        "Load it like this:\n\n```python\nfrom transformers import AutoModelForCausalLM\n"
        'model = AutoModelForCausalLM.from_pretrained("gpt2")  # GPT-2 with RoPE\n```\n\nThat is all.\n',
        [],
        id="nothing inside a fenced block",
    ),
    pytest.param(
        "Run the script:\n\n    pip install sentencepiece\n    python train.py --model llama\n\nIt trains BERT.\n",
        [("bert", "Model", "BERT")],
        id="nothing inside an indented block; the prose after it is read",
    ),
    pytest.param(
        "Call `LlamaTokenizer.from_pretrained()` or `AutoModelForCausalLM`, then load `bert-base-uncased` or `gpt2`.",
        [("bert", "Model", "bert-base"), ("gpt-2", "Model", "gpt2")],
        id="inline code: identifiers are code, model ids are names",
    ),
    pytest.param(
        "The class BertForMaskedLM, the call model.generate(x), the option use_flash_attention and the "
        "file alpaca_data.json are code, and so is LlamaTokenizer.",
        [],
        id="code-shaped words in prose",
    ),
    pytest.param(
        "See https://github.com/huggingface/transformers and www.deepmind.com/blog/gopher for details.",
        [],
        id="URLs name nothing",
    ),
]

LINKS = [
    pytest.param(
        "[Falcon](https://huggingface.co/tiiuae/falcon-40b) is strong.",
        [("falcon", "Model", "Falcon")],
        id="link text is the mention, the URL is context",
    ),
    pytest.param(
        "Try [🤗 Pelican-13B-LoRA](https://huggingface.co/birdlab/Pelican-13B-LoRA) today.",
        [("pelican-13b-lora", "Model", "Pelican-13B-LoRA")],
        id="a new name in link text",
    ),
    pytest.param(
        "We fine-tune `mosaicml/mpt-30b-chat` on our data.",
        [("mpt-30b-chat", "Model", "mpt-30b-chat"), ("mosaicml", "Organization", "mosaicml")],
        id="a repository id in backticks: the model and its known lab",
    ),
    pytest.param(
        "We mix in `bigscience/xP3` for multilinguality.",
        [("bigscience", "Organization", "bigscience"), ("xp3", "Dataset", "xP3")],
        id="a known lab's repository of a known dataset",
    ),
    pytest.param(
        "Weights: 🤗 birdlab/pelican-7b",
        [("pelican-7b", "Model", "birdlab/pelican-7b")],
        id="a repository id of an unknown account is named whole",
    ),
    pytest.param(
        "The chat weights are [here](https://huggingface.co/birdlab/Pelican-7B-Chat).",
        [("pelican-7b-chat", "Model", "Pelican-7B-Chat")],
        id="a hub URL behind generic link text names its model",
    ),
    pytest.param(
        "Get [the data](https://huggingface.co/datasets/birdlab/pelican-instructions).",
        [("pelican-instructions", "Dataset", "pelican-instructions")],
        id="a dataset URL names a dataset",
    ),
    pytest.param(
        "Read https://hf.co/papers/2310.06825 and [the paper](https://huggingface.co/papers/2401.04088).",
        [("arxiv:2310.06825", "Paper", "https://hf.co/papers/2310.06825"), ("arxiv:2401.04088", "Paper", "the paper")],
        id="hub paper pages are arXiv papers",
    ),
    pytest.param(
        "Try the [demo](https://huggingface.co/spaces/birdlab/pelican-7b-demo).", [], id="a Space is no model"
    ),
    pytest.param(
        "Compare GPT-3/GPT-4 and BERT/RoBERTa over TCP/IP and/or input/output.",
        [
            ("gpt-3", "Model", "GPT-3"),
            ("gpt-4", "Model", "GPT-4"),
            ("bert", "Model", "BERT"),
            ("roberta", "Model", "RoBERTa"),
        ],
        id="a slash between two known names is no repository id",
    ),
    pytest.param(
        "We follow [Together](https://huggingface.co/togethercomputer/LLaMA-2-7B-32K).",
        [("together-ai", "Organization", "Together"), ("llama-2-7b-32k", "Model", "LLaMA-2-7B-32K")],
        id="link text naming the repository's lab",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CODE + LINKS)
def test_markup(text, expected):
    found = _found(text)
    assert set(found) == {key for key, _, _ in expected}, found
    for key, label, surface in expected:
        assert found[key][0] == label, key
        assert (text.index(surface), surface) in found[key][1], (key, found[key][1])
