# Two commands on a fresh machine with Python 3.11, git and make:  make demo  ·  make test
# Everything else (uv, the virtual environment, the project) is bootstrapped from here.

PYTHON ?= python3.11
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

.PHONY: demo install test lint typecheck test-sqlite test-postgres test-browser bench bench-impact clean help

help:
	@echo "make demo     install everything and run the demo on http://127.0.0.1:8000"
	@echo "make test     install what the tests need and run all checks and tests"
	@echo "make install  only install (gives .venv/bin/uplift)"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Bytecode is compiled once here: where PYTHONDONTWRITEBYTECODE is set (as on many CI machines)
# every `uplift` process would otherwise compile its thousands of modules again, seconds each time.
$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode
	@touch $@

install: $(VENV)/.installed
	@$(VENV)/bin/python -m compileall -q -j 0 uplift config tests benchmarks > /dev/null

demo: install
	$(VENV)/bin/uplift demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy

# Tests run in parallel worker processes (pytest-xdist), one per core unless told otherwise:
# `make test UPLIFT_TEST_WORKERS=0` runs each part in this one process. A test file stays on one
# worker (--dist loadfile), so its module-wide fixtures are built once. Each worker has its own
# databases and folders (docs/testing.md).
UPLIFT_TEST_WORKERS ?= auto
# Each part ends with its 40 slowest tests, so a run shows where its time went.
PYTEST := $(VENV)/bin/pytest -n $(UPLIFT_TEST_WORKERS) --dist loadfile --durations=40

test-sqlite: install
	$(PYTEST) -m "not browser"

# PostgreSQL again, for the tests that use the application database (marker `database`, set in
# tests/conftest.py); every other test runs the same on either and ran in test-sqlite.
test-postgres: install
	UPLIFT_TEST_DB=postgres $(PYTEST) -m "database and not browser and not spark and not load and not installation"

test-browser: install
	$(PYTEST) -m browser

test: lint typecheck test-sqlite test-postgres test-browser

# Benchmarks (not tests): each records its latest result, machine and date in BENCHMARKS.md.
bench: install
	$(VENV)/bin/python -m benchmarks.bench_generate --reps 10000 --months 24 --record
	$(VENV)/bin/python -m benchmarks.bench_import --record
	$(VENV)/bin/python -m benchmarks.bench_import --source hubspot --record
	$(VENV)/bin/python -m benchmarks.bench_import_mapped --record
	$(VENV)/bin/python -m benchmarks.bench_impact_simulation --record
	$(VENV)/bin/python -m benchmarks.bench_analyze --record
	$(VENV)/bin/python -m benchmarks.bench_pages --record
	$(VENV)/bin/python -m benchmarks.bench_cli --record
	$(VENV)/bin/python -m benchmarks.bench_load --record

# Which impact estimator is the default: 50 simulated organisations per scenario (docs/impact.md).
bench-impact: install
	$(VENV)/bin/python -m benchmarks.bench_impact_simulation --record

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache test-artifacts
