"""Commands: bench_pages."""
