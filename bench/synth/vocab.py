"""Words, names and sentence templates the synthetic hub is made of, in English, Chinese and German."""

import re

from kg.vocabulary import RelType

EXTRACTOR = "synth"
EXTRACTOR_VERSION = "kg-synth/1"
MAX_DEPTH = 10

# Latin syllables with a Chinese transliteration: names in two scripts that stay consistent.
SYLLABLES = tuple(
    zip(
        "ka lu mi no ra te vo zi sa qi fe or el ba de go hu ji ma pe ri su ta xi".split(),
        "卡 鲁 米 诺 拉 特 沃 兹 萨 奇 菲 奥 埃 巴 德 戈 胡 吉 马 佩 里 苏 塔 西".split(),
        strict=True,
    )
)
SIZES = (0.5, 1, 1.5, 3, 7, 8, 13, 14, 34, 70, 180, 405)  # billions of parameters
# (English, Chinese, German) forms of what a derivative's name says about it.
VARIANTS: dict[RelType, tuple[tuple[str, str, str], ...]] = {
    RelType.FINE_TUNES: (
        ("Instruct", "指令", "Anweisung"),
        ("Chat", "对话", "Dialog"),
        ("Coder", "代码", "Kode"),
        ("Math", "数学", "Mathe"),
        ("Med", "医疗", "Medizin"),
        ("Law", "法律", "Recht"),
        ("DPO", "偏好", "Praeferenz"),
        ("Roleplay", "角色扮演", "Rollenspiel"),
    ),
    RelType.DERIVED_FROM: (
        ("GGUF", "量化", "Quantisiert"),
        ("Merge", "融合", "Fusion"),
        ("Long", "长文本", "Lang"),
        ("MoE", "混合专家", "Expertenmix"),
    ),
    RelType.DISTILLED_FROM: (("Distill", "蒸馏", "Destillat"), ("Mini", "迷你", "Mini")),
}
LINEAGE_SHARE = {RelType.FINE_TUNES: 0.7, RelType.DERIVED_FROM: 0.22, RelType.DISTILLED_FROM: 0.08}
TECHNIQUE_NOUNS = (
    ("Attention", "注意力", "Aufmerksamkeit", "architecture"),
    ("Norm", "归一化", "Normierung", "architecture"),
    ("Embedding", "位置编码", "Einbettung", "architecture"),
    ("Routing", "路由", "Weiterleitung", "architecture"),
    ("Adapter", "适配器", "Adapter", "post-training"),
    ("Alignment", "对齐", "Ausrichtung", "post-training"),
    ("Quantization", "量化", "Quantisierung", "inference"),
    ("Decoding", "解码", "Dekodierung", "inference"),
    ("Prompting", "提示", "Anleitung", "prompting"),
    ("Tokenizer", "分词", "Zerlegung", "tokenization"),
    ("Filtering", "过滤", "Filterung", "data"),
    ("Schedule", "调度", "Zeitplan", "training"),
)
ORG_SUFFIXES = (("AI", "智能", "KI"), ("Labs", "实验室", "Labor"), ("Research", "研究院", "Forschung"))
DATASET_SUFFIXES = (
    ("Corpus", "语料库", "Korpus"),
    ("Web", "网页集", "Netzkorpus"),
    ("Instruct", "指令集", "Anweisungen"),
)
LANGUAGES = (("en", 0.5), ("zh-Hans", 0.3), ("de", 0.2))
RELATION_TEMPLATES: dict[str, dict[RelType, str]] = {
    "en": {
        RelType.FINE_TUNES: "{s} is a fine-tune of {o}.",
        RelType.DERIVED_FROM: "{s} is derived from {o}.",
        RelType.DISTILLED_FROM: "{s} was distilled from {o}.",
        RelType.USES: "{s} uses {o}.",
        RelType.DEVELOPED_BY: "{s} was developed by {o}.",
        RelType.INTRODUCED_IN: "{s} was introduced in {o}.",
        RelType.PUBLISHED_BY: "{s} was published by {o}.",
        RelType.TRAINED_ON: "{s} was trained on {o}.",
    },
    "zh-Hans": {
        RelType.FINE_TUNES: "{s}是在{o}基础上微调的。",
        RelType.DERIVED_FROM: "{s}源自{o}。",
        RelType.DISTILLED_FROM: "{s}由{o}蒸馏而来。",
        RelType.USES: "{s}使用了{o}。",
        RelType.DEVELOPED_BY: "{s}由{o}开发。",
        RelType.INTRODUCED_IN: "{s}在论文{o}中提出。",
        RelType.PUBLISHED_BY: "论文{s}由{o}发表。",
        RelType.TRAINED_ON: "{s}在{o}上训练。",
    },
    "de": {
        RelType.FINE_TUNES: "{s} ist eine Feinabstimmung von {o}.",
        RelType.DERIVED_FROM: "{s} basiert auf {o}.",
        RelType.DISTILLED_FROM: "{s} wurde aus {o} destilliert.",
        RelType.USES: "{s} verwendet {o}.",
        RelType.DEVELOPED_BY: "{s} wurde von {o} entwickelt.",
        RelType.INTRODUCED_IN: "{s} wurde in {o} vorgestellt.",
        RelType.PUBLISHED_BY: "{s} wurde von {o} veröffentlicht.",
        RelType.TRAINED_ON: "{s} wurde mit {o} trainiert.",
    },
}
ATTRIBUTE_TEMPLATES = {
    "en": {"parameters": "{s} has {v} billion parameters.", "released": "{s} was released in {v}."},
    "zh-Hans": {"parameters": "{s}有{v}B参数。", "released": "{s}于{v}发布。"},
    "de": {"parameters": "{s} hat {v} Milliarden Parameter.", "released": "{s} erschien {v}."},
}
PLACEHOLDER = re.compile(r"(\{s\}|\{o\}|\{v\})")
