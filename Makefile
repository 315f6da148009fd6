# Two commands matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
XDIST ?= -n 2
# The site's address, for e-mailed links, the sitemap, canonical links and Wagtail's Site.
# Served on all interfaces (0.0.0.0), the site is reached at 127.0.0.1; set it yourself
# behind a proxy or a public name: `PUBLIC_BASE_URL=https://visits.example make serve`.
PUBLIC_HOST := $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))
PUBLIC_BASE_URL ?= http://$(PUBLIC_HOST):$(PORT)
SITE := PUBLIC_BASE_URL=$(PUBLIC_BASE_URL)

.PHONY: run test serve install lint check test-sqlite test-postgres bench bench-pages bench-booking scale loadtest clean messages scale-test

$(VENV)/installed.stamp: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/installed.stamp

run: install
	$(SITE) $(PY) manage.py migrate --noinput
	$(SITE) $(PY) manage.py load_demo --if-empty
	$(SITE) $(PY) manage.py analyze_database
	$(SITE) $(PY) manage.py sync_locale_trees
	$(SITE) $(PY) manage.py sync_site_address
	$(SITE) $(PY) manage.py ensure_demo_admin
	$(SITE) $(PY) manage.py runserver $(HOST):$(PORT)

# Interface translations: collect marked strings, then compile (the .mo files are committed).
messages: install
	$(PY) manage.py makemessages -l sv -l zh_Hans --ignore=.venv --ignore=var --ignore=node_modules --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=showcase.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=showcase.settings.test $(PY) manage.py makemigrations --check --dry-run

test-sqlite: install
	$(VENV)/bin/pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: install
	bin/with-postgres $(VENV)/bin/pytest $(XDIST) $(PYTEST_ARGS)

# Every test, on SQLite and on PostgreSQL, browser tests included.
test: lint check test-sqlite test-postgres

# The production configuration under gunicorn, with hashed, compressed static files.
# On loopback there is no TLS proxy, so the HTTPS redirect and secure cookies are off;
# the secret key comes from SECRET_KEY or, failing that, a random one kept in var/.
PROD := $(SITE) DJANGO_SETTINGS_MODULE=showcase.settings.production SECURE_SSL_REDIRECT=false SECURE_COOKIES=false \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECRET_KEY=$${SECRET_KEY:-$$(cat var/secret-key)}

var/secret-key:
	mkdir -p var
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))' > $@
	chmod 600 $@

serve: install var/secret-key
	$(PROD) $(PY) manage.py migrate --noinput
	$(PROD) $(PY) manage.py load_demo --if-empty
	$(PROD) $(PY) manage.py analyze_database
	$(PROD) $(PY) manage.py sync_locale_trees
	$(PROD) $(PY) manage.py sync_site_address
	$(PROD) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PROD) GUNICORN_BIND=$(HOST):$(PORT) GUNICORN_WORKERS=2 GUNICORN_CONTROL_SOCKET=var/gunicorn.ctl $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py showcase.wsgi

# Benchmarks print numbers; they run on a throw-away SQLite database in var/.
BENCH_DB := DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3
bench: install
	mkdir -p var
	$(BENCH_DB) $(PY) manage.py migrate --noinput --verbosity 0
	$(BENCH_DB) $(PY) manage.py load_demo --if-empty
	$(BENCH_DB) $(PY) manage.py bench_calendar --visits 100000 --database-is-disposable
	$(BENCH_DB) $(PY) manage.py bench_statistics --visits 100000 --database-is-disposable
	$(PY) manage.py bench_planner

# Scale data: 10,000 best practices (with their aliases and search entries) and 100,000
# visits on top of the demo content, in bulk, in a throw-away SQLite database.
SCALE_DB := DATABASE_URL=sqlite:///$(CURDIR)/var/scale.sqlite3
scale: install
	mkdir -p var
	$(SCALE_DB) $(PY) manage.py migrate --noinput --verbosity 0
	$(SCALE_DB) $(PY) manage.py load_demo --if-empty
	$(SCALE_DB) $(PY) manage.py scale_demo --practices 10000 --visits 100000 --database-is-disposable

# Server time of every public page type, rendered and from the page cache, under the
# production settings: the demo database (db.sqlite3), then the scale database.
bench-pages: install var/secret-key scale
	$(SITE) $(PY) manage.py migrate --noinput --verbosity 0
	$(SITE) $(PY) manage.py load_demo --if-empty
	$(SITE) $(PY) manage.py analyze_database
	$(PROD) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PROD) $(PY) manage.py bench_pages
	$(PROD) $(SCALE_DB) $(PY) manage.py bench_pages

# Booking throughput on a throw-away PostgreSQL: demo content, then 8 clients in 2 processes.
bench-booking: install
	bin/with-postgres sh -c '$(PY) manage.py migrate --noinput --verbosity 0 && $(PY) manage.py load_demo --if-empty && \
	  $(PY) manage.py bench_booking --database-is-disposable --clients 8 --processes 2 --seconds 10'

# Load test: the production configuration (as `make serve`, on a free loopback port) with wrk
# on every public page type; prints req/s, p50, p99 and each page's ratio to /robots.txt.
# The database is DATABASE_URL's (default db.sqlite3); flags: LOADTEST_ARGS="--seconds 2 --json var/load.json".
LOADTEST_ARGS ?=
loadtest: install var/secret-key
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

# The scale-out setup on one machine (deploy/README.md): a throw-away PostgreSQL, Redis, two
# gunicorn app servers, the task worker and nginx on free loopback ports, then a journey
# across them; everything is stopped at the end. Needs Debian's nginx, redis-server and
# postgresql. SCALE_TEST_ARGS="--fresh" rebuilds the demo database kept in var/scale-test/.
SCALE_TEST_ARGS ?=
scale-test: install
	bin/scale-test $(SCALE_TEST_ARGS)

clean:
	rm -rf var db.sqlite3
