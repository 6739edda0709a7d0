# valgus: `make run` serves the app on SQLite; `make test` runs every test (browser tests included).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BENCH_VENV := $(VENV)/bench
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Tests run on every core (pytest-xdist); PYTEST_ARGS="-n 0 -x" runs them one by one instead.
PYTEST_ARGS ?= -n auto

.PHONY: run test bench bench-daily lint typecheck serve-prod install install-dev chromium migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

install: $(VENV)/.runtime-installed

install-dev: $(VENV)/.dev-installed

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

demo: migrate
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py validate_data
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rebuild_client_summaries

run: demo
	@echo "Serving http://127.0.0.1:$(PORT)  (demo logins: see README)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev chromium
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy programs/engine
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy programs/engine

# The load generator (locust) lives in its own virtualenv: see requirements-bench.txt.
$(BENCH_VENV)/.installed: requirements-bench.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -r requirements-bench.txt
	touch $@

# The engine in process, then the pages served by gunicorn against their floors (see bench/run.py).
# PostgreSQL with DATABASE_URL (a throw-away database whose name contains "bench"), SQLite
# otherwise; BENCH_SCALE=10k or 100k seeds more clients (minutes).
bench: install-dev $(BENCH_VENV)/.installed
	BENCH_LOAD_PYTHON=$(BENCH_VENV)/bin/python $(BIN)/python -m bench

# The daily job alone at 10,000 and 100,000 programs (BENCH_DAILY_SCALES), each seeded first.
bench-daily: install-dev
	$(BIN)/python -m bench daily

serve-prod: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py validate_data
	$(BIN)/python manage.py rebuild_client_summaries --missing
	$(BIN)/gunicorn -c gunicorn.conf.py valgus_site.wsgi

clean:
	rm -rf $(VENV) .bench staticfiles .pytest_cache .ruff_cache .mypy_cache
