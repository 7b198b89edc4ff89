"""cfn-lint on the examples that use this type under a private name (`Example::...`).

Their properties (the secret rotation extensions) are not in AWS's own type, so they name the type
as a user who registered it privately would, and cfn-lint learns it from the schema written the
way `make package TYPE_NAME=...` writes it.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from cfn_project import ROOT, write_registry_schema

PRIVATE_TYPE = "Example::Cognito::UserPoolClient"
EXAMPLES = sorted((ROOT / "examples" / "private").glob("*.yaml"))


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
