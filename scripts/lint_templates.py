"""`make lint-templates TEMPLATES="a.yaml b.json" TYPE_NAME=Example::Cognito::UserPoolClient`.

cfn-lint on your templates with the type's registry schema under the name you registered it as,
and the provider's own checks as cfn-lint rules (`cognito_userpoolclient_lint`, E9101-E9103):
cfn-lint's usual output and exit status. `make templates` (part of `make test`) runs it on the
examples, which use the type under a private name as a user who registered it would.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cfn_project import ROOT, check_private_name, write_registry_schema

RULES_MODULE = "cognito_userpoolclient_lint"
EXAMPLES_TYPE = "Example::Cognito::UserPoolClient"


def cfn_lint(
    schemas: Path, templates: list[Path], rules: bool = True
) -> tuple[list[str], dict[str, str]]:
    """This venv's cfn-lint command and environment for the templates, with the registry schemas
    in `schemas` and, unless `rules` is false, the provider's rules from this checkout (installed
    elsewhere: pip, see guides/using-the-type.md)."""
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    command = [
        str(Path(sys.executable).parent / "cfn-lint"),
        *("--registry-schemas", str(schemas)),
        *(("--append-rules", RULES_MODULE) if rules else ()),
        "--",
        *map(str, templates),
    ]
    return command, {**os.environ, "PYTHONPATH": path}


def lint(type_name: str, templates: list[Path]) -> int:
    """cfn-lint's exit status for the templates, with the schema and the provider's rules."""
    with tempfile.TemporaryDirectory() as temporary:
        schemas = write_registry_schema(type_name, Path(temporary)).parent
        command, env = cfn_lint(schemas, templates)
        return subprocess.run(  # noqa: S603  # our own venv's cfn-lint, fixed arguments
            command, env=env, check=False
        ).returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--type-name", default=EXAMPLES_TYPE)
    parser.add_argument("--examples", action="store_true", help="lint examples/ (make templates)")
    parser.add_argument("templates", nargs="*", type=Path)
    args = parser.parse_args()
    templates = sorted((ROOT / "examples").glob("**/*.yaml")) if args.examples else args.templates
    if not templates:
        raise SystemExit(
            'lint-templates: give the templates, `make lint-templates TEMPLATES="a.yaml b.json"'
            " TYPE_NAME=Example::Cognito::UserPoolClient`"
        )
    check_private_name(args.type_name)
    status = lint(args.type_name, templates)
    if status == 0 and args.examples:
        print(f"cfn-lint: {len(templates)} example(s) of {args.type_name} passed, with its rules")
    raise SystemExit(status)


if __name__ == "__main__":
    main()
