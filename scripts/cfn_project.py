"""A temporary copy of the cfn project, optionally under another type name, and `cfn` run in it.

Used by `make package` and by the generated-files check, so neither ever writes to the working tree.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPE_NAME = "AWS::Cognito::UserPoolClient"
SCHEMA_FILE = "aws-cognito-userpoolclient.json"
GENERATED = ("src/aws_cognito_userpoolclient/models.py", "docs", "resource-role.yaml")
# The schema's copy inside the handler package, which the handler checks requests against.
SCHEMA_COPY = "resource-schema.json"
# What a registry package is built from; tests, scripts, events and the harness stay behind.
PROJECT_FILES = (
    ".rpdk-config",
    SCHEMA_FILE,
    "requirements.txt",
    "template.yml",
    "src",
    "docs",
    "resource-role.yaml",
)


def write_registry_schema(type_name: str, folder: Path) -> Path:
    """The schema under `type_name`, where cfn-lint's `--registry-schemas FOLDER` finds it."""
    schema = json.loads((ROOT / SCHEMA_FILE).read_text())
    schema["typeName"] = type_name
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{package_name(type_name).replace('_', '-')}.json"
    target.write_text(json.dumps(schema, indent=4) + "\n")
    return target


def type_version() -> str:
    """The type's version, `__version__` of the handler package (read, not imported)."""
    init = ROOT / "src" / package_name(TYPE_NAME) / "__init__.py"
    (version,) = re.findall(r'^__version__ = "([^"]+)"$', init.read_text(), re.MULTILINE)
    return str(version)


def package_name(type_name: str) -> str:
    """The Python package the cfn python plugin expects for a type name."""
    return "_".join(part.lower() for part in type_name.split("::"))


def cfn(project: Path, *args: str) -> None:
    """Run the cfn CLI of this venv in a project folder; fail loudly with its output."""
    venv = Path(sys.executable).parent
    command = [str(venv / "cfn"), *args]
    # `cfn submit` runs the first `pip` on PATH: this venv's, so that the build does not depend
    # on which Python the machine puts first.
    path = os.pathsep.join([str(venv), os.environ.get("PATH", "")])
    result = subprocess.run(  # noqa: S603  # our own venv's cfn, fixed arguments
        command,
        cwd=project,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"cfn {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def copy_project(destination: Path, type_name: str = TYPE_NAME) -> Path:
    """Copy the project into `destination`, renamed to `type_name` and regenerated if it differs."""
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy2(source, destination / name)
    if type_name != TYPE_NAME:
        _rename(destination, type_name)
    return destination


def check_private_name(type_name: str) -> None:
    """Refuse a name CloudFormation would not register as a private type."""
    if not re.fullmatch(r"[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}", type_name):
        raise SystemExit(f"TYPE_NAME {type_name!r} is not of the form Company::Service::Resource")
    if type_name.split("::")[0].upper() in ("AWS", "ALEXA", "AMZN", "AMAZON", "CUSTOM", "DEV"):
        raise SystemExit(
            f"TYPE_NAME {type_name!r}: that namespace is reserved by CloudFormation; choose your"
            " own, such as TYPE_NAME=Example::Cognito::UserPoolClient"
        )


def _rename(project: Path, type_name: str) -> None:
    check_private_name(type_name)
    old, new = package_name(TYPE_NAME), package_name(type_name)
    schema = json.loads((project / SCHEMA_FILE).read_text())
    schema["typeName"] = type_name
    (project / SCHEMA_FILE).unlink()
    schema_file = f"{new.replace('_', '-')}.json"
    (project / schema_file).write_text(json.dumps(schema, indent=4) + "\n")
    (project / "src" / old / SCHEMA_COPY).write_text(json.dumps(schema, indent=4) + "\n")
    config_path = project / ".rpdk-config"
    config = json.loads(config_path.read_text())
    config["typeName"] = config["settings"]["type_name"] = type_name
    for key in ("entrypoint", "testEntrypoint"):
        config[key] = config[key].replace(old, new)
    config_path.write_text(json.dumps(config, indent=4) + "\n")
    (project / "src" / old).rename(project / "src" / new)
    handlers = project / "src" / new / "handlers.py"
    handlers.write_text(handlers.read_text().replace(f'"{TYPE_NAME}"', f'"{type_name}"'))
    template = project / "template.yml"
    template.write_text(template.read_text().replace(old, new).replace(TYPE_NAME, type_name))
    shutil.rmtree(project / "docs")
    (project / "src" / new / "models.py").unlink()
    cfn(project, "generate")
