# The two commands of the README: `make demo` and `make test`.
# Everything they need is installed from here or pyproject.toml.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# A Python >= 3.12: the first candidate that runs and is new enough.
PYTHON_CANDIDATES := $(PYTHON) python3.12 python3.13 python3 \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.1[3-9]*/bin/python3) \
	$(wildcard /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9])

.PHONY: demo test test-clock-ahead install check lint messages clean bench bench-machine bench-scale bench-search bench-http

demo: install messages
	@test -f .env || { echo "DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env; echo "Wrote .env with a new secret key."; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_demo_admin
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "Serving http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/) with its task worker — Ctrl+C stops both."
	export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(PY) manage.py db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c geo/gunicorn_conf.py --bind 127.0.0.1:$(PORT)

test: install messages check

check: lint
	GEO_TESTING=true $(PY) manage.py check --fail-level WARNING
	GEO_TESTING=true $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -q

# The suite with the clock a year ahead: no test may depend on today's date.
# Tests that start other processes (which keep the real clock) skip themselves.
test-clock-ahead: install messages
	GEO_CLOCK_SHIFT_DAYS=365 $(PY) -m pytest -q -m "not e2e"

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Compile the interface translations (the .po sources are committed).
messages: install
	@command -v msgfmt >/dev/null || { echo "Compiling translations needs GNU gettext: apt-get install gettext" >&2; exit 1; }
	GEO_TESTING=true $(PY) manage.py compilemessages -v 0 --ignore=.venv

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@if [ ! -x $(PY) ]; then \
		found=""; \
		for p in $(PYTHON_CANDIDATES); do \
			if command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then found="$$p"; break; fi; \
		done; \
		if [ -z "$$found" ]; then echo "GEO needs Python 3.12 or newer: install it, or pass PYTHON=/path/to/python3.12" >&2; exit 1; fi; \
		echo "Creating $(VENV) with $$found"; \
		"$$found" -m venv $(VENV); \
	fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Reader-page timings, queries and sizes (figures go in README).
bench: install messages
	$(PY) bench/page_timings.py

# /llms-full.txt and the sitemaps at 1,000, 10,000 and 100,000 articles (slow: ~15 min).
bench-machine: install messages
	$(PY) bench/machine_surfaces.py

# Uncached list, deep list, article and tag pages at 100 and 100,000 articles on
# PostgreSQL (SCALE_DATABASE_URL; one schema per size, kept for reruns; ~6 min the
# first time), measured in turns, with the list queries' plans.
bench-scale: install messages
	$(PY) bench/scale.py

# Search: index build, size and query p50/p95 on SQLite and PostgreSQL
# (COUNT=100000 for the full scale; PostgreSQL at BENCH_DATABASE_URL).
COUNT ?= 5000
bench-search: install messages
	$(PY) bench/search.py --count $(COUNT)

# Reader pages under gunicorn with wrk: warm/cold/static throughput, worker
# memory, soak with a Redis outage (~10 min). Needs wrk and redis-server.
bench-http: install messages
	@command -v wrk >/dev/null || { echo "bench-http needs wrk: apt-get install wrk" >&2; exit 1; }
	@command -v redis-server >/dev/null || { echo "bench-http needs redis-server: apt-get install redis-server" >&2; exit 1; }
	$(PY) bench/http_load.py
