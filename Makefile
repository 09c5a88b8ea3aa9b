# yusuan: `make demo` and `make test` set everything up from a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
FUJIAN := $(SHARED)/corpus/fujian/000_2bbe3a14c73fd150.txt

.PHONY: install demo test lint unit bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Check the project's own example documents (and the Fujian document when ../shared is present).
# Findings are the point of the demo, so exit status 1 (findings) counts as success; 2 (unreadable) does not.
demo: install
	@status=0; $(BIN)/yusuan check examples/culture_bureau_*.md $(wildcard $(FUJIAN)) || status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: install
	$(BIN)/pytest -n 2 -p no:cacheprovider

test: lint unit

bench: install
	$(BIN)/python bench/check_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
