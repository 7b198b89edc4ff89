"""The provider's checks as cfn-lint rules (cognito_userpoolclient_lint): E9101 to E9103.

Each property refusal a create makes is met in a template, with the same message, by the rules;
what only the deploy knows (intrinsic functions, parameters, dynamic references) is never an error;
conditions are checked branch by branch; the rules run for the type under whatever name its
registry schema gives it, and for no other type; and they install from the repository as one
wheel with pinned dependencies.
"""

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import lint_templates
import pytest
from cfn_project import ROOT, write_registry_schema
from cfnlint.api import lint
from cfnlint.config import ManualArgs

from aws_cognito_userpoolclient import rules as rules_module
from aws_cognito_userpoolclient.desired_state import PREFIX, checked_properties
from aws_cognito_userpoolclient.schema import CHECKED, checked

from .test_client_kinds import READ_ONLY_MESSAGES
from .test_release import pinned
from .test_rules import RULES as RULE_CASES

PRIVATE = "Example::Cognito::UserPoolClient"
POOL = "us-east-1_Example1"
CORPUS = Path(__file__).with_name("lint-corpus.yaml")

# Refusals as templates write them: one or more per keyword of the schema, and the rules of this
# provider's extensions (test_rules.RULES has the others).
SCHEMA_CASES: list[dict[str, Any]] = [
    {"ClientName": ["web"]},
    {"AccessTokenValidity": "ten"},
    {"GenerateSecret": "yes"},
    {"TokenValidityUnits": "hours"},
    {"PreventUserExistenceErrors": "ON"},
    {"AllowedOAuthFlows": ["Code"]},
    {"ClientName": ""},
    {"CustomClientSecret": ""},
    {"ClientName": "n" * 129},
    {"ClientName": "Café 🚀"},
    {"CustomClientSecret": "my-own-secret-0123456789abcdef"},
    {"GenerateSecret": True, "ClientSecretRotation": {"NotBefore": "next tuesday"}},
    {"GenerateSecret": True, "ClientSecretRotation": {"NotBefore": "2999-01-01"}},
    {"GenerateSecret": True, "ClientSecretRotation": {"NotBefore": "2026-02-30"}},
    {"AllowedOAuthScopes": ["openid email"]},
    {"AuthSessionValidity": 2},
    {"AuthSessionValidity": 16},
    {"AllowedOAuthFlows": ["code"] * 4},
    {"ClientNme": "web"},
    {"TokenValidityUnits": {"Access": "hours"}},
    {"CallbackURLs": ["https://a.example.com/" + "a" * 1024]},
    {"UserPoolId": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Ab1"},
    {"UserPoolId": "app-users"},
    {"UserPoolId": None},
    # the rules of this provider's own extensions
    {"PublishSecretsInAWSSecretsManager": True},
    {
        "GenerateSecret": True,
        "PublishSecretsInAWSSecretsManager": True,
        "ClientSecretRotation": {"NotBefore": "2026-01-01"},
    },
    {"PublishSecretsInAWSSecretsManager": True, "CustomClientSecret": "A" * 30},
    {"GenerateSecret": True, "CustomClientSecret": "A" * 30},
    {"ClientSecretRotation": {"NotBefore": "2026-01-01"}},
]


def cases() -> Iterator[dict[str, Any]]:
    """Every property document whose refusals a template must meet: the schema's keywords, the
    rules between properties (accepted and refused), and each read-only property."""
    for properties in SCHEMA_CASES:
        yield {"UserPoolId": POOL, **properties}
    for _, accepted, refused, _ in RULE_CASES:
        yield {"UserPoolId": POOL, **accepted}
        yield {"UserPoolId": POOL, **refused}
    for name in READ_ONLY_MESSAGES:
        yield {"UserPoolId": POOL, name: "MyVeryOwnSecret0123456789abc"}


def handler_problems(properties: Mapping[str, Any]) -> list[str]:
    """What a create of the properties is refused for, as the handler's answer names it."""
    return [p.removeprefix(PREFIX) for p in checked_properties("CREATE", properties, None).problems]


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("schemas")
    write_registry_schema(PRIVATE, folder)
    write_registry_schema("Acme::Auth::AppClient", folder)  # the same type under another name
    return folder


def linted(schemas: Path, template: Mapping[str, Any]) -> list[tuple[str, str, list[Any]]]:
    """The matches of the provider's rules on a template: rule id, message, where."""
    matches = lint(
        json.dumps(template, ensure_ascii=False),
        config=ManualArgs(
            regions=["us-east-1"],
            registry_schemas=[str(schemas)],
            append_rules=["cognito_userpoolclient_lint"],
        ),
    )
    # a rule that raised is an E0002 of cfn-lint's, never a silent pass
    assert [m.message for m in matches if m.rule.id == "E0002"] == []
    return [(m.rule.id, m.message, list(m.path)) for m in matches if m.rule.id.startswith("E91")]


def template_of(*clients: Mapping[str, Any], type_name: str = PRIVATE) -> dict[str, Any]:
    resources = {
        f"Client{index}": {"Type": type_name, "Properties": dict(properties)}
        for index, properties in enumerate(clients)
    }
    return {"Resources": resources}


def by_resource(matches: list[tuple[str, str, list[Any]]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for _, message, path in matches:
        found.setdefault(path[1], []).append(message)
    return found


def test_every_refusal_a_create_makes_is_met_in_the_template_with_its_message(
    schemas: Path,
) -> None:
    documents = list(cases())
    found = by_resource(linted(schemas, template_of(*documents)))
    for index, properties in enumerate(documents):
        expected = handler_problems(properties)
        assert sorted(found.get(f"Client{index}", [])) == sorted(expected), properties
    # and the corpus is whole: every rule between properties refuses one of its documents, and
    # every keyword of the schema and every read-only property is named
    messages = [message for messages in found.values() for message in messages]
    for rule in rules_module.RULES:
        assert any(
            rules_module._problems(rule, walk.value, walk.invalid)
            for walk in map(checked, documents)
        ), rule.reads
    # (the schema's structure names no value; no list of it has a minItems above 0; a wrong
    # type is named in words, below)
    keywords = CHECKED - {"definitions", "$ref", "properties", "items", "minItems", "type"}
    assert all(any(f"({keyword})" in m for m in messages) for keyword in keywords)
    assert any("expected a string, got list" in m for m in messages)  # a wrong type
    assert all(
        any(m.startswith(f"{name}: read-only") for m in messages) for name in READ_ONLY_MESSAGES
    )


def test_a_problem_is_placed_where_the_template_says_the_value(schemas: Path) -> None:
    properties = {"UserPoolId": POOL, "AllowedOAuthFlows": ["code", "Code"], "ClientNme": "x"}
    matches = linted(schemas, template_of(properties))
    places = {message.split(":")[0]: path for _, message, path in matches}
    assert places["AllowedOAuthFlows[1]"] == [
        "Resources",
        "Client0",
        "Properties",
        "AllowedOAuthFlows",
        1,
    ]
    assert places["ClientNme"] == ["Resources", "Client0", "Properties", "ClientNme"]


def test_what_only_the_deploy_knows_is_never_an_error(capfd: pytest.CaptureFixture[str]) -> None:
    # Parameters, mappings, conditions, imports, other resources' attributes, dynamic
    # references: as real stacks write app clients. cfn-lint's own rules find nothing either.
    assert lint_templates.lint(PRIVATE, [CORPUS]) == 0, capfd.readouterr().out


@pytest.mark.parametrize(
    "value",
    [
        {"Ref": "Parameter"},
        {"Fn::GetAtt": ["Other", "Attribute"]},
        {"Fn::Sub": "${AWS::StackName}-web"},
        {"Fn::ImportValue": "shared-pool-id"},
        {"Fn::Join": ["-", ["a", "b"]]},
        {"Fn::Select": [0, {"Ref": "List"}]},
        {"Fn::FindInMap": ["Map", "Key", "Value"]},
        "{{resolve:ssm:/app/client-name}}",
    ],
    ids=["ref", "getatt", "sub", "import", "join", "select", "findinmap", "dynamic-reference"],
)
def test_an_intrinsic_is_taken_wherever_it_stands_and_no_rule_reads_it(
    schemas: Path, value: Any
) -> None:
    properties = {
        "UserPoolId": value,
        "ClientName": value,
        "AccessTokenValidity": value,
        "TokenValidityUnits": {"AccessToken": value},
        "AllowedOAuthFlowsUserPoolClient": value,
        "AllowedOAuthFlows": value,
        "CallbackURLs": [value],
        "DefaultRedirectURI": value,
        "GenerateSecret": value,
        "ClientSecretRotation": {"NotBefore": value},
    }
    assert linted(schemas, template_of(properties)) == []


@pytest.mark.parametrize(
    "properties",
    [
        # a flag only the deploy knows: the rule that reads it does not run
        {"AllowedOAuthFlowsUserPoolClient": {"Ref": "UseOAuth"}, "AllowedOAuthFlows": ["code"]},
        {
            "GenerateSecret": {"Ref": "Confidential"},
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["client_credentials"],
        },
        {"DefaultRedirectURI": "https://a.example.com/cb", "CallbackURLs": [{"Ref": "Url"}]},
    ],
    ids=["oauth-flag", "secret", "callback-item"],
)
def test_a_rule_with_one_input_only_the_deploy_knows_does_not_run(
    schemas: Path, properties: dict[str, Any]
) -> None:
    assert linted(schemas, template_of({"UserPoolId": POOL, **properties})) == []


def test_each_branch_of_a_condition_is_checked(schemas: Path) -> None:
    template = template_of(
        {
            "UserPoolId": POOL,
            "AuthSessionValidity": {"Fn::If": ["Prod", 5, 99]},
            "ClientName": {"Fn::If": ["Prod", "web", {"Ref": "AWS::NoValue"}]},
        }
    )
    template["Conditions"] = {"Prod": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}}
    assert [message for _, message, _ in linted(schemas, template)] == [
        "AuthSessionValidity: 99 is more than 15 (maximum)"
    ]


def test_the_type_is_found_under_any_name_its_schema_is_registered_as_and_no_other(
    schemas: Path,
) -> None:
    bad = {"UserPoolId": POOL, "AuthSessionValidity": 99}
    assert linted(schemas, template_of(bad, type_name="Acme::Auth::AppClient"))
    # AWS's own type has its own schema in cfn-lint: the provider's rules leave it alone
    assert linted(schemas, template_of(bad, type_name="AWS::Cognito::UserPoolClient")) == []


def outputs(*values: Any) -> dict[str, Any]:
    return {f"Output{index}": {"Value": value} for index, value in enumerate(values)}


def test_an_attribute_the_type_lacks_is_named_with_the_nearest(schemas: Path) -> None:
    template = template_of({"UserPoolId": POOL})
    template["Outputs"] = outputs(
        {"Fn::GetAtt": ["Client0", "SecretArn"]},
        {"Fn::GetAtt": "Client0.ClientId"},
        {"Fn::Sub": "${Client0.Nam} and ${Client0.ClientType} and ${!Client0.Literal}"},
        {"Fn::GetAtt": ["Elsewhere", "SecretArn"]},  # not this type's: cfn-lint's to name
    )
    attributes = (
        "ClientId, ClientSecret, ClientSecretArn, ClientType, CreationDate, LastModifiedDate, Name"
    )
    assert [(rule, message) for rule, message, _ in linted(schemas, template)] == [
        (
            "E9102",
            f"Client0.SecretArn: {PRIVATE} has no attribute SecretArn, did you mean"
            f" ClientSecretArn? (its attributes: {attributes})",
        ),
        (
            "E9102",
            f"Client0.Nam: {PRIVATE} has no attribute Nam, did you mean Name? (its attributes:"
            f" {attributes})",
        ),
    ]


def test_client_secret_of_a_client_kept_in_secrets_manager_is_named(schemas: Path) -> None:
    published = {"UserPoolId": POOL, "GenerateSecret": True}
    template = template_of(
        {**published, "PublishSecretsInAWSSecretsManager": True},
        {**published, "PublishSecretsInAWSSecretsManager": "true"},
        published,
    )
    template["Outputs"] = outputs(
        {"Fn::GetAtt": ["Client0", "ClientSecret"]},
        {"Fn::Sub": "${Client1.ClientSecret}"},
        {"Fn::GetAtt": ["Client2", "ClientSecret"]},  # Cognito keeps it: it has one
        {"Fn::GetAtt": ["Client0", "ClientSecretArn"]},
    )
    assert [(rule, message.split(":")[0]) for rule, message, _ in linted(schemas, template)] == [
        ("E9103", "Client0.ClientSecret"),
        ("E9103", "Client1.ClientSecret"),
    ]


def test_the_rules_install_from_the_repository_as_one_wheel_with_pinned_dependencies(
    tmp_path: Path,
) -> None:
    # What `pip install "cognito-userpoolclient-cfn-lint @ git+<repository>"` builds.
    source = tmp_path / "source"
    (source / "src").mkdir(parents=True)
    (source / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    for package in ("aws_cognito_userpoolclient", "cognito_userpoolclient_lint"):
        for path in (ROOT / "src" / package).glob("*"):
            if path.is_file() and path.suffix in (".py", ".json"):
                (source / "src" / package).mkdir(exist_ok=True)
                (source / "src" / package / path.name).write_bytes(path.read_bytes())
    wheels = tmp_path / "wheels"
    subprocess.run(  # noqa: S603  # this venv's pip, building from a copy of the source
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        required = [
            line.removeprefix("Requires-Dist: ")
            for line in archive.read(metadata).decode().splitlines()
            if line.startswith("Requires-Dist: ")
        ]
        archive.extractall(tmp_path / "site")
    assert "aws_cognito_userpoolclient/resource-schema.json" in names
    assert "cognito_userpoolclient_lint/__init__.py" in names
    constraints = pinned(ROOT / "constraints.txt")
    assert required
    for requirement in required:  # each pinned to the version the tests run with
        name, _, version = requirement.partition("==")
        assert constraints[name] == version, requirement
    # installed there alone (not this checkout's src/), cfn-lint loads and runs them
    template = tmp_path / "template.json"
    template.write_text(json.dumps(template_of({"UserPoolId": POOL, "AuthSessionValidity": 99})))
    schemas = write_registry_schema(PRIVATE, tmp_path / "schemas").parent
    ran = subprocess.run(  # noqa: S603  # this venv's cfn-lint
        [
            str(Path(sys.executable).parent / "cfn-lint"),
            *("--registry-schemas", str(schemas)),
            *("--append-rules", "cognito_userpoolclient_lint", "--", str(template)),
        ],
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert ran.returncode == 2, ran.stderr[-2000:]
    assert "E9101 AuthSessionValidity: 99 is more than 15 (maximum)" in ran.stdout
