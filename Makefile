# Palabre — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py
export PYTEST_DISABLE_PLUGIN_AUTOLOAD := 1
# Avoid pip's version check and a progress bar in CI logs.
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: wrk run test bench setup setup-test db translations extract-messages browsers postgresql java print-libs poppler clean

## make run: install, migrate, seed the demo collective if empty, and serve.
run: setup db
	@$(BIN)/flask demo-banner --url http://$(HOST):$(PORT)/
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## make test: install what the tests need and run the whole suite (SQLite, PostgreSQL, Chromium).
test: setup-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make bench: the benchmarks of bench/, each against a baseline measured in the same run.
bench: setup-test wrk
	$(BIN)/python -m bench $(BENCH_ARGS)

setup: $(VENV)/.installed translations print-libs

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup-test: $(VENV)/.installed-dev translations print-libs poppler browsers postgresql java node_modules/.installed

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d app/translations

## pybabel skips folders named _* unless told otherwise: templates/_partials has sentences too.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs '.*' -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

db: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty

## axe-core, run inside the browser tests (accessibility), and the Nu Html Checker (vnu.jar, run with
## the system's Java by tests/test_html_validity.py), from the npm registry. No install script runs:
## vnu-jar's would fetch a Java of its own.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent --ignore-scripts
	touch $@

## The tests drive a real Chromium: Debian's, installed with apt when missing (as root).
# The load generator of the rate rounds: without it bench/load.py falls back to a Python client that
# takes a core from the server it measures (logged-in pages then read several times slower).
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: install it (sudo apt-get install wrk) to measure rates."; exit 1; fi; }

browsers:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install it (sudo apt-get install chromium) to run the browser tests."; exit 1; fi; }

## The tests start their own PostgreSQL from the server binaries; install them when missing (as root).
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; \
	  else echo "PostgreSQL server binaries are missing: install them (sudo apt-get install postgresql)."; exit 1; fi; }

## The Nu Html Checker runs on Java: Debian's, installed with apt when missing (as root).
java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Java is missing: install it (sudo apt-get install default-jre-headless) to check the HTML."; exit 1; fi; }

## WeasyPrint (the PDFs of app/printing/) lays text out with Pango: Debian's, installed when missing (as root).
print-libs:
	@ldconfig -p | grep -q libpangoft2-1.0.so.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else echo "Pango is missing: install it (sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0) to print PDFs."; exit 1; fi; }

## The tests read the PDFs back and draw their pages with poppler's pdftotext and pdftoppm (as root when missing).
poppler:
	@command -v pdftoppm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "poppler-utils is missing: install it (sudo apt-get install poppler-utils) to run the print tests."; exit 1; fi; }

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
