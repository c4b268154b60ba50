# The commands the README, developers and CI share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

PREVIEW_DIR ?= preview

.PHONY: run serve test test-fast test-browser install lint check-content preview clean browser-tools

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# axe-core and vnu-jar for tests/browser, from package-lock.json. Without npm those
# tests skip locally (and fail under CI=true). --ignore-scripts: vnu-jar's postinstall
# would download a Java runtime; Debian's java is used instead.
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: tests/browser will skip the axe and vnu checks"; fi

browser-tools: $(NODE_STAMP)

## Set up, load the shipped content and serve the site on SQLite.
run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --verbosity 0
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_content
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Serve as production does (set SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL first):
## hashed static files, migrations, then gunicorn with gunicorn.conf.py.
serve: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --verbosity 0
	GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn -c gunicorn.conf.py

## The whole test suite (CI runs exactly this): everything but the browser, then the
## browser tests (Debian's /usr/bin/chromium), as two steps.
test:
	$(MAKE) --no-print-directory test-fast
	$(MAKE) --no-print-directory test-browser

## Everything but the browser tests: lint, the layering contracts, then pytest on $(JOBS)
## processes (about 25 s on 2 cores), which also runs `makemigrations --check`
## (tests/test_migrations.py) and `check_content --strict` on the shipped content
## (tests/test_shipped_content.py).
JOBS ?= auto
# Bytecode caches make each test process start in half the time (some shells turn them off),
# and the tests' temporary content trees go to memory where there is a tmpfs (they write
# thousands of small files; on a busy disk the waiting costs more than the tests).
test-fast test-browser: export PYTHONDONTWRITEBYTECODE =
test-fast test-browser: export TMPDIR := $(if $(wildcard /dev/shm/.),/dev/shm,$(or $(TMPDIR),/tmp))
test-fast: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache >/dev/null || $(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -m "not browser" -n $(JOBS) --dist loadfile $(PYTEST_ARGS)

## The browser tests alone (Playwright driving Chromium against a live server).
test-browser: install browser-tools
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

check-content: install
	$(BIN)/python manage.py check_content

## The content check plus each monograph as the page it would become, in $(PREVIEW_DIR)/.
preview: install
	$(BIN)/python manage.py check_content --preview $(PREVIEW_DIR)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules test-artifacts $(PREVIEW_DIR)
