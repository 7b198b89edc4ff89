"""Cross-field rules and malformed requests: one clear answer before any Cognito call.

The schema's own constraints are covered, one generated violation each, in test_generated.py.
"""

from typing import Any

import pytest

from aws_cognito_userpoolclient import handlers
from aws_cognito_userpoolclient.models import ResourceModel
from aws_cognito_userpoolclient.validation import rule_problems

from .conftest import CALLER_CREDENTIALS, CallRecorder, Invoke, event

OAUTH = {"AllowedOAuthFlowsUserPoolClient": True}
CODE_FLOW = {**OAUTH, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"]}

# (rule, properties the API accepts, properties it refuses, what the message must name)
RULES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    (
        "access-token-lower-bound",
        {"AccessTokenValidity": 5, "TokenValidityUnits": {"AccessToken": "minutes"}},
        {"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}},
        "AccessTokenValidity: 4 minutes",
    ),
    (
        "access-token-upper-bound-default-unit",
        {"AccessTokenValidity": 24},
        {"AccessTokenValidity": 25},
        "AccessTokenValidity: 25 hours",
    ),
    (
        "id-token-in-seconds",
        {"IdTokenValidity": 86400, "TokenValidityUnits": {"IdToken": "seconds"}},
        {"IdTokenValidity": 2, "TokenValidityUnits": {"IdToken": "days"}},
        "IdTokenValidity: 2 days",
    ),
    (
        "refresh-token-lower-bound",
        {"RefreshTokenValidity": 60, "TokenValidityUnits": {"RefreshToken": "minutes"}},
        {"RefreshTokenValidity": 59, "TokenValidityUnits": {"RefreshToken": "minutes"}},
        "RefreshTokenValidity: 59 minutes",
    ),
    (
        "refresh-token-upper-bound-default-unit",
        {"RefreshTokenValidity": 3650},
        {"RefreshTokenValidity": 3651},
        "RefreshTokenValidity: 3651 days",
    ),
    (
        "rotation-feature-required",
        {"RefreshTokenRotation": {"Feature": "DISABLED"}},
        {"RefreshTokenRotation": {"RetryGracePeriodSeconds": 10}},
        "RefreshTokenRotation.Feature: required",
    ),
    (
        "legacy-auth-flows-not-mixed",
        {"ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"]},
        {"ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]},
        "ExplicitAuthFlows: the legacy values USER_PASSWORD_AUTH",
    ),
    (
        "code-flow-needs-a-callback",
        {**CODE_FLOW, "CallbackURLs": ["https://app.example.com/cb"]},
        CODE_FLOW,
        "AllowedOAuthFlows: code need at least one CallbackURLs",
    ),
    (
        "client-credentials-need-a-secret",
        {**OAUTH, "AllowedOAuthFlows": ["client_credentials"], "GenerateSecret": True},
        {**OAUTH, "AllowedOAuthFlows": ["client_credentials"]},
        "client_credentials needs a client secret",
    ),
    (
        "client-credentials-alone",
        {**OAUTH, "AllowedOAuthFlows": ["client_credentials"], "GenerateSecret": True},
        {
            **OAUTH,
            "AllowedOAuthFlows": ["client_credentials", "code"],
            "GenerateSecret": True,
            "CallbackURLs": ["https://a.example.com/cb"],
        },
        "AllowedOAuthFlows: client_credentials cannot be combined with code",
    ),
    (
        "callback-urls-absolute",
        {**CODE_FLOW, "CallbackURLs": ["myapp://callback"]},
        {**CODE_FLOW, "CallbackURLs": ["/callback"]},
        "CallbackURLs: '/callback' is not an absolute URL",
    ),
    (
        "callback-urls-without-fragment",
        {**CODE_FLOW, "CallbackURLs": ["https://app.example.com/cb?x=1"]},
        {**CODE_FLOW, "CallbackURLs": ["https://app.example.com/cb#top"]},
        "has a fragment",
    ),
    (
        "http-only-for-loopback",
        {
            **CODE_FLOW,
            "CallbackURLs": [
                "http://localhost:3000/cb",
                "http://127.0.0.1/cb",
                "http://[::1]:8080/cb",
            ],
        },
        {**CODE_FLOW, "CallbackURLs": ["http://app.example.com/cb"]},
        "uses http",
    ),
    (
        "logout-urls-same-rules",
        {**OAUTH, "LogoutURLs": ["https://app.example.com/"]},
        {**OAUTH, "LogoutURLs": ["http://app.example.com/"]},
        "LogoutURLs: 'http://app.example.com/' uses http",
    ),
    (
        "default-redirect-is-a-callback",
        {
            **CODE_FLOW,
            "CallbackURLs": ["https://a.example.com/cb"],
            "DefaultRedirectURI": "https://a.example.com/cb",
        },
        {
            **CODE_FLOW,
            "CallbackURLs": ["https://a.example.com/cb"],
            "DefaultRedirectURI": "https://b.example.com/cb",
        },
        "DefaultRedirectURI: 'https://b.example.com/cb' must be one of CallbackURLs",
    ),
    (
        "user-context-data-needs-a-secret",
        {"EnablePropagateAdditionalUserContextData": True, "GenerateSecret": True},
        {"EnablePropagateAdditionalUserContextData": True},
        "EnablePropagateAdditionalUserContextData: needs a client secret",
    ),
]
RULE_IDS = [rule[0] for rule in RULES]


def model(properties: dict[str, Any]) -> ResourceModel:
    parsed = ResourceModel._deserialize({"UserPoolId": "us-east-1_Example1", **properties})
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(("rule", "accepted", "refused", "named"), RULES, ids=RULE_IDS)
def test_what_the_api_accepts_passes(
    rule: str, accepted: dict[str, Any], refused: dict[str, Any], named: str
) -> None:
    assert rule_problems(model(accepted)) == []


@pytest.mark.parametrize(("rule", "accepted", "refused", "named"), RULES, ids=RULE_IDS)
def test_what_the_api_refuses_fails_before_any_call_and_names_property_and_rule(
    invoke: Invoke,
    recorder: CallRecorder,
    cognito: Any,
    pool_id: str,
    rule: str,
    accepted: dict[str, Any],
    refused: dict[str, Any],
    named: str,
) -> None:
    response = invoke("CREATE", {"UserPoolId": pool_id, **refused})
    assert response["status"] == "FAILED"
    assert response["errorCode"] == "InvalidRequest"
    assert named in response["message"]
    assert recorder.operations() == []
    assert (
        cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"] == []
    )


def test_update_is_validated_too(invoke: Invoke, recorder: CallRecorder, pool_id: str) -> None:
    ids = {"UserPoolId": pool_id, "ClientId": "1example23456789"}
    response = invoke("UPDATE", {**ids, "AuthSessionValidity": 2}, previous=ids)
    assert response["errorCode"] == "InvalidRequest"
    assert recorder.operations() == []


def test_every_violation_is_in_one_message(invoke: Invoke, pool_id: str) -> None:
    refused = {
        "AccessTokenValidity": 2,
        "TokenValidityUnits": {"AccessToken": "minutes"},
        "AuthSessionValidity": 1,
        "CallbackURLs": ["http://app.example.com/cb"],
        "EnablePropagateAdditionalUserContextData": True,
    }
    message = invoke("CREATE", {"UserPoolId": pool_id, **refused})["message"]
    for prop in (
        "AccessTokenValidity",
        "AuthSessionValidity",
        "CallbackURLs",
        "EnablePropagateAdditionalUserContextData",
    ):
        assert prop in message


# Malformed requests: FAILED with InvalidRequest and a message, never an exception.


def call(request: Any) -> dict[str, Any]:
    response: dict[str, Any] = handlers.resource(request, None)
    assert response["status"] == "FAILED"
    return response


@pytest.mark.parametrize(
    ("request_event", "named"),
    [
        ({"action": "CREATE"}, "requestData"),
        ({"action": "FLY", "requestData": {}}, "action: 'FLY' is not one of"),
        (["not", "an", "object"], "JSON object"),
    ],
    ids=["no-request-data", "unknown-action", "not-an-object"],
)
def test_a_malformed_envelope_is_an_invalid_request(request_event: Any, named: str) -> None:
    response = call(request_event)
    assert response["errorCode"] == "InvalidRequest"
    assert named in response["message"]


@pytest.mark.parametrize(
    ("properties", "named"),
    [
        ({"AccessTokenValidity": "soon"}, "AccessTokenValidity: expected an integer"),
        ({"GenerateSecret": "maybe"}, "GenerateSecret: expected a boolean"),
        ({"CallbackURLs": "https://a.example.com"}, "CallbackURLs: expected a list"),
        ({"ExplicitAuthFlows": [1]}, "ExplicitAuthFlows[0]: expected a string"),
        ({"TokenValidityUnits": "minutes"}, "TokenValidityUnits: expected an object"),
        ({"TokenValidityUnits": {"Access": "minutes"}}, "TokenValidityUnits.Access: unknown"),
        ({"ClientSecretName": "x"}, "ClientSecretName: unknown property"),
    ],
)
def test_properties_of_the_wrong_shape_are_named(
    invoke: Invoke, recorder: CallRecorder, pool_id: str, properties: dict[str, Any], named: str
) -> None:
    response = invoke("CREATE", {"UserPoolId": pool_id, **properties})
    assert response["errorCode"] == "InvalidRequest"
    assert named in response["message"]
    assert recorder.operations() == []


def test_strings_cloudformation_sends_for_numbers_and_booleans_are_accepted(
    invoke: Invoke, pool_id: str
) -> None:
    properties = {"UserPoolId": pool_id, "AccessTokenValidity": "2", "GenerateSecret": "true"}
    response = invoke("CREATE", properties)
    assert response["status"] == "SUCCESS", response.get("message")
    assert response["resourceModel"]["AccessTokenValidity"] == 2
    assert response["resourceModel"]["GenerateSecret"] is True


@pytest.mark.parametrize("properties", [None, {}])
def test_a_create_without_properties_names_user_pool_id(
    invoke: Invoke, properties: dict[str, Any] | None
) -> None:
    response = invoke("CREATE", properties)
    assert response["errorCode"] == "InvalidRequest"
    assert "UserPoolId" in response["message"]


def test_a_request_without_credentials_is_refused_with_a_message(
    invoke: Invoke, pool_id: str
) -> None:
    request = event("READ", {"UserPoolId": pool_id, "ClientId": "1example23456789"})
    del request["requestData"]["callerCredentials"]
    response = call(request)
    assert response["errorCode"] == "InvalidCredentials"
    assert response["message"]


def test_the_test_entrypoint_reports_malformed_events_as_invalid_requests() -> None:
    bad_properties = {
        "credentials": CALLER_CREDENTIALS,
        "action": "CREATE",
        "request": {"clientRequestToken": "t", "desiredResourceState": {"Colour": "blue"}},
    }
    response = handlers.test_entrypoint(bad_properties, None)
    assert response["errorCode"] == "InvalidRequest"
    assert "Colour: unknown property" in response["message"]
    no_credentials = {"action": "CREATE", "request": {"clientRequestToken": "t"}}
    response = handlers.test_entrypoint(no_credentials, None)
    assert response["errorCode"] == "InvalidRequest"
    assert response["message"]


def test_read_only_properties_handed_back_are_checked_for_shape_only(
    invoke: Invoke, pool_id: str
) -> None:
    # Cloud Control and the contract tests send the model as read, read-only outputs included;
    # those are Cognito's to format (moto's secrets, for one, have hyphens) and never sent.
    created = invoke("CREATE", {"UserPoolId": pool_id, "GenerateSecret": True})["resourceModel"]
    desired = {**created, "ClientSecret": "not-a-pattern-match", "AuthSessionValidity": 7}
    response = invoke("UPDATE", desired, previous=created)
    assert response["status"] == "SUCCESS", response.get("message")
    wrong_type = invoke("UPDATE", {**desired, "ClientSecret": 5}, previous=created)
    assert wrong_type["errorCode"] == "InvalidRequest"
    assert "ClientSecret: expected a string" in wrong_type["message"]


def test_a_property_given_as_null_is_absent(invoke: Invoke, pool_id: str) -> None:
    properties = {"UserPoolId": pool_id, "RefreshTokenRotation": None, "ClientName": None}
    created = invoke("CREATE", {**properties, "TokenValidityUnits": {"AccessToken": None}})
    assert created["status"] == "SUCCESS", created.get("message")
    test_event = {
        "credentials": CALLER_CREDENTIALS,
        "action": "CREATE",
        "region": "us-east-1",
        "request": {"clientRequestToken": "t", "desiredResourceState": properties},
    }
    assert handlers.test_entrypoint(test_event, None)["status"] == "SUCCESS"
