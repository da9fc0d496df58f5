# jury-desk: `make demo` and `make test` do every set-up step on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint bench demo-bundles screenshots translations package clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Compile the Qt Linguist catalogues (.ts -> .qm; the .qm files are not committed).
translations: $(STAMP)
	$(PY) -m jury_desk.gui.build_translations

demo: translations
	$(VENV)/bin/jury-desk demo

test: translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# Every screen at 1366x768, in French and in English, as PNG files in screenshots/.
screenshots: translations
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py screenshots/

lint: $(STAMP)
	$(VENV)/bin/ruff check jury_desk tests
	$(VENV)/bin/ruff format --check jury_desk tests

# Regenerate the demo bundles byte-for-byte (resources/demo/).
demo-bundles: $(STAMP)
	$(PY) -m jury_desk.bundle.demo resources/demo

# One-folder desktop build in dist/jury-desk/ (packaging/README.md).
package: translations
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/jury-desk.spec
	du -sh dist/jury-desk

bench: $(STAMP)
	$(PY) tests/benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
