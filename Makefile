# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= $(CURDIR)/data
HOST ?= 127.0.0.1
PORT ?= 8000

# The embedded default: SQLite under DATA_DIR, in-memory channel layer, tasks beside the server.
RUN_ENV = PEERHAVEN_DATA_DIR=$(DATA_DIR) PEERHAVEN_SECRET_KEY_FILE=$(DATA_DIR)/secret_key \
	PEERHAVEN_HTTPS=false PEERHAVEN_ALLOWED_HOSTS=$(HOST),localhost,127.0.0.1 PEERHAVEN_LOG_FORMAT=text \
	PEERHAVEN_SITE_URL=http://$(HOST):$(PORT)

.PHONY: install run test lint

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p $(DATA_DIR)
	@test -s $(DATA_DIR)/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $(DATA_DIR)/secret_key
	$(RUN_ENV) $(BIN)/peerhaven migrate --noinput -v0
	$(RUN_ENV) $(BIN)/peerhaven collectstatic --noinput -v0
	$(RUN_ENV) $(BIN)/peerhaven demo
	$(RUN_ENV) $(BIN)/peerhaven serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python scripts/run_tests.py $(ARGS)

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy src
