# Dateline: `make demo` runs the site with demo content, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DATELINE_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test lint bench screenshots install install-dev lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall only when the lock or the package metadata changes.
$(VENV)/.installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/base.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	DJANGO_SETTINGS_MODULE=dateline.settings.demo $(BIN)/dateline demo

# The public pages of both editions at 1280 and 375 px in Chromium, with LCP, CLS and bytes
# measured, into docs/screenshots/ (the demo on ./data, started on a free port and stopped).
screenshots: install-dev
	$(BIN)/python -m dateline.site.screenshots docs/screenshots

# Tests run in TEST_WORKERS processes (pytest-xdist), a whole file to each: 0 runs them in one.
TEST_WORKERS ?= 2
test: install-dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Ruff (the rules are chosen in pyproject.toml), and no model change without its migration.
lint: install-dev
	$(BIN)/ruff check dateline
	@# No merge left half done: conflict markers in any tracked file.
	! git grep -n -E '^(<<<<<<<|>>>>>>>)( |$$)' -- . ':!*.mo'
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# The benchmark (docs/benchmarks.md); needs PostgreSQL, Redis, wrk, nginx and Varnish here.
bench: install
	$(BIN)/python -m dateline.bench
	@# Issue 16's live coverage figures, on a small site of their own (docs/benchmarks.md).
	BENCH_DB=sqlite BENCH_ARTICLES=2000 BENCH_DATA_DIR=data/bench-live $(BIN)/python -m dateline.bench live
	@# Issue 18's reach figures, each on a site of its own (docs/reach-push.md, reach-newsletters.md).
	$(BIN)/python -m dateline.bench push --subscriptions 10000
	$(BIN)/python -m dateline.bench newsletter --addresses 100000

# Re-pin every dependency from requirements/*.in in a scratch virtualenv.
lock: SHELL := /bin/bash
lock:
	rm -rf /tmp/dateline-lock && $(PYTHON) -m venv /tmp/dateline-lock
	/tmp/dateline-lock/bin/pip install -q -r requirements/base.in
	(echo "# Exact versions for the app (make install). Regenerate with \`make lock\` after editing base.in."; \
	 /tmp/dateline-lock/bin/pip freeze | sort) > requirements/base.txt
	/tmp/dateline-lock/bin/pip install -q -r requirements/dev.in
	(echo "-r base.txt"; /tmp/dateline-lock/bin/pip freeze | sort | comm -13 <(sort requirements/base.txt) -) > requirements/dev.txt

clean:
	rm -rf $(VENV) data
