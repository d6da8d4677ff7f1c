"""Key-value lines and their lists state relations of the line's subject, in any language.

Each case is read twice: with no language lexicon at all (a made-up language code, so only
structure speaks and the relations must be exactly the expected ones), and in its own language
(the expected relations must be among those found, the listed wrong ones must not)."""

from tests.ingest.structure_cases import case_tests

CASES = [
    {
        "name": "an English model card: bold keys in a bullet list under the model's heading",
        "language": "en",
        "text": "# Nimbus-7B\n\n"
        "- **Base model:** Mistral 7B\n"
        "- **Developed by:** Hugging Face\n"
        "- **Training data:** UltraChat\n"
        "- **Paper:** https://arxiv.org/abs/2310.16944\n",
        "relations": [
            ("nimbus-7b", "FINE_TUNES", "mistral-7b"),
            ("nimbus-7b", "DEVELOPED_BY", "hugging-face"),
            ("nimbus-7b", "TRAINED_ON", "ultrachat"),
            ("nimbus-7b", "INTRODUCED_IN", "arxiv:2310.16944"),
        ],
    },
    {
        "name": "bold key before the colon, a title naming the model, generic section headings",
        "language": "en",
        "text": "# Model card for Orion-3B\n\n## Model details\n\n"
        "**Fine-tuned from**: Llama 2\n**Model developers**: Meta\n\n"
        "## Training details\n\n### Training data\n\n- The Pile\n- RedPajama\n- a private crawl of forums\n",
        "relations": [
            ("orion-3b", "FINE_TUNES", "llama-2"),
            ("orion-3b", "DEVELOPED_BY", "meta"),
            ("orion-3b", "TRAINED_ON", "the-pile"),
            ("orion-3b", "TRAINED_ON", "redpajama"),
        ],
    },
    {
        "name": "the model card template's bracketed notes after a key; a merge names its sources",
        "language": "en",
        "text": "# Nimbus-7B\n\n- **Finetuned from model [optional]:** Mistral 7B\n- **Developed by (lab):** Google\n\n"
        "# Blend-7B\n\n- Merged from: Mistral 7B, Llama 2\n",
        "relations": [
            ("nimbus-7b", "FINE_TUNES", "mistral-7b"),
            ("nimbus-7b", "DEVELOPED_BY", "google"),
            ("blend-7b", "DERIVED_FROM", "mistral-7b"),
            ("blend-7b", "DERIVED_FROM", "llama-2"),
        ],
    },
    {
        "name": "YAML front matter above the title",
        "language": "en",
        "text": "---\nbase_model: Mistral 7B\nlicense: apache-2.0\n---\n# Nimbus-7B\n\nA small assistant.\n",
        "relations": [("nimbus-7b", "FINE_TUNES", "mistral-7b")],
    },
    {
        "name": "Simplified Chinese keys with full-width colons",
        "language": "zh-Hans",
        "text": "## Qilin-7B\n\n* 基础模型：Llama 2\n* 开发者：清华大学\n* 训练数据：The Pile\n",
        "relations": [
            ("qilin-7b", "FINE_TUNES", "llama-2"),
            ("qilin-7b", "DEVELOPED_BY", "tsinghua-university"),
            ("qilin-7b", "TRAINED_ON", "the-pile"),
        ],
    },
    {
        "name": "Traditional Chinese keys (基座模型, 開發者) read through the Simplified copy",
        "language": "zh-Hant",
        "text": "### Formosa-7B\n\n- 基座模型：Mistral 7B\n- 開發者：Google\n- 訓練數據：C4\n",
        "relations": [
            ("formosa-7b", "FINE_TUNES", "mistral-7b"),
            ("formosa-7b", "DEVELOPED_BY", "google"),
            ("formosa-7b", "TRAINED_ON", "c4"),
        ],
    },
    {
        "name": "Japanese keys",
        "language": "ja",
        "text": "## Youko-8B\n\n- ベースモデル：Llama 3\n- 開発者：Google\n- 学習データ：C4\n",
        "relations": [
            ("youko-8b", "FINE_TUNES", "llama-3"),
            ("youko-8b", "DEVELOPED_BY", "google"),
            ("youko-8b", "TRAINED_ON", "c4"),
        ],
    },
    {
        "name": "a bold name line heads the key-value block below it (Japanese, Korean)",
        "language": "ja",
        "text": "公開したモデルは次のとおりです。\n\n**Hikari-7B**\n\n- ベースモデル：Mistral 7B\n- 学習データ：Wikipedia\n\n"
        "**Saebyeok-7B**\n- 기반 모델: Gemma\n",
        "relations": [
            ("hikari-7b", "FINE_TUNES", "mistral-7b"),
            ("hikari-7b", "TRAINED_ON", "wikipedia"),
            ("saebyeok-7b", "FINE_TUNES", "gemma"),
        ],
        "absent": [("hikari-7b", "FINE_TUNES", "gemma")],
    },
    {
        "name": "Korean keys, with and without the space in 베이스 모델",
        "language": "ko",
        "text": "### KoGemma-2B\n\n- 베이스모델: Gemma\n- 개발사: Google\n- 학습 데이터: The Pile\n\n"
        "### Hanbit-13B\n\n- 기반 모델: Llama 2\n",
        "relations": [
            ("kogemma-2b", "FINE_TUNES", "gemma"),
            ("kogemma-2b", "DEVELOPED_BY", "google"),
            ("kogemma-2b", "TRAINED_ON", "the-pile"),
            ("hanbit-13b", "FINE_TUNES", "llama-2"),
        ],
    },
    {
        "name": "Arabic keys",
        "language": "ar",
        "text": "## Sahm-13B\n\n- النموذج الأساسي: Llama 2\n- المطور: Meta\n- بيانات التدريب: Common Crawl\n",
        "relations": [
            ("sahm-13b", "FINE_TUNES", "llama-2"),
            ("sahm-13b", "DEVELOPED_BY", "meta"),
            ("sahm-13b", "TRAINED_ON", "common-crawl"),
        ],
    },
    {
        "name": "French keys with a space before the colon",
        "language": "fr",
        "text": "**Claire-7B**\n\n- **Modèle de base :** Falcon\n- **Développé par :** Meta\n"
        "- **Données d'entraînement :** RefinedWeb\n",
        "relations": [
            ("claire-7b", "FINE_TUNES", "falcon"),
            ("claire-7b", "DEVELOPED_BY", "meta"),
            ("claire-7b", "TRAINED_ON", "refinedweb"),
        ],
    },
    {
        "name": "Spanish, Italian, Russian and Vietnamese keys under their model's headings",
        "language": "es",
        "text": "## Aguila-7B\n\n- Modelo base: Falcon\n- Desarrollado por: Google\n"
        "- Datos de entrenamiento: Wikipedia\n\n"
        "## Cerbero-7B\n\n- Modello base: Mistral 7B\n\n"
        "## Saiga-13B\n\n- Базовая модель: Llama 2\n- Разработчик: Meta\n\n"
        "## Vistral-7B\n\n- Mô hình cơ sở: Mistral 7B\n",
        "relations": [
            ("aguila-7b", "FINE_TUNES", "falcon"),
            ("aguila-7b", "DEVELOPED_BY", "google"),
            ("aguila-7b", "TRAINED_ON", "wikipedia"),
            ("cerbero-7b", "FINE_TUNES", "mistral-7b"),
            ("saiga-13b", "FINE_TUNES", "llama-2"),
            ("saiga-13b", "DEVELOPED_BY", "meta"),
            ("vistral-7b", "FINE_TUNES", "mistral-7b"),
        ],
    },
    {
        "name": "German keys; derived and architecture keys give DERIVED_FROM and USES",
        "language": "de",
        "text": "## Lumo-7B\n\n- Basismodell: Llama 2\n- Entwickelt von: Hugging Face\n\n"
        "## Kestrel-3B\n\n- Derived from: Mistral 7B\n- Architecture: Mixture of Experts\n",
        "relations": [
            ("lumo-7b", "FINE_TUNES", "llama-2"),
            ("lumo-7b", "DEVELOPED_BY", "hugging-face"),
            ("kestrel-3b", "DERIVED_FROM", "mistral-7b"),
            ("kestrel-3b", "USES", "mixture-of-experts"),
        ],
    },
    {
        "name": "a key with its values listed below it",
        "language": "en",
        "text": "# Nova-7B\n\n- **Base model:** Mistral 7B\n- **Training data:**\n  - UltraChat\n  - ShareGPT\n"
        "  - conversations we collected ourselves\n- **License:** Apache 2.0\n",
        "relations": [
            ("nova-7b", "FINE_TUNES", "mistral-7b"),
            ("nova-7b", "TRAINED_ON", "ultrachat"),
            ("nova-7b", "TRAINED_ON", "sharegpt"),
        ],
    },
    {
        "name": "key-value lines nested under the list item of the model they describe",
        "language": "en",
        "text": "## Community models\n\n- **Pelican-7B**\n  - Base model: Llama 2\n  - Developed by: LMSYS\n"
        "- **Wombat-13B**\n  - Base model: LLaMA\n",
        "relations": [
            ("pelican-7b", "FINE_TUNES", "llama-2"),
            ("pelican-7b", "DEVELOPED_BY", "lmsys"),
            ("wombat-13b", "FINE_TUNES", "llama"),
        ],
        "absent": [("wombat-13b", "FINE_TUNES", "llama-2"), ("pelican-7b", "FINE_TUNES", "llama")],
    },
    {
        "name": "item labels with the maker in parentheses (Spanish survey bullets, a bold line)",
        "language": "es",
        "text": "## Modelos recientes\n\n"
        "- **Gemma (Google, feb. 2024):** modelo abierto y ligero.\n"
        "- **Claude (vs. OpenAI):** comparación de asistentes.\n"
        "- **Llama 2 (Meta)** — pesos abiertos.\n"
        "- BLOOM (BigScience) supera a otros modelos en francés.\n\n"
        "**Mistral 7B (Mistral AI, 2023)**\n",
        "relations": [
            ("gemma", "DEVELOPED_BY", "google"),
            ("llama-2", "DEVELOPED_BY", "meta"),
            ("mistral-7b", "DEVELOPED_BY", "mistral-ai"),
        ],
        "absent": [("claude", "DEVELOPED_BY", "openai")],
    },
    {
        "name": "a value that says there is none states nothing",
        "language": "en",
        "text": "# Pico-1B\n\n- Base model: none (trained from scratch, unlike Llama 2)\n- Developed by: Google\n",
        "relations": [("pico-1b", "DEVELOPED_BY", "google")],
        "absent": [("pico-1b", "FINE_TUNES", "llama-2")],
    },
    {
        "name": "a key without a colon opens a sentence, not a key-value line",
        "language": "xx",
        "text": "# Pico-1B\n\nBase model Llama 2 was released by Meta in July.\n",
        "relations": [],
        "absent": [("pico-1b", "FINE_TUNES", "llama-2")],
    },
    {
        "name": "no subject: a heading naming two models, or a document that opens with a sentence",
        "language": "xx",
        "text": "Llama 2 is a family of open models.\n\n- Training data: The Pile\n\n"
        "## Llama 2 vs Mistral 7B\n\n- Developed by: Meta\n",
        "relations": [],
        "absent": [("llama-2", "TRAINED_ON", "the-pile"), ("llama-2", "DEVELOPED_BY", "meta")],
    },
    {
        "name": "a title naming a model and a technique is no model card; a fenced config is no card either",
        "language": "xx",
        "text": "# Fine-tuning Llama 2 with QLoRA\n\n## Training data\n\n- UltraChat\n\n"
        "```yaml\nbase_model: Mistral 7B\n```\n",
        "relations": [],
        "absent": [("llama-2", "TRAINED_ON", "ultrachat"), ("llama-2", "FINE_TUNES", "mistral-7b")],
    },
    {
        "name": "a heading shaped like a name the recognizer missed does not hand its lines to the title",
        "language": "xx",
        "text": "# Llama 2\n\n## Q-Orca\n\n- Base model: Mistral 7B\n",
        "relations": [],
        "absent": [("llama-2", "FINE_TUNES", "mistral-7b")],
    },
]

(
    test_without_a_lexicon_structure_gives_exactly_these,
    test_evidence_is_a_quote_of_the_original,
    test_in_its_own_language,
) = case_tests(CASES)


def test_every_relation_key_names_one_role_only():
    from ingest.lexicon.loader import load_rules
    from ingest.pipeline.segment import key_form

    data = load_rules(name="keyvalue")
    owners: dict[str, str] = {}
    for group in ("roles", "relation_roles"):
        for role, keys in data[group].items():
            for key in keys:
                assert owners.setdefault(key_form(text=str(key)), role) == role, key
