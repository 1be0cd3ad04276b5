# gongkai — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell scripts/find-python)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test install migrate demo bench messages clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# manage.py and WSGI default to production settings; these targets are for a
# developer's machine and ask for development mode explicitly.
run demo migrate test: export GONGKAI_ENV ?= development

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

# Loads the demo agency once, into a new database only.
demo: migrate
	$(VENV)/bin/gongkai demo --if-empty

# The background worker (uploaded reports, e-mail) runs beside the
# development server and stops with it.
run: demo
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: migrate
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) -m benchmarks

# Needs gettext's msgfmt; the compiled .mo files are committed so that a
# fresh machine needs no gettext to run.
messages: install
	cd gongkai && ../$(PY) ../manage.py makemessages -l en --ignore='*/tests/*' && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var
