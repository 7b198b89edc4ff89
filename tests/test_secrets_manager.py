"""The client secret kept by Cognito in AWS Secrets Manager (PublishSecretsInAWSSecretsManager).

On the extended Cognito double (moto_cognito.py), which keeps the secret in moto's Secrets Manager
as the API reference describes. Every request is checked against botocore's model (conftest.py).
"""

import json
import logging
from typing import Any

import jsonpatch
import pytest

from aws_cognito_userpoolclient import handlers

from .conftest import CallRecorder, Invoke
from .events import registry_event
from .faults import CloudFormation, Faults, Sent
from .helpers import WEB_CLIENT, AppearingLater

PUBLISHED = {"GenerateSecret": True, "PublishSecretsInAWSSecretsManager": True}
ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret/"


@pytest.fixture
def secretsmanager(cognito: Any) -> Any:
    """Secrets Manager of the embedded AWS (the same moto as Cognito)."""
    import boto3

    return boto3.client("secretsmanager", region_name="us-east-1")


@pytest.fixture
def sent(faults: Faults) -> Sent:
    return faults.record()


def kept_secret(secretsmanager: Any) -> dict[str, Any]:
    """The one secret Secrets Manager holds, with its JSON read (by the test, never the handler)."""
    (listed,) = secretsmanager.list_secrets()["SecretList"]
    value = secretsmanager.get_secret_value(SecretId=listed["Name"])["SecretString"]
    return {"name": listed["Name"], **json.loads(value)}


def create(invoke: Invoke, pool_id: str, **properties: Any) -> dict[str, Any]:
    created = invoke("CREATE", {"UserPoolId": pool_id, **properties})
    assert created["status"] == "SUCCESS", created.get("message")
    model: dict[str, Any] = created["resourceModel"]
    return model


def test_a_client_created_with_the_option_has_its_secret_in_secrets_manager_only(
    invoke: Invoke, pool_id: str, sent: Sent, secretsmanager: Any
) -> None:
    model = create(invoke, pool_id, **PUBLISHED)
    assert sent.operations == ["CreateUserPoolClient"]
    assert sent.bodies[0]["PublishSecretsInAWSSecretsManager"] is True
    assert sent.bodies[0]["GenerateSecret"] is True
    assert "ClientSecret" not in model
    assert model["ClientSecretArn"].startswith(ARN_PREFIX)
    assert (model["GenerateSecret"], model["PublishSecretsInAWSSecretsManager"]) == (True, True)
    kept = kept_secret(secretsmanager)
    assert model["ClientSecretArn"] == ARN_PREFIX + kept["name"]
    assert (kept["userPoolId"], kept["userPoolClientId"]) == (pool_id, model["ClientId"])
    assert kept["clientSecretValue"]


@pytest.mark.parametrize(
    ("stated", "read_back"),
    [
        ({**PUBLISHED}, True),
        ({"GenerateSecret": True, "PublishSecretsInAWSSecretsManager": False}, False),
        ({"GenerateSecret": True}, False),
        ({"PublishSecretsInAWSSecretsManager": False}, False),
        ({}, False),
    ],
    ids=["published", "held-by-cognito-stated", "held-by-cognito", "public-stated", "public"],
)
def test_read_is_one_call_and_says_where_the_secret_is_without_drift(
    invoke: Invoke,
    recorder: CallRecorder,
    pool_id: str,
    stated: dict[str, Any],
    read_back: bool,
) -> None:
    created = create(invoke, pool_id, **stated)
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    read = invoke("READ", ids)["resourceModel"]
    assert recorder.operations("READ") == ["DescribeUserPoolClient"]
    assert read["PublishSecretsInAWSSecretsManager"] is read_back
    assert read["GenerateSecret"] is bool(stated.get("GenerateSecret"))
    assert ("ClientSecretArn" in read) is read_back
    assert ("ClientSecret" in read) is (bool(stated.get("GenerateSecret")) and not read_back)
    for key, value in stated.items():  # a template that states either reads back without drift
        assert read[key] == value, key


def test_switching_the_option_on_moves_the_secret_in_place_and_off_moves_it_back(
    invoke: Invoke, cognito: Any, pool_id: str, secretsmanager: Any
) -> None:
    held = create(invoke, pool_id, GenerateSecret=True, ClientName="svc")
    ids = {"UserPoolId": pool_id, "ClientId": held["ClientId"]}
    on = invoke("UPDATE", {**ids, **PUBLISHED, "ClientName": "svc"}, previous=held)
    assert on["status"] == "SUCCESS", on.get("message")
    moved = on["resourceModel"]
    assert moved["ClientId"] == held["ClientId"]  # no replacement
    assert "ClientSecret" not in moved
    assert moved["ClientSecretArn"] == ARN_PREFIX + kept_secret(secretsmanager)["name"]
    off = {**ids, "GenerateSecret": True, "PublishSecretsInAWSSecretsManager": False}
    back = invoke("UPDATE", {**off, "ClientName": "svc"}, previous=moved)
    assert back["status"] == "SUCCESS", back.get("message")
    assert back["resourceModel"]["ClientSecret"]
    assert "ClientSecretArn" not in back["resourceModel"]
    assert secretsmanager.list_secrets()["SecretList"] == []  # deleted at once, by Cognito


def test_a_template_that_drops_the_option_leaves_the_secret_where_it_is(
    invoke: Invoke, pool_id: str, sent: Sent, secretsmanager: Any
) -> None:
    published = create(invoke, pool_id, **PUBLISHED, ClientName="svc")
    ids = {"UserPoolId": pool_id, "ClientId": published["ClientId"]}
    dropped = {**ids, "GenerateSecret": True, "ClientName": "svc", "AuthSessionValidity": 7}
    updated = invoke("UPDATE", dropped, previous=published)
    assert updated["status"] == "SUCCESS", updated.get("message")
    (update,) = [body for op, body in sent.requests if op == "UpdateUserPoolClient"]
    assert "PublishSecretsInAWSSecretsManager" not in update  # the API's "omitted: no change"
    assert updated["resourceModel"]["ClientSecretArn"] == published["ClientSecretArn"]
    assert kept_secret(secretsmanager)["userPoolClientId"] == published["ClientId"]
    read = invoke("READ", ids)["resourceModel"]
    assert read["PublishSecretsInAWSSecretsManager"] is True


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        (
            {"PublishSecretsInAWSSecretsManager": True},
            "PublishSecretsInAWSSecretsManager: needs GenerateSecret: true (Cognito keeps only a"
            " secret it generates in Secrets Manager)",
        ),
        (
            {**PUBLISHED, "ClientSecretRotation": {"NotBefore": "2026-01-01"}},
            "PublishSecretsInAWSSecretsManager: cannot be combined with ClientSecretRotation"
            " (Cognito rotates a secret it keeps in Secrets Manager itself)",
        ),
        (
            {
                "PublishSecretsInAWSSecretsManager": True,
                "CustomClientSecret": "MyOwnSecret1234567890abcdefXYZ",
            },
            "PublishSecretsInAWSSecretsManager: needs GenerateSecret: true (Cognito keeps only a"
            " secret it generates in Secrets Manager); PublishSecretsInAWSSecretsManager: cannot"
            " be combined with CustomClientSecret (Cognito's first rotation would replace it at"
            " once)",
        ),
    ],
    ids=["without-generate-secret", "with-rotation", "with-a-secret-of-your-own"],
)
@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
def test_what_cannot_be_published_is_refused_before_any_call(
    invoke: Invoke, sent: Sent, properties: dict[str, Any], message: str, action: str
) -> None:
    ids = {"UserPoolId": "us-east-1_Example1", "ClientId": "1example23456789"}
    previous = ids if action == "UPDATE" else None
    given = ids if action == "UPDATE" else {"UserPoolId": ids["UserPoolId"]}  # no id to create
    answer = invoke(action, {**given, **properties}, previous=previous)
    assert (answer["status"], answer["errorCode"]) == ("FAILED", "InvalidRequest")
    assert answer["message"] == f"Invalid properties: {message}"
    assert sent.operations == []


def test_no_value_of_a_kept_secret_is_in_any_answer_log_telemetry_or_print(
    pool_id: str,
    sent: Sent,
    secretsmanager: Any,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)  # every record, the library's and botocore's included
    delivered: list[str] = []
    from aws_cognito_userpoolclient import telemetry

    send = telemetry.BufferedLogDelivery.send

    def sending(handler: Any) -> None:
        delivered.append(json.dumps(handler.records))
        send(handler)

    monkeypatch.setattr(telemetry.BufferedLogDelivery, "send", sending)
    logging.getLogger().setLevel(logging.DEBUG)
    properties = {"UserPoolId": pool_id, **PUBLISHED}
    created = handlers.resource(registry_event("CREATE", properties), None)
    assert created["status"] == "SUCCESS", created.get("message")
    ids = {"UserPoolId": pool_id, "ClientId": created["resourceModel"]["ClientId"]}
    answers = [
        created,
        handlers.resource(registry_event("READ", ids), None),
        handlers.resource(registry_event("UPDATE", {**ids, **PUBLISHED}, previous=ids), None),
        handlers.resource(registry_event("LIST", {"UserPoolId": pool_id}), None),
    ]
    value = kept_secret(secretsmanager)["clientSecretValue"]
    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert delivered, "nothing was delivered: the test would prove nothing"
    assert all(value not in json.dumps(answer) for answer in answers)
    assert all(value not in record.getMessage() for record in caplog.records)
    assert all(value not in batch for batch in delivered)
    printed = capsys.readouterr()
    assert value not in printed.out + printed.err
    # The handler never reads the secret: Cognito keeps it, and no call goes to Secrets Manager.
    assert "CreateUserPoolClient" in sent.operations
    handler_calls = sent.targets[: sent.targets.index("secretsmanager.ListSecrets")]
    assert not [target for target in handler_calls if "secretsmanager" in target.lower()]


def test_a_lost_create_with_the_option_settles_to_exactly_one_client(
    cloudformation: CloudFormation, faults: Faults, cognito: Any, pool_id: str, secretsmanager: Any
) -> None:
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "ClientName": "svc", **PUBLISHED})
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    (only,) = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    assert run.last["resourceModel"]["ClientId"] == only["ClientId"]
    assert kept_secret(secretsmanager)["userPoolClientId"] == only["ClientId"]


def test_a_busy_pool_and_providers_still_being_created_are_waited_out_with_the_option(
    cloudformation: CloudFormation, faults: Faults, invoke: Invoke, cognito: Any, pool_id: str
) -> None:
    faults.refuse("CreateUserPoolClient", 2, "ConcurrentModificationException")
    cloudformation.invoke = AppearingLater(cognito, pool_id, after=3).wrap(invoke)
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, **WEB_CLIENT, **PUBLISHED})
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert run.last["resourceModel"]["ClientSecretArn"].startswith(ARN_PREFIX)
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)
    assert len(clients["UserPoolClients"]) == 1


def test_cloud_control_hands_back_the_read_state_with_the_arn_and_patches_it(
    invoke: Invoke, pool_id: str, secretsmanager: Any
) -> None:
    created = create(invoke, pool_id, **PUBLISHED)
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    current = invoke("READ", ids)["resourceModel"]
    patch = [{"op": "replace", "path": "/AuthSessionValidity", "value": 9}]
    desired = jsonpatch.apply_patch(current, patch)
    updated = invoke("UPDATE", desired)  # Cloud Control sends no previous state
    assert updated["status"] == "SUCCESS", updated.get("message")
    assert updated["resourceModel"]["ClientSecretArn"] == created["ClientSecretArn"]
    assert updated["resourceModel"]["AuthSessionValidity"] == 9
    assert kept_secret(secretsmanager)["userPoolClientId"] == created["ClientId"]
