# Binaan — two commands do the whole set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per set, so each re-installs only when its own lock files change.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
# Development and tests run with DEBUG on; production sets DEBUG=0 and its own SECRET_KEY.
export DEBUG ?= 1

.PHONY: run test lint typecheck pytest screenshots install install-dev migrate seed messages benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# `make run` needs the app (requirements.lock) and the demo data's Faker (requirements-demo.lock);
# tests, lint and type checks need requirements-dev.lock, which pins all of those and its own tools.
$(RUN_STAMP): requirements.lock requirements-demo.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-demo.lock
	touch $(RUN_STAMP)

$(DEV_STAMP): requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(DEV_STAMP)

install: $(RUN_STAMP)

install-dev: $(DEV_STAMP)

migrate: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput

# The demo data is loaded once; `make seed` loads it again (it is idempotent).
# `run` prints the logins once, with the address it serves (HOST, PORT).
var/.demo-loaded: | migrate
	$(BIN)/python manage.py seed_demo --no-logins
	touch var/.demo-loaded

seed: migrate
	$(BIN)/python manage.py seed_demo --host $(HOST) --port $(PORT)
	touch var/.demo-loaded

run: migrate var/.demo-loaded
	@$(BIN)/python manage.py demo_logins --host $(HOST) --port $(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy binaan config

# pytest-xdist spreads the tests over the cores; each worker has its own test database and live
# server. worksteal hands a long test's neighbours to an idle worker (the demo-seeding and
# browser tests take seconds, most others milliseconds). `make test PYTEST_WORKERS=0` runs them
# in one process (easier to debug).
PYTEST_WORKERS ?= auto
pytest: install-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Browser tests save their screenshots under var/screenshots/ (ignored); this refreshes the
# committed ones in docs/screenshots/.
screenshots: install-dev
	BINAAN_SCREENSHOTS=docs $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m browser -p no:cacheprovider $(PYTEST_ARGS) tests/browser

test: lint typecheck pytest

# Extract and compile the Indonesian catalogue (needs GNU gettext; the compiled .mo is committed
# so that running the app never does).
messages: install
	$(BIN)/python manage.py makemessages -l id --no-location --ignore '.venv/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages -l id --ignore '.venv/*'

benchmark: migrate
	$(BIN)/python manage.py benchmark

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
