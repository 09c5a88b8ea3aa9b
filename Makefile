# yusuan: `make demo` and `make test` set everything up from a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
FUJIAN := $(SHARED)/corpus/fujian/000_2bbe3a14c73fd150.txt

.PHONY: install system demo serve test lint unit bench clean

# Debian packages the renderers and the tests need: CJK fonts for Typst, poppler for
# pdftotext/pdftoppm, LibreOffice to open the built Word and Excel files as a person would,
# Chromium to print yusuan's HTML to PDF (and for the browser tests), PostgreSQL for the store's
# server tests. Installed with apt-get when missing (as root); otherwise say what is missing.

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

system:
	@missing=""; \
	  [ -n "$$(find /usr/share/fonts -iname 'NotoSerifCJK*' 2>/dev/null | head -n 1)" ] || missing="$$missing fonts-noto-cjk"; \
	  command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  [ -e /usr/lib/libreoffice/share/registry/writer.xcd ] || missing="$$missing libreoffice-writer-nogui"; \
	  [ -e /usr/lib/libreoffice/share/registry/calc.xcd ] || missing="$$missing libreoffice-calc-nogui"; \
	  command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "installing$$missing"; \
	      apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	    else \
	      echo "missing system packages:$$missing (install them with apt-get as root)"; \
	    fi; \
	  fi

install: $(STAMP) system

# Build every example source into out/ (all formats), then check the example documents (and the
# Fujian document when ../shared is present), store the built documents in out/demo.duckdb, compare
# the example department's two years and write a report. Findings are the point of the check demo, so exit
# status 1 (findings) counts as success; 2 (unreadable) does not.
demo: install
	@for src in examples/*.yaml; do $(BIN)/yusuan build $$src -o out || exit $$?; done
	@for src in examples/*.xlsx; do $(BIN)/yusuan build $$src -o out/from_xlsx || exit $$?; done
	@$(BIN)/yusuan build examples/putuo_street_final_2024.yaml -p national_final -o out/national_final
	@status=0; $(BIN)/yusuan check examples/culture_bureau_*.md out/*.md $(wildcard $(FUJIAN)) || status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi
	@# the store: the built documents into a DuckDB file (nothing to start), then one department over two years
	@$(BIN)/yusuan ingest out/*.md --db out/demo.duckdb
	@$(BIN)/yusuan compare 文化和旅游 --db out/demo.duckdb --chart out/compare.png
	@$(BIN)/yusuan report --db out/demo.duckdb -o out/report.html

# The reviewers' web app on the demo store, with an account "demo" whose password is made once and
# kept in out/demo-password.txt (the server listens on 127.0.0.1:8000 only).
serve: demo
	@if [ ! -s out/demo-password.txt ]; then \
	  (umask 077; $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(12))' > out/demo-password.txt); \
	  $(BIN)/yusuan users add demo --role admin --password-stdin --db out/demo.duckdb < out/demo-password.txt; \
	fi
	@echo "网页服务：http://127.0.0.1:8000  账号 demo，密码见 out/demo-password.txt"
	$(BIN)/yusuan serve --db out/demo.duckdb

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: install
	$(BIN)/pytest -n 2 -p no:cacheprovider

test: lint unit

bench: install
	$(BIN)/python bench/check_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
