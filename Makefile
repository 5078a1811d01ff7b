# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Local development only: production sets DEBUG=0 and a real SECRET_KEY.
DEV_ENV := DEBUG=$${DEBUG:-1}
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-ops loadtest lint format check-migrations superuser clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=..."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

run: $(BIN)/activate
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo --if-empty
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Create your editor account (you choose the password):  make superuser"
	@echo "  Then, in the admin, add other people to the 'Editors' group."
	@echo ""
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

superuser: $(BIN)/activate
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

test: $(BIN)/activate
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Real servers: two gunicorns on one PostgreSQL + Redis, backup and restore.
test-ops: $(BIN)/activate
	$(BIN)/python -m pytest -m ops $(PYTEST_ARGS)

# Bounded load on loopback (ops/loadtest.py): LOADTEST_SECONDS, LOADTEST_OUTAGE.
loadtest: $(BIN)/activate
	$(BIN)/python -m ops.loadtest

check-migrations: $(BIN)/activate
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/activate
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
