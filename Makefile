# planloop: `make serve` runs the server with the embedded defaults, `make test` runs everything CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test lint typecheck pytest system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

serve: $(VENV)/.installed
	$(BIN)/planloop serve

system-deps:
	./scripts/system-deps.sh

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

# The whole suite on SQLite, then everything that talks to a store again on PostgreSQL,
# with the replicas' takeover after a SIGKILL (PostgreSQL only).
# Two workers (pytest-xdist); one that runs out of work takes the other's remaining tests.
WORKERS ?= 2
XDIST := -n $(WORKERS) --dist worksteal
pytest: $(VENV)/.test-installed system-deps
	$(BIN)/pytest $(XDIST)
	$(BIN)/pytest $(XDIST) --backend=postgres tests/api tests/store tests/mcp \
		tests/reliability/test_takeover.py

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
