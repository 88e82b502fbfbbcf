# The two front-door commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app exchange

.PHONY: run test test-sqlite test-postgres install i18n-update lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

# SQLite pass (every test), then the tests that touch the database again on a throwaway
# PostgreSQL cluster (tests/conftest.py leaves out the database-free ones there). Without PostgreSQL
# the second pass is reported as not run, and under CI that fails the run.
test: install
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	@echo "== test pass 1: SQLite =="
	$(BIN)/pytest -q

test-postgres: install
	@echo "== test pass 2: PostgreSQL =="
	@status=0; scripts/with-postgres.sh $(BIN)/pytest -q -m "not browser" || status=$$?; \
	if [ $$status -eq 3 ]; then \
	  echo "PostgreSQL pass NOT RUN: no PostgreSQL server installed (apt-get install postgresql)"; \
	  if [ -n "$$CI" ]; then exit 1; fi; \
	elif [ $$status -ne 0 ]; then exit $$status; fi

# After adding texts: refresh the catalog, translate the new entries in the .po, commit it.
i18n-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o exchange/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i exchange/translations/messages.pot -d exchange/translations

lint: install
	$(BIN)/ruff check exchange matching repatriation tests bench

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@for b in bench/*_bench.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache
