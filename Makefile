# Strefy: `make run` serves the app with demo data; `make test` runs every test
# (`make test-quick`: all but the browser tests, for the inner loop).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app app

export STREFY_ENV ?= development

.PHONY: setup run test test-quick lint format bench translations messages clean vendor-plotly

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# A catalogue is compiled only when its .po changed, so that two `make test` runs side by side
# (CI runs SQLite and PostgreSQL at once) never rewrite a .mo the other is reading.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard app/translations/*/LC_MESSAGES/messages.po))

app/translations/%/LC_MESSAGES/messages.mo: app/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile -d app/translations -l $* > /dev/null

translations: $(MO_FILES)

setup: $(VENV)/.installed translations

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	@echo "Strefy at http://127.0.0.1:$(PORT)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

# The inner loop: every test but the browser ones, Hypothesis's quick profile. CI runs `make test`.
test-quick: setup
	HYPOTHESIS_PROFILE=dev $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	@for script in bench/*.py; do [ -e "$$script" ] || continue; $(BIN)/python "$$script" || exit 1; done

messages: setup
	$(FLASK) translate update

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find app -name '*.mo' -delete

# plotly.js for the charts: the smallest bundle that draws the traces the app uses (bar, and
# scatter's text — in plotly.js's core — in app/dashboards/charts.py and network.py; sankey in
# app/plans/thread.py), built from the npm package by plotly.js's own partial-bundle way
# (lib/core + the traces) with a pinned esbuild; and its stylesheet (for the strict CSP).
PLOTLY_VERSION ?= 4.1.1
ESBUILD_VERSION ?= 0.25.11
PLOTLY_BUILD := /tmp/strefy-plotly
define PLOTLY_ENTRY_JS
// Strefy's plotly.js: bar, scatter (in core) and sankey.
var Plotly = require("plotly.js/lib/core");
Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/sankey")]);
module.exports = Plotly;
endef
define PLOTLY_BANNER
/**
* plotly.js (Strefy's bundle: bar, scatter, sankey - minified) v$(PLOTLY_VERSION)
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license
*/
endef
define PLOTLY_CSS_JS
const fs = require("fs");
const path = "app/static/vendor/plotly/";
const s = fs.readFileSync(path + "plotly-strefy.min.js", "utf8");
const i = s.indexOf('{"X,X div"');
let depth = 0, j = i;
for (; j < s.length; j++) { if (s[j] == "{") depth++; else if (s[j] == "}" && !--depth) break; }
const rules = eval("(" + s.slice(i, j + 1) + ")");
let css = "/* plotly.js " + process.env.PLOTLY_VERSION + " styles (build/plotcss), for pages whose CSP forbids inline styles. */\n";
for (const [k, v] of Object.entries(rules))
  css += k.replace(/X/g, ".js-plotly-plot .plotly").replace(/Y/g, ".plotly-notifier") + "{" + v + "}\n";
fs.writeFileSync(path + "plotly.css", css);
endef
export PLOTLY_CSS_JS PLOTLY_ENTRY_JS PLOTLY_BANNER PLOTLY_VERSION

vendor-plotly:
	rm -rf $(PLOTLY_BUILD) && mkdir -p $(PLOTLY_BUILD)
	cd $(PLOTLY_BUILD) && npm install --silent --no-audit --no-fund --save-exact plotly.js@$(PLOTLY_VERSION) esbuild@$(ESBUILD_VERSION)
	printf '%s\n' "$$PLOTLY_ENTRY_JS" > $(PLOTLY_BUILD)/strefy.js
	cd $(PLOTLY_BUILD) && node_modules/.bin/esbuild strefy.js --bundle --minify --format=iife \
		--global-name=Plotly --define:global=window --define:define.amd=false --target=es2016 \
		--loader:.css=empty --banner:js="$$PLOTLY_BANNER" --log-level=warning \
		--outfile=plotly-strefy.min.js
	cp $(PLOTLY_BUILD)/plotly-strefy.min.js $(PLOTLY_BUILD)/node_modules/plotly.js/LICENSE app/static/vendor/plotly/
	rm -f app/static/vendor/plotly/plotly-basic.min.js
	node -e "$$PLOTLY_CSS_JS"
	sed -i 's/^PLOTLY_VERSION = ".*"/PLOTLY_VERSION = "$(PLOTLY_VERSION)"/' app/dashboards/results_views.py
