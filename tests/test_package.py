"""The registry package under another type name is consistent, and the working tree untouched."""

import io
import json
import os
import subprocess
import sys
import unittest.mock
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import package
import pytest
import yaml
from botocore.exceptions import ClientError
from cfn_project import ROOT, copy_project, type_version, write_registry_schema
from lambda_harness import Aws, prerequisites, tokens_in
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count
from rpdk.core.test import render_template

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient import handlers

from .events import REGION, registry_event


def tree_state() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


PRIVATE = "Example::Cognito::UserPoolClient"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> package.Built:
    """The package under a publisher's name, built once for the tests that look into it."""
    return package.build(PRIVATE, tmp_path_factory.mktemp("dist"))


def test_a_renamed_package_is_consistent_and_leaves_the_tree_untouched(tmp_path: Path) -> None:
    before = tree_state()
    archive = package.build(PRIVATE, tmp_path).archive
    assert archive.name == "example_cognito_userpoolclient.zip"
    assert package.check(archive, PRIVATE) == []
    # the check is not blind: the same package is wrong for another name
    assert package.check(archive, "Other::Cognito::UserPoolClient")
    assert tree_state() == before


def test_the_same_source_builds_the_same_bytes_whatever_its_files_times_and_modes(
    built: package.Built, tmp_path: Path
) -> None:
    # The source as a fresh clone has it (the working tree's tracked and new files), with other
    # times and modes on every file, built by `make register` from there.
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    clone = tmp_path / "clone"
    for number, name in enumerate(sorted(filter(None, set(listed.split("\0"))))):
        source, target = ROOT / name, clone / name
        if not source.is_file():  # deleted in the working tree
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        target.chmod(0o755 if number % 2 else 0o600)
        moment = datetime(2003, 1, 1, tzinfo=UTC).timestamp() + number * 86_400
        os.utime(target, (moment, moment))
    dist = tmp_path / "dist"
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    registered = subprocess.run(  # noqa: S603  # the clone's own register.py, this venv's Python
        [
            sys.executable,
            str(clone / "scripts" / "register.py"),
            *("--type-name", PRIVATE, "--bucket", "my-bucket", "--dist", str(dist)),
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert registered.returncode == 0, registered.stderr[-3000:]
    rebuilt = dist / built.archive.name
    assert rebuilt.read_bytes() == built.archive.read_bytes()
    key = package.package_key(built.archive)
    assert f"s3://my-bucket/{key}\n" in registered.stdout  # one key: one registered version
    assert f"{PRIVATE} {type_version()}" in registered.stdout


def test_the_package_carries_the_input_sets_as_cfn_submit_lays_them_out(
    built: package.Built,
) -> None:
    layout = package.Layout.of(built.archive)
    expected = {f"inputs/{path.name}" for path in (ROOT / "inputs").glob("inputs_*.json")}
    assert len(expected) == 24  # eight sets of three files
    assert {name for name in layout.top if name.startswith("inputs/")} == expected
    assert built.submitted.top == layout.top  # every file cfn submit puts at the top, no other
    with zipfile.ZipFile(built.archive) as outer:
        for name in expected:
            assert outer.read(name) == (ROOT / name).read_bytes()


def test_the_layout_differs_from_cfn_submits_only_where_intended(built: package.Built) -> None:
    intended, failures = package.layout_differences(
        built.submitted, package.Layout.of(built.archive)
    )
    assert failures == []
    assert set(intended) == {"bytecode", "left out, imported by nothing", "pruned model"}
    # and a difference that is not intended is named
    stray = package.Layout(
        built.submitted.top - {"inputs/inputs_1_create.json"},
        built.submitted.handler | {"notes.txt"},
    )
    _, failures = package.layout_differences(built.submitted, stray)
    assert failures == [
        "inputs/inputs_1_create.json: missing (cfn submit ships it)",
        "ResourceProvider.zip/notes.txt: added",
    ]


@pytest.mark.parametrize(
    ("top", "handler", "named"),
    [
        ({"inputs/notes.md": b"x"}, {}, "must not ship inputs/notes.md"),
        ({"inputs/credentials": b"x"}, {}, "must not ship inputs/credentials"),
        ({}, {"inputs/inputs_1_create.json": b"{}"}, "must not ship inputs/inputs_1_create.json"),
        ({"tests/test_x.py": b""}, {}, "must not ship tests/test_x.py"),
    ],
)
def test_the_check_refuses_what_is_no_input_set_and_tooling(
    built: package.Built,
    tmp_path: Path,
    top: dict[str, bytes],
    handler: dict[str, bytes],
    named: str,
) -> None:
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(built.archive) as outer, zipfile.ZipFile(changed, "w") as copy:
        for item in outer.infolist():
            content = outer.read(item)
            if item.filename == "ResourceProvider.zip" and handler:
                buffer = io.BytesIO()
                with (
                    zipfile.ZipFile(io.BytesIO(content)) as inner,
                    zipfile.ZipFile(buffer, "w") as out,
                ):
                    for inner_item in inner.infolist():
                        out.writestr(inner_item, inner.read(inner_item))
                    for name, data in handler.items():
                        out.writestr(name, data)
                content = buffer.getvalue()
            copy.writestr(item, content)
        for name, data in top.items():
            copy.writestr(name, data)
    assert any(named in problem for problem in package.check(changed, PRIVATE))


def role_policy(role_template: Path) -> dict[str, Any]:
    role = yaml.safe_load(role_template.read_text())
    (policy,) = role["Resources"]["ExecutionRole"]["Properties"]["Policies"]
    document: dict[str, Any] = policy["PolicyDocument"]
    return document


def test_the_role_to_publish_with_is_the_generated_one_and_the_additions(
    built: package.Built,
) -> None:
    generated = set(role_policy(ROOT / "resource-role.yaml")["Statement"][0]["Action"])
    written = set(role_policy(built.role)["Statement"][0]["Action"])
    additions = yaml.safe_load((ROOT / "resource-role-additions.yaml").read_text())
    assert written - generated == {"cloudformation:ListExports"}  # and nothing else
    assert written - generated == {
        a for addition in additions.values() for a in addition["Actions"]
    }
    assert all(addition["Reason"] for addition in additions.values())
    assert "cloudformation:ListExports" not in generated  # the generated file stays generated
    assert "Example-Cognito-UserPoolClient" in built.role.read_text()


class InProcessAws(Aws):
    """The harness's embedded AWS, answered by moto in this process (IAM enforced)."""

    def client(self, service: str) -> Any:
        session: Any = boto3.Session(region_name=self.region)  # the credentials of now
        return session.client(service)


# The calls that set up IAM below, made before moto starts enforcing it.
IAM_SET_UP_CALLS = 5


def resolved_with_the_role(policy: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """Every input text resolved as TestType resolves it: ListExports with the execution role's
    credentials, after the set-up guides/registration.md names; IAM enforced by moto."""

    @set_initial_no_auth_action_count(IAM_SET_UP_CALLS)
    @mock_aws
    def resolve() -> dict[str, Any]:
        iam = boto3.client("iam", region_name=REGION)
        anyone = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
        trust = json.dumps({"Version": "2012-10-17", "Statement": [anyone]})
        role = iam.create_role(RoleName="execution", AssumeRolePolicyDocument=trust)["Role"]
        iam.put_role_policy(
            RoleName="execution", PolicyName="type", PolicyDocument=json.dumps(policy)
        )
        # The publisher who deploys the set-up and runs test-type, with rights of their own.
        iam.create_user(UserName="publisher")
        everything = {"Effect": "Allow", "Action": "*", "Resource": "*"}
        document = json.dumps({"Version": "2012-10-17", "Statement": [everything]})
        iam.put_user_policy(UserName="publisher", PolicyName="all", PolicyDocument=document)
        key = iam.create_access_key(UserName="publisher")["AccessKey"]
        publisher = {
            "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
            "AWS_DEFAULT_REGION": REGION,
        }
        with unittest.mock.patch.dict(os.environ, publisher):
            os.environ.pop("AWS_SESSION_TOKEN", None)
            prerequisites(InProcessAws(REGION, {}, embedded=True), tokens_in(texts.values()))
            return {
                name: render_template(text, REGION, None, role["Arn"], None, None)
                for name, text in texts.items()
            }

    return resolve()


def test_every_input_set_resolves_through_the_set_up_exports_with_only_the_roles_permissions(
    built: package.Built,
) -> None:
    with zipfile.ZipFile(built.archive) as outer:
        texts = {n: outer.read(n).decode() for n in outer.namelist() if n.startswith("inputs/")}
    assert any("{{" in text for text in texts.values())
    resolved = resolved_with_the_role(role_policy(built.role), texts)
    assert len(resolved) == 24  # eight sets of three files
    for name, properties in resolved.items():
        assert "{{" not in json.dumps(properties), name
    assert all(
        resolved[n]["UserPoolId"].startswith(f"{REGION}_")
        for n in resolved
        if "UserPoolId" in resolved[n]
    )


def test_the_generated_role_alone_cannot_resolve_them(built: package.Built) -> None:
    # Why the addition exists: TestType would fail every set, and PublishType refuse the version.
    with zipfile.ZipFile(built.archive) as outer:
        texts = {"inputs/inputs_1_create.json": outer.read("inputs/inputs_1_create.json").decode()}
    with pytest.raises(ClientError, match="AccessDenied"):
        resolved_with_the_role(role_policy(ROOT / "resource-role.yaml"), texts)


def test_the_renamed_docs_and_role_name_the_new_type(tmp_path: Path) -> None:
    project = copy_project(tmp_path, "Example::Cognito::UserPoolClient")
    assert "Example::Cognito::UserPoolClient" in (project / "docs" / "README.md").read_text()
    assert "Example-Cognito-UserPoolClient" in (project / "resource-role.yaml").read_text()
    assert (project / "src" / "example_cognito_userpoolclient" / "models.py").exists()


def test_reserved_namespaces_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="reserved"):
        copy_project(tmp_path, "AWS::Other::Thing")


def test_the_registry_schema_for_cfn_lint_names_the_private_type(tmp_path: Path) -> None:
    written = write_registry_schema("Example::Cognito::UserPoolClient", tmp_path)
    assert written.parent == tmp_path
    schema = json.loads(written.read_text())
    assert schema["typeName"] == "Example::Cognito::UserPoolClient"
    assert "ClientSecretRotation" in schema["properties"]


def test_the_handler_and_library_use_only_the_services_whose_models_ship(
    monkeypatch: pytest.MonkeyPatch, cognito: Any, pool_id: str
) -> None:
    # A fresh provider session, whose loader records every service model it loads.
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    loaded: set[str] = set()
    load = loader.load_service_model

    def recording(service_name: str, *args: Any, **kwargs: Any) -> Any:
        loaded.add(service_name)
        return load(service_name, *args, **kwargs)

    monkeypatch.setattr(loader, "load_service_model", recording)
    monkeypatch.setattr(client_module, "_BOTOCORE_SESSION", session)
    monkeypatch.setattr(client_module, "_last_clients", {})
    created = handlers.resource(
        registry_event("CREATE", {"UserPoolId": pool_id, "GenerateSecret": True}), None
    )
    assert created["status"] == "SUCCESS", created.get("message")
    ids = {"UserPoolId": pool_id, "ClientId": created["resourceModel"]["ClientId"]}
    rotation = {"NotBefore": datetime.now(UTC).isoformat()}
    for action, properties in (
        ("READ", ids),
        ("UPDATE", {**ids, "GenerateSecret": True, "ClientSecretRotation": rotation}),
        ("LIST", {"UserPoolId": pool_id}),
        ("DELETE", ids),
    ):
        response = handlers.resource(registry_event(action, properties, previous=properties), None)
        assert response["status"] == "SUCCESS", (action, response.get("message"))
    assert {"cognito-idp", "cloudwatch"} <= loaded
    assert loaded <= set(package.KEPT_SERVICES)
