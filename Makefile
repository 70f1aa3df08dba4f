# Makefile for the Streaming Flask documentation.
#
#   make html              English HTML in _build/html/en/
#   make html LANG=ru      Russian HTML in _build/html/ru/ (zh_CN, zh_TW, ko likewise)
#   make test              every test: snippets, extensions, docs build
#
# Every target that needs Python packages depends on the virtual environment,
# which is created from the pinned requirements.txt on first use.

# You can set these variables from the command line.
PYTHON       ?= python3
VENV_DIR     ?= .venv
SPHINXOPTS   ?= -W --keep-going -n
PYTESTOPTS   ?= --numprocesses auto --dist load
BUILDDIR     := _build
SOURCEDIR    := docs
LANGUAGES    := en zh_CN zh_TW ru ko
TRANSLATIONS := $(filter-out en,$(LANGUAGES))
POTDIR       := $(BUILDDIR)/gettext

VENV_BIN     := $(VENV_DIR)/bin
VENV_STAMP   := $(VENV_DIR)/.installed
SPHINXBUILD  := $(VENV_BIN)/sphinx-build

# `make html LANG=ru` sets LANG on the command line. The shell's own LANG (a POSIX
# locale like C.UTF-8) is not a documentation language, so only a command-line
# LANG chooses one.
ifeq ($(origin LANG),command line)
DOCS_LANG := $(LANG)
else
DOCS_LANG := en
endif
# A command-line LANG is exported to every recipe, where "ru" is not a locale and
# Python's locale.setlocale() fails (sphinx#11739); so does an environment locale
# that the machine lacks (en_US.UTF-8 on a bare Debian). Recipes run in C.UTF-8,
# which every machine has, and so do not depend on the caller's locale at all.
override LANG := C.UTF-8
export LANG
export LC_ALL := C.UTF-8

ifeq ($(filter $(DOCS_LANG),$(LANGUAGES)),)
$(error Unknown LANG=$(DOCS_LANG). Supported: $(LANGUAGES) (en is the default))
endif

HTMLDIR    := $(BUILDDIR)/html/$(DOCS_LANG)
DOCTREEDIR := $(BUILDDIR)/doctrees/$(DOCS_LANG)
LANGOPTS   := $(if $(filter-out en,$(DOCS_LANG)),-D language=$(DOCS_LANG))
ALLSPHINXOPTS := -c . -d $(DOCTREEDIR) $(LANGOPTS) $(SPHINXOPTS)

.DEFAULT_GOAL := help

.PHONY: help
help:  ## List the targets.
	@echo "Usage: make <target> [LANG=en|zh_CN|zh_TW|ru|ko]"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV_STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV_DIR)
	$(VENV_BIN)/python -m pip install --quiet --upgrade pip
	$(VENV_BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

.PHONY: venv
venv: $(VENV_STAMP)  ## Create the virtual environment from requirements.txt.

.PHONY: html
html: $(VENV_STAMP)  ## Build the HTML of one language (LANG=..., default en).
	$(SPHINXBUILD) -b html $(ALLSPHINXOPTS) $(SOURCEDIR) $(HTMLDIR)
	@echo
	@echo "Build finished. Open $(HTMLDIR)/index.html"

# -- The whole site: five languages side by side --------------------------------

SITEDIR      := $(BUILDDIR)/site
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
# Everything a page can depend on; compiled catalogs (*.mo) are build output.
SITE_INPUTS  := conf.py requirements.txt bench/results.json \
	$(shell find docs snippets locales -type f ! -name '*.mo' ! -path '*/__pycache__/*' 2>/dev/null)

# One stamp per language: a language is rebuilt only when an input changed,
# so a no-op `make site` runs no Sphinx at all.
$(SITEDIR)/%/.built: $(VENV_STAMP) $(SITE_INPUTS)
	@echo "site: building $*"
	@$(SPHINXBUILD) -b html -c . -d $(BUILDDIR)/site-doctrees/$* \
		$(if $(filter-out en,$*),-D language=$*) $(SPHINXOPTS) -q $(SOURCEDIR) $(SITEDIR)/$*
	@touch $@

$(SITEDIR)/.assembled: $(foreach lang,$(LANGUAGES),$(SITEDIR)/$(lang)/.built) tools/site.py
	@$(VENV_BIN)/python -m tools.site assemble $(SITEDIR)
	@touch $@

.PHONY: site
site: $(VENV_STAMP)  ## Build all five languages into _build/site/<lang>/ (in parallel) and assemble the site.
	@$(MAKE) --no-print-directory -j $(JOBS) $(SITEDIR)/.assembled

.PHONY: serve
serve: site  ## Preview the whole site on http://127.0.0.1:8000/ (under the site's base path).
	$(VENV_BIN)/python -m tools.site serve $(SITEDIR) --port 8000

.PHONY: livehtml
livehtml: $(VENV_STAMP)  ## Preview one language on http://127.0.0.1:8000, rebuilt on save.
	$(VENV_BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 \
		--watch snippets --watch locales $(ALLSPHINXOPTS) $(SOURCEDIR) $(HTMLDIR)

.PHONY: gettext
gettext: $(VENV_STAMP)  ## Extract the English messages (pages and theme) into _build/gettext/*.pot.
	$(SPHINXBUILD) -b gettext -c . -d $(BUILDDIR)/doctrees/gettext $(SPHINXOPTS) $(SOURCEDIR) $(POTDIR)
	$(VENV_BIN)/python -m tools.catalogs theme-pot --pot $(POTDIR)

# No line wrapping: a changed sentence changes one line of the diff, and
# gettext_location = False in conf.py keeps line numbers out of the catalogs.
.PHONY: update-po
update-po: gettext  ## Refresh every language's catalogs from the English source.
	$(VENV_BIN)/sphinx-intl update --pot-dir $(POTDIR) --locale-dir locales \
		$(foreach lang,$(TRANSLATIONS),--language $(lang)) --line-width 0 --no-obsolete

.PHONY: stats
stats: $(VENV_STAMP)  ## Translated / fuzzy / untranslated messages, per language and page.
	@$(VENV_BIN)/python -m tools.catalogs stats

.PHONY: check-po
check-po: gettext  ## Check the catalogs: syntax, sync, fuzzy, markup, glossary.
	$(VENV_BIN)/python -m tools.catalogs check --pot $(POTDIR)

.PHONY: test
test: $(VENV_STAMP)  ## Run every test (snippets, extensions, docs build) in parallel, with coverage.
	$(VENV_BIN)/python -m pytest $(PYTESTOPTS)

.PHONY: bench
bench: $(VENV_STAMP)  ## Measure the CSV export variants under gunicorn; write bench/results.json.
	$(VENV_BIN)/python -m bench.run

.PHONY: bench-build
bench-build: $(VENV_STAMP)  ## Time clean builds of each language, a clean and a no-op `make site`.
	$(VENV_BIN)/python -m bench.build

.PHONY: clean
clean:  ## Remove build output and compiled catalogs (keeps the venv).
	rm -rf $(BUILDDIR) .pytest_cache .coverage
	find locales -name '*.mo' -delete

.PHONY: clean-venv
clean-venv:  ## Remove the virtual environment.
	rm -rf $(VENV_DIR)
