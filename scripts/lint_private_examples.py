"""cfn-lint on the examples, which use this type under a private name (`Example::...`).

In an account, `AWS::Cognito::UserPoolClient` is AWS's own type, so the examples name this one as
a user who registered it privately would, and cfn-lint learns it (its extensions included) from the
schema written the way `make package TYPE_NAME=...` writes it.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from cfn_project import ROOT, write_registry_schema

PRIVATE_TYPE = "Example::Cognito::UserPoolClient"
EXAMPLES = sorted((ROOT / "examples").glob("**/*.yaml"))


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = write_registry_schema(PRIVATE_TYPE, Path(temporary)).parent
        command = [str(Path(sys.executable).parent / "cfn-lint"), "--registry-schemas", str(folder)]
        result = subprocess.run(  # noqa: S603  # our own venv's cfn-lint, fixed arguments
            [*command, "--", *map(str, EXAMPLES)], check=False
        )
    if result.returncode != 0:
        raise SystemExit(result.returncode)
    print(f"cfn-lint: {len(EXAMPLES)} example(s) of {PRIVATE_TYPE} passed")


if __name__ == "__main__":
    main()
