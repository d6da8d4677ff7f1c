# The two commands a newcomer needs are `make run` and `make test`.
.PHONY: run test venv lint format migrate ingest-seeds eval neo4j-start neo4j-stop bench bench-extraction bench-adversarial bench-pathological loadtest

run:            ## set up everything and serve the app with the seed articles ingested
	scripts/run.sh

test:           ## run the whole suite against its own Neo4j and broker
	scripts/test.sh

venv:
	scripts/venv.sh

lint: venv
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format: venv
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

bench-extraction: venv  ## dry-run chars/s per language and peak memory over seeds + ../shared/dev -> docs/benchmarks-extraction.md
	.venv/bin/python bench/extraction.py

bench-adversarial: venv  ## dry run on 10,000/100,000 repeated names and other adversarial shapes, against a budget -> docs/benchmarks-extraction.md
	.venv/bin/python bench/adversarial.py

bench-pathological: venv  ## a 5 MB document of one sentence repeated: ingest time, then the pages it touches (needs Neo4j up, e.g. make run) -> docs/benchmarks-pathological.md
	.venv/bin/python bench/pathological.py

bench:          ## BENCH_SIZES=10000,100000,1000000: load, lineage/search/page latency, ingest -> docs/benchmarks.md
	bench/run.sh

loadtest:       ## LOADTEST_CLIENTS=20 LOADTEST_DURATION=60: gunicorn (2 workers) under mixed reads + an ingest -> artifacts/loadtest.json
	loadtest/run.sh

eval: venv      ## extraction quality against ../shared/gold
	.venv/bin/python manage.py ingest_eval

neo4j-start:
	scripts/neo4j.sh start

neo4j-stop:
	scripts/neo4j.sh stop
