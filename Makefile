# jury-desk: `make demo` and `make test` do every set-up step on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Every runtime, test and build package, pinned with its hashes (made by `make lock`).
LOCK   := requirements.lock

.PHONY: demo test lint bench demo-bundles screenshots translations package clean lock test-latest

# Exactly the locked versions, hashes required: a fresh clone gets what was tested.
# jury-desk itself is built with the locked hatchling (no build isolation, so nothing
# unpinned is downloaded for the build) and without dependencies (they are all in the lock).
$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $(STAMP)

# Re-lock from pyproject.toml's ranges, keeping today's pins where they still fit
# (`make lock UPGRADE=1` moves every package to the newest allowed release).
UV ?= $(shell command -v uv || echo $(VENV)/bin/uv)
# The last line names the pyproject.toml the lock was made from (tests/packaging/test_lock.py
# checks it), so a change to pyproject.toml without `make lock` fails the tests.
lock:
	$(UV) pip compile pyproject.toml requirements-tools.in --extra test --generate-hashes \
	  --python-version 3.11 $(if $(UPGRADE),--upgrade,) -o $(LOCK)
	echo "# made from pyproject.toml sha256:$$(sha256sum pyproject.toml | cut -d' ' -f1)" >> $(LOCK)

# The same tests on the newest releases the ranges allow, in a venv of its own: the next
# upstream break shows here before a user meets it. Not part of CI.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -e '.[test]'
	.venv-latest/bin/python -m pip freeze --exclude-editable > .venv-latest/versions.txt
	.venv-latest/bin/python -m jury_desk.gui.build_translations
	QT_QPA_PLATFORM=offscreen .venv-latest/bin/python -m pytest -q --deselect tests/packaging/test_lock.py

# Compile the Qt Linguist catalogues (.ts -> .qm; the .qm files are not committed).
translations: $(STAMP)
	$(PY) -m jury_desk.gui.build_translations

demo: translations
	$(VENV)/bin/jury-desk demo

test: translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# Every screen in French and English at 1024x700, 1366x768, 1920x1080 and 1366x768 at 200 %,
# as PNG files in screenshots/<size>/, with what layout_check finds in layout-problems.txt.
screenshots: translations
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py screenshots/

lint: $(STAMP)
	$(VENV)/bin/ruff check jury_desk tests
	$(VENV)/bin/ruff format --check jury_desk tests

# Regenerate the demo bundles byte-for-byte (resources/demo/).
demo-bundles: $(STAMP)
	$(PY) -m jury_desk.rehearsal.demo_bundles resources/demo

# One-folder desktop build in dist/jury-desk/ (packaging/README.md).
package: translations
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/jury-desk.spec
	du -sh dist/jury-desk

bench: $(STAMP)
	$(PY) tests/benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
