# Thin calls into the CLI.  `make site` and `make test` set up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test serve bench clean lint strings accuracy goldens mutants

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
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

strings: $(STAMP)
	$(PY) -m generator strings --content content

# ruff (lint and format), mypy on generator/, and no function over 60 lines (outside read/,
# which the extraction work owns).
lint: $(STAMP)
	$(PY) -m ruff check generator tests tools
	$(PY) -m ruff format --check generator tests tools
	$(PY) -m mypy
	$(PY) tools/long_functions.py generator --max 60 --skip generator/read

serve: site
	$(PY) -m http.server --directory site 8000

bench: $(STAMP)
	$(PY) -m generator bench
	$(PY) benchmarks/bench_pdf.py --repeat 1

# Cells exact per route and layout on the corpus rendered from the goldens (ARGS: e.g.
# ARGS="--route pdf --layout rl-cid-grid --json accuracy.json"; see benchmarks/accuracy.py).
accuracy: $(STAMP)
	$(PY) benchmarks/accuracy.py $(ARGS)

clean:
	rm -rf site .cache
