"""The multilingual lexicon (data/*.yaml) and the pipeline's rule data (cues/, noise.yaml)."""
