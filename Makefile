# Two commands on a fresh machine: `make run` (the app) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run dev test lint bench clean

$(VENV)/.app-installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.app-installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# The port comes from STREAMLIT_SERVER_PORT (default 8501).
run: $(VENV)/.app-installed
	$(PY) -m streamlit run app.py --server.headless true

# Development: reload on save (file watching is off in .streamlit/config.toml).
dev: $(VENV)/.app-installed
	$(PY) -m streamlit run app.py --server.headless true --server.fileWatcherType auto --server.runOnSave true

test: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

lint: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(VENV)/.test-installed
	$(PY) -m bench --write

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
