"""One Paper node per publication: arXiv keys across languages, titles as aliases, English names."""

from ingest.pipeline import extract


def _papers(text: str, language: str | None = None) -> dict:
    return {e.key: e for e in extract(text, name="t.txt", language=language).entities if e.label == "Paper"}


def test_chinese_translation_next_to_the_english_title_is_the_same_paper():
    text = (
        "我们重读了论文“Scaling Laws for Neural Language Models”(《神经语言模型的规模定律研究》),"
        "它的预印本是 arXiv:2001.08361v1。"
    )
    papers = _papers(text)
    assert list(papers) == ["arxiv:2001.08361"]
    paper = papers["arxiv:2001.08361"]
    assert paper.name == "Scaling Laws for Neural Language Models"
    assert "神经语言模型的规模定律研究" in paper.aliases


def test_a_chinese_title_the_lexicon_knows_names_the_arxiv_paper():
    papers = _papers("这篇论文《语言模型是少样本学习者》介绍了一个非常大的自回归模型。")
    assert list(papers) == ["arxiv:2005.14165"]
    assert papers["arxiv:2005.14165"].name == "Language Models are Few-Shot Learners"
    assert "语言模型是少样本学习者" in papers["arxiv:2005.14165"].aliases


def test_german_title_of_a_known_paper_and_a_versioned_id_give_one_node_with_the_english_name():
    text = (
        "Das Papier „Skalierungsgesetze neuronaler Sprachmodelle“ beschreibt, wie der Verlust mit der "
        "Modellgröße fällt. Die Vorabversion steht unter https://arxiv.org/abs/2001.08361v2 bereit."
    )
    papers = _papers(text, language="de")
    assert list(papers) == ["arxiv:2001.08361"]
    assert papers["arxiv:2001.08361"].name == "Scaling Laws for Neural Language Models"
    assert "Skalierungsgesetze neuronaler Sprachmodelle" in papers["arxiv:2001.08361"].aliases


def test_an_unknown_paper_with_only_a_german_title_keeps_its_arxiv_name_and_the_title_as_alias():
    text = "Im Papier „Kleine Sprachmodelle lernen schneller als gedacht“ (arXiv:2409.99999) zeigen die Autoren viel."
    papers = _papers(text, language="de")
    assert list(papers) == ["arxiv:2409.99999"]
    assert papers["arxiv:2409.99999"].name == "arXiv:2409.99999"
    assert "Kleine Sprachmodelle lernen schneller als gedacht" in papers["arxiv:2409.99999"].aliases


def test_an_english_title_linked_to_arxiv_names_an_unknown_paper():
    text = "The authors of [Tiny Parrots Are Surprisingly Good Students](https://arxiv.org/abs/2409.99999) report it."
    papers = _papers(text, language="en")
    assert papers["arxiv:2409.99999"].name == "Tiny Parrots Are Surprisingly Good Students"


def test_an_english_title_in_a_german_text_names_the_paper():
    text = "Die Autoren von „Tiny Parrots Are Surprisingly Good Students“ (arXiv:2409.99999) berichten davon im Papier."
    papers = _papers(text, language="de")
    assert papers["arxiv:2409.99999"].name == "Tiny Parrots Are Surprisingly Good Students"


def test_paper_known_by_the_url_of_its_pdf():
    text = (
        "GPT-2\n\nPaper: https://cdn.openai.com/better-language-models/"
        "language_models_are_unsupervised_multitask_learners.pdf\n"
    )
    keys = {e.key for e in extract(text, name="t.txt").entities if e.label == "Paper"}
    assert keys == {"language-models-are-unsupervised-multitask-learners"}


def test_lexicon_papers_carry_their_translations_as_known_aliases():
    papers = _papers("The paper arXiv:2005.14165 introduced few-shot prompting at scale.")
    assert "语言模型是少样本学习者" in papers["arxiv:2005.14165"].known_aliases
