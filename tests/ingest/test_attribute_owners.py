"""Attribute values belong to the subject of the sentence that states them, and every claim says
how it was read. Sentences written for these tests, one construction per kind of error: a figure
stated of a model that mentions another in passing, a date from the sentence next door, a
developer suggested only by an organization's heading above the model's section."""

import pytest

from ingest.pipeline import extract
from ingest.services import extraction_to_document


def _attributes(text: str) -> dict:
    return {e.key: e for e in extract(text).entities}


def _relations(text: str) -> dict:
    return {(r.subject, r.type, r.object): r for r in extract(text).relations}


# The subject comes first and the other model is only what it copies or is compared with.
PASSING = [
    ("en", "## Open replicas\n\nFalcon is a reimplementation of BLOOM, trained on only 350B tokens.\n"),
    ("en", "## Open replicas\n\nUnlike BLOOM, Falcon was trained on 350B tokens.\n"),
    ("zh", "## 开源复刻\n\nFalcon 是 BLOOM 的复刻版,仅在 350B 个 token 上训练。\n"),
    ("zh", "## 开源复刻\n\n与 BLOOM 不同,Falcon 在 350B 个 token 上训练。\n"),
    ("de", "## Offene Nachbauten\n\nFalcon ist ein Nachbau von BLOOM, trainiert mit nur 350 Milliarden Tokens.\n"),
    (
        "fr",
        "## Répliques ouvertes\n\nFalcon est une réplique de BLOOM, entraînée sur seulement 350 milliards de tokens.\n",
    ),
]


@pytest.mark.parametrize(("language", "text"), PASSING, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(PASSING)])
def test_a_figure_belongs_to_the_subject_not_the_model_mentioned_in_passing(language, text):
    entities = _attributes(text)
    assert entities["falcon"].attributes.get("training_tokens") == 350_000_000_000
    assert entities["falcon"].attribute_sources["training_tokens"].extractor == f"clause:{language}:attribute"
    assert "training_tokens" not in entities["bloom"].attributes


@pytest.mark.parametrize(
    "text",
    [
        "## Model notes\n\nCompared with BLOOM, Falcon's 40B parameters are modest.\n",
        "## 模型笔记\n\n参数量为 400 亿的 Falcon 并不是 BLOOM 的后继者。\n",
    ],
)
def test_a_possessor_or_a_described_name_takes_its_own_figure(text):
    entities = _attributes(text)
    assert entities["falcon"].attributes.get("parameters") == 40_000_000_000
    assert "parameters" not in entities["bloom"].attributes


def test_a_figure_whose_subject_is_not_named_is_dropped():
    # Both models are bound (compared, copied): the sentence's own subject is not a known name.
    entities = _attributes("## Open replicas\n\nLike BLOOM, a copy of Falcon was trained on 350B tokens.\n")
    assert "training_tokens" not in entities["falcon"].attributes
    assert "training_tokens" not in entities["bloom"].attributes


# A section about one model; the sentence before the date is about another one.
NEIGHBOUR = [
    ("en", "## Vicuna\n\nGPT-2 was one of the earliest models of this line. It was released in 2019.\n"),
    ("zh", "## Vicuna\n\nGPT-2 是这一系列中较早的模型。它于 2019 年发布。\n"),
    ("de", "## Vicuna\n\nGPT-2 war eines der frühen Modelle dieser Reihe. Es wurde im Februar 2019 veröffentlicht.\n"),
]


@pytest.mark.parametrize(("language", "text"), NEIGHBOUR, ids=[lang for lang, _ in NEIGHBOUR])
def test_a_date_from_the_neighbouring_sentence_does_not_leak_to_the_section_subject(language, text):
    entities = _attributes(text)
    assert "released" not in entities["vicuna"].attributes
    assert entities["gpt-2"].attributes["released"] in ("2019", "2019-02")
    source = entities["gpt-2"].attribute_sources["released"]
    assert (source.extractor, source.confidence) == ("pronoun:attribute", 0.6)


def test_a_figure_in_a_pronoun_sentence_goes_to_the_model_before_not_the_section_subject():
    text = "## Vicuna\n\nGPT-2 fut l'un des premiers modèles de cette lignée. Il compte 1,5 milliard de paramètres.\n"
    entities = _attributes(text)
    assert "parameters" not in entities["vicuna"].attributes
    assert entities["gpt-2"].attributes["parameters"] == 1_500_000_000
    assert entities["gpt-2"].attribute_sources["parameters"].extractor == "pronoun:attribute"


def test_a_nameless_sentence_after_another_models_sentence_claims_nothing():
    entities = _attributes("## Vicuna\n\nGPT-2 是这一系列中较早的模型。2019 年发布。\n")
    assert "released" not in entities["vicuna"].attributes
    assert "released" not in entities["gpt-2"].attributes


def test_the_section_subject_alone_gives_a_low_confidence_claim():
    entities = _attributes("## Vicuna\n\nThe chat model was released in March 2023.\n")
    assert entities["vicuna"].attributes["released"] == "2023-03"
    source = entities["vicuna"].attribute_sources["released"]
    assert (source.extractor, source.confidence) == ("section-subject:attribute", 0.5)


HEADING_ONLY = [
    "# Meta\n\n## Vicuna\n\nVicuna is a chat model fine-tuned from LLaMA.\n",
    "# Meta\n\n## Vicuna\n\nVicuna 是基于 LLaMA 微调的对话模型。\n",
    "# Meta\n\n## Vicuna\n\nVicuna ist ein auf LLaMA feinabgestimmtes Chatmodell.\n",
    "# Meta\n\n## Vicuna\n\nVicuna est un modèle conversationnel affiné à partir de LLaMA.\n",
]


@pytest.mark.parametrize("text", HEADING_ONLY, ids=["en", "zh", "de", "fr"])
def test_a_developer_from_the_parent_heading_only_is_low_confidence(text):
    relation = _relations(text)[("vicuna", "DEVELOPED_BY", "meta")]
    assert relation.extractor == "section-parent"
    assert relation.confidence < 0.6


STATED = [
    "# Meta\n\n## Vicuna\n\nVicuna was developed by LMSYS.\n",
    "# Meta\n\n## Vicuna\n\nVicuna 由 LMSYS 开发。\n",
    "# Meta\n\n## Vicuna\n\nVicuna wurde von LMSYS entwickelt.\n",
    "# Meta\n\n## Vicuna\n\nVicuna a été développé par LMSYS.\n",
]


@pytest.mark.parametrize("text", STATED, ids=["en", "zh", "de", "fr"])
def test_a_developer_stated_in_the_section_beats_the_parent_heading(text):
    relations = _relations(text)
    assert ("vicuna", "DEVELOPED_BY", "lmsys") in relations
    assert ("vicuna", "DEVELOPED_BY", "meta") not in relations


def test_a_stated_developer_is_surer_than_the_heading_suggestion():
    text = (
        "# Meta\n\n## LLaMA\n\nLLaMA was developed by Meta.\n\n"
        "## Vicuna\n\nVicuna is a chat model fine-tuned from LLaMA.\n"
    )
    relations = _relations(text)
    stated, suggested = relations[("llama", "DEVELOPED_BY", "meta")], relations[("vicuna", "DEVELOPED_BY", "meta")]
    assert stated.extractor == "clause:en:developed_by"
    assert suggested.confidence < stated.confidence


def test_attribute_claims_in_the_document_carry_how_they_were_read():
    text = (
        "## Falcon\n\n"
        "属性:400 亿参数,60层\n"
        "Falcon 在 1 万亿个 token 上训练。\n\n"
        "该模型于 2023 年 5 月发布。\n\n"
        "| 模型 | 规模 |\n|---|---|\n| Mistral 7B | 7.3B 参数 |\n"
    )
    document = extraction_to_document(extract(text), key="doc-attrs")
    claims = {(a.entity, a.name): (a.claim.extractor, a.claim.confidence) for a in document.attributes}
    assert claims[("falcon", "parameters")] == ("kv:属性", 0.9)
    assert claims[("falcon", "layers")] == ("kv:属性", 0.9)
    assert claims[("falcon", "training_tokens")] == ("clause:zh:attribute", 0.75)
    assert claims[("falcon", "released")] == ("section-subject:attribute", 0.5)
    assert claims[("mistral-7b", "parameters")] == ("table:规模", 0.85)


# A date that opens a clause whose verb releases something else: the history of one model traced
# back to the release of another.
TRACED_BACK = [
    "## Mistral Large\n\nMistral Large 可以追溯到2023年，当时 Mistral AI 发布了 Mistral 7B。\n",
    "## Mistral Large\n\nMistral Large has roots in 2023, when Mistral AI released Mistral 7B.\n",
]


@pytest.mark.parametrize("text", TRACED_BACK, ids=["zh", "en"])
def test_a_date_opening_a_release_clause_is_the_release_of_what_that_clause_releases(text):
    entities = _attributes(text)
    assert "released" not in entities["mistral-large"].attributes
    assert entities["mistral-7b"].attributes.get("released") == "2023"


def test_a_release_clause_naming_no_model_is_the_section_models_release():
    entities = _attributes("## Orca\n\n2023年6月，微软正式发布。\n")
    assert entities["orca"].attributes.get("released") == "2023-06"
