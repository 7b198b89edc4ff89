"""Our schema against AWS's official one of this type, which ships inside cfn-lint.

Allowed divergences: a description on every property and definition, `insertionOrder: false` on
lists, `additionalProperties: false` on every object, handler permissions (checked against the
calls each handler makes in test_permissions.py), longer handler timeouts (for the waits), and
the deliberate supersets named in
SUPERSETS, where Cognito's 2026 API is ahead of AWS's type. Anything else fails.
"""

import copy
import json
import re
from pathlib import Path
from typing import Any

import botocore.session
import cfnlint.data.schemas.resources as official_resources
import pytest
from botocore.model import StructureShape

from aws_cognito_userpoolclient.model_check import AUTH_FLOWS_BEYOND_THE_MODEL

SCHEMA_PATH = Path(__file__).parent.parent / "aws-cognito-userpoolclient.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text())


def official_schema() -> dict[str, Any]:
    for path in Path(official_resources.__path__[0]).glob("*.json"):
        text = path.read_text()
        if '"AWS::Cognito::UserPoolClient"' in text:
            schema: dict[str, Any] = json.loads(text)
            if schema.get("typeName") == "AWS::Cognito::UserPoolClient":
                return schema
    raise AssertionError("cfn-lint ships no schema of AWS::Cognito::UserPoolClient")


# Deliberate supersets of AWS's schema (cfn-lint 1.58's copy): Cognito's 2026 secret API, the
# secret kept in Secrets Manager (botocore 1.44.7) and the token-exchange auth flows, which AWS's
# type does not offer yet.
SUPERSET_PROPERTIES = ("ClientSecretRotation", "CustomClientSecret")  # write-only
SUPERSET_SETTINGS = ("PublishSecretsInAWSSecretsManager",)
SUPERSET_OUTPUTS = (
    "ClientSecretArn",
    "ClientType",
    "CreationDate",
    "LastModifiedDate",
)  # read-only
SUPERSET_DEFINITIONS = ("ClientSecretRotation",)
SUPERSET_AUTH_FLOWS = (
    "ALLOW_TOKEN_EXCHANGE_DELEGATION",
    "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
    *AUTH_FLOWS_BEYOND_THE_MODEL,
)


def without_supersets(schema: dict[str, Any]) -> dict[str, Any]:
    for name in SUPERSET_PROPERTIES:
        del schema["properties"][name]
        schema["writeOnlyProperties"].remove(f"/properties/{name}")
    if not schema["writeOnlyProperties"]:
        del schema["writeOnlyProperties"]
    for name in SUPERSET_SETTINGS:
        del schema["properties"][name]
    for name in SUPERSET_OUTPUTS:
        del schema["properties"][name]
        schema["readOnlyProperties"].remove(f"/properties/{name}")
    for name in SUPERSET_DEFINITIONS:
        del schema["definitions"][name]
    flows = schema["properties"]["ExplicitAuthFlows"]["items"]["enum"]
    for flow in SUPERSET_AUTH_FLOWS:
        flows.remove(flow)
    return schema


def without_additions(node: Any) -> Any:
    """The schema with our deliberate additions taken out."""
    if isinstance(node, dict):
        stripped = {
            key: without_additions(value)
            for key, value in node.items()
            if key != "description" and not (key == "insertionOrder" and value is False)
        }
        if stripped.get("type") == "object" and stripped.get("additionalProperties") is False:
            del stripped["additionalProperties"]
        return stripped
    if isinstance(node, list):
        return [without_additions(item) for item in node]
    return node


def comparable(schema: dict[str, Any]) -> dict[str, Any]:
    schema = without_additions(copy.deepcopy(schema))
    for handler in schema["handlers"].values():
        handler.pop("permissions")
        handler.pop("timeoutInMinutes", None)
    return schema


def test_handler_timeouts_are_at_least_the_official_ones() -> None:
    # Raised so that the handler can wait for a busy pool and for providers and resource servers
    # the stack is still creating (guides/using-the-type.md, "A stack deploys in one go").
    for action, handler in official_schema()["handlers"].items():
        if "timeoutInMinutes" in handler:
            assert SCHEMA["handlers"][action]["timeoutInMinutes"] >= handler["timeoutInMinutes"]


def test_schema_matches_the_official_one_but_for_the_allowed_additions() -> None:
    official = comparable(official_schema())
    ours = comparable(without_supersets(copy.deepcopy(SCHEMA)))
    assert ours == official


def test_the_supersets_are_what_the_official_schema_lacks() -> None:
    official = official_schema()
    for name in SUPERSET_PROPERTIES:
        assert name not in official["properties"]
        assert f"/properties/{name}" in SCHEMA["writeOnlyProperties"]
    for name in (*SUPERSET_SETTINGS, *SUPERSET_OUTPUTS):
        assert name not in official["properties"]
    for name in SUPERSET_OUTPUTS:
        assert f"/properties/{name}" in SCHEMA["readOnlyProperties"]
    flows = official["properties"]["ExplicitAuthFlows"]["items"]["enum"]
    assert not set(SUPERSET_AUTH_FLOWS) & set(flows)
    api_flows = botocore.session.get_session().get_service_model("cognito-idp")
    api_enum = getattr(api_flows.shape_for("ExplicitAuthFlowsType"), "enum", [])
    # every flow of the schema is in botocore's model or in the one list of what Cognito
    # documents beyond it, which the model check and the test doubles read too
    assert set(SCHEMA["properties"]["ExplicitAuthFlows"]["items"]["enum"]) == set(api_enum) | set(
        AUTH_FLOWS_BEYOND_THE_MODEL
    )
    assert not set(AUTH_FLOWS_BEYOND_THE_MODEL) & set(api_enum)  # stale once botocore has them


def test_identifiers_and_property_kinds() -> None:
    assert SCHEMA["primaryIdentifier"] == ["/properties/UserPoolId", "/properties/ClientId"]
    assert sorted(SCHEMA["createOnlyProperties"]) == [
        "/properties/GenerateSecret",
        "/properties/UserPoolId",
    ]
    assert sorted(SCHEMA["readOnlyProperties"]) == [
        "/properties/ClientId",
        "/properties/ClientSecret",
        "/properties/ClientSecretArn",
        "/properties/ClientType",
        "/properties/CreationDate",
        "/properties/LastModifiedDate",
        "/properties/Name",
    ]
    assert SCHEMA["required"] == ["UserPoolId"]
    assert SCHEMA["handlers"]["list"]["handlerSchema"]["required"] == ["UserPoolId"]
    assert SCHEMA["tagging"]["taggable"] is False


def test_every_property_and_definition_is_described_and_closed() -> None:
    for name, prop in SCHEMA["properties"].items():
        assert prop.get("description"), name
        if prop.get("type") == "array":
            assert prop["insertionOrder"] is False, name
    for name, definition in SCHEMA["definitions"].items():
        assert definition.get("description"), name
        assert definition["additionalProperties"] is False, name
        for key, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{key}"


def test_recent_properties_are_present() -> None:
    assert "RefreshTokenRotation" in SCHEMA["properties"]
    assert "ALLOW_USER_AUTH" in SCHEMA["properties"]["ExplicitAuthFlows"]["items"]["enum"]


def test_the_pinned_botocore_knows_every_writable_property() -> None:
    model = botocore.session.get_session().get_service_model("cognito-idp")
    read_only = {path.rsplit("/", 1)[1] for path in SCHEMA["readOnlyProperties"]}
    # Write-only extensions reach the API under other names or operations (see secrets.py).
    read_only |= {path.rsplit("/", 1)[1] for path in SCHEMA["writeOnlyProperties"]}
    for operation in ("CreateUserPoolClient", "UpdateUserPoolClient"):
        input_shape = model.operation_model(operation).input_shape
        assert input_shape is not None
        members = set(input_shape.members)
        writable = set(SCHEMA["properties"]) - read_only
        if operation == "UpdateUserPoolClient":
            writable -= {"GenerateSecret"}  # create-only
        assert writable <= members, (operation, writable - members)
    described = model.shape_for("UserPoolClientType")
    assert isinstance(described, StructureShape)
    write_only = {path.rsplit("/", 1)[1] for path in SCHEMA["writeOnlyProperties"]}
    # Name, GenerateSecret and PublishSecretsInAWSSecretsManager are read from other members.
    derived = {"Name", "GenerateSecret", "PublishSecretsInAWSSecretsManager"}
    assert set(SCHEMA["properties"]) - derived - write_only <= set(described.members)


def test_the_handlers_type_name_is_the_schemas_and_the_projects() -> None:
    from aws_cognito_userpoolclient import handlers

    config = json.loads((SCHEMA_PATH.parent / ".rpdk-config").read_text())
    assert handlers.TYPE_NAME == SCHEMA["typeName"] == config["typeName"]


def test_the_schema_check_refuses_to_load_a_keyword_it_does_not_check() -> None:
    # schema.py raises at import when the schema uses a keyword it would silently skip.
    from aws_cognito_userpoolclient.schema import _unsupported_keywords

    node = {
        "properties": {"A": {"type": "string", "uniqueItems": True, "description": "d"}},
        "definitions": {"B": {"type": "object", "patternProperties": {}}},
        "items": {"type": "array", "items": {"const": 1}},
        "oneOf": [],
    }
    assert _unsupported_keywords(node) == {"uniqueItems", "patternProperties", "const", "oneOf"}
    assert (
        _unsupported_keywords({"properties": {"A": {"type": "string", "format": "uri"}}}) == set()
    )


def test_only_this_schemas_own_definitions_are_followed() -> None:
    from aws_cognito_userpoolclient.schema import _resolve

    with pytest.raises(ValueError, match=re.escape("unsupported $ref other.json#/definitions/X")):
        _resolve({"$ref": "other.json#/definitions/X"})


def test_a_list_below_its_minimum_items_is_named() -> None:
    # No list of this schema has a minItems above 0; the check of the keyword is kept honest.
    from aws_cognito_userpoolclient.schema import _constraint_problems

    assert _constraint_problems({"type": "array", "minItems": 2}, ["one"], False) == [
        "fewer than 2 items (minItems)"
    ]
    assert _constraint_problems({"type": "array", "minItems": 2}, ["one", "two"], False) == []


def test_an_empty_value_is_named_as_empty_with_the_length_it_needs() -> None:
    # (no string of this schema needs exactly two characters; the words are kept honest)
    from aws_cognito_userpoolclient.schema import _constraint_problems

    def problems(least: int) -> list[str]:
        return _constraint_problems({"type": "string", "minLength": least}, "", False)

    assert problems(1) == ["is empty (minLength)"]
    assert problems(2) == ["is empty, where at least 2 characters are needed (minLength)"]


@pytest.mark.parametrize(
    ("properties", "problems"),
    [
        ([], ["properties: expected an object, got list"]),
        (
            {"UserPoolId": "us-east-1_Ab1", "ClientName": {}},
            ["ClientName: expected a string, got an object"],
        ),
        ({"UserPoolId": "us-east-1_Ab1", "ClientName": "n" * 128}, []),
        (
            {
                "UserPoolId": "us-east-1_Ab1",
                "AllowedOAuthFlows": ["code", "implicit", "client_credentials"],
            },
            [],
        ),
        (
            {"UserPoolId": "us-east-1_Ab1", "PreventUserExistenceErrors": "ON"},
            ["PreventUserExistenceErrors: 'ON' is not one of ENABLED, LEGACY (enum)"],
        ),
    ],
)
def test_what_the_schema_check_says_at_its_edges(properties: Any, problems: list[str]) -> None:
    from aws_cognito_userpoolclient.schema import checked

    assert checked(properties).problems == problems
