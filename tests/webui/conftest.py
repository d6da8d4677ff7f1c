"""A small multilingual graph for the page tests, loaded through the services like the pipeline's output."""

from dataclasses import dataclass

import pytest

from kg import services
from tests.factories import article

ZH_T5 = "谷歌在2019年发布了 T5 模型。"
ZH_T5_SHAPE = "T5 采用编码器-解码器架构,参数量为110亿,上下文长度为512。"
ZH_FLAN = "Flan-T5 是谷歌在 T5 基础上进行指令微调得到的模型。"
ZH_PALM = "PaLM 同样由谷歌开发,使用了 SwiGLU。"
ZH_ALPACA = "斯坦福的羊驼(Alpaca)在 LLaMA 上微调而来。"
ZH_NOISE = "#话题#关注我们获取更多资讯"
ZH_TEXT = "\n".join(["# 谷歌的语言模型", "", ZH_T5, ZH_T5_SHAPE, ZH_FLAN, ZH_PALM, "", ZH_ALPACA, ZH_NOISE])

DE_T5 = "T5 erschien im Oktober 2019 und wurde in arXiv:1910.10683 vorgestellt."
DE_FLAN = "Flan-T5 erschien im Oktober 2022 und hat eine Kontextlänge von 2048."
DE_MT5 = "mT5 ist die mehrsprachige Variante von T5, erschienen im Oktober 2020."
DE_BYT5 = "ByT5 arbeitet auf Bytes und baut auf mT5 auf."
DE_TEXT = " ".join([DE_T5, DE_FLAN, DE_MT5, DE_BYT5])

EN_CHAIN = "InstructGPT fine-tunes GPT-3. ChatGPT fine-tunes InstructGPT. GPT-3 was built by OpenAI."
# Which models use RMSNorm, with the release dates the sentences state: the technique page orders by them.
RMSNORM_USERS = {"llama": "2023-02", "gopher": "2021-12", "chinchilla": "2022-03"}
EN_USES = {
    "llama": "LLaMA, released 2023-02, uses RMSNorm.",
    "gopher": "Gopher, released 2021-12, uses RMSNorm.",
    "chinchilla": "Chinchilla, released 2022-03, uses RMSNorm and was trained on MassiveText.",
}
EN_TEXT = " ".join([EN_CHAIN, *EN_USES.values()])


@dataclass(frozen=True)
class Corpus:
    zh: str = "zh-google"
    de: str = "de-t5"
    en: str = "en-gpt"


def load_corpus() -> Corpus:
    corpus = Corpus()
    services.document_load(
        doc=article(
            corpus.zh,
            text=ZH_TEXT,
            language="zh-Hans",
            title="谷歌的语言模型",
            facts=(
                ("t5", "DEVELOPED_BY", "google", ZH_T5),
                ("flan-t5", "FINE_TUNES", "t5", ZH_FLAN),
                ("flan-t5", "DEVELOPED_BY", "google", ZH_FLAN),
                ("flan-t5", "USES", "instruction-tuning", ZH_FLAN),
                ("palm", "DEVELOPED_BY", "google", ZH_PALM),
                ("palm", "USES", "swiglu", ZH_PALM),
                ("alpaca", "FINE_TUNES", "llama", ZH_ALPACA),
            ),
            attributes=(
                ("t5", "released", "2019", ZH_T5),
                ("t5", "architecture", "encoder-decoder", ZH_T5_SHAPE),
                ("t5", "parameters", 11_000_000_000, ZH_T5_SHAPE),
                ("t5", "context_length", 512, ZH_T5_SHAPE),
            ),
            report={
                "extractor": "test/1",
                "entities_by_label": {"Model": 5, "Organization": 1},
                "relations_by_type": {"FINE_TUNES": 2, "DEVELOPED_BY": 3},
                "timings_ms": {"read": 1.5, "normalize": 12.25},
                "noise": [{"line": ZH_TEXT.split("\n").index(ZH_NOISE) + 1, "text": ZH_NOISE, "reason": "hashtag"}],
                "noise_by_reason": {"hashtag": 1},
            },
        )
    )
    services.document_load(
        doc=article(
            corpus.de,
            text=DE_TEXT,
            language="de",
            title="T5 und Flan-T5",
            facts=(
                ("t5", "INTRODUCED_IN", "arxiv:1910.10683", DE_T5),
                ("mt5", "DERIVED_FROM", "t5", DE_MT5),
                ("byt5", "DERIVED_FROM", "mt5", DE_BYT5),
            ),
            attributes=(
                ("t5", "released", "2019-10", DE_T5),
                ("flan-t5", "released", "2022-10", DE_FLAN),
                ("flan-t5", "context_length", 2048, DE_FLAN),
                ("mt5", "released", "2020-10", DE_MT5),
            ),
        )
    )
    services.document_load(
        doc=article(
            corpus.en,
            text=EN_TEXT,
            facts=(
                ("instructgpt", "FINE_TUNES", "gpt-3", "InstructGPT fine-tunes GPT-3."),
                ("chatgpt", "FINE_TUNES", "instructgpt", "ChatGPT fine-tunes InstructGPT."),
                ("gpt-3", "DEVELOPED_BY", "openai", "GPT-3 was built by OpenAI."),
                ("chinchilla", "TRAINED_ON", "massivetext", EN_USES["chinchilla"]),
                *((model, "USES", "rmsnorm", sentence) for model, sentence in EN_USES.items()),
            ),
            attributes=tuple((m, "released", date, EN_USES[m]) for m, date in RMSNORM_USERS.items()),
        )
    )
    return corpus


@pytest.fixture
def corpus(graph, db) -> Corpus:
    return load_corpus()


@pytest.fixture
def live_corpus(graph, transactional_db) -> Corpus:
    """The same graph for browser tests: the live server's thread needs committed data."""
    return load_corpus()


# A web address an extraction took for an alias of GPT-3, as real articles' did: never listed as a name.
GPT3_URL = "https://github.com/openai/gpt-3/blob/master/175b_samples_of_the_model_unconditioned_temperature_1.jsonl"
# A footer line with a link, dropped as noise: the report's table of dropped lines quotes it whole.
EN_URL_FOOTER = "Read the original: https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv_WxYz0123456789_share"
EN_URL_TEXT = f"GPT3 samples are published at {GPT3_URL} for everyone.\n{EN_URL_FOOTER}"


def load_url_alias() -> None:
    services.document_load(
        doc=article(
            "en-gpt-url",
            text=EN_URL_TEXT,
            entities={"gpt-3": ("Model", "GPT-3", ("GPT-3", "GPT3", GPT3_URL))},
            report={"noise": [{"line": 2, "text": EN_URL_FOOTER, "reason": "after-article-end"}]},
        )
    )
