# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test benchmark clean

# Serve the seeded app on SQLite at http://$(HOST):$(PORT)/.
run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite against a throwaway PostgreSQL cluster, browser tests included.
test: $(VENV)/.dev-installed
	scripts/install-system-packages.sh
	scripts/with-throwaway-postgres.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: $(VENV)/.dev-installed
	scripts/install-system-packages.sh
	scripts/with-throwaway-postgres.sh $(BIN)/python scripts/benchmark.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { scripts/install-system-packages.sh python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
