"""Fail when generated files differ from what the schema makes now.

models.py, docs/ and resource-role.yaml come from `cfn generate`; the handler package's copy of the
schema (which the handler checks requests against) must equal the schema. `--write` refreshes the
copy.
"""

import argparse
import filecmp
import shutil
import tempfile
from pathlib import Path

from cfn_project import GENERATED, ROOT, SCHEMA_COPY, SCHEMA_FILE, cfn, copy_project

PACKAGE_SCHEMA = ROOT / "src" / "aws_cognito_userpoolclient" / SCHEMA_COPY


def differences(left: Path, right: Path) -> list[str]:
    if left.is_file() or right.is_file():
        return [] if filecmp.cmp(left, right, shallow=False) else [str(left.relative_to(ROOT))]
    compared = filecmp.dircmp(left, right)
    found = [
        str((left / name).relative_to(ROOT))
        for name in compared.left_only + compared.right_only + compared.diff_files
    ]
    for name in compared.common_dirs:
        found += differences(left / name, right / name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="refresh the schema's package copy")
    if parser.parse_args().write:
        shutil.copyfile(ROOT / SCHEMA_FILE, PACKAGE_SCHEMA)
    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary))
        cfn(project, "generate")
        stale = [path for name in GENERATED for path in differences(ROOT / name, project / name)]
    if differences(ROOT / SCHEMA_FILE, PACKAGE_SCHEMA):
        stale.append(f"{PACKAGE_SCHEMA.relative_to(ROOT)} (run `make schema-copy`)")
    if stale:
        raise SystemExit(
            "Out of date with the schema (run `.venv/bin/cfn generate`): " + ", ".join(stale)
        )
    print("generated files are up to date with the schema")


if __name__ == "__main__":
    main()
