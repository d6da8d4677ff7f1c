"""Benchmarks at the scale of a public model hub (`make bench`)."""
