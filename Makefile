# whodid: `make demo` and `make test` each bootstrap .venv on a fresh machine, then do their job.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= whodid.duckdb

.PHONY: demo test lint bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/whodid code examples/*.txt --db demo.duckdb --out demo-events.jsonl
	$(BIN)/whodid events --db demo.duckdb
	$(BIN)/whodid plot map --db demo.duckdb --out demo-map.png

test: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench

eval: $(STAMP)
	$(BIN)/whodid eval ../shared/gold/plover_gsr/plover_gsr.normalized.jsonl

bench: $(STAMP)
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_throughput.py

clean:
	rm -rf $(VENV) demo.duckdb demo-events.jsonl build *.egg-info
