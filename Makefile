# The two commands: `make run` and `make test`. Both create .venv when needed and refresh it
# when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ARGS   ?=
# Two test processes, one per core of the 2-core machine it is kept fast on; `PYTEST_ARGS=` for one.
PYTEST_ARGS ?= -n 2

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=23.1"
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $(STAMP)

run: $(STAMP)
	@$(PY) -m compileall -q journal  # byte-compile changed modules: a faster start even when PYTHONDONTWRITEBYTECODE is set
	$(VENV)/bin/progress-journal $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@$(PY) -m compileall -q journal
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/import_bench.py --rss
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/gui_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/compare_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/sheet_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/capture_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/capture_view_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/progress_bench.py
	$(PY) tests/bench/trust_bench.py
	$(PY) tests/bench/timelapse_bench.py
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/eyes_bench.py

lint: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(VENV)/bin/ruff check journal tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
