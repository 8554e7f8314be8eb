# graphkit — `make demo` and `make test` each work from nothing on a fresh clone.
SHELL := /bin/bash
# .python-version pins 3.12 for pyenv; fall back to whatever python3 is, checked below.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.graphkit-installed
STORE ?= .graphkit
REPORT ?= report

.PHONY: help setup demo test test-deps bench clean

help:
	@echo "make demo   set up .venv, extract + load examples/corpus into the embedded store, write $(REPORT)/index.html"
	@echo "make test   set up .venv and test dependencies (chromium, CJK fonts, Cypher linter), run pytest"
	@echo "make bench  run the benchmarks (benchmarks/run.py)"
	@echo "make clean  remove .venv, the store and generated output"

# setup.py compiles all but the last two with mypyc at install (GRAPHKIT_COMPILE=0 skips it), against
# the types of the last two; a change to any makes graphkit run them as Python until a rebuild.
# (tests/test_native.py checks this list against the build record.)
NATIVE_SOURCES := loaders/normalise.py loaders/layout.py loaders/units.py loaders/structure.py \
	loaders/metadata.py loaders/gazetteer.py loaders/prose.py loaders/numerals.py loaders/memo.py \
	loaders/entities/text.py loaders/entities/tables.py loaders/entities/agencies.py \
	loaders/entities/deadlines.py loaders/entities/reforms.py loaders/entities/targets.py \
	loaders/entities/scan.py loaders/entities/enrich.py graphkit/model.py \
	graphkit/errors.py loaders/entities/__init__.py

# GRAPHKIT_COMPILE=0 is part of what was installed: switching it (either way) installs again
COMPILE_MODE := $(VENV)/.graphkit-compile-$(if $(filter 0,$(strip $(GRAPHKIT_COMPILE))),off,on)

$(COMPILE_MODE):
	@mkdir -p $(VENV)
	@rm -f $(VENV)/.graphkit-compile-*
	@touch $@

$(STAMP): pyproject.toml setup.py loaders/native.py $(NATIVE_SOURCES) $(COMPILE_MODE)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "graphkit needs Python >= 3.12 (found " + sys.version.split()[0] + "): install 3.12 or run make PYTHON=/path/to/python3.12")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@touch $@.start  # the stamp gets the time the install started: a file edited during it is newer
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@cd $(VENV) && bin/python -c 'from graphkit.loaders.native import describe; print("graphkit: loaders", describe())'
	@mv $@.start $@

setup: $(STAMP)

demo: setup
	$(BIN)/graphkit extract examples/corpus --format table
	$(BIN)/graphkit load examples/corpus --store $(STORE)
	$(BIN)/graphkit query agency-workload --store $(STORE) --param city=常州市 | head -n 8
	$(BIN)/graphkit report --store $(STORE) -o $(REPORT)
	@echo "open $(REPORT)/index.html in a browser (self-contained, works offline)"

test-deps:
	bash scripts/setup-test-deps.sh

test: setup test-deps
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	@if [ -x $(BIN)/graphkit ] && [ -d $(STORE) ]; then $(BIN)/graphkit server stop --store $(STORE); fi
	rm -rf $(VENV) $(STORE) $(REPORT) *.egg-info build loaders/*.so graphkit/*.so loaders/native_build.json
