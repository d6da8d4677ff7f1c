"""One key per model across spellings and typos; names not cut short; glued sizes are no models."""

from ingest.pipeline import extract


def _models(text: str, language: str | None = None) -> dict:
    return {e.key: e for e in extract(text, name="t.txt", language=language).entities if e.label == "Model"}


def test_a_new_name_with_and_without_a_hyphen_before_its_number_has_one_key_across_documents():
    first = _models("Wir testen das Modell Zorblat-042 auf deutschen Texten.", language="de")
    second = _models("We evaluated the Zorblat042 model on English benchmarks.", language="en")
    assert set(first) == set(second) == {"zorblat-042"}


def test_glued_and_hyphenated_versions_of_a_new_name_share_a_key():
    first = _models("The Quillon3.5 model answers questions quickly.")
    second = _models("该模型 Quillon-3.5 回答问题很快。")
    assert set(first) == set(second) == {"quillon-3-5"}


def test_swapped_letters_in_a_known_name_resolve_to_that_model():
    models = _models("Our chatbot uses the GTP-3.5 model and was compared with Claude.")
    assert "gpt-3-5" in models and "gtp-3-5" not in models
    assert "GTP-3.5" in models["gpt-3-5"].aliases


def test_a_typo_between_two_new_names_is_proposed_as_a_merge():
    extraction = extract("The Vorlax-7 model is strong. Later the Volrax-7 model was tuned again.", name="t.txt")
    pairs = {(p.key, p.other_key) for p in extraction.merge_proposals}
    assert ("vorlax-7", "volrax-7") in pairs or ("volrax-7", "vorlax-7") in pairs


def test_a_size_glued_to_a_known_version_is_not_a_model():
    for text in (
        "The paper compares GPT-313B with the full model GPT-3.",
        "论文比较了 GPT-313B 和完整的 GPT-3 模型。",
        "Das Papier vergleicht GPT-313B mit dem vollen Modell GPT-3.",
    ):
        assert set(_models(text)) == {"gpt-3"}, text


def test_a_known_checkpoint_size_is_not_taken_for_a_glued_one():
    assert "llama" in _models("LLaMA-13B was trained on public data only.")


def test_a_hyphenated_name_part_after_a_known_model_is_a_model_of_its_own():
    models = _models("The Qwen2-Audio model is derived from Qwen2-7B and understands speech.")
    assert "qwen-2-audio" in models and "qwen-2" not in models
    relations = {
        (r.subject, r.type, r.object)
        for r in extract(
            "The Qwen2-Audio model is derived from Qwen2-7B and understands speech.", name="t.txt"
        ).relations
    }
    assert ("qwen-2", "DERIVED_FROM", "qwen-2-7b") not in relations


def test_name_parts_in_german_and_chinese_text():
    assert "qwen-2-math" in _models("Qwen2-Math ist ein Modell für Mathematikaufgaben.", language="de")
    assert _models("Qwen2-Math ist ein Modell für Mathematikaufgaben.", language="de")["qwen-2-math"].label == "Model"
    assert "llama-guard" in _models("Meta 发布了 Llama-Guard,用来过滤不安全的对话。")


def test_a_plain_word_after_a_hyphen_still_ends_the_name():
    assert set(_models("Das BERT-Modell und GPT-3-basierte Systeme.", language="de")) == {"bert", "gpt-3"}


def test_a_bare_gpt_is_the_original_gpt_one_node_with_gpt_1():
    models = _models("Im Jahr 2018 stellte OpenAI GPT vor; GPT-1 hatte 117 Millionen Parameter.", language="de")
    assert "gpt-1" in models and {"GPT", "GPT-1"} <= set(models["gpt-1"].aliases)
    assert not {"gpt", "gpt-series"} & set(models)
    relations = {
        (r.subject, r.type, r.object) for r in extract("GPT-2 is the successor of GPT.", name="t.txt").relations
    }
    assert ("gpt-2", "DERIVED_FROM", "gpt-1") in relations


def test_a_bare_gpt_naming_the_series_or_an_architecture_is_no_model():
    for text, language in (
        ("ChatGPT is the web interface for GPT-series models.", "en"),
        ("Die Autoren verwenden eine GPT-artige Architektur mit 24 Schichten.", "de"),
        ("该模型沿用了标准的 GPT 架构,只改了归一化层。", None),
        # `GPT 版本`, `GPT versions`: the versions of the series, none of them GPT-1 in particular.
        ("下文只简单介绍之后的 GPT 版本,例如 GPT-3。", None),
        ("Later GPT versions, such as GPT-3, grew much larger.", "en"),
    ):
        assert "gpt-1" not in _models(text, language), text
