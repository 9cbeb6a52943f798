# The two commands: `make run` and `make test`. Both create .venv when needed and refresh it
# when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ARGS   ?=
PYTEST_ARGS ?=

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=23.1"
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/progress-journal $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p no:cacheprovider -s tests/bench $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(VENV)/bin/ruff check journal tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
