# The README's two commands are `make demo` and `make test`; each creates or reuses .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck validate generated templates unit package
TYPE_NAME ?= AWS::Cognito::UserPoolClient

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

test: lint typecheck validate generated templates unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/cfn validate

# models.py, docs/ and resource-role.yaml must be what `cfn generate` makes from the schema now.
generated: $(STAMP)
	$(BIN)/python scripts/check_generated.py

templates: $(STAMP)
	$(BIN)/cfn-lint template.yml examples/*.yaml

# The registry package, built by `cfn submit --dry-run` from a temporary copy and checked.
package: $(STAMP)
	$(BIN)/python scripts/package.py --type-name '$(TYPE_NAME)'

unit: $(STAMP)
	$(BIN)/pytest
