# jury-desk: `make demo` and `make test` do every set-up step on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint bench demo-bundles screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/jury-desk demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check jury_desk tests
	$(VENV)/bin/ruff format --check jury_desk tests

# Regenerate the demo bundles byte-for-byte (resources/demo/).
demo-bundles: $(STAMP)
	$(PY) -m jury_desk.bundle.demo resources/demo

bench: $(STAMP)
	$(PY) tests/benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
