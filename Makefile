# quanlyhoi: build, demo and test entry points. `make help` lists the targets.
#
# Everything installs itself: the virtualenv (.venv, Python 3.11), the Python packages (again only when
# pyproject.toml changes: stamp files inside .venv) and, for the tests, the Debian packages postgresql and
# gettext when they are missing (scripts/system-packages.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
# Python 3.11 (Django 5.2 LTS; the package pins >=3.11,<3.12): python3.11, else python3 if it is 3.11.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3.11)
# pytest-xdist workers ("auto" = one per CPU, 0 = no xdist); extra pytest arguments, e.g. PYTEST_ARGS="-k audit".
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
# Arguments for `quanlyhoi demo`, e.g. DEMO_ARGS="--no-serve".
DEMO_ARGS ?=

STAMP_INSTALL := $(BIN)/.quanlyhoi-installed
STAMP_TEST := $(BIN)/.quanlyhoi-test-installed
XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS))
# Translation catalogues: each src/**/locale/*/LC_MESSAGES/*.po compiles to the .mo beside it.
MO_FILES := $(patsubst %.po,%.mo,$(shell find src -name '*.po' -path '*/LC_MESSAGES/*' 2>/dev/null))
MISSING_MO_FILES := $(filter-out $(wildcard $(MO_FILES)),$(MO_FILES))

.PHONY: help demo install install-test system-deps messages test lint test-sqlite test-pg clean

help:
	@echo "make demo         create .venv, install, then 'quanlyhoi demo' (data in ./var, http://127.0.0.1:8000)"
	@echo "make test         lint, migrations check, pytest on SQLite, then on a private PostgreSQL"
	@echo "make lint         ruff check, ruff format --check, makemigrations --check"
	@echo "make test-sqlite  pytest on SQLite only"
	@echo "make test-pg      pytest on a throwaway PostgreSQL cluster only (scripts/pgtest.sh)"
	@echo "make install      (re)install the project into .venv"
	@echo "make messages     compile translation catalogues (.po -> .mo) that are missing or out of date"
	@echo "make clean        remove .venv and caches (keeps ./var, the demo data)"
	@echo "Variables: PYTEST_WORKERS=$(PYTEST_WORKERS) PYTEST_ARGS=... DEMO_ARGS=... VENV=$(VENV) PYTHON=$(PYTHON)"

# --- environment -----------------------------------------------------------------------------------------

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "Python 3.11 is required; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Use PYTHON=/path/to/python3.11." >&2; \
	  exit 1; }
	PYTHON=$(PYTHON) scripts/system-packages.sh python-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip

$(STAMP_INSTALL): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(STAMP_INSTALL)

install: $(STAMP_INSTALL)
install-test: $(STAMP_TEST)

system-deps:
	@scripts/system-packages.sh postgresql gettext

# msgfmt as Django's compilemessages runs it; gettext is installed first if missing.
%.mo: %.po
	@scripts/system-packages.sh gettext
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES)

# --- demo ------------------------------------------------------------------------------------------------

# DATA_DIR/static is STATIC_ROOT: whitenoise warns at start-up when it does not exist.
# Only missing translation catalogues are compiled: committed .mo files are used as they are (no gettext needed).
demo: $(STAMP_INSTALL) $(MISSING_MO_FILES)
	data="$${QUANLYHOI_DATA_DIR:-$(CURDIR)/var}" && mkdir -p "$$data/static" && \
	  QUANLYHOI_DATA_DIR="$$data" $(BIN)/quanlyhoi demo $(DEMO_ARGS)

# --- tests -----------------------------------------------------------------------------------------------

# The order matters: dependencies first, then the cheap checks, then SQLite, then PostgreSQL.
test: install-test system-deps messages
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-pg

lint: $(STAMP_TEST)
	@echo ">>> ruff check"
	$(BIN)/ruff check src tests bench
	@echo ">>> ruff format --check"
	$(BIN)/ruff format --check src tests bench
	@echo ">>> makemigrations --check"
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  env -u QUANLYHOI_DATABASE_URL QUANLYHOI_DATA_DIR="$$tmp" DJANGO_SETTINGS_MODULE=quanlyhoi.settings \
	  $(BIN)/django-admin makemigrations --check --dry-run

# DATA_DIR/static (STATIC_ROOT) exists so that whitenoise does not warn "No directory at" in every test.
test-sqlite: $(STAMP_TEST) messages
	@echo ">>> pytest on SQLite"
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir "$$tmp/static" && \
	  env -u QUANLYHOI_DATABASE_URL QUANLYHOI_DATA_DIR="$$tmp" $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

test-pg: $(STAMP_TEST) system-deps messages
	VENV=$(VENV) PYTEST_WORKERS=$(PYTEST_WORKERS) scripts/pgtest.sh $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build src/*.egg-info
