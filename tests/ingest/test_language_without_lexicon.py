"""A language with no lexicon file still gets what needs no words: document structure, name
structure and section co-occurrence; its sentences are not read for relations."""

from ingest.pipeline import extract

DUTCH = """# Open taalmodellen

## Vicuna

- Base model: LLaMA
- Developed by: LMSYS

Het model gebruikt RoPE voor de posities van de woorden.
Vicuna-Instruct is daarnaast beschikbaar voor wie opdrachten wil geven.

| Model | Base model |
|---|---|
| Koala | LLaMA |

Alpaca → Vicuna
"""


def test_structure_names_and_cooccurrence_without_a_lexicon():
    extraction = extract(DUTCH, language="nl")
    assert extraction.document.language == "nl" and not extraction.document.supported
    found = {(r.subject, r.type, r.object): r.extractor for r in extraction.relations}
    assert found.pop(("vicuna", "FINE_TUNES", "llama")).startswith("kv:")
    assert found.pop(("vicuna", "DEVELOPED_BY", "lmsys")).startswith("kv:")
    assert found.pop(("koala", "FINE_TUNES", "llama")).startswith("table:")
    assert found.pop(("vicuna", "DERIVED_FROM", "alpaca")) == "arrow"
    assert found.pop(("vicuna", "USES", "rope")) == "section-cooccurrence"
    assert found.pop(("vicuna-instruct", "FINE_TUNES", "vicuna")).startswith("implied:")
    assert found == {}, f"unexpected {found}"
    assert not any(r.extractor.startswith("clause:") for r in extraction.relations)
