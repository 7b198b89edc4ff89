"""Fail when models.py, docs/ or resource-role.yaml differ from what `cfn generate` makes now."""

import filecmp
import tempfile
from pathlib import Path

from cfn_project import GENERATED, ROOT, cfn, copy_project


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
    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary))
        cfn(project, "generate")
        stale = [path for name in GENERATED for path in differences(ROOT / name, project / name)]
    if stale:
        raise SystemExit(
            "Out of date with the schema (run `.venv/bin/cfn generate`): " + ", ".join(stale)
        )
    print("generated files are up to date with the schema")


if __name__ == "__main__":
    main()
