# The README's two commands are `make demo` and `make test`; each creates or reuses .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck validate generated schema-copy templates lint-templates unit package register contract invoke bench fuzz mutation
TYPE_NAME ?= AWS::Cognito::UserPoolClient
# `make contract INPUTS=dir AWS=real REGION=...`, `make package INPUTS=dir`, `make invoke EVENT=...`
INPUTS ?= inputs
AWS ?= embedded
REGION ?=
EVENT ?= events/create.json

# aws-sam-cli (sam, and the Lambda emulator binary) pins its own boto3: a venv of its own.
SAM_VENV := .venv-sam
SAM_STAMP := $(SAM_VENV)/.installed

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

$(SAM_STAMP): requirements-sam.txt constraints-sam.txt
	test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-sam.txt -c constraints-sam.txt
	touch $@

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

test: lint typecheck validate generated templates unit contract

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

# Refresh the handler package's copy of the schema after editing the schema.
schema-copy: $(STAMP)
	$(BIN)/python scripts/check_generated.py --write

templates: $(STAMP) $(SAM_STAMP)
	$(BIN)/cfn-lint template.yml contract-test-setup.yaml registration.yaml
	$(BIN)/python scripts/lint_templates.py --examples
	SAM_CLI_TELEMETRY=0 $(SAM_VENV)/bin/sam validate --lint --template template.yml --region us-east-1

# cfn-lint with the type's schema under TYPE_NAME and the provider's own checks as rules:
# `make lint-templates TEMPLATES="a.yaml b.json" TYPE_NAME=Example::Cognito::UserPoolClient`
TEMPLATES ?=
lint-templates: $(STAMP)
	$(BIN)/python scripts/lint_templates.py --type-name '$(TYPE_NAME)' $(TEMPLATES)

# The registry package, built by `cfn submit --dry-run` from a temporary copy and checked.
package: $(STAMP)
	$(BIN)/python scripts/package.py --type-name '$(TYPE_NAME)' --inputs '$(INPUTS)'

# The package for TYPE_NAME, and the commands that register it from BUCKET (registration.yaml);
# runs none of them, and refuses a missing BUCKET or a reserved TYPE_NAME before building.
# `make register BUCKET=my-bucket TYPE_NAME=Example::Cognito::UserPoolClient`
BUCKET ?=
register: $(STAMP)
	$(BIN)/python scripts/register.py --type-name '$(TYPE_NAME)' --bucket '$(BUCKET)' --inputs '$(INPUTS)'

unit: $(STAMP) $(SAM_STAMP)
	$(BIN)/pytest

# The contract test suite (cfn test) on every input set, the handler in the Lambda emulator.
contract: $(STAMP) $(SAM_STAMP)
	$(BIN)/python scripts/contract.py --inputs '$(INPUTS)' --aws '$(AWS)' --region '$(REGION)'

# One event through the same emulator, the handler's response printed.
invoke: $(STAMP) $(SAM_STAMP)
	$(BIN)/python scripts/invoke.py '$(EVENT)'

# Calls, warm and cold invocation time, list paging and package size; not a test.
bench: $(STAMP) $(SAM_STAMP)
	$(BIN)/python bench/bench.py

# The generated-input, hostile-event and no-raw-value-reaches-a-rule tests with the deep Hypothesis
# profile (about 22 minutes); `make test` runs them with the fixed, bounded `ci` profile.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=deep $(BIN)/pytest tests/test_generated.py tests/test_boundary.py tests/test_desired_state.py

# Mutation testing of the handler package with the in-process tests (guides/development.md);
# `make mutation MODULE=rules` for one module. Not part of `make test`.
MODULE ?=
mutation: $(STAMP)
	$(BIN)/python scripts/mutation.py $(if $(MODULE),--module $(MODULE))
