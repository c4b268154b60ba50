# The commands the README, developers and CI share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

PREVIEW_DIR ?= preview

.PHONY: run test install lint check-content preview clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## Set up, load the shipped content and serve the site on SQLite.
run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --verbosity 0
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_content
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## The whole test suite (CI runs exactly this).
test: install
	$(BIN)/ruff check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check_content
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

check-content: install
	$(BIN)/python manage.py check_content

## The content check plus each monograph as the page it would become, in $(PREVIEW_DIR)/.
preview: install
	$(BIN)/python manage.py check_content --preview $(PREVIEW_DIR)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles $(PREVIEW_DIR)
