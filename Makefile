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

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d app/translations > /dev/null

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

# plotly.js's basic bundle and its stylesheet (for the strict CSP), from the npm registry.
PLOTLY_VERSION ?= 4.1.1
define PLOTLY_CSS_JS
const fs = require("fs");
const path = "app/static/vendor/plotly/";
const s = fs.readFileSync(path + "plotly-basic.min.js", "utf8");
const i = s.indexOf('{"X,X div"');
let depth = 0, j = i;
for (; j < s.length; j++) { if (s[j] == "{") depth++; else if (s[j] == "}" && !--depth) break; }
const rules = eval("(" + s.slice(i, j + 1) + ")");
let css = "/* plotly.js " + process.env.PLOTLY_VERSION + " styles (build/plotcss), for pages whose CSP forbids inline styles. */\n";
for (const [k, v] of Object.entries(rules))
  css += k.replace(/X/g, ".js-plotly-plot .plotly").replace(/Y/g, ".plotly-notifier") + "{" + v + "}\n";
fs.writeFileSync(path + "plotly.css", css);
endef
export PLOTLY_CSS_JS PLOTLY_VERSION

vendor-plotly:
	rm -rf /tmp/strefy-plotly && mkdir -p /tmp/strefy-plotly
	cd /tmp/strefy-plotly && npm pack --silent plotly.js-basic-dist-min@$(PLOTLY_VERSION) > /dev/null && tar xzf plotly.js-basic-dist-min-$(PLOTLY_VERSION).tgz
	cp /tmp/strefy-plotly/package/plotly-basic.min.js /tmp/strefy-plotly/package/LICENSE app/static/vendor/plotly/
	node -e "$$PLOTLY_CSS_JS"
	sed -i 's/^PLOTLY_VERSION = ".*"/PLOTLY_VERSION = "$(PLOTLY_VERSION)"/' app/dashboards/results_views.py
