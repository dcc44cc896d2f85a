# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: compile run test lint typecheck pytest bench package clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Consent Desk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The app's modules compiled once, as an installed app has them (cheap when nothing changed; it
# matters where PYTHONDONTWRITEBYTECODE is set, when every start would compile them again).
compile: $(STAMP)
	@$(BIN)/python -m compileall -q consent_desk bench

run: compile
	$(BIN)/consent-desk

lint: $(STAMP)
	$(BIN)/ruff check consent_desk tests bench
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

test: lint typecheck pytest

bench: compile
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# The installed app: dist/ConsentDesk/ (one folder); CONSENT_DESK_ONEFILE=1 for one file.
# Check it with dist/ConsentDesk/consent-desk self-check.
PACKAGE_STAMP := $(VENV)/.package-stamp

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	@touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .pytest_cache .ruff_cache
