"""registration.yaml, the type's registration as code, and `make register`, checked without AWS.

The template is resolved here as CloudFormation would resolve it for one type name, account and
region (its few intrinsic functions), and its policies are evaluated against the calls the
provider really makes (IAM's wildcards and StringEquals conditions).
"""

import fnmatch
import logging
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import botocore.client
import cfn_project
import package
import pytest
import register
from cfn_project import ROOT, copy_project
from cfnlint.decode import cfn_yaml
from runtime_python import BYTECODE_RELEASE

from aws_cognito_userpoolclient import handlers

from .events import registry_event
from .helpers import resource_schema

PRIVATE = "Example::Cognito::UserPoolClient"
REGION, ACCOUNT = "us-east-1", "123456789012"
TEMPLATE: dict[str, Any] = cfn_yaml.loads((ROOT / "registration.yaml").read_text())
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]
PARAMETERS = {
    "TypeName": PRIVATE,
    "PackageBucket": "my-bucket",
    "PackageKey": "example_cognito_userpoolclient-0123abcd.zip",
    "LogRetentionInDays": "90",
}


def resolved(node: Any, known: Mapping[str, Any]) -> Any:
    """A template node with Ref, Fn::Sub, Fn::Join, Fn::Split and Fn::GetAtt resolved."""
    if isinstance(node, list):
        return [resolved(item, known) for item in node]
    if not isinstance(node, dict):
        return node
    if len(node) == 1:
        ((function, argument),) = node.items()
        if function == "Ref":
            return known[argument]
        if function == "Fn::GetAtt":
            name, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
            return known[f"{name}.{attribute}"]
        if function == "Fn::Join":
            separator, items = argument
            return separator.join(resolved(items, known))
        if function == "Fn::Split":
            separator, text = argument
            return str(resolved(text, known)).split(separator)
        if function == "Fn::Sub":
            text, variables = (argument, {}) if isinstance(argument, str) else argument
            names = {**known, **{k: resolved(v, known) for k, v in variables.items()}}
            return re.sub(r"\$\{([^}]+)\}", lambda m: str(names[m.group(1)]), text)
    return {key: resolved(value, known) for key, value in node.items()}


def context(type_name: str = PRIVATE) -> dict[str, Any]:
    known: dict[str, Any] = {
        **PARAMETERS,
        "TypeName": type_name,
        "AWS::Region": REGION,
        "AWS::AccountId": ACCOUNT,
        "AWS::Partition": "aws",
    }
    group = resolved(RESOURCES["LogGroup"]["Properties"]["LogGroupName"], known)
    prefix = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}"
    return {
        **known,
        "LogGroup": group,
        "LogGroup.Arn": f"{prefix}:*",  # CloudFormation's Arn of a log group ends with :*
        "ExecutionRole.Arn": f"arn:aws:iam::{ACCOUNT}:role/execution",
        "LogDeliveryRole.Arn": f"arn:aws:iam::{ACCOUNT}:role/log-delivery",
        "ResourceVersion": f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:type/resource/x/00000002",
    }


def allows(policy: Mapping[str, Any], action: str, resource: str, keys: Mapping[str, str]) -> bool:
    """Whether a policy's Allow statements grant the call (IAM's * and ?, StringEquals)."""
    for statement in policy["Statement"]:
        actions = (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        resources = statement["Resource"]
        resources = resources if isinstance(resources, list) else [resources]
        conditions = statement.get("Condition", {}).get("StringEquals", {})
        if (
            statement["Effect"] == "Allow"
            and any(fnmatch.fnmatchcase(action, pattern) for pattern in actions)
            and any(fnmatch.fnmatchcase(resource, pattern) for pattern in resources)
            and all(keys.get(key) == value for key, value in conditions.items())
        ):
            return True
    return False


def test_the_execution_role_is_the_one_make_package_writes(tmp_path: Path) -> None:
    project = copy_project(tmp_path, PRIVATE)
    written = package.execution_role(project)["Resources"]["ExecutionRole"]["Properties"]
    ours = resolved(RESOURCES["ExecutionRole"]["Properties"], context())
    written_known = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws"}
    assert (
        resolved(written["AssumeRolePolicyDocument"], written_known)
        == (ours["AssumeRolePolicyDocument"])
    )
    (written_policy,) = written["Policies"]
    (our_policy,) = ours["Policies"]
    assert sorted(our_policy["PolicyDocument"]["Statement"][0]["Action"]) == sorted(
        written_policy["PolicyDocument"]["Statement"][0]["Action"]
    )


def telemetry_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    calls: list[tuple[str, dict[str, Any]]] = []
    base: Any = botocore.client.BaseClient
    make_api_call = base._make_api_call

    def recording(client: Any, operation: str, params: Any) -> Any:
        if client.meta.service_model.service_name in ("logs", "cloudwatch"):
            calls.append((operation, dict(params)))
        return make_api_call(client, operation, params)

    monkeypatch.setattr(base, "_make_api_call", recording)
    return calls


def iam_request(operation: str, params: Mapping[str, Any]) -> tuple[str, str, dict[str, str]]:
    """The IAM action, resource and condition keys of a logs or CloudWatch call."""
    group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{params.get('logGroupName')}"
    if operation == "CreateLogGroup":
        return "logs:CreateLogGroup", group, {}
    if operation in ("CreateLogStream", "PutLogEvents"):
        return f"logs:{operation}", f"{group}:log-stream:{params['logStreamName']}", {}
    assert operation == "PutMetricData", operation
    return "cloudwatch:PutMetricData", "*", {"cloudwatch:namespace": params["Namespace"]}


def test_the_handler_logs_and_metrics_reach_the_log_group_with_the_log_roles_rights(
    monkeypatch: pytest.MonkeyPatch, pool_id: str, cognito: Any
) -> None:
    known = context()
    version = resolved(RESOURCES["ResourceVersion"]["Properties"], known)
    assert version["LoggingConfig"] == {
        "LogGroupName": known["LogGroup"],
        "LogRoleArn": known["LogDeliveryRole.Arn"],
    }
    role = resolved(RESOURCES["LogDeliveryRole"]["Properties"], known)
    (trusted,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trusted["Principal"] == {"Service": "resources.cloudformation.amazonaws.com"}
    (policy,) = role["Policies"]
    # A read of the registered type, as CloudFormation sends it: the log group of LoggingConfig.
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="c")[
        "UserPoolClient"
    ]["ClientId"]
    calls = telemetry_calls(monkeypatch)
    logging.getLogger().setLevel(logging.INFO)
    request = registry_event("READ", {"UserPoolId": pool_id, "ClientId": client_id})
    request.update(resourceType=PRIVATE)
    request["requestData"]["providerLogGroupName"] = version["LoggingConfig"]["LogGroupName"]
    assert handlers.resource(request, None)["status"] == "SUCCESS"
    made = {operation for operation, _ in calls}
    assert made == {"PutLogEvents", "CreateLogGroup", "CreateLogStream", "PutMetricData"}
    for operation, params in calls:
        action, resource, keys = iam_request(operation, params)
        assert allows(policy["PolicyDocument"], action, resource, keys), (action, resource)
    # and nothing beyond: another group, another type's metrics
    other = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:another:log-stream:s"
    assert not allows(policy["PolicyDocument"], "logs:PutLogEvents", other, {})
    namespace = {"cloudwatch:namespace": "AWS/CloudFormation/Other/Cognito/UserPoolClient"}
    assert not allows(policy["PolicyDocument"], "cloudwatch:PutMetricData", "*", namespace)


def test_every_new_package_is_a_new_version_made_the_default() -> None:
    version = RESOURCES["ResourceVersion"]["Properties"]
    assert resolved(version["SchemaHandlerPackage"], context()) == (
        "s3://my-bucket/example_cognito_userpoolclient-0123abcd.zip"
    )
    assert version["ExecutionRoleArn"] == {"Fn::GetAtt": ["ExecutionRole", "Arn"]}
    # A new PackageKey replaces the version (a new one is registered, the old one deregistered
    # once it is no longer the default), and the default version moves to it in place.
    versions = resource_schema("AWS::CloudFormation::ResourceVersion")
    assert "/properties/SchemaHandlerPackage" in versions["createOnlyProperties"]
    defaults = resource_schema("AWS::CloudFormation::ResourceDefaultVersion")
    assert "/properties/TypeVersionArn" not in defaults.get("createOnlyProperties", [])
    assert RESOURCES["DefaultVersion"]["Properties"] == {
        "TypeVersionArn": {"Ref": "ResourceVersion"}
    }


def test_the_log_group_is_the_one_the_commands_name() -> None:
    assert context()["LogGroup"] == register.log_group(PRIVATE)
    assert register.log_group(PRIVATE) == "/cloudformation/registry/Example-Cognito-UserPoolClient"


def make_register(
    *arguments: str | Path, env: Mapping[str, str] | None = None
) -> "subprocess.CompletedProcess[str]":
    """scripts/register.py, as `make register` runs it."""
    command = [sys.executable, str(ROOT / "scripts" / "register.py"), *map(str, arguments)]
    return subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False, env=env
    )


def test_make_register_prints_the_exact_commands(tmp_path: Path) -> None:
    archive = tmp_path / "example_cognito_userpoolclient.zip"
    archive.write_bytes(b"a package")
    key = package.package_key(archive)
    assert re.fullmatch(r"example_cognito_userpoolclient-[0-9a-f]{12}\.zip", key)
    printed = register.commands(PRIVATE, "my-bucket", archive, "a-stack")
    assert printed.startswith(f"# {PRIVATE} {cfn_project.type_version()}\n")
    assert f"aws s3 cp {archive} s3://my-bucket/{key}\n" in printed
    assert (
        "aws cloudformation deploy --template-file registration.yaml --stack-name a-stack \\\n"
        "    --capabilities CAPABILITY_IAM"
        f" --parameter-overrides TypeName={PRIVATE} PackageBucket=my-bucket PackageKey={key}\n"
    ) in printed
    assert f"ParameterKey=PackageKey,ParameterValue={key}" in printed
    assert "aws logs tail /cloudformation/registry/Example-Cognito-UserPoolClient --follow" in (
        printed
    )
    # every parameter the template takes without a default is given
    required = {n for n, p in TEMPLATE["Parameters"].items() if "Default" not in p}
    assert all(f"{name}=" in printed for name in required)
    assert set(PARAMETERS) == set(TEMPLATE["Parameters"])  # the ones resolved above


NO_PYTHON_312 = f"Python {BYTECODE_RELEASE} is needed: it compiles the package's bytecode"


@pytest.mark.parametrize(
    ("arguments", "refusal"),
    [
        (
            ["--type-name", "AWS::Cognito::UserPoolClient", "--bucket", "my-bucket"],
            "TYPE_NAME 'AWS::Cognito::UserPoolClient': that namespace is reserved by"
            " CloudFormation; choose your own, such as TYPE_NAME=Example::Cognito::UserPoolClient",
        ),
        (
            ["--type-name", "Dev::Cognito::UserPoolClient", "--bucket", "my-bucket"],
            "that namespace is reserved",
        ),
        (
            ["--type-name", "Example::UserPoolClient", "--bucket", "my-bucket"],
            "TYPE_NAME 'Example::UserPoolClient' is not of the form Company::Service::Resource",
        ),
        (
            ["--type-name", PRIVATE, "--bucket", ""],
            "register: give the S3 bucket to upload the package to: `make register"
            " BUCKET=my-bucket TYPE_NAME=Example::Cognito::UserPoolClient`",
        ),
        (
            ["--type-name", PRIVATE, "--bucket", "s3://my-bucket"],
            "register: BUCKET 's3://my-bucket' is not an S3 bucket name",
        ),
    ],
)
def test_make_register_refuses_at_once_what_cannot_be_registered(
    arguments: list[str], refusal: str, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    result = make_register(*arguments, "--dist", dist)
    assert result.returncode != 0
    assert refusal in result.stderr
    assert not dist.exists()  # refused before anything was built


def test_make_register_without_the_bytecodes_python_says_what_to_install(tmp_path: Path) -> None:
    # No Python of that release to be found: none named, none on PATH, none under pyenv.
    empty = tmp_path / "no-pythons"
    empty.mkdir()
    env = {**os.environ, "PYENV_ROOT": str(empty), "LAMBDA_PYTHON": ""}
    env["PATH"] = os.pathsep.join(
        p for p in env["PATH"].split(os.pathsep) if not (Path(p) / "python3.12").exists()
    )
    dist = tmp_path / "dist"
    result = make_register("--type-name", PRIVATE, "--bucket", "my-bucket", "--dist", dist, env=env)
    assert result.returncode != 0
    assert NO_PYTHON_312 in result.stderr
    assert f"`pyenv install {BYTECODE_RELEASE}`" in result.stderr
    assert not dist.exists()
