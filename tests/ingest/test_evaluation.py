"""The scorer: entity matching through normalized surface forms, relation mapping, misses and noise."""

from django.core.management import call_command

from ingest.evaluation import score_document
from ingest.pipeline import extract

TEXT = (
    "广告:点击关注公众号\n"
    "1.GPT3\n"
    "论文地址:https://arxiv.org/pdf/2005.14165.pdf\n"
    "发布详情:Open AI 发布于2020年5月。\n"
    "InstructGPT 是对 GPT3 进行微调得到的模型。\n"
)
GOLD = {
    "document": "snippet.txt",
    "noise": ["广告:点击关注公众号 (line 1, a call to follow)"],
    "entities": [
        {"id": "gpt-3", "label": "Model", "name": "GPT-3", "surface_forms": ["GPT-3", "GPT3"]},
        {"id": "openai", "label": "Organization", "name": "OpenAI", "surface_forms": ["Open AI"]},
        {"id": "arxiv:2005.14165", "label": "Paper", "name": "GPT-3 paper", "surface_forms": []},
        {"id": "instructgpt", "label": "Model", "name": "InstructGPT", "surface_forms": ["InstructGPT"]},
        {"id": "chatgpt", "label": "Model", "name": "ChatGPT", "surface_forms": ["ChatGPT"]},
    ],
    "relations": [
        {
            "subject": "gpt-3",
            "type": "INTRODUCED_IN",
            "object": "arxiv:2005.14165",
            "strength": "explicit",
            "evidence": "x",
        },
        {"subject": "gpt-3", "type": "DEVELOPED_BY", "object": "openai", "strength": "explicit", "evidence": "x"},
        {"subject": "instructgpt", "type": "FINE_TUNES", "object": "gpt-3", "strength": "explicit", "evidence": "x"},
        {"subject": "chatgpt", "type": "FINE_TUNES", "object": "gpt-3", "strength": "explicit", "evidence": "y"},
        {
            "subject": "arxiv:2005.14165",
            "type": "PUBLISHED_BY",
            "object": "openai",
            "strength": "implied",
            "evidence": "z",
        },
    ],
}


def test_scores_count_matches_through_normalized_forms():
    score = score_document(extraction=extract(TEXT), gold=GOLD)
    assert score.entities.tp == 4 and score.entities.gold == 5
    assert score.entities.predicted == 4
    assert score.relations.tp == 4 and score.relations.gold == 5
    assert score.relations.precision == 1.0
    assert score.lineage_explicit_recall.tp == 1 and score.lineage_explicit_recall.gold == 2
    assert score.relations_by_type["FINE_TUNES"].recall == 0.5
    assert score.noise.precision == 1.0 and score.noise_recall.recall == 1.0


def test_worst_miss_explains_itself():
    score = score_document(extraction=extract(TEXT), gold=GOLD)
    miss = score.misses[0]
    assert miss.relation == ("chatgpt", "FINE_TUNES", "gpt-3")
    assert "not recognized: chatgpt" in miss.why


def test_command_prints_a_table(tmp_path, capsys):
    articles = tmp_path / "articles"
    gold_dir = tmp_path / "gold"
    articles.mkdir()
    gold_dir.mkdir()
    (articles / "snippet.txt").write_text(TEXT, encoding="utf-8")
    import json

    (gold_dir / "snippet.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    call_command("ingest_eval", str(gold_dir), "--articles", str(articles))
    out = capsys.readouterr().out
    assert "Per document" in out and "snippet.txt" in out
    assert "FINE_TUNES" in out and "Worst misses" in out
    assert "expl R" in out


def test_explicit_recall_per_type():
    score = score_document(extraction=extract(TEXT), gold=GOLD)
    assert score.explicit_by_type["FINE_TUNES"].tp == 1 and score.explicit_by_type["FINE_TUNES"].gold == 2
    assert "PUBLISHED_BY" not in score.explicit_by_type  # its only gold relation is implied


def test_wrong_relations_between_entities_the_gold_lacks_each_count():
    text = "Koala is fine-tuned from Pythia. Dolly is fine-tuned from Falcon.\n"
    gold = {"document": "x.txt", "noise": [], "entities": [], "relations": []}
    score = score_document(extraction=extract(text, language="en"), gold=gold)
    assert score.relations.predicted == 2 and score.relations.tp == 0  # not one (None, FINE_TUNES, None)
    assert len(score.false_relations) == 2


def test_development_articles_sit_beside_their_gold_with_a_source_line(tmp_path, capsys):
    import json

    from ingest.evaluation import gold_cases

    (tmp_path / "x1_en.txt").write_text("https://example.org/post\n\n" + TEXT, encoding="utf-8")
    gold = {**GOLD, "document": "x1_en.txt", "language": "zh-Hans"}
    (tmp_path / "x1_en.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (case,) = gold_cases(gold_dir=tmp_path)
    assert case.text == TEXT and case.language == "zh-Hans"
    call_command("ingest_eval", str(tmp_path), "--misses", "0")
    out = capsys.readouterr().out
    assert "Per language" in out and "zh-Hans" in out and "ent F1" in out
