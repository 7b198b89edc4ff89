"""`make package [TYPE_NAME=...]`: the registry package, built by `cfn submit --dry-run`, checked.

It builds from a temporary copy of the project (renamed when TYPE_NAME differs), so the working
tree is never touched, and writes to dist/:
- <package>.zip, the schema handler package to register or publish. As `cfn submit` lays it out,
  it holds the contract-test input sets (inputs/), which CloudFormation's own test run (TestType)
  reads before PublishType accepts a version;
- <package>-role.yaml, the execution role that `cfn generate` writes for TYPE_NAME, with the
  additions of resource-role-additions.yaml (what TestType needs beyond the handlers' calls);
- registry-schemas/, the schema under TYPE_NAME, for cfn-lint's --registry-schemas.

The handler zip that `cfn submit` builds is then made fit for cold starts, which are most of the
registry's invocations. Lambda's file system is read-only, so modules without bytecode are
compiled at every cold start; the cfn Python plugin drops every .pyc. So:
- every module gets Python 3.12 bytecode (the runtime of .rpdk-config), `unchecked-hash`, which
  Python uses even after an unzip that resets file times;
- what nothing imports at run time (setuptools and its hooks, console scripts) is left out;
- botocore keeps the models of the services the handler and the library call (KEPT_SERVICES);
  tests/test_package.py fails when the code starts to use another.

The same source builds the same bytes (so its key, and the registered version, stay the same):
both zips list their entries in name order, each with one time (SOURCE_DATE_EPOCH, else the
earliest a zip can hold) and one mode; the bytecode comes from the Python release recorded in
runtime_python.py, compiled with a fixed hash seed and paths relative to the package; and every
runtime dependency is pinned in requirements.txt.
"""

import argparse
import calendar
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from cfn_project import (
    ROOT,
    SCHEMA_COPY,
    TYPE_NAME,
    cfn,
    copy_project,
    package_name,
    type_version,
    write_registry_schema,
)
from runtime_python import bytecode_python

RUNTIME_PACKAGES = ("cloudformation_cli_python_lib", "boto3", "botocore")
# Local tooling, tests and example events stay out of the registry package.
FORBIDDEN_FOLDERS = {
    "tests",
    "scripts",
    "events",
    "sam-tests",
    "bench",
    "examples",
    "harness",
    ".aws",
    ".venv",
}
# The contract-test input sets, at the top of the package as `cfn submit` puts them (inputs/),
# and nothing else of that folder.
INPUTS = "inputs"
INPUT_SET_FILE = re.compile(r"inputs_\d+_(create|update|invalid)\.json")
OVERRIDES = "overrides.json"
ROLE_ADDITIONS = ROOT / "resource-role-additions.yaml"
CREDENTIAL_FILES = {"credentials", ".env", "config"}
# Services whose botocore models ship: Cognito (the handlers), CloudWatch Logs and CloudWatch
# (the library's provider logs and metrics).
KEPT_SERVICES = ("cognito-idp", "logs", "cloudwatch")
# Installed beside the dependencies by pip, imported by nothing at run time.
UNUSED = ("setuptools", "_distutils_hack", "distutils-precedence.pth", "pkg_resources", "bin")
RUNTIME_PYTHON = (3, 12)
BYTECODE_SUFFIX = f".cpython-{RUNTIME_PYTHON[0]}{RUNTIME_PYTHON[1]}.pyc"
# What a zip entry can say of its time (DOS date and time, in whole 2-second steps) and the one
# mode every entry gets.
ZIP_EARLIEST = (1980, 1, 1, 0, 0, 0)
ZIP_LATEST = (2107, 12, 31, 23, 59, 58)
ENTRY_MODE = 0o644
COMPRESS_LEVEL = 9


def check(archive: Path, type_name: str, inputs: Path = ROOT / INPUTS) -> list[str]:
    """Problems of a built registry package; empty when it is consistent and complete."""
    package = package_name(type_name)
    problems = []
    with zipfile.ZipFile(archive) as outer:
        schema = json.loads(outer.read("schema.json"))
        config = json.loads(outer.read(".rpdk-config"))
        handler_zip = zipfile.ZipFile(io.BytesIO(outer.read("ResourceProvider.zip")))
        handler_names = set(handler_zip.namelist())
        outer_names = outer.namelist()
        names = handler_names | set(outer_names)
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
    problems += _inputs_problems(set(outer_names), handler_names, inputs)
    for name in sorted(names):
        top = name.split("/")[0]
        own = name.startswith(f"{package}/") or "/" not in name
        if top in FORBIDDEN_FOLDERS or (own and Path(name).name in CREDENTIAL_FILES):
            problems.append(f"must not ship {name}")
        elif name.startswith(f"{package}/") and not name.endswith(
            (".py", f"/{SCHEMA_COPY}", BYTECODE_SUFFIX)
        ):
            problems.append(f"unexpected file in the handler package: {name}")
    problems += _optimisation_problems(handler_names)
    return problems


def _inputs_problems(outer: set[str], handler: set[str], inputs: Path) -> list[str]:
    """The input sets are at the top, as `cfn submit` puts them, and are only input sets."""
    problems = [
        f"must not ship {name}" for name in sorted(handler) if name.startswith(f"{INPUTS}/")
    ]
    shipped = {name for name in outer if name.startswith(f"{INPUTS}/")}
    problems += [
        f"must not ship {name}: {INPUTS}/ holds only inputs_N_create|update|invalid.json"
        for name in sorted(shipped)
        if not INPUT_SET_FILE.fullmatch(name.removeprefix(f"{INPUTS}/"))
    ]
    expected = {f"{INPUTS}/{path.name}" for path in input_set_files(inputs)}
    problems += [f"missing {name}" for name in sorted(expected - shipped)]
    return problems


def input_set_files(folder: Path) -> list[Path]:
    """The input sets of a folder (inputs/, or INPUTS=...), which the package carries."""
    return sorted(p for p in folder.glob("*.json") if INPUT_SET_FILE.fullmatch(p.name))


def _optimisation_problems(names: set[str]) -> list[str]:
    problems = []
    for name in names:
        if name.endswith(".py"):
            folder, _, module = name.rpartition("/")
            compiled = f"{folder}/__pycache__/{module[:-3]}{BYTECODE_SUFFIX}".lstrip("/")
            if compiled not in names:
                problems.append(f"no bytecode for {name}")
        parts = name.split("/")
        if parts[0] in UNUSED or parts[0].startswith(("setuptools", "_distutils_hack")):
            problems.append(f"must not ship {name}")
        data_of = parts[0] in ("botocore", "boto3") and parts[1:2] == ["data"] and len(parts) > 3
        if data_of and parts[2] not in KEPT_SERVICES:
            problems.append(f"must not ship the model of {parts[2]}")
    return sorted(set(problems))[:20]


def entry_time() -> tuple[int, int, int, int, int, int]:
    """The time of every zip entry: SOURCE_DATE_EPOCH (reproducible-builds.org) clamped to what a
    zip can hold, else the earliest it can hold."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not given:
        return ZIP_EARLIEST
    if not given.isdigit():
        raise SystemExit(
            f"package: SOURCE_DATE_EPOCH {given!r} is not a whole number of seconds since 1970"
        )
    earliest, latest = (
        calendar.timegm((*moment, 0, 0, 0)) for moment in (ZIP_EARLIEST, ZIP_LATEST)
    )
    year, month, day, hour, minute, second = time.gmtime(max(earliest, min(latest, int(given))))[:6]
    return year, month, day, hour, minute, second


def zipped(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, content) entries in name order, each with the one time and mode."""
    when = entry_time()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in sorted(entries):
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.create_system = 3  # Unix, on any machine: the mode below is a Unix mode
            entry.external_attr = (stat.S_IFREG | ENTRY_MODE) << 16
            archive.writestr(entry, content, zipfile.ZIP_DEFLATED, COMPRESS_LEVEL)
    return buffer.getvalue()


def package_key(archive: Path) -> str:
    """The package's S3 key: its name and the start of its SHA-256, so that the same source keeps
    one key (and one registered version) and a change gets a new one."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:12]
    return f"{archive.stem}-{digest}.zip"


# Bytecode that does not depend on the build: checked against the source by hash, never by time;
# file names relative to the package (Python puts the real path back on import); a fixed hash
# seed, so that sets in constants keep one order.
COMPILE = ("-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash")


def optimise(handler_zip: bytes, python: str) -> bytes:
    """The handler zip with bytecode, without unused files and unused botocore models."""
    with tempfile.TemporaryDirectory() as temporary:
        code = Path(temporary) / "code"
        zipfile.ZipFile(io.BytesIO(handler_zip)).extractall(code)
        for name in UNUSED:
            for path in code.glob(f"{name}*"):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        for data in (code / "botocore" / "data", code / "boto3" / "data"):
            for service in data.iterdir():
                if service.is_dir() and service.name not in KEPT_SERVICES:
                    shutil.rmtree(service)
        subprocess.run(  # noqa: S603  # Python 3.12's compileall on our own build
            [python, *COMPILE, "-s", str(code), str(code)],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=True,
        )
        return zipped(
            (path.relative_to(code).as_posix(), path.read_bytes())
            for path in code.rglob("*")
            if path.is_file()
        )


@dataclass(frozen=True)
class Layout:
    """The names in a package: at its top, and in its handler zip (ResourceProvider.zip)."""

    top: frozenset[str]
    handler: frozenset[str]

    @classmethod
    def of(cls, archive: Path) -> "Layout":
        with zipfile.ZipFile(archive) as outer:
            inner = zipfile.ZipFile(io.BytesIO(outer.read("ResourceProvider.zip")))
            return cls(frozenset(outer.namelist()), frozenset(inner.namelist()))


@dataclass(frozen=True)
class Built:
    archive: Path
    role: Path
    submitted: Layout  # what `cfn submit --dry-run` built, before the cold-start changes


def _intended(name: str, added: bool) -> str | None:
    """Why a handler-zip file differs from `cfn submit`'s, when the difference is intended."""
    parts = name.split("/")
    if added and name.endswith(BYTECODE_SUFFIX) and "__pycache__" in parts:
        return "bytecode"
    if not added and (parts[0] in UNUSED or parts[0].startswith(("setuptools", "_distutils_hack"))):
        return "left out, imported by nothing"
    if (
        not added
        and parts[0] in ("botocore", "boto3")
        and parts[1:2] == ["data"]
        and len(parts) > 3
    ):
        return "pruned model" if parts[2] not in KEPT_SERVICES else None
    if not added and parts[0] == "bin":
        return "left out, imported by nothing"
    return None


def layout_differences(submitted: Layout, built: Layout) -> tuple[dict[str, int], list[str]]:
    """How a built package differs from `cfn submit`'s: counts of intended differences, and
    every other difference, which is a failure."""
    intended: dict[str, int] = {}
    failures = [
        f"{name}: not in cfn submit's package" for name in sorted(built.top - submitted.top)
    ]
    failures += [
        f"{name}: missing (cfn submit ships it)" for name in sorted(submitted.top - built.top)
    ]
    for names, added in (
        (built.handler - submitted.handler, True),
        (submitted.handler - built.handler, False),
    ):
        for name in sorted(names):
            reason = _intended(name, added)
            if reason is None:
                failures.append(f"ResourceProvider.zip/{name}: {'added' if added else 'missing'}")
            else:
                intended[reason] = intended.get(reason, 0) + 1
    return intended, failures


def execution_role(project: Path) -> dict[str, Any]:
    """The project's generated execution role, with resource-role-additions.yaml's additions."""
    role = yaml.safe_load((project / "resource-role.yaml").read_text())
    additions = yaml.safe_load(ROLE_ADDITIONS.read_text())
    (policy,) = role["Resources"]["ExecutionRole"]["Properties"]["Policies"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    for addition in additions.values():
        statement["Action"] = sorted(set(statement["Action"]) | set(addition["Actions"]))
    return dict(role)


def build(
    type_name: str, out_dir: Path, python: str | None = None, inputs: Path = ROOT / INPUTS
) -> Built:
    """The registry package and its execution role; bytecode from `python`, else from the
    runtime's Python 3.12."""
    python = python or bytecode_python()
    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary), type_name)
        (project / INPUTS).mkdir()
        for path in input_set_files(inputs):
            shutil.copy(path, project / INPUTS / path.name)
        if (ROOT / OVERRIDES).exists():
            shutil.copy(ROOT / OVERRIDES, project / OVERRIDES)
        cfn(project, "submit", "--dry-run")
        (submitted,) = project.glob("*.zip")
        out_dir.mkdir(exist_ok=True)
        target = out_dir / f"{package_name(type_name)}.zip"
        with zipfile.ZipFile(submitted) as plain:
            entries = [(name, plain.read(name)) for name in plain.namelist()]
        target.write_bytes(
            zipped(
                (name, optimise(content, python) if name == "ResourceProvider.zip" else content)
                for name, content in entries
            )
        )
        role = out_dir / f"{package_name(type_name)}-role.yaml"
        header = f"# The execution role of {type_name}: resource-role.yaml as `cfn generate`\n"
        header += (
            "# writes it, with the additions of resource-role-additions.yaml (make package).\n"
        )
        role.write_text(header + yaml.safe_dump(execution_role(project), sort_keys=False))
        return Built(target, role, Layout.of(submitted))


def packaged(type_name: str, out: Path, inputs: Path) -> Path:
    """Build and check the package for `type_name`, say what it is, and return its path."""
    if not input_set_files(inputs):
        raise SystemExit(f"package: {inputs} holds no inputs_N_create|update|invalid.json")
    built = build(type_name, out, inputs=inputs)
    archive = built.archive
    intended, failures = layout_differences(built.submitted, Layout.of(archive))
    problems = check(archive, type_name, inputs) + failures
    if problems:
        raise SystemExit(f"{archive}: " + "; ".join(problems))
    schema = write_registry_schema(type_name, out / "registry-schemas")
    size = archive.stat().st_size
    shown = archive.relative_to(ROOT) if archive.is_relative_to(ROOT) else archive
    print(
        f"{shown}: {type_name} {type_version()}, {size / 1_000_000:.1f} MB, checks passed; the"
        " layout of `cfn submit --dry-run` but for "
        + ", ".join(f"{count} files {reason}" for reason, count in sorted(intended.items()))
    )
    print(f"{package_key(archive)}: its key, the same for every build of this source")
    print(f"{built.role.name}: the execution role to register (and publish) with")
    print(f"{schema.name}: the schema for `cfn-lint --registry-schemas {schema.parent}`")
    return archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--type-name", default=TYPE_NAME)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--inputs", type=Path, default=ROOT / INPUTS, help="the input sets to ship")
    args = parser.parse_args()
    inputs = args.inputs if args.inputs.is_absolute() else ROOT / args.inputs
    packaged(args.type_name, args.out, inputs)


if __name__ == "__main__":
    main()
