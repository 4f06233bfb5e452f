# Thin calls into the CLI.  `make site` and `make test` set up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Schemas the tests validate against, shipped inside packages whose code they do not run
# (installed without its dependencies): the Fiscal Data Package profile (datapackage) and
# Project Open Data's non-federal data.json schema, the one data.gov's harvester applies
# (ckanext-datajson).
SCHEMAS := datapackage==1.15.4 ckanext-datajson==0.1.29
# What is installed in .venv, named by the hash of pyproject.toml and SCHEMAS (not by a file's
# time, so a venv restored from a CI cache counts as installed): the build's dependencies, and
# the tests' on top.
DEPS := $(shell (cat pyproject.toml; echo '$(SCHEMAS)') 2>/dev/null | sha256sum | cut -c1-16)
SITE_STAMP := $(VENV)/.installed-site-$(DEPS)
STAMP := $(VENV)/.installed-test-$(DEPS)

.PHONY: site test serve bench clean lint strings accuracy goldens mutants

# `make site` installs only what the build imports.
$(SITE_STAMP):
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(SITE_STAMP)

# `make test` and the other development targets: the test extras too, and dask.distributed (the
# tests build on a LocalCluster; the bench times one).
$(STAMP): $(SITE_STAMP)
	$(PY) -m pip install --quiet -e '.[test,dask]'
	$(PY) -m pip install --quiet --no-deps $(SCHEMAS)
	touch $(STAMP)

# The time the packages say they were made: the last commit's, so that a build of a commit
# gives the same files wherever it runs (unless SOURCE_DATE_EPOCH is set already).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

site: $(SITE_STAMP)
	$(PY) -m generator build --content content --site site

AXE := node_modules/axe-core/axe.min.js

# axe-core for the browser tests' accessibility check, from the committed package-lock.json.
$(AXE):
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the accessibility tests need axe-core (apt-get install npm, or see .ci/run)"; fi

test: $(STAMP) $(AXE)
	$(PY) -m pytest -q

# The golden derived files of tests/golden-site/: written anew from the corpus, to be reviewed
# in the diff (git diff tests/golden-site) before they are committed.
goldens: $(STAMP)
	$(PY) tests/golden_site.py --write

# Plant known bugs one at a time in a copy of the repository and report which the tests catch.
mutants: $(STAMP)
	$(PY) tools/mutate.py

strings: $(SITE_STAMP)
	$(PY) -m generator strings --content content

# ruff (lint and format), mypy on generator/, no function over 60 lines (outside read/, which
# the extraction work owns), and zizmor on the workflows (.github/zizmor.yml: GitHub's own
# actions may be referenced by tag).
lint: $(STAMP)
	$(PY) -m ruff check generator tests tools benchmarks
	$(PY) -m ruff format --check generator tests tools benchmarks
	$(PY) -m mypy
	$(PY) tools/long_functions.py generator --max 60 --skip generator/read
	$(VENV)/bin/zizmor --offline --quiet --no-progress .github

serve: site
	$(PY) -m http.server --directory site 8000

bench: $(STAMP)
	$(PY) -m generator bench
	$(PY) -m generator bench --executor dask
	$(PY) benchmarks/bench_pdf.py --repeat 1
	$(PY) benchmarks/bench_search.py --sizes 100,1000

# Cells exact per route and layout on the corpus rendered from the goldens (ARGS: e.g.
# ARGS="--route pdf --layout rl-cid-grid --json accuracy.json"; see benchmarks/accuracy.py).
accuracy: $(STAMP)
	$(PY) benchmarks/accuracy.py $(ARGS)

clean:
	rm -rf site .cache
