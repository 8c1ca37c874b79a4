# Two commands from a fresh clone: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run setup serve test test-postgres schema migrations lint lock clean bench

# Installs exactly what requirements.lock pins (`make lock` writes it from pyproject.toml), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## run: create .venv, install, migrate, load the demo data on first run, serve on http://$HOST:$PORT/graphql
run: setup serve

setup: $(STAMP)
	$(BIN)/python -m api setup

serve: $(STAMP)
	$(BIN)/python -m api serve

## test: the whole suite; TEST_DATABASE_URL=postgres://user@host:5432/postgres runs it on a fresh PostgreSQL database
test: $(STAMP)
	$(BIN)/python -m pytest -q

test-postgres: $(STAMP)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(BIN)/python -m pytest -q

## schema: regenerate the committed schema/schema.graphql
schema: $(STAMP)
	$(BIN)/python -c "from schema.build import build_schema; print(build_schema().as_str())" > schema/schema.graphql

## migrations: write a migration for model changes (NAME=what_changed)
migrations: $(STAMP)
	$(BIN)/tortoise makemigrations --name $(NAME)

## lint: ruff (lint and format), mypy (strict on domain/ and policies/), import-linter (the layers)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## lock: re-pin every dependency (after editing pyproject.toml)
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv>=0.13,<0.14"
	$(BIN)/uv pip compile pyproject.toml --extra test --extra lint --python-version 3.11 --quiet -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis

## bench: national-scale benchmark on PostgreSQL and SQLite into bench/RESULTS.md; PEER=1 adds PostGraphile
bench: $(STAMP)
	$(BIN)/python bench/run.py $(if $(PEER),--peer) $(BENCH_ARGS)

## graphiql-assets: refresh the vendored GraphiQL page (api/static/graphiql/) from npm; versions also in its README.md
GRAPHIQL_VERSION := 3.9.0
REACT_VERSION    := 18.3.1
GRAPHIQL_DIR     := api/static/graphiql
.PHONY: graphiql-assets
graphiql-assets:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent graphiql@$(GRAPHIQL_VERSION) react@$(REACT_VERSION) react-dom@$(REACT_VERSION) >/dev/null) && \
	tar -xzf "$$tmp/graphiql-$(GRAPHIQL_VERSION).tgz" -O package/graphiql.min.js > $(GRAPHIQL_DIR)/graphiql.min.js && \
	tar -xzf "$$tmp/graphiql-$(GRAPHIQL_VERSION).tgz" -O package/graphiql.min.css > $(GRAPHIQL_DIR)/graphiql.min.css && \
	tar -xzf "$$tmp/react-$(REACT_VERSION).tgz" -O package/umd/react.production.min.js > $(GRAPHIQL_DIR)/react.production.min.js && \
	tar -xzf "$$tmp/react-dom-$(REACT_VERSION).tgz" -O package/umd/react-dom.production.min.js > $(GRAPHIQL_DIR)/react-dom.production.min.js && \
	ls -l $(GRAPHIQL_DIR)
