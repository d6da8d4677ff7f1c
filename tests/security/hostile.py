"""A graph that fights back: names, aliases, titles and quotes carrying markup, loaded through the
services like any pipeline output, so every page and view that shows them is put to the test."""

from kg import services
from tests.factories import article

SCRIPT = "<script>alert('xss')</script>"
IMG = "<img src=x onerror=alert('xss')>"
LINK = '"><a href="javascript:alert(1)">x</a>'
HOSTILE_NAME = f"Evil{IMG}Model"
HOSTILE_ALIAS = f"EvilAlias{LINK}"
HOSTILE_ORG = f"Org{SCRIPT}"
SENTENCE = f"{HOSTILE_NAME} fine-tunes GPT-3 {SCRIPT}."
ORG_SENTENCE = f"{HOSTILE_NAME} was built by {HOSTILE_ORG}."
TEXT = f"# Title {SCRIPT}\n\n{SENTENCE} {ORG_SENTENCE} Also known as {HOSTILE_ALIAS}.\n\n{IMG}\n"
DOCUMENT_KEY = "hostile-doc"
MODEL_KEY = "evil-model"
ORG_KEY = "evil-org"
ENTITIES = {
    MODEL_KEY: ("Model", HOSTILE_NAME, (HOSTILE_NAME, HOSTILE_ALIAS)),
    ORG_KEY: ("Organization", HOSTILE_ORG, (HOSTILE_ORG,)),
}


def load_hostile() -> None:
    services.document_load(
        doc=article(
            DOCUMENT_KEY,
            text=TEXT,
            title=f"Hostile {SCRIPT}{IMG}",
            facts=(
                (MODEL_KEY, "FINE_TUNES", "gpt-3", SENTENCE),
                (MODEL_KEY, "DEVELOPED_BY", ORG_KEY, ORG_SENTENCE),
            ),
            attributes=((MODEL_KEY, "released", f"2023 {SCRIPT}", SENTENCE),),
            entities=ENTITIES,
            confidence=0.8,  # below auto-accept (they wait in the review queue), above the pages' floor
            report={"noise": [{"line": 1, "text": SCRIPT, "reason": IMG}], "extractor": SCRIPT},
        )
    )
