"""The recognized mention every recognizer returns (view offsets, before resolution)."""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Found:
    """A recognized mention (view offsets) before resolution."""

    start: int
    end: int
    key: str
    label: str
    name: str
    source: str
    confidence: float
    attributes: Mapping = field(default_factory=dict)
