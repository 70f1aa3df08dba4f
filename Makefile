# Makefile for the Streaming Flask documentation.
#
#   make html              English HTML in _build/html/en/
#   make html LANG=ru      Russian HTML in _build/html/ru/ (every folder of locales/ likewise)
#   make epub LANG=ru      the Russian EPUB in _build/epub/ru/
#   make test              every test: snippets, extensions, docs build
#
# Every target that needs Python packages depends on the virtual environment,
# which is created from the pinned requirements.txt on first use.

# You can set these variables from the command line.
PYTHON       ?= python3
VENV_DIR     ?= .venv
# Warnings are errors, reported all at once (Sphinx 8.1+ always keeps going).
SPHINXOPTS   ?= --fail-on-warning --nitpicky
PYTESTOPTS   ?= --numprocesses auto --dist worksteal
BUILDDIR     := _build
SOURCEDIR    := docs
# The languages are the folders of locales/ that hold catalogs, English first:
# adding a language is adding its files (docs/_ext/languages.py reads the same).
ORIGINAL     := en
TRANSLATIONS := $(sort $(notdir $(patsubst %/LC_MESSAGES/,%,$(wildcard locales/*/LC_MESSAGES/))))
LANGUAGES    := $(ORIGINAL) $(TRANSLATIONS)
POTDIR       := $(BUILDDIR)/gettext

VENV_BIN     := $(VENV_DIR)/bin
VENV_STAMP   := $(VENV_DIR)/.installed
SPHINXBUILD  := $(VENV_BIN)/sphinx-build

# `make html LANG=ru` sets LANG on the command line. The shell's own LANG (a POSIX
# locale like C.UTF-8) is not a documentation language, so only a command-line
# LANG chooses one.
ifeq ($(origin LANG),command line)
DOCS_LANG := $(LANG)
AUDIT_LANG := $(LANG)
else
DOCS_LANG := $(ORIGINAL)
endif
# A command-line LANG is exported to every recipe, where "ru" is not a locale and
# Python's locale.setlocale() fails (sphinx#11739); so does an environment locale
# that the machine lacks (en_US.UTF-8 on a bare Debian). Recipes run in C.UTF-8,
# which every machine has, and so do not depend on the caller's locale at all.
override LANG := C.UTF-8
export LANG
export LC_ALL := C.UTF-8

ifeq ($(filter $(DOCS_LANG),$(LANGUAGES)),)
$(error Unknown LANG=$(DOCS_LANG). Supported: $(LANGUAGES) ($(ORIGINAL) is the default))
endif

HTMLDIR    := $(BUILDDIR)/html/$(DOCS_LANG)

# The one sphinx-build command line, for every target that builds:
#   $(call sphinx_options,<language>,<doctree dir>)  the options, for sphinx-autobuild too;
#   $(call sphinx_build,<builder>,<language>,<doctree dir>,<output dir>)
# The original language is Sphinx's default; the others are passed with --define.
sphinx_options = $(strip --doctree-dir $(2) $(if $(filter-out $(ORIGINAL),$(1)),--define language=$(1)) $(SPHINXOPTS))
sphinx_build = $(SPHINXBUILD) --builder $(1) $(call sphinx_options,$(2),$(3)) $(SOURCEDIR) $(4)

.DEFAULT_GOAL := help
space := $(subst ,, )

.PHONY: help
help:  ## List the targets.
	@echo "Usage: make <target> [LANG=$(subst $(space),|,$(LANGUAGES))]"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The oldest Python that every pin in requirements.txt installs on; README.md
# names the same range. Checked before the venv exists, so that an older Python
# fails here with what to do rather than deep inside pip.
PYTHON_MIN := 3.11

$(VENV_STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { \
		echo "make: PYTHON=$(PYTHON) was not found. Install Python $(PYTHON_MIN) or newer" \
			"(Debian 12: apt-get install python3 python3-venv) or pass PYTHON=/path/to/python3."; exit 1; }
	@$(PYTHON) -c 'import sys; found = "%d.%d.%d" % tuple(sys.version_info[:3]); \
		sys.exit(0 if sys.version_info[:2] >= tuple(map(int, "$(PYTHON_MIN)".split("."))) else \
		"make: PYTHON=$(PYTHON) is Python " + found + "; the documentation needs Python $(PYTHON_MIN) or newer." \
		" Install one (Debian 12: apt-get install python3 python3-venv) and run make again, or pass PYTHON=python3.12.")'
	$(PYTHON) -m venv $(VENV_DIR)
	$(VENV_BIN)/python -m pip install --quiet --upgrade pip
	$(VENV_BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

.PHONY: venv
venv: $(VENV_STAMP)  ## Create the virtual environment from requirements.txt.

.PHONY: html
html: $(VENV_STAMP)  ## Build the HTML of one language (LANG=..., default en).
	$(call sphinx_build,html,$(DOCS_LANG),$(BUILDDIR)/doctrees/$(DOCS_LANG),$(HTMLDIR))
	@echo
	@echo "Build finished. Open $(HTMLDIR)/index.html"

# The EPUB reads the doctrees that `make html` of the same language wrote, when
# they are up to date: only the book is written.
.PHONY: epub
epub: $(VENV_STAMP)  ## Build the EPUB of one language (LANG=..., default en).
	$(call sphinx_build,epub,$(DOCS_LANG),$(BUILDDIR)/doctrees/$(DOCS_LANG),$(BUILDDIR)/epub/$(DOCS_LANG))
	@echo
	@echo "Build finished: $(BUILDDIR)/epub/$(DOCS_LANG)/streaming-flask-$(DOCS_LANG).epub"

# -- The whole site: every language side by side -------------------------------

SITEDIR      := $(BUILDDIR)/site
# One build more than the cores: five languages on two cores would otherwise
# leave a core idle while the last language builds alone.
JOBS         ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 1 )))
# Everything a page can depend on; compiled catalogs (*.mo) are build output.
# Deferred (= here, $$ with second expansion below): only a site build runs find,
# and only once (the first use replaces the variable with its value).
SITE_INPUTS  = $(eval SITE_INPUTS := requirements.txt $(wildcard bench/*.json) $(wildcard results/*.json) \
	$(shell find docs snippets locales -type f ! -name '*.mo' ! -path '*/__pycache__/*' 2>/dev/null))$(SITE_INPUTS)

# One stamp per language: a language is rebuilt only when an input changed,
# so a no-op `make site` runs no Sphinx at all.
.SECONDEXPANSION:
$(SITEDIR)/%/.built: $(VENV_STAMP) $$(SITE_INPUTS)
	@echo "site: building $*"
	@$(call sphinx_build,html,$*,$(BUILDDIR)/site-doctrees/$*,$(SITEDIR)/$*) --quiet --define epub_download_link=1
	@# The language's EPUB, from the doctrees just written (no page is read again),
	@# beside its pages, where the sidebar links it (docs/_ext/epub_download.py).
	@$(call sphinx_build,epub,$*,$(BUILDDIR)/site-doctrees/$*,$(BUILDDIR)/site-epub/$*) --quiet
	@cp $(BUILDDIR)/site-epub/$*/streaming-flask-$*.epub $(SITEDIR)/$*/
	@touch $@

$(SITEDIR)/.assembled: $(foreach lang,$(LANGUAGES),$(SITEDIR)/$(lang)/.built) tools/site.py
	@$(VENV_BIN)/python -m tools.site assemble $(SITEDIR)
	@touch $@

.PHONY: site
site: $(VENV_STAMP)  ## Build every language into _build/site/<lang>/ (in parallel) and assemble the site.
	@$(MAKE) --no-print-directory -j $(JOBS) $(SITEDIR)/.assembled

.PHONY: serve
serve: site  ## Preview the whole site on http://127.0.0.1:8000/ (under the site's base path).
	$(VENV_BIN)/python -m tools.site serve $(SITEDIR) --port 8000

# -- Lighthouse: make audit ------------------------------------------------------

# Lighthouse is pinned in package.json and package-lock.json (12.8.2, the last
# 12.x: 13 needs Node 22.19 or newer, this machine has 20); `npm ci` installs exactly
# the lock, once, like the venv stamp. package.json's "overrides" pins
# third-party-web to the 0.27.0 Lighthouse asks for: a package of Lighthouse's
# asks for "latest", and `npm ci` refuses a lock that a newer release outdates.
NODE_STAMP   := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make: npm was not found (Debian 12: apt-get install npm; Node 18.16 or newer)"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# Every page × desktop and mobile: about 170 runs, two at a time, 12-18 s each on a
# quiet machine. PAGES="index basics" and LANG=ru narrow it for a quick look;
# only the full run writes results/lighthouse.json.
.PHONY: audit
audit: site $(NODE_STAMP)  ## Lighthouse on every page, desktop and mobile (PAGES=..., LANG=... narrow it); write results/lighthouse.json.
	$(VENV_BIN)/python -m bench.audit $(SITEDIR) $(if $(PAGES),--pages "$(PAGES)") $(if $(AUDIT_LANG),--lang $(AUDIT_LANG))

.PHONY: livehtml
livehtml: $(VENV_STAMP)  ## Preview one language on http://127.0.0.1:8000, rebuilt on save.
	$(VENV_BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 \
		--watch snippets --watch locales \
		$(call sphinx_options,$(DOCS_LANG),$(BUILDDIR)/doctrees/$(DOCS_LANG)) $(SOURCEDIR) $(HTMLDIR)

.PHONY: gettext
gettext: $(VENV_STAMP)  ## Extract the English messages (pages and theme) into _build/gettext/*.pot.
	$(call sphinx_build,gettext,$(ORIGINAL),$(BUILDDIR)/doctrees/gettext,$(POTDIR))

# No line wrapping: a changed sentence changes one line of the diff, and
# gettext_location = False in docs/conf.py keeps line numbers out of the catalogs.
# First, a translation whose English only gained or lost proofs ({proof} and
# {cited} roles) is kept, with the new roles placed (tools/carry_proofs.py):
# such a change is no work for a translator.
.PHONY: update-po
update-po: gettext  ## Refresh every language's catalogs from the English source (translations keep their proofs).
	$(VENV_BIN)/python -m tools.carry_proofs --pot $(POTDIR)
	$(VENV_BIN)/sphinx-intl update --pot-dir $(POTDIR) --locale-dir locales \
		$(foreach lang,$(TRANSLATIONS),--language $(lang)) --line-width 0 --no-obsolete

# The translator's targets cover one language with LANG=ru, every one without.
CATALOG_LANGS := $(if $(filter-out $(ORIGINAL),$(DOCS_LANG)),--lang $(DOCS_LANG))

.PHONY: stats
stats: $(VENV_STAMP)  ## Translated / fuzzy / untranslated messages, per language and page (LANG=... for one).
	@$(VENV_BIN)/python -m tools.catalogs stats $(CATALOG_LANGS)

.PHONY: todo
todo: $(VENV_STAMP)  ## List the untranslated and fuzzy messages as path:line (LANG=... for one language).
	@$(VENV_BIN)/python -m tools.catalogs todo $(CATALOG_LANGS)

# Untranslated and fuzzy messages are counted, not errors: English lands
# first and the site shows it until translators catch up. STRICT=1 (for a
# release) makes them errors too.
.PHONY: check-po
check-po: gettext  ## Check the catalogs (LANG=... for one; STRICT=1 for a release): syntax, sync, safety, markup, glossary, Korean particles.
	$(VENV_BIN)/python -m tools.catalogs check --pot $(POTDIR) $(CATALOG_LANGS) $(if $(STRICT),--strict)

.PHONY: lint
lint: $(VENV_STAMP)  ## Check the Python code with ruff: lint rules and formatting (`ruff format` fixes the latter).
	$(VENV_BIN)/ruff check .
	$(VENV_BIN)/ruff format --check .

.PHONY: test
test: lint  ## Run every test (snippets, extensions, docs build) in parallel, with coverage.
	$(VENV_BIN)/python -m pytest $(PYTESTOPTS)

.PHONY: bench
bench: $(VENV_STAMP)  ## Measure the CSV export variants, the Redis fan-out, gzip flushing, the database exports and the zip libraries; write bench/*.json.
	$(VENV_BIN)/python -m bench.run
	@$(MAKE) --no-print-directory bench-fanout
	@$(MAKE) --no-print-directory bench-compression
	@$(MAKE) --no-print-directory bench-databases
	@$(MAKE) --no-print-directory bench-archives

# gzip with a sync flush per chunk against one compressed body: a few seconds, no server.
.PHONY: bench-compression
bench-compression: $(VENV_STAMP)  ## Measure what a gzip sync flush per chunk costs in size and time; write bench/compression.json.
	$(VENV_BIN)/python -m bench.compression

# A folder zipped by stream-zip and by zipstream-ng under gunicorn: a few minutes.
.PHONY: bench-archives
bench-archives: $(VENV_STAMP)  ## Measure zipping a folder while sending it (stream-zip, zipstream-ng); write bench/archives.json.
	$(VENV_BIN)/python -m bench.archives

# 500 SSE clients of one Redis channel, gthread against gevent workers: a few minutes.
.PHONY: bench-fanout
bench-fanout: $(VENV_STAMP)  ## Measure fan-out through Redis to 500 SSE clients (gthread, gevent); write bench/fanout.json.
	$(VENV_BIN)/python -m bench.fanout

# A table of 1e5 and 1e6 orders exported from SQLite and from PostgreSQL (client-
# and server-side cursor) under gunicorn, against reading it in-process: a few minutes.
.PHONY: bench-databases
bench-databases: $(VENV_STAMP)  ## Measure the database exports (SQLite, PostgreSQL cursors) under gunicorn; write bench/databases.json.
	$(VENV_BIN)/python -m bench.databases

# Every server of tests/servers.py, one after the other (timings on a quiet
# pytest, not beside xdist workers); -m "" lifts pyproject's "not matrix". The
# results file is written only when every server was measured and every proof passed.
SERVER_RESULTS := results/servers.json

.PHONY: matrix-servers
matrix-servers: $(VENV_STAMP)  ## Measure streaming on every application server; write results/servers.json.
	$(VENV_BIN)/python -m pytest tests/test_servers -m "" --no-cov --servers-results $(SERVER_RESULTS)

# gunicorn behind Debian's nginx, in each configuration of tests/proxies.py; the
# results file is written only when every measurement was made and every proof passed.
PROXY_RESULTS := results/proxies.json

.PHONY: matrix-proxies
matrix-proxies: $(VENV_STAMP)  ## Measure streaming through nginx in front of gunicorn; write results/proxies.json.
	$(VENV_BIN)/python -m pytest tests/test_proxies -m "" --no-cov --proxies-results $(PROXY_RESULTS)

# -- Chunk timelines: when each chunk of the pages' examples reached the client --

# gunicorn (and nginx for the errors page) on 127.0.0.1, a few short streams: about 20 s.
.PHONY: timelines
timelines: $(VENV_STAMP)  ## Record when each chunk of the pages' timed examples reached the client; write results/timelines.json.
	$(VENV_BIN)/python -m bench.timelines

.PHONY: bench-build
bench-build: $(VENV_STAMP)  ## Time clean builds of each language, a clean and a no-op `make site`.
	$(VENV_BIN)/python -m bench.build

# The proofs that need big data or many requests, deselected from `make test` by
# their matrix mark: a zip64 member over 4 GiB, a 256 MiB upload, 100 hang-ups on
# the PostgreSQL export, memory under ten times more data.
MATRIX_DATA_TESTS := tests/test_archives tests/test_uploads tests/test_databases

.PHONY: matrix-data
matrix-data: $(VENV_STAMP)  ## Run the data proofs too slow for `make test` (zip64 over 4 GiB, a 256 MiB upload, 100 hang-ups on PostgreSQL).
	$(VENV_BIN)/python -m pytest -m matrix $(MATRIX_DATA_TESTS) --no-cov

.PHONY: matrix
matrix: matrix-servers matrix-proxies matrix-flask matrix-data  ## Measure every behaviour on every server, behind nginx and on every Flask release; write results/*.json.

# -- Flask versions: the context, template and test-client tests on each release --

# Every final release of Flask 3.0 and 3.1 on PyPI (`pip index versions flask`).
# One virtual environment each, from requirements.txt with only the Flask pin
# swapped, so a difference in the results is Flask's. Every release here accepts
# the pinned Werkzeug 3.1 (pip would stop on a conflict, and Werkzeug would then
# be swapped too). A make loop rather than nox: no extra tool to pin, and
# the venvs are made the way `make venv` makes .venv.
FLASK_VERSIONS   := 3.0.0 3.0.1 3.0.2 3.0.3 3.1.0 3.1.1 3.1.2 3.1.3
FLASK_VENVS      := $(BUILDDIR)/flask-venvs
FLASK_RUNS       := $(BUILDDIR)/flask-versions
FLASK_RESULTS    := results/flask_versions.json
# The tests whose subject is what Flask itself does with a streamed response.
FLASK_TESTS      := tests/test_context tests/test_templates

$(FLASK_VENVS)/%/.installed: requirements.txt | $(VENV_STAMP)
	rm -rf $(FLASK_VENVS)/$*
	$(PYTHON) -m venv $(FLASK_VENVS)/$*
	sed 's/^Flask==.*/Flask==$*/' requirements.txt > $(FLASK_VENVS)/$*/requirements.txt
	@grep -qx 'Flask==$*' $(FLASK_VENVS)/$*/requirements.txt || { echo "make: no Flask== pin in requirements.txt to swap"; exit 1; }
	$(FLASK_VENVS)/$*/bin/python -m pip install --quiet --upgrade pip
	$(FLASK_VENVS)/$*/bin/python -m pip install --quiet -r $(FLASK_VENVS)/$*/requirements.txt
	@touch $@

# Per version: the tests, then the probe that records what that Flask did. No
# coverage here: `make test` measures it, over the whole suite. A failing or
# skipped test stops the target before the results file is written.
.PHONY: matrix-flask
matrix-flask: $(VENV_STAMP) $(foreach version,$(FLASK_VERSIONS),$(FLASK_VENVS)/$(version)/.installed)  ## Run the context, template and test-client tests on every Flask 3.0/3.1 release; write results/flask_versions.json.
	@rm -rf $(FLASK_RUNS) && mkdir -p $(FLASK_RUNS)
	@set -e; for version in $(FLASK_VERSIONS); do \
		echo "matrix-flask: Flask $$version"; \
		$(FLASK_VENVS)/$$version/bin/python -m pytest --no-cov -p no:cacheprovider --quiet \
			--junitxml=$(FLASK_RUNS)/$$version.xml $(FLASK_TESTS); \
		$(FLASK_VENVS)/$$version/bin/python -m tests.flask_versions probe $(FLASK_RUNS)/$$version.json; \
	done
	$(VENV_BIN)/python -m tests.flask_versions combine $(FLASK_RESULTS) $(FLASK_RUNS) $(FLASK_TESTS) --versions $(FLASK_VERSIONS)

.PHONY: clean
clean:  ## Remove build output and compiled catalogs (keeps the venv).
	rm -rf $(BUILDDIR) .pytest_cache .coverage
	find locales -name '*.mo' -delete

.PHONY: clean-venv
clean-venv:  ## Remove the virtual environment.
	rm -rf $(VENV_DIR)
