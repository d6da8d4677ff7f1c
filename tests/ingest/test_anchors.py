"""The cue prefilter: literals a pattern cannot match without, and only those."""

import pytest

from ingest.pipeline.anchors import required_literals
from ingest.pipeline.cues import relation_cues


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:fine-?tuned)\s+(?:of|from)\s+(?:the\s+)?X", {"tuned"}),
        (r"(?:带有|带|具有)\s*X", {"带有", "带", "具有"}),
        (r"(?:the\s+)?X\s+uses", {"uses"}),
        (r"(?<!是)基于\s*X", {"基于"}),
        (r"X\s*(?:是|为)?\s*Y", set()),  # only an optional word: nothing is required
    ],
)
def test_required_literals(pattern, expected):
    assert required_literals(pattern=pattern) == expected


SENTENCES = [
    "\ue0000\ue001 is a fine-tuned version of \ue0001\ue001 trained with \ue0002\ue001.",
    "\ue0000\ue001 是在 \ue0001\ue001 的基础上使用 \ue0002\ue001 微调得到的模型。",
    "\ue0000\ue001 wurde von \ue0001\ue001 entwickelt und basiert auf \ue0002\ue001.",
    "die \ue0000\ue001-forscher haben das modell (\ue0001\ue001) auf \ue0002\ue001 trainiert",
    "\ue0000\ue001 (\ue0001\ue001) 由 \ue0002\ue001 团队于2023年发布, 它带有 \ue0003\ue001。",
]


@pytest.mark.parametrize("language", ["zh", "de", "en"])
def test_a_cue_never_matches_a_sentence_without_its_anchors(language):
    for cue in relation_cues()[language]:
        for sentence in SENTENCES:
            if cue.pattern.search(sentence):
                assert not cue.anchors or any(a in sentence for a in cue.anchors), cue.pattern.pattern


def test_almost_every_cue_has_anchors():
    cues = [c for cs in relation_cues().values() for c in cs]
    assert sum(bool(c.anchors) for c in cues) >= 0.9 * len(cues)
