"""An ingest reports where it is: each extraction stage, then each step of the load, never backwards."""

from ingest.services import EXTRACTION_SHARE, document_ingest
from kg.repository.documents import LOAD_STEPS

ARTICLE = b"# Orca-Mini\n\nOrca-Mini is a model developed by Example Labs. Orca-Mini is fine-tuned from LLaMA.\n"


def test_progress_goes_through_the_extraction_then_each_step_of_the_load(graph):
    heard: list[tuple[str, float]] = []
    document_ingest(source=ARTICLE, key="doc-progress", progress=lambda stage, f: heard.append((stage, f)))
    stages = [stage for stage, _ in heard]
    loading = [stage for stage in stages if stage.startswith("load: ")]
    assert loading == [f"load: {step}" for step in LOAD_STEPS]
    assert stages.index("load: clear") > stages.index("relate") and stages[-1] == "load"
    fractions = [f for _, f in heard]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    # The load is not "resolve 100 %": it has its own share of the bar, and moves through it.
    load_fractions = [f for stage, f in heard if stage.startswith("load: ")]
    assert load_fractions[0] == EXTRACTION_SHARE and len(set(load_fractions)) == len(LOAD_STEPS)


def test_a_dry_run_spends_the_whole_bar_on_the_extraction(graph):
    heard: list[tuple[str, float]] = []
    document_ingest(source=ARTICLE, key="doc-dry", dry_run=True, progress=lambda stage, f: heard.append((stage, f)))
    assert heard[-1] == ("resolve", 1.0) and not any(stage.startswith("load") for stage, _ in heard)


def test_an_unchanged_document_finishes_without_load_steps(graph):
    document_ingest(source=ARTICLE, key="doc-same")
    heard: list[tuple[str, float]] = []
    document_ingest(source=ARTICLE, key="doc-same", progress=lambda stage, f: heard.append((stage, f)))
    assert heard[-1] == ("load", 1.0) and not any(stage.startswith("load: ") for stage, _ in heard)
