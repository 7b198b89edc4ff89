"""The five handlers through the Lambda entrypoint, against an in-process Cognito (moto)."""

import hashlib
import re
from typing import Any

import pytest

from aws_cognito_userpoolclient import handlers
from aws_cognito_userpoolclient.translate import CLIENT_NAME_MAX_LENGTH

from .conftest import CallRecorder, Invoke, event
from .helpers import assert_subset

FULL_PROPERTIES: dict[str, Any] = {
    "ClientName": "web-app",
    "GenerateSecret": False,
    "AccessTokenValidity": 30,
    "IdTokenValidity": 30,
    "RefreshTokenValidity": 7,
    "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes"},
    "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    "SupportedIdentityProviders": ["COGNITO"],
    "AllowedOAuthFlowsUserPoolClient": True,
    "AllowedOAuthFlows": ["code"],
    "AllowedOAuthScopes": ["openid", "email"],
    "CallbackURLs": ["https://app.example.com/callback", "http://localhost:3000/callback"],
    "LogoutURLs": ["https://app.example.com/"],
    "DefaultRedirectURI": "https://app.example.com/callback",
    "ReadAttributes": ["email", "name"],
    "WriteAttributes": ["name"],
    "PreventUserExistenceErrors": "ENABLED",
    "EnableTokenRevocation": True,
    "AuthSessionValidity": 5,
    "RefreshTokenRotation": {"Feature": "DISABLED"},
}


def create(invoke: Invoke, properties: dict[str, Any]) -> dict[str, Any]:
    response = invoke("CREATE", properties)
    assert response["status"] == "SUCCESS", response.get("message")
    model: dict[str, Any] = response["resourceModel"]
    return model


def test_create_makes_one_call_and_returns_the_full_model(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    properties = {**FULL_PROPERTIES, "UserPoolId": pool_id}
    model = create(invoke, properties)
    assert recorder.operations("CREATE") == ["CreateUserPoolClient"]
    assert_subset(properties, model)
    assert model["ClientId"]
    assert model["Name"] == "web-app"
    assert "ClientSecret" not in model


def test_read_makes_one_call_and_every_input_property_reads_back_equal(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    properties = {**FULL_PROPERTIES, "UserPoolId": pool_id}
    created = create(invoke, properties)
    response = invoke("READ", {"UserPoolId": pool_id, "ClientId": created["ClientId"]})
    assert response["status"] == "SUCCESS"
    assert recorder.operations("READ") == ["DescribeUserPoolClient"]
    assert_subset(properties, response["resourceModel"])
    assert response["resourceModel"] == created


def test_read_carries_the_secret_and_name_of_a_confidential_client(
    invoke: Invoke, pool_id: str
) -> None:
    created = create(invoke, {"UserPoolId": pool_id, "GenerateSecret": True})
    read = invoke("READ", {"UserPoolId": pool_id, "ClientId": created["ClientId"]})
    model = read["resourceModel"]
    assert model["ClientSecret"] == created["ClientSecret"]
    assert len(model["ClientSecret"]) >= 24
    assert model["GenerateSecret"] is True
    assert model["Name"] == created["ClientName"]


@pytest.mark.parametrize(
    "stated",
    [
        {"TokenValidityUnits": {"AccessToken": "hours", "RefreshToken": "days"}},
        {"RefreshTokenRotation": {"Feature": "DISABLED"}},
        {"CallbackURLs": [], "ReadAttributes": [], "AllowedOAuthScopes": []},
        {
            "AllowedOAuthFlowsUserPoolClient": False,
            "EnablePropagateAdditionalUserContextData": False,
        },
        {"AuthSessionValidity": 3, "EnableTokenRevocation": True},
    ],
    ids=["default-units", "disabled-rotation", "empty-lists", "false-booleans", "defaults"],
)
def test_defaults_stated_in_a_template_read_back_equal(
    invoke: Invoke, pool_id: str, stated: dict[str, Any]
) -> None:
    created = create(invoke, {"UserPoolId": pool_id, **stated})
    read = invoke("READ", {"UserPoolId": pool_id, "ClientId": created["ClientId"]})
    assert_subset(stated, read["resourceModel"])


def test_generated_name_comes_from_stack_and_logical_id_and_fits_the_api(
    invoke: Invoke, pool_id: str
) -> None:
    model = create(invoke, {"UserPoolId": pool_id})
    name = model["ClientName"]
    assert name.startswith("app-stack-AppClient-")
    assert len(name) <= CLIENT_NAME_MAX_LENGTH
    assert re.fullmatch(r"[\w\s+=,.@-]+", name)
    assert model["Name"] == name


def test_update_makes_one_call_and_keeps_a_generated_name(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    created = create(invoke, {"UserPoolId": pool_id})
    desired = {
        "UserPoolId": pool_id,
        "ClientId": created["ClientId"],
        "AccessTokenValidity": 2,
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"],
    }
    response = invoke("UPDATE", desired, previous=created, token="request-token-2")
    assert response["status"] == "SUCCESS", response.get("message")
    assert recorder.operations("UPDATE") == ["UpdateUserPoolClient"]
    assert response["resourceModel"]["ClientName"] == created["ClientName"]
    assert_subset(desired, response["resourceModel"])


def test_update_keeps_the_name_when_neither_state_carries_it(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    created = create(invoke, {"UserPoolId": pool_id})
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    response = invoke("UPDATE", {**ids, "AuthSessionValidity": 7}, previous=ids)
    assert response["resourceModel"]["ClientName"] == created["ClientName"]
    assert recorder.operations("UPDATE") == ["DescribeUserPoolClient", "UpdateUserPoolClient"]


def test_update_of_a_missing_client_is_not_found(invoke: Invoke, pool_id: str) -> None:
    ids = {"UserPoolId": pool_id, "ClientId": "1example23456789"}
    response = invoke("UPDATE", {**ids, "ClientName": "x"}, previous=ids)
    assert response["status"] == "FAILED"
    assert response["errorCode"] == "NotFound"


@pytest.mark.parametrize(
    ("before", "after", "named"),
    [
        ({"GenerateSecret": False}, {"GenerateSecret": True}, "GenerateSecret"),
        ({}, {"UserPoolId": "us-east-1_Other123"}, "UserPoolId"),
        (
            {"GenerateSecret": False},
            {"UserPoolId": "us-east-1_Other123", "GenerateSecret": True},
            "UserPoolId, GenerateSecret",
        ),
    ],
)
def test_update_of_a_create_only_property_is_not_updatable(
    invoke: Invoke,
    recorder: CallRecorder,
    pool_id: str,
    before: dict[str, Any],
    after: dict[str, Any],
    named: str,
) -> None:
    created = create(invoke, {"UserPoolId": pool_id, **before})
    desired = {**created, **after}
    desired.pop("ClientSecret", None)
    del desired["Name"]
    response = invoke("UPDATE", desired, previous=created)
    assert response["errorCode"] == "NotUpdatable"
    assert response["message"] == (
        f"{named}: create-only, so a change needs a new app client (replacement)"
    )
    assert recorder.operations("UPDATE") == []


def test_delete_makes_one_call_then_a_second_delete_is_not_found(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    created = create(invoke, {"UserPoolId": pool_id})
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    first = invoke("DELETE", ids)
    assert first["status"] == "SUCCESS"
    assert "resourceModel" not in first
    assert recorder.operations("DELETE") == ["DeleteUserPoolClient"]
    second = invoke("DELETE", ids)
    assert second["errorCode"] == "NotFound"
    assert invoke("READ", ids)["errorCode"] == "NotFound"


def test_list_pages_through_every_client_sixty_at_a_time(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str
) -> None:
    expected = {
        cognito.create_user_pool_client(UserPoolId=pool_id, ClientName=f"c{i}")["UserPoolClient"][
            "ClientId"
        ]
        for i in range(130)
    }
    seen: list[str] = []
    token = None
    pages = 0
    for _ in range(10):  # bounded: a dropped nextToken would return the first page forever
        response = invoke("LIST", {"UserPoolId": pool_id}, next_token=token)
        assert response["status"] == "SUCCESS"
        pages += 1
        seen += [m["ClientId"] for m in response["resourceModels"]]
        assert all(
            m == {"UserPoolId": pool_id, "ClientId": m["ClientId"]}
            for m in response["resourceModels"]
        )
        token = response.get("nextToken")
        if not token:
            break
    assert pages == 3
    assert recorder.operations("LIST") == ["ListUserPoolClients"] * 3
    assert sorted(seen) == sorted(expected)


def test_list_without_a_user_pool_is_invalid(invoke: Invoke, recorder: CallRecorder) -> None:
    response = invoke("LIST", {})
    assert response["errorCode"] == "InvalidRequest"
    assert "UserPoolId" in response["message"]
    assert recorder.operations() == []


def test_create_in_a_missing_pool_is_invalid_and_names_the_pool(
    invoke: Invoke, cognito: Any
) -> None:
    response = invoke("CREATE", {"UserPoolId": "us-east-1_Missing00"})
    assert response["errorCode"] == "InvalidRequest"
    assert "us-east-1_Missing00" in response["message"]


STACK = "arn:aws:cloudformation:us-east-1:123456789012:stack/app-stack/4f1c2f30-0000-0000"
TOKEN_HASH = hashlib.sha256(b"request-token-1").hexdigest()[:12]


@pytest.mark.parametrize(
    ("stack_id", "logical_id", "token", "name"),
    [
        (STACK, "AppClient", "request-token-1", f"app-stack-AppClient-{TOKEN_HASH}"),
        (STACK, None, "request-token-1", f"app-stack-UserPoolClient-{TOKEN_HASH}"),
        ("team/app", "Web", "request-token-1", f"team-app-Web-{TOKEN_HASH}"),
        (None, "Web", "request-token-1", f"Web-{TOKEN_HASH}"),
        (STACK, "Web  Client//2", "request-token-1", f"app-stack-Web-Client-2-{TOKEN_HASH}"),
        (STACK, "Web", None, "app-stack-Web-" + hashlib.sha256(b"").hexdigest()[:12]),
        (
            STACK,
            "Web",
            "t\ud800",
            "app-stack-Web-"
            + hashlib.sha256("t\ud800".encode("utf-8", "surrogatepass")).hexdigest()[:12],
        ),
        ("s" * 200, "l" * 200, "request-token-1", "s" * 57 + "-" + "l" * 57 + f"-{TOKEN_HASH}"),
        ("s" * 200, "Web", "request-token-1", "s" * 111 + f"-Web-{TOKEN_HASH}"),
    ],
    ids=[
        "stack-id",
        "no-logical-id",
        "stack-name",
        "no-stack",
        "odd-characters",
        "no-token",
        "surrogate-token",
        "long-both",
        "long-stack",
    ],
)
def test_a_generated_name_is_stack_logical_id_and_hash_within_128_characters(
    pool_id: str,
    stack_id: str | None,
    logical_id: str | None,
    token: str | None,
    name: str,
) -> None:
    request = event("CREATE", {"UserPoolId": pool_id})
    request.update(stackId=stack_id, bearerToken=token)
    request["requestData"]["logicalResourceId"] = logical_id
    created = handlers.resource(request, None)
    assert created["status"] == "SUCCESS", created.get("message")
    assert created["resourceModel"]["ClientName"] == name
    assert len(name) <= CLIENT_NAME_MAX_LENGTH


def test_a_name_from_the_previous_state_that_breaks_the_schema_is_refused_by_name(
    invoke: Invoke, pool_id: str
) -> None:
    ids = {"UserPoolId": pool_id, "ClientId": "1example23456789"}
    response = invoke("UPDATE", ids, previous={**ids, "Name": "n" * 129})
    assert response["message"] == (
        "previous state Name: longer than 128 characters (maxLength); it would be sent as the"
        " client's name: give ClientName"
    )


# Amazon Pinpoint reached its end of support on 2026-10-30, so no published input set can use an
# AnalyticsConfiguration (test_inputs.py); the property is still AWS's, and tested here.
ANALYTICS_BY_ROLE = {
    "ApplicationId": "0123456789abcdef",
    "RoleArn": "arn:aws:iam::123456789012:role/analytics",
    "ExternalId": "contract-test",
    "UserDataShared": True,
}
ANALYTICS_BY_ARN = {
    "ApplicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123abcd"
}


def test_an_analytics_configuration_is_created_changed_and_read_back(
    invoke: Invoke, pool_id: str
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id, "AnalyticsConfiguration": ANALYTICS_BY_ROLE})
    assert created["status"] == "SUCCESS", created.get("message")
    ids = {"UserPoolId": pool_id, "ClientId": created["resourceModel"]["ClientId"]}
    assert invoke("READ", ids)["resourceModel"]["AnalyticsConfiguration"] == ANALYTICS_BY_ROLE
    changed = {**ids, "AnalyticsConfiguration": ANALYTICS_BY_ARN}
    updated = invoke("UPDATE", changed, previous=created["resourceModel"])
    assert updated["status"] == "SUCCESS", updated.get("message")
    read = invoke("READ", ids)["resourceModel"]["AnalyticsConfiguration"]
    assert read == {**ANALYTICS_BY_ARN, "UserDataShared": False}  # Cognito's default
    refused = invoke("UPDATE", {**ids, "AnalyticsConfiguration": {"ApplicationId": "app-1"}})
    assert refused["message"] == (
        "Invalid properties: AnalyticsConfiguration.ApplicationId: 'app-1' has characters that"
        " are not allowed: 'p', '-' (pattern)"
    )
