"""`make package [TYPE_NAME=...]`: the registry package, built by `cfn submit --dry-run`, checked.

It builds from a temporary copy of the project (renamed when TYPE_NAME differs), so the working
tree is never touched, writes dist/<package>.zip and prints its size. It also writes the schema
under TYPE_NAME to dist/registry-schemas/, for cfn-lint's --registry-schemas.
"""

import argparse
import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from cfn_project import (
    ROOT,
    SCHEMA_COPY,
    TYPE_NAME,
    cfn,
    copy_project,
    package_name,
    write_registry_schema,
)

RUNTIME_PACKAGES = ("cloudformation_cli_python_lib", "boto3", "botocore")
# Local tooling, tests and example events stay out of the registry package.
FORBIDDEN_FOLDERS = {
    "tests",
    "scripts",
    "events",
    "sam-tests",
    "inputs",
    "bench",
    "examples",
    "harness",
    ".aws",
    ".venv",
}
CREDENTIAL_FILES = {"credentials", ".env", "config"}


def check(archive: Path, type_name: str) -> list[str]:
    """Problems of a built registry package; empty when it is consistent and complete."""
    package = package_name(type_name)
    problems = []
    with zipfile.ZipFile(archive) as outer:
        schema = json.loads(outer.read("schema.json"))
        config = json.loads(outer.read(".rpdk-config"))
        handler_zip = zipfile.ZipFile(io.BytesIO(outer.read("ResourceProvider.zip")))
        names = set(handler_zip.namelist()) | set(outer.namelist())
        handler_file = f"{package}/handlers.py"
        handlers = handler_zip.read(handler_file).decode() if handler_file in names else ""
    if schema["typeName"] != type_name:
        problems.append(f"schema.json typeName is {schema['typeName']}")
    if config["typeName"] != type_name:
        problems.append(f".rpdk-config typeName is {config['typeName']}")
    if config["entrypoint"] != f"{package}.handlers.resource":
        problems.append(f".rpdk-config entrypoint is {config['entrypoint']}")
    if f'TYPE_NAME = "{type_name}"' not in handlers:
        problems.append("handlers.py does not name the type")
    for needed in (
        f"{package}/handlers.py",
        f"{package}/models.py",
        f"{package}/{SCHEMA_COPY}",
        *(f"{name}/__init__.py" for name in RUNTIME_PACKAGES),
    ):
        if needed not in names:
            problems.append(f"missing {needed}")
    for name in sorted(names):
        top = name.split("/")[0]
        own = name.startswith(f"{package}/") or "/" not in name
        if top in FORBIDDEN_FOLDERS or (own and Path(name).name in CREDENTIAL_FILES):
            problems.append(f"must not ship {name}")
        elif name.startswith(f"{package}/") and not name.endswith((".py", f"/{SCHEMA_COPY}")):
            problems.append(f"unexpected file in the handler package: {name}")
    return problems


def build(type_name: str, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary), type_name)
        cfn(project, "submit", "--dry-run")
        (built,) = project.glob("*.zip")
        out_dir.mkdir(exist_ok=True)
        target = out_dir / f"{package_name(type_name)}.zip"
        shutil.copy2(built, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--type-name", default=TYPE_NAME)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    archive = build(args.type_name, args.out)
    problems = check(archive, args.type_name)
    if problems:
        raise SystemExit(f"{archive}: " + "; ".join(problems))
    schema = write_registry_schema(args.type_name, args.out / "registry-schemas")
    size = archive.stat().st_size
    print(
        f"{archive.relative_to(ROOT) if archive.is_relative_to(ROOT) else archive}: "
        f"{args.type_name}, {size / 1_000_000:.1f} MB, checks passed; schema for"
        f" `cfn-lint --registry-schemas {schema.parent}` in {schema.name}"
    )


if __name__ == "__main__":
    main()
