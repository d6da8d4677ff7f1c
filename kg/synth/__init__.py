"""A synthetic graph shaped like a public model hub, generated deterministically for benchmarks."""

from kg.synth.hub import HubSynth, SynthSpec, chunk_write
from kg.synth.parts import Chunk
from kg.synth.vocab import MAX_DEPTH

__all__ = ["MAX_DEPTH", "Chunk", "HubSynth", "SynthSpec", "chunk_write"]
