"""A synthetic graph shaped like a public model hub, generated deterministically for benchmarks.

Load one with `python -m bench.synth --models N [--seed S] [--batch B] [--wipe] [--format json]`.
"""

from bench.synth.hub import HubSynth, SynthSpec, chunk_write
from bench.synth.parts import Chunk
from bench.synth.vocab import MAX_DEPTH

__all__ = ["MAX_DEPTH", "Chunk", "HubSynth", "SynthSpec", "chunk_write"]
