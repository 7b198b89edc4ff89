"""Cognito's newest app-client API: machine-to-machine client tokens, a client's kind and dates.

- `ALLOW_CLIENT_TOKEN_AUTH` (API reference, GetClientToken), which botocore's enum lacks: taken as
  Cognito documents it, the only flow of a client with a secret.
- `ClientType`, `CreationDate`, `LastModifiedDate`: read-only, from the one call each handler
  already makes.
- DCR clients (registered by an application): no secret operations, no registrar scope.

On the extended Cognito double (moto_cognito.py), which behaves as the API reference says.
"""

from typing import Any

import botocore.session
import pytest
from botocore.model import ListShape

from aws_cognito_userpoolclient import dependencies, handlers
from aws_cognito_userpoolclient.model_check import (
    AUTH_FLOWS_BEYOND_THE_MODEL,
    CLIENT_TOKEN_FLOW,
    model_problems,
)
from aws_cognito_userpoolclient.rules import REGISTRAR_SCOPE
from aws_cognito_userpoolclient.schema import READ_ONLY

from .conftest import CallRecorder, Invoke
from .events import event
from .faults import Clock, Sent
from .moto_cognito import registered_by_an_application
from .test_cloud_control import cloud_control

M2M = {
    "ClientName": "billing-service",
    "GenerateSecret": True,
    "ExplicitAuthFlows": [CLIENT_TOKEN_FLOW],
}
CUSTOM = "MyOwnSecret1234567890abcdefXYZ"
POOL = "us-east-1_Example1"


def succeeded(answer: dict[str, Any]) -> dict[str, Any]:
    assert answer["status"] == "SUCCESS", answer.get("message")
    model: dict[str, Any] = answer["resourceModel"]
    return model


def refused(answer: dict[str, Any]) -> str:
    assert (answer["status"], answer.get("errorCode")) == ("FAILED", "InvalidRequest"), answer
    message: str = answer["message"]
    return message


@pytest.fixture
def sent(faults: Any) -> Sent:
    recorded: Sent = faults.record()
    return recorded


# --- ALLOW_CLIENT_TOKEN_AUTH -------------------------------------------------------------------


@pytest.mark.parametrize(
    "secret",
    [
        {"GenerateSecret": True},
        {"CustomClientSecret": CUSTOM},
        {"GenerateSecret": True, "PublishSecretsInAWSSecretsManager": True},
    ],
    ids=["generated", "your-own", "in-secrets-manager"],
)
def test_a_machine_to_machine_client_with_the_client_token_flow_is_made_and_read_back(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str, secret: dict[str, Any]
) -> None:
    properties = {"UserPoolId": pool_id, "ExplicitAuthFlows": [CLIENT_TOKEN_FLOW], **secret}
    created = succeeded(invoke("CREATE", properties))
    assert recorder.operations("CREATE") == ["CreateUserPoolClient"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    held = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert held["ExplicitAuthFlows"] == [CLIENT_TOKEN_FLOW]
    assert succeeded(invoke("READ", ids))["ExplicitAuthFlows"] == [CLIENT_TOKEN_FLOW]


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        (
            {**M2M, "ExplicitAuthFlows": [CLIENT_TOKEN_FLOW, "ALLOW_REFRESH_TOKEN_AUTH"]},
            "ExplicitAuthFlows: ALLOW_CLIENT_TOKEN_AUTH must be the only flow (Cognito's"
            " machine-to-machine tokens exclude user sign-in flows); leave out"
            " ALLOW_REFRESH_TOKEN_AUTH, or give users an app client of their own",
        ),
        (
            {"ExplicitAuthFlows": [CLIENT_TOKEN_FLOW]},
            "ExplicitAuthFlows: ALLOW_CLIENT_TOKEN_AUTH needs a client secret (GenerateSecret:"
            " true or CustomClientSecret)",
        ),
        (
            {
                "GenerateSecret": False,
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", CLIENT_TOKEN_FLOW],
            },
            "ExplicitAuthFlows: ALLOW_CLIENT_TOKEN_AUTH must be the only flow (Cognito's"
            " machine-to-machine tokens exclude user sign-in flows); leave out"
            " ALLOW_USER_SRP_AUTH, or give users an app client of their own; ExplicitAuthFlows:"
            " ALLOW_CLIENT_TOKEN_AUTH needs a client secret (GenerateSecret: true or"
            " CustomClientSecret)",
        ),
    ],
    ids=["beside-another-flow", "without-a-secret", "both"],
)
@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
def test_the_client_token_flow_is_refused_where_get_client_token_could_not_work(
    invoke: Invoke, sent: Sent, action: str, properties: dict[str, Any], message: str
) -> None:
    ids = {"UserPoolId": "us-east-1_Example1", "ClientId": "1example23456789"}
    given = ids if action == "UPDATE" else {"UserPoolId": ids["UserPoolId"]}
    previous = {**ids, **properties} if action == "UPDATE" else None
    assert refused(invoke(action, {**given, **properties}, previous=previous)) == (
        f"Invalid properties: {message}"
    )
    assert sent.operations == []


def test_only_the_documented_flows_beyond_cognitos_model_are_taken() -> None:
    model = botocore.session.get_session().get_service_model("cognito-idp")
    flows = model.shape_for("ExplicitAuthFlowsType")
    assert isinstance(model.shape_for("ExplicitAuthFlowsListType"), ListShape)
    assert model_problems(flows, CLIENT_TOKEN_FLOW, "ExplicitAuthFlows[0]") == []
    assert AUTH_FLOWS_BEYOND_THE_MODEL == (CLIENT_TOKEN_FLOW,)
    assert model_problems(flows, "ALLOW_CLIENT_TOKENS_AUTH", "ExplicitAuthFlows[0]") == [
        "ExplicitAuthFlows[0]: not one of " + ", ".join(getattr(flows, "enum", []))
    ]


def test_the_double_refuses_the_flow_as_cognito_does(cognito: Any, pool_id: str) -> None:
    # what the provider refuses first, Cognito refuses too: the double is no more lenient
    errors = cognito.exceptions.InvalidParameterException
    with pytest.raises(errors, match="must be the only"):
        cognito.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="a",
            GenerateSecret=True,
            ExplicitAuthFlows=[CLIENT_TOKEN_FLOW, "ALLOW_USER_SRP_AUTH"],
        )
    with pytest.raises(errors, match="requires a client secret"):
        cognito.create_user_pool_client(
            UserPoolId=pool_id, ClientName="b", ExplicitAuthFlows=[CLIENT_TOKEN_FLOW]
        )


# --- the kind and dates of a client ------------------------------------------------------------


def test_the_kind_and_dates_come_with_every_model_from_the_call_each_makes(
    invoke: Invoke, recorder: CallRecorder, clock: Clock, pool_id: str
) -> None:
    clock.time = float(round(clock.time))
    created = succeeded(invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"}))
    made = clock.now_iso().replace("+00:00", "Z")
    assert (created["ClientType"], created["CreationDate"], created["LastModifiedDate"]) == (
        "REGULAR",
        made,
        made,
    )
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    assert succeeded(invoke("READ", ids)) == created
    clock.advance(90)
    desired = {**ids, "ClientName": "web", "AuthSessionValidity": 9}
    updated = succeeded(invoke("UPDATE", desired, previous={**ids, "ClientName": "web"}))
    assert updated["CreationDate"] == made
    assert updated["LastModifiedDate"] == clock.now_iso().replace("+00:00", "Z")
    assert recorder.operations() == [
        "CreateUserPoolClient",
        "DescribeUserPoolClient",
        "UpdateUserPoolClient",
    ]


READ_ONLY_MESSAGES = {
    "ClientId": "ClientId: read-only, Cognito sets it (read it with Fn::GetAtt <client>.ClientId)",
    "ClientSecret": "ClientSecret: read-only, Cognito makes it; for a secret of your own, give"
    " CustomClientSecret (read it with Fn::GetAtt <client>.ClientSecret)",
    "ClientSecretArn": "ClientSecretArn: read-only, Cognito names the secret it keeps in Secrets"
    " Manager; to have one, give PublishSecretsInAWSSecretsManager: true (read it with"
    " Fn::GetAtt <client>.ClientSecretArn)",
    "ClientType": "ClientType: read-only, Cognito sets it (read it with Fn::GetAtt"
    " <client>.ClientType)",
    "CreationDate": "CreationDate: read-only, Cognito sets it (read it with Fn::GetAtt"
    " <client>.CreationDate)",
    "LastModifiedDate": "LastModifiedDate: read-only, Cognito sets it (read it with Fn::GetAtt"
    " <client>.LastModifiedDate)",
    "Name": "Name: read-only, Cognito reports the client's name; to name the client, give"
    " ClientName (read it with Fn::GetAtt <client>.Name)",
}


def test_every_read_only_property_has_its_message() -> None:
    assert set(READ_ONLY_MESSAGES) == READ_ONLY


@pytest.mark.parametrize("name", sorted(READ_ONLY_MESSAGES))
def test_a_read_only_property_in_a_create_is_refused_naming_it(
    invoke: Invoke, sent: Sent, name: str
) -> None:
    # (any value: it is not checked, it is not to be given; one that breaks its own schema too)
    properties = {"UserPoolId": POOL, name: "MyVeryOwnSecret"}
    assert refused(invoke("CREATE", properties)) == (
        f"Invalid properties: {READ_ONLY_MESSAGES[name]}"
    )
    assert sent.operations == []


def test_read_only_properties_are_named_with_the_others_and_null_is_absent(
    invoke: Invoke, sent: Sent
) -> None:
    properties = {
        "UserPoolId": POOL,
        "ClientType": "DCR",
        "Name": None,
        "AuthSessionValidity": 99,
    }
    assert refused(invoke("CREATE", properties)) == (
        "Invalid properties: AuthSessionValidity: 99 is more than 15 (maximum); "
        + READ_ONLY_MESSAGES["ClientType"]
    )
    assert sent.operations == []


def test_an_update_takes_a_read_state_back_as_cloud_control_hands_it(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    created = succeeded(invoke("CREATE", {"UserPoolId": pool_id, "GenerateSecret": True}))
    recorder.action = "READ"
    read = succeeded(
        cloud_control("READ", {"UserPoolId": pool_id, "ClientId": created["ClientId"]})
    )
    assert {"ClientType", "CreationDate", "LastModifiedDate", "ClientSecret"} <= set(read)
    recorder.action = "UPDATE"
    updated = succeeded(cloud_control("UPDATE", {**read, "AuthSessionValidity": 11}))
    assert updated["AuthSessionValidity"] == 11


# --- clients an application registered (DCR) ---------------------------------------------------


@pytest.fixture
def dcr_client(invoke: Invoke, pool_id: str) -> dict[str, Any]:
    """A client with a secret, then registered-by-an-application as far as Cognito says."""
    created = succeeded(invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "app", **M2M}))
    registered_by_an_application(pool_id, created["ClientId"])
    return {
        "UserPoolId": pool_id,
        "ClientId": created["ClientId"],
        "ClientName": "app",
        "GenerateSecret": True,
    }


DCR_SECRETS = (
    ": the app client is ClientType DCR (an application registered it through dynamic client"
    " registration), and Cognito has no secret operations for such clients (no rotation, no"
    " secret of your own, no secret kept in Secrets Manager)"
)


@pytest.mark.parametrize(
    ("asked", "named"),
    [
        ({"ClientSecretRotation": {"NotBefore": "2026-01-01"}}, "ClientSecretRotation"),
        ({"CustomClientSecret": CUSTOM, "GenerateSecret": False}, "CustomClientSecret"),
        ({"PublishSecretsInAWSSecretsManager": True}, "PublishSecretsInAWSSecretsManager"),
        (
            {
                "ClientSecretRotation": {"NotBefore": "2026-01-01"},
                "CustomClientSecret": CUSTOM,
                "GenerateSecret": False,
            },
            "ClientSecretRotation, CustomClientSecret",
        ),
    ],
    ids=["rotation", "your-own", "secrets-manager", "two-at-once"],
)
def test_a_dcr_clients_secret_is_never_rotated_or_moved_and_nothing_is_written(
    invoke: Invoke,
    recorder: CallRecorder,
    dcr_client: dict[str, Any],
    asked: dict[str, Any],
    named: str,
) -> None:
    recorder.calls.clear()
    desired = {**dcr_client, "GenerateSecret": True, **asked}
    message = refused(invoke("UPDATE", desired, previous=dcr_client))
    assert message == f"{named}{DCR_SECRETS}"
    assert recorder.operations() == ["DescribeUserPoolClient"]  # the one look at its kind


def test_a_dcr_client_cannot_be_given_the_registrar_scope(
    invoke: Invoke, recorder: CallRecorder, dcr_client: dict[str, Any]
) -> None:
    desired = {
        **dcr_client,
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["client_credentials"],
        "AllowedOAuthScopes": [REGISTRAR_SCOPE],
    }
    recorder.calls.clear()
    assert refused(invoke("UPDATE", desired, previous=dcr_client)) == (
        "AllowedOAuthScopes: a ClientType DCR client (an application registered it through"
        " dynamic client registration) cannot hold 'aws.cognito/dcr/register', the scope that"
        " registers clients"
    )
    assert recorder.operations() == ["DescribeUserPoolClient"]  # no write


def test_cloud_controls_state_says_dcr_and_nothing_is_asked(
    invoke: Invoke, recorder: CallRecorder, dcr_client: dict[str, Any]
) -> None:
    recorder.action = "READ"
    read = succeeded(cloud_control("READ", dcr_client))
    assert read["ClientType"] == "DCR"
    recorder.calls.clear()
    request = event("UPDATE", {**read, "PublishSecretsInAWSSecretsManager": True})
    recorder.action = "UPDATE"
    message = refused(handlers.resource(request, None))
    assert message == f"PublishSecretsInAWSSecretsManager{DCR_SECRETS}"
    assert recorder.operations() == []


def test_a_dcr_client_is_read_listed_updated_and_deleted_like_any_other(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, dcr_client: dict[str, Any]
) -> None:
    ids = {key: dcr_client[key] for key in ("UserPoolId", "ClientId")}
    assert succeeded(invoke("READ", ids))["ClientType"] == "DCR"
    listed = invoke("LIST", {"UserPoolId": ids["UserPoolId"]})["resourceModels"]
    assert ids in listed
    recorder.calls.clear()
    desired = {**dcr_client, "GenerateSecret": True, "AuthSessionValidity": 6}
    assert succeeded(invoke("UPDATE", desired, previous=dcr_client))["AuthSessionValidity"] == 6
    assert recorder.operations("UPDATE") == ["UpdateUserPoolClient"]  # nothing asked of it
    assert invoke("DELETE", ids)["status"] == "SUCCESS"
    assert cognito.list_user_pool_clients(UserPoolId=ids["UserPoolId"])["UserPoolClients"] == []


def test_a_regular_client_holds_the_registrar_scope_with_no_resource_server_to_wait_for(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str
) -> None:
    properties = {
        "UserPoolId": pool_id,
        **M2M,
        "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH"],
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["client_credentials"],
        "AllowedOAuthScopes": [REGISTRAR_SCOPE],
    }
    created = succeeded(invoke("CREATE", properties))
    assert created["AllowedOAuthScopes"] == [REGISTRAR_SCOPE]
    assert recorder.operations() == ["CreateUserPoolClient"]
    assert cognito.list_resource_servers(UserPoolId=pool_id, MaxResults=10)["ResourceServers"] == []
    # and when a missing scope beside it makes the handler look, it looks for that one only
    sent = {"UserPoolId": pool_id, "AllowedOAuthScopes": [REGISTRAR_SCOPE, "orders/read"]}
    assert dependencies.missing(cognito, sent) == [
        "AllowedOAuthScopes: the user pool has no resource server 'orders' (for 'orders/read')"
    ]
