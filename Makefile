# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_DEMO := $(VENV)/.installed-demo
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test lint docs gazetteer bench score clean
SHARED ?= ../shared

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_DEMO): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP_DEMO)

demo: $(STAMP_DEMO)
	rm -f demo.db
	$(BIN)/claimledger ingest examples --db demo.db --published 2025-03-18
	$(BIN)/claimledger docs --db demo.db
	$(BIN)/claimledger claims --db demo.db --limit 15
	$(BIN)/claimledger disputes --db demo.db
	$(BIN)/claimledger timeline Gogolevka --db demo.db
	$(BIN)/claimledger report --db demo.db --out demo-report.html

lint: $(STAMP_TEST)
	$(BIN)/ruff check claimledger tests benchmarks scripts
	$(BIN)/mypy

test: $(STAMP_TEST) lint
	sh scripts/ensure_chromium.sh || echo "no chromium: the browser tests will be skipped"
	$(BIN)/pytest -q

docs: $(STAMP_DEMO)
	$(BIN)/python scripts/gen_cli_docs.py > docs/cli.md

gazetteer: $(STAMP_DEMO)
	$(BIN)/python scripts/build_gazetteer.py --shared $(SHARED) --out claimledger/data

# Development only: score `analyze` on the dev set against its gold annotations (needs ../shared).
score: $(STAMP_DEMO)
	$(BIN)/claimledger analyze $(SHARED)/corpus/dev/*.txt --format json > .score-out.json
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/corpus/dev .score-out.json

# Rewrites each benchmark's section of benchmarks/README.md (takes a while: ledger.py assesses 1M claims).
bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/geo.py
	$(BIN)/python benchmarks/pipeline.py
	$(BIN)/python benchmarks/ledger.py
	$(BIN)/python benchmarks/api.py

clean:
	rm -rf $(VENV) demo.db .pytest_cache .mypy_cache .ruff_cache
