# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DB_PORT ?= 54329
export DB_PORT

.PHONY: run test benchmark evaluate-matching clean

# Serve the seeded app at http://$(HOST):$(PORT)/ on the project's own PostgreSQL cluster in .postgres/
# (port $(DB_PORT), started here and stopped on exit), or on DATABASE_URL when it is set.
run: $(VENV)/.runtime-installed
	scripts/install-system-packages.sh postgres
	scripts/with-local-postgres.sh sh -c '$(BIN)/python manage.py migrate --noinput && \
	  $(BIN)/python manage.py load_seed && \
	  exec $(BIN)/python manage.py runserver $(HOST):$(PORT)'

# The whole suite against a throwaway PostgreSQL cluster, browser tests included.
test: $(VENV)/.dev-installed
	scripts/install-system-packages.sh
	scripts/with-throwaway-postgres.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

# The pages over HTTP (gunicorn) at the seed and at BENCH_CLAIMS synthetic claims, beside Datasette, then a load run.
# Settings (BENCH_CLAIMS, BENCH_LOAD_SECONDS, ...) are listed in scripts/benchmark/__main__.py.
export BENCH_CLAIMS BENCH_REQUESTS BENCH_CLIENTS BENCH_CONCURRENT BENCH_PAGE_SECONDS BENCH_DATASETTE_ROUNDS \
  BENCH_LOAD_CLIENTS BENCH_LOAD_SECONDS
benchmark: $(VENV)/.dev-installed
	scripts/install-system-packages.sh postgres
	scripts/with-throwaway-postgres.sh $(BIN)/python scripts/benchmark

# "Have we seen this claim?" on CLEF 2020 CheckThat! Task 2 (test split), beside a BM25 baseline, on a throwaway cluster.
evaluate-matching: $(VENV)/.dev-installed
	scripts/install-system-packages.sh postgres
	scripts/with-throwaway-postgres.sh sh -c '$(BIN)/python manage.py migrate -v0 && \
	  $(BIN)/python manage.py evaluate_matching --split test --misses'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { scripts/install-system-packages.sh python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# Removes what can be rebuilt; the database in .postgres/ holds editors' work and stays.
clean:
	rm -rf $(VENV) staticfiles
