# Two commands from a fresh clone: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run setup serve test test-postgres schema migrations lint clean bench

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis

## bench: national-scale benchmark on PostgreSQL and SQLite into bench/RESULTS.md; PEER=1 adds PostGraphile
bench: $(STAMP)
	$(BIN)/python bench/run.py $(if $(PEER),--peer) $(BENCH_ARGS)
