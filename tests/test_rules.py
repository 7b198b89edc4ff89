"""Rules between properties (rules.py) and malformed requests: one clear answer before any call.

The schema's own constraints are covered, one generated violation each, in test_generated.py.
"""

from typing import Any

import pytest

from aws_cognito_userpoolclient import handlers
from aws_cognito_userpoolclient.desired_state import checked_properties

from .conftest import CALLER_CREDENTIALS, CallRecorder, Invoke, event

OAUTH = {"AllowedOAuthFlowsUserPoolClient": True}
CODE_FLOW = {**OAUTH, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"]}

# (rule, properties the API accepts, properties it refuses, what the message must name)
RULES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    (
        "access-token-lower-bound",
        {"AccessTokenValidity": 5, "TokenValidityUnits": {"AccessToken": "minutes"}},
        {"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}},
        "AccessTokenValidity: 4 minutes is outside the allowed range, between 5 minutes and 1 day"
        " (the unit comes from TokenValidityUnits.AccessToken, default hours)",
    ),
    (
        "access-token-upper-bound-default-unit",
        {"AccessTokenValidity": 24},
        {"AccessTokenValidity": 25},
        "AccessTokenValidity: 25 hours is outside the allowed range, between 5 minutes and 1 day"
        " (the unit comes from TokenValidityUnits.AccessToken, default hours)",
    ),
    (
        "access-token-upper-bound-in-minutes",
        {"AccessTokenValidity": 1440, "TokenValidityUnits": {"AccessToken": "minutes"}},
        {"AccessTokenValidity": 1441, "TokenValidityUnits": {"AccessToken": "minutes"}},
        "AccessTokenValidity: 1441 minutes is outside the allowed range, between 5 minutes and 1"
        " day (the unit comes from TokenValidityUnits.AccessToken, default hours)",
    ),
    (
        "id-token-in-seconds",
        {"IdTokenValidity": 86400, "TokenValidityUnits": {"IdToken": "seconds"}},
        {"IdTokenValidity": 2, "TokenValidityUnits": {"IdToken": "days"}},
        "IdTokenValidity: 2 days is outside the allowed range, between 5 minutes and 1 day (the"
        " unit comes from TokenValidityUnits.IdToken, default hours)",
    ),
    (
        "id-token-upper-bound-default-unit",
        {"IdTokenValidity": 24},
        {"IdTokenValidity": 25},
        "IdTokenValidity: 25 hours is outside the allowed range, between 5 minutes and 1 day"
        " (the unit comes from TokenValidityUnits.IdToken, default hours)",
    ),
    (
        "id-token-lower-bound",
        {"IdTokenValidity": 5, "TokenValidityUnits": {"IdToken": "minutes"}},
        {"IdTokenValidity": 299, "TokenValidityUnits": {"IdToken": "seconds"}},
        "IdTokenValidity: 299 seconds is outside the allowed range, between 5 minutes and 1 day"
        " (the unit comes from TokenValidityUnits.IdToken, default hours)",
    ),
    (
        "refresh-token-upper-bound-in-hours",
        {"RefreshTokenValidity": 87600, "TokenValidityUnits": {"RefreshToken": "hours"}},
        {"RefreshTokenValidity": 87601, "TokenValidityUnits": {"RefreshToken": "hours"}},
        "RefreshTokenValidity: 87601 hours is outside the allowed range, between 60 minutes and"
        " 10 years (the unit comes from TokenValidityUnits.RefreshToken, default days)",
    ),
    (
        "refresh-token-lower-bound",
        {"RefreshTokenValidity": 60, "TokenValidityUnits": {"RefreshToken": "minutes"}},
        {"RefreshTokenValidity": 59, "TokenValidityUnits": {"RefreshToken": "minutes"}},
        "RefreshTokenValidity: 59 minutes is outside the allowed range, between 60 minutes and"
        " 10 years (the unit comes from TokenValidityUnits.RefreshToken, default days)",
    ),
    (
        "refresh-token-upper-bound-default-unit",
        {"RefreshTokenValidity": 3650},
        {"RefreshTokenValidity": 3651},
        "RefreshTokenValidity: 3651 days is outside the allowed range, between 60 minutes and 10"
        " years (the unit comes from TokenValidityUnits.RefreshToken, default days)",
    ),
    (
        "rotation-feature-required",
        {"RefreshTokenRotation": {"Feature": "DISABLED"}},
        {"RefreshTokenRotation": {"RetryGracePeriodSeconds": 10}},
        "RefreshTokenRotation.Feature: required when the block is given",
    ),
    (
        "legacy-auth-flows-not-mixed",
        {"ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"]},
        {"ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]},
        "ExplicitAuthFlows: the legacy values USER_PASSWORD_AUTH cannot be mixed with ALLOW_*"
        " values",
    ),
    (
        "custom-auth-flow-only-is-legacy",
        {"ExplicitAuthFlows": ["CUSTOM_AUTH_FLOW_ONLY"]},
        {"ExplicitAuthFlows": ["CUSTOM_AUTH_FLOW_ONLY", "ALLOW_CUSTOM_AUTH"]},
        "ExplicitAuthFlows: the legacy values CUSTOM_AUTH_FLOW_ONLY cannot be mixed with ALLOW_*"
        " values",
    ),
    (
        "admin-no-srp-auth-is-legacy",
        {"ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH"]},
        {"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ADMIN_NO_SRP_AUTH"]},
        "ExplicitAuthFlows: the legacy values ADMIN_NO_SRP_AUTH cannot be mixed with ALLOW_*"
        " values",
    ),
    (
        "implicit-flow-needs-a-callback",
        {**OAUTH, "AllowedOAuthFlows": ["implicit"], "CallbackURLs": ["https://a.example.com/cb"]},
        {**OAUTH, "AllowedOAuthFlows": ["implicit", "code"]},
        "AllowedOAuthFlows: code and implicit need at least one CallbackURLs entry",
    ),
    (
        "client-credentials-need-a-secret-of-your-own-too",
        {
            **OAUTH,
            "AllowedOAuthFlows": ["client_credentials"],
            "CustomClientSecret": "MyOwnSecret1234567890abcdefXYZ",
        },
        {**OAUTH, "AllowedOAuthFlows": ["client_credentials"], "GenerateSecret": False},
        "AllowedOAuthFlows: client_credentials needs a client secret (GenerateSecret: true)",
    ),
    (
        "code-flow-needs-a-callback",
        {**CODE_FLOW, "CallbackURLs": ["https://app.example.com/cb"]},
        CODE_FLOW,
        "AllowedOAuthFlows: code needs at least one CallbackURLs entry",
    ),
    (
        "client-credentials-need-a-secret",
        {**OAUTH, "AllowedOAuthFlows": ["client_credentials"], "GenerateSecret": True},
        {**OAUTH, "AllowedOAuthFlows": ["client_credentials"]},
        "AllowedOAuthFlows: client_credentials needs a client secret (GenerateSecret: true)",
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
        "AllowedOAuthFlows: client_credentials cannot be combined with code; it must be the only"
        " flow (use a second app client)",
    ),
    (
        "client-credentials-alone-not-with-two",
        {**OAUTH, "AllowedOAuthFlows": ["client_credentials"], "GenerateSecret": True},
        {
            **OAUTH,
            "AllowedOAuthFlows": ["client_credentials", "code", "implicit"],
            "GenerateSecret": True,
            "CallbackURLs": ["https://a.example.com/cb"],
        },
        "AllowedOAuthFlows: client_credentials cannot be combined with code or implicit; it must"
        " be the only flow (use a second app client)",
    ),
    (
        "two-legacy-flows-mixed",
        {"ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"]},
        {"ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "ALLOW_USER_AUTH"]},
        "ExplicitAuthFlows: the legacy values ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH cannot be"
        " mixed with ALLOW_* values",
    ),
    (
        "a-secret-of-your-own-or-cognitos",
        {"CustomClientSecret": "MyOwnSecret1234567890abcdefXYZ"},
        {"CustomClientSecret": "MyOwnSecret1234567890abcdefXYZ", "GenerateSecret": True},
        "CustomClientSecret: cannot be combined with GenerateSecret: true",
    ),
    (
        "rotation-needs-a-secret",
        {"GenerateSecret": True, "ClientSecretRotation": {"NotBefore": "2026-01-01"}},
        {"ClientSecretRotation": {"NotBefore": "2026-01-01"}},
        "ClientSecretRotation: needs a client secret (GenerateSecret: true or CustomClientSecret)",
    ),
    (
        "a-scope-that-can-never-exist",
        {**CODE_FLOW, "CallbackURLs": ["https://a.example.com/cb"]},
        {
            **CODE_FLOW,
            "CallbackURLs": ["https://a.example.com/cb"],
            "AllowedOAuthScopes": ["Cognito"],
        },
        "AllowedOAuthScopes[0]: 'Cognito' is neither a standard scope (phone, email, openid,"
        " profile, aws.cognito.signin.user.admin) nor a custom one"
        " (<resource-server-identifier>/<scope>)",
    ),
    (
        "callback-urls-absolute",
        {**CODE_FLOW, "CallbackURLs": ["myapp://callback"]},
        {**CODE_FLOW, "CallbackURLs": ["/callback"]},
        "CallbackURLs: '/callback' is not an absolute URL (it needs a scheme such as https://)",
    ),
    (
        "callback-urls-without-fragment",
        {**CODE_FLOW, "CallbackURLs": ["https://app.example.com/cb?x=1"]},
        {**CODE_FLOW, "CallbackURLs": ["https://app.example.com/cb#top"]},
        "CallbackURLs: 'https://app.example.com/cb#top' has a fragment (#...), which redirect"
        " URLs cannot have",
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
        "CallbackURLs: 'http://app.example.com/cb' uses http; redirect URLs must use https,"
        " except for localhost, 127.0.0.1 and [::1]",
    ),
    (
        "logout-urls-same-rules",
        {**OAUTH, "LogoutURLs": ["https://app.example.com/"]},
        {**OAUTH, "LogoutURLs": ["http://app.example.com/"]},
        "LogoutURLs: 'http://app.example.com/' uses http; redirect URLs must use https, except"
        " for localhost, 127.0.0.1 and [::1]",
    ),
    (
        "urls-have-a-host",
        {**CODE_FLOW, "CallbackURLs": ["https://a.example.com/cb"]},
        {**CODE_FLOW, "CallbackURLs": ["https:///cb"]},
        "CallbackURLs: 'https:///cb' has no host",
    ),
    (
        "a-url-that-ends-with-an-empty-fragment",
        {**CODE_FLOW, "CallbackURLs": ["https://a.example.com/cb"]},
        {**CODE_FLOW, "CallbackURLs": ["https://a.example.com/cb#"]},
        "CallbackURLs: 'https://a.example.com/cb#' has a fragment (#...), which redirect URLs"
        " cannot have",
    ),
    (
        "a-default-redirect-that-is-no-url",
        {**CODE_FLOW, "CallbackURLs": ["myapp://cb"], "DefaultRedirectURI": "myapp://cb"},
        {**CODE_FLOW, "CallbackURLs": ["myapp://cb"], "DefaultRedirectURI": "/cb"},
        "DefaultRedirectURI: '/cb' is not an absolute URL (it needs a scheme such as https://)",
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
        "EnablePropagateAdditionalUserContextData: needs a client secret (GenerateSecret: true)",
    ),
    (
        "user-context-data-with-a-secret-of-your-own",
        {
            "EnablePropagateAdditionalUserContextData": True,
            "CustomClientSecret": "MyOwnSecret1234567890abcdefXYZ",
        },
        {"EnablePropagateAdditionalUserContextData": True, "GenerateSecret": False},
        "EnablePropagateAdditionalUserContextData: needs a client secret (GenerateSecret: true)",
    ),
]
RULES += [
    (
        "client-token-flow-alone",
        {"GenerateSecret": True, "ExplicitAuthFlows": ["ALLOW_CLIENT_TOKEN_AUTH"]},
        {
            "GenerateSecret": True,
            "ExplicitAuthFlows": [
                "ALLOW_USER_SRP_AUTH",
                "ALLOW_CLIENT_TOKEN_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH",
            ],
        },
        "ExplicitAuthFlows: ALLOW_CLIENT_TOKEN_AUTH must be the only flow (Cognito's"
        " machine-to-machine tokens exclude user sign-in flows); leave out"
        " ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, or give users an app client of their own",
    ),
    (
        "client-token-flow-needs-a-secret",
        {
            "CustomClientSecret": "MyOwnSecret1234567890abcdefXYZ",
            "ExplicitAuthFlows": ["ALLOW_CLIENT_TOKEN_AUTH"],
        },
        {"ExplicitAuthFlows": ["ALLOW_CLIENT_TOKEN_AUTH"]},
        "ExplicitAuthFlows: ALLOW_CLIENT_TOKEN_AUTH needs a client secret (GenerateSecret: true or"
        " CustomClientSecret)",
    ),
]
RULE_IDS = [rule[0] for rule in RULES]


def problems(properties: dict[str, Any]) -> list[str]:
    """What the entrypoint's check says of a create's properties."""
    desired = {"UserPoolId": "us-east-1_Example1", **properties}
    return checked_properties("CREATE", desired, None).problems


@pytest.mark.parametrize(("rule", "accepted", "refused", "named"), RULES, ids=RULE_IDS)
def test_what_the_api_accepts_passes(
    rule: str, accepted: dict[str, Any], refused: dict[str, Any], named: str
) -> None:
    assert problems(accepted) == []


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
    # the rule's problem, whole, among the message's problems
    body = response["message"].removeprefix("Invalid properties: ")
    assert f"; {named};" in f"; {body};"
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


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        ({"ClientName": "n" * 129}, "ClientName: longer than 128 characters (maxLength)"),
        ({"AuthSessionValidity": 16}, "AuthSessionValidity: 16 is more than 15 (maximum)"),
        ({"AuthSessionValidity": "2"}, "AuthSessionValidity: '2' is less than 3 (minimum)"),
        (
            {"CustomClientSecret": "short"},
            "CustomClientSecret: shorter than 24 characters (minLength)",
        ),
        ({"ExplicitAuthFlows": ["ALLOW_ALL"]}, "ExplicitAuthFlows[0]: 'ALLOW_ALL' is not one of"),
        (
            {"CallbackURLs": ["https://a.example.com/" + "a" * 1024]},
            "CallbackURLs[0]: longer than 1024 characters (maxLength)",
        ),
        ({"AllowedOAuthFlows": ["code"] * 4}, "AllowedOAuthFlows: more than 3 items (maxItems)"),
        (
            {"ClientName": "tab\tand\u00e9"},
            "ClientName: 'tab\\tand\u00e9' has characters that are not allowed: '\u00e9' (pattern)",
        ),
        ({"ClientName": ""}, "ClientName: is empty (minLength)"),
    ],
)
def test_each_schema_rule_is_named_as_users_read_it(
    invoke: Invoke, recorder: CallRecorder, pool_id: str, properties: dict[str, Any], message: str
) -> None:
    response = invoke("CREATE", {"UserPoolId": pool_id, **properties})
    assert response["errorCode"] == "InvalidRequest"
    assert message in response["message"]
    assert recorder.operations() == []


@pytest.mark.parametrize(("given", "read"), [("false", False), ("TRUE", True), ("False", False)])
def test_booleans_as_cloudformation_sends_them_are_read_as_booleans(
    invoke: Invoke, pool_id: str, given: str, read: bool
) -> None:
    properties = {"UserPoolId": pool_id, "GenerateSecret": given, "EnableTokenRevocation": given}
    response = invoke("CREATE", properties)
    assert response["status"] == "SUCCESS", response.get("message")
    assert response["resourceModel"]["GenerateSecret"] is read
    assert response["resourceModel"]["EnableTokenRevocation"] is read


def test_a_previous_state_that_breaks_a_constraint_does_not_block_the_update_that_fixes_it(
    invoke: Invoke, cognito: Any, pool_id: str
) -> None:
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="web")[
        "UserPoolClient"
    ]["ClientId"]
    ids = {"UserPoolId": pool_id, "ClientId": client_id, "ClientName": "web"}
    previous = {**ids, "AuthSessionValidity": 99, "CallbackURLs": ["not a url"]}
    response = invoke("UPDATE", {**ids, "AuthSessionValidity": 9}, previous=previous)
    assert response["status"] == "SUCCESS", response.get("message")
    wrong_shape = invoke("UPDATE", {**ids}, previous={**ids, "AuthSessionValidity": [99]})
    assert wrong_shape["errorCode"] == "InvalidRequest"
    assert "previous state: AuthSessionValidity: expected an integer" in wrong_shape["message"]


def test_identifiers_of_a_read_are_checked_for_shape_only(
    invoke: Invoke, cognito: Any, pool_id: str
) -> None:
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="web")[
        "UserPoolClient"
    ]["ClientId"]
    # A read model handed back whole, with values no create could send: read still works.
    handed_back = {
        "UserPoolId": pool_id,
        "ClientId": client_id,
        "ClientName": "n" * 200,
        "AuthSessionValidity": 99,
    }
    assert invoke("READ", handed_back)["status"] == "SUCCESS"
    assert invoke("READ", {**handed_back, "ClientName": 7})["errorCode"] == "InvalidRequest"


def test_an_http_url_without_a_host_is_named_for_its_host() -> None:
    assert problems({**CODE_FLOW, "CallbackURLs": ["http:///cb"]}) == [
        "Invalid properties: CallbackURLs: 'http:///cb' has no host"
    ]


def test_a_read_that_names_only_the_pool_identifies_no_client(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    for properties in ({"UserPoolId": pool_id}, {"ClientId": "1example23456789"}):
        response = invoke("READ", properties)
        assert response["errorCode"] == "NotFound"
    assert recorder.operations() == []


def test_every_unit_of_the_schema_has_its_length() -> None:
    from aws_cognito_userpoolclient.rules import SECONDS_PER_UNIT
    from aws_cognito_userpoolclient.schema import node_at

    for unit_key in ("AccessToken", "IdToken", "RefreshToken"):
        assert set(node_at(("TokenValidityUnits", unit_key))["enum"]) == set(SECONDS_PER_UNIT)
