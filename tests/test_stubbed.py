"""What moto cannot show: the exact update payload, and each Cognito error the API can answer.

moto merges fields on UpdateUserPoolClient where the real API resets them, and never throttles, so
these tests use botocore's Stubber with the provider's own client.
"""

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
    UnknownServiceError,
)
from botocore.stub import Stubber

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient import handlers
from aws_cognito_userpoolclient.failures import API_ERROR_CODES

from .conftest import REGION, event

POOL = "us-east-1_Example1"
CLIENT_ID = "1example23456789abcdef"
DESCRIBED = {"UserPoolId": POOL, "ClientId": CLIENT_ID, "ClientName": "web-app"}


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    client = client_module._BOTOCORE_SESSION.create_client(
        "cognito-idp",
        region_name=REGION,
        aws_access_key_id="a",
        aws_secret_access_key="b",
    )
    monkeypatch.setattr(handlers, "cognito_client", lambda session, region: client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def invoke(action: str, properties: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    response: dict[str, Any] = handlers.resource(event(action, properties, **kwargs), None)
    return response


def test_update_sends_the_whole_desired_state_and_nothing_else(stub: Stubber) -> None:
    desired = {
        "UserPoolId": POOL,
        "ClientId": CLIENT_ID,
        "AccessTokenValidity": 15,
        "TokenValidityUnits": {"AccessToken": "minutes"},
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthScopes": ["openid"],
        "CallbackURLs": ["https://app.example.com/cb"],
        "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
        "AnalyticsConfiguration": {"ApplicationArn": "arn:aws:mobiletargeting:us-east-1:1:apps/a"},
        "EnableTokenRevocation": False,
    }
    previous = {"UserPoolId": POOL, "ClientId": CLIENT_ID, "ClientName": "web-app"}
    expected = {key: value for key, value in desired.items()} | {"ClientName": "web-app"}
    stub.add_response(
        "update_user_pool_client", {"UserPoolClient": {**DESCRIBED}}, expected_params=expected
    )
    response = invoke("UPDATE", desired, previous=previous)
    assert response["status"] == "SUCCESS", response.get("message")


def test_update_sends_a_removed_property_as_absent_so_the_api_resets_it(stub: Stubber) -> None:
    previous = {
        "UserPoolId": POOL,
        "ClientId": CLIENT_ID,
        "ClientName": "web-app",
        "AuthSessionValidity": 10,
        "ReadAttributes": ["email"],
    }
    desired = {"UserPoolId": POOL, "ClientId": CLIENT_ID, "ClientName": "web-app"}
    stub.add_response(
        "update_user_pool_client",
        {"UserPoolClient": {**DESCRIBED}},
        expected_params={"UserPoolId": POOL, "ClientId": CLIENT_ID, "ClientName": "web-app"},
    )
    assert invoke("UPDATE", desired, previous=previous)["status"] == "SUCCESS"


# The error table as users see it: Cognito's code, the handler code, and why.
ERROR_TABLE = {
    "ResourceNotFoundException": "NotFound",
    "InvalidParameterException": "InvalidRequest",
    "InvalidOAuthFlowException": "InvalidRequest",
    "ScopeDoesNotExistException": "InvalidRequest",
    "FeatureUnavailableInTierException": "InvalidRequest",  # a Plus-tier setting, Lite pool
    "OperationNotEnabledException": "InvalidRequest",
    "TooManyRequestsException": "Throttling",
    "LimitExceededException": "ServiceLimitExceeded",
    "NotAuthorizedException": "AccessDenied",
    "AccessDeniedException": "AccessDenied",
    "ConcurrentModificationException": "ResourceConflict",
    "InternalErrorException": "ServiceInternalError",
    "InternalServerException": "ServiceInternalError",  # the secret operations' name for it
    "UnrecognizedClientException": "InvalidCredentials",  # AWS's authentication, any service
    "ExpiredTokenException": "InvalidCredentials",
}
UNKNOWN_CODE = ("SomethingNewException", "GeneralServiceException")
# The operations the handlers call; botocore's model lists the errors each can answer.
OPERATIONS = (
    "CreateUserPoolClient",
    "UpdateUserPoolClient",
    "DescribeUserPoolClient",
    "DeleteUserPoolClient",
    "ListUserPoolClients",
    "AddUserPoolClientSecret",
    "DeleteUserPoolClientSecret",
    "ListUserPoolClientSecrets",
    "DescribeIdentityProvider",
    "DescribeResourceServer",
)


def test_the_error_table_is_exactly_the_one_users_rely_on() -> None:
    assert {code: handler.name for code, handler in API_ERROR_CODES.items()} == ERROR_TABLE


def test_every_error_the_model_lists_for_the_operations_called_is_in_the_table() -> None:
    model = client_module._BOTOCORE_SESSION.get_service_model("cognito-idp")
    listed = {e.name for op in OPERATIONS for e in model.operation_model(op).error_shapes}
    assert listed <= set(API_ERROR_CODES)


@pytest.mark.parametrize(("api_code", "handler_code"), [*ERROR_TABLE.items(), UNKNOWN_CODE])
def test_each_api_error_maps_to_its_handler_code_with_the_api_message(
    stub: Stubber, api_code: str, handler_code: str
) -> None:
    stub.add_client_error(
        "describe_user_pool_client", service_error_code=api_code, service_message="the API says"
    )
    response = invoke("READ", {"UserPoolId": POOL, "ClientId": CLIENT_ID})
    assert response["status"] == "FAILED"
    assert response["errorCode"] == handler_code
    assert f"Cognito DescribeUserPoolClient failed: {api_code}: the API says" in response["message"]


# Refusals a create, update or delete does not wait out: the same code on every action.
FINAL_CODES = {
    code: handler
    for code, handler in ERROR_TABLE.items()
    if handler not in ("Throttling", "ResourceConflict", "ServiceInternalError")
}


@pytest.mark.parametrize(("api_code", "handler_code"), [*FINAL_CODES.items(), UNKNOWN_CODE])
@pytest.mark.parametrize("action", ["CREATE", "UPDATE", "DELETE"])
def test_writes_map_refusals_through_the_same_table(
    stub: Stubber, action: str, api_code: str, handler_code: str
) -> None:
    operation = {"CREATE": "create", "UPDATE": "update", "DELETE": "delete"}[action]
    stub.add_client_error(f"{operation}_user_pool_client", service_error_code=api_code)
    ids = {"UserPoolId": POOL, "ClientId": CLIENT_ID, "ClientName": "x"}
    if action == "CREATE":  # no client's id to give yet (read-only)
        response = invoke(action, {"UserPoolId": POOL, "ClientName": "x"})
    else:
        response = invoke(action, ids, previous=ids)
    expected = handler_code
    if action == "CREATE" and api_code == "ResourceNotFoundException":
        expected = "InvalidRequest"  # no pool to create in: named as such
    assert response["status"] == "FAILED"
    assert response["errorCode"] == expected
    assert response["message"]


def test_a_missing_pool_on_create_is_named_as_the_pool(stub: Stubber) -> None:
    stub.add_client_error("create_user_pool_client", service_error_code="ResourceNotFoundException")
    response = invoke("CREATE", {"UserPoolId": POOL, "ClientName": "x"})
    assert response["errorCode"] == "InvalidRequest"
    assert response["message"].startswith(f"UserPoolId: user pool '{POOL}' does not exist")


@pytest.mark.parametrize(
    ("error", "handler_code"),
    [
        (ParamValidationError(report="UserPoolId: bad"), "InvalidRequest"),
        (NoCredentialsError(), "InvalidCredentials"),
        (EndpointConnectionError(endpoint_url="https://cognito-idp.example"), "NetworkFailure"),
        (ConnectTimeoutError(endpoint_url="https://cognito-idp.example"), "NetworkFailure"),
        (ReadTimeoutError(endpoint_url="https://cognito-idp.example"), "NetworkFailure"),
        (UnknownServiceError(service_name="x", known_service_names="y"), "GeneralServiceException"),
    ],
    ids=["param", "no-credentials", "endpoint", "connect-timeout", "read-timeout", "other"],
)
def test_client_side_errors_map_to_their_codes_and_are_named(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch, error: Exception, handler_code: str
) -> None:
    def fail(**_: Any) -> None:
        raise error

    monkeypatch.setattr(stub.client, "describe_user_pool_client", fail)
    response = invoke("READ", {"UserPoolId": POOL, "ClientId": CLIENT_ID})
    assert response["status"] == "FAILED"
    assert response["errorCode"] == handler_code
    assert type(error).__name__ in response["message"]


@pytest.mark.parametrize("never_sent", [EndpointConnectionError, ConnectTimeoutError])
def test_a_create_whose_connection_was_never_made_is_not_a_lost_answer(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch, never_sent: type[EndpointConnectionError]
) -> None:
    # Nothing reached Cognito: no client can exist, so nothing is looked for on a callback.
    def fail(**_: Any) -> None:
        raise never_sent(endpoint_url="https://cognito-idp.example")

    monkeypatch.setattr(stub.client, "create_user_pool_client", fail)
    response = invoke("CREATE", {"UserPoolId": POOL, "ClientName": "x"})
    assert response["status"] == "FAILED"
    assert response["errorCode"] == "NetworkFailure"


def test_list_passes_the_next_token_and_returns_the_next_one(stub: Stubber) -> None:
    stub.add_response(
        "list_user_pool_clients",
        {"UserPoolClients": [{"UserPoolId": POOL, "ClientId": CLIENT_ID}], "NextToken": "page-3"},
        expected_params={"UserPoolId": POOL, "MaxResults": 60, "NextToken": "page-2"},
    )
    response = invoke("LIST", {"UserPoolId": POOL}, next_token="page-2")
    assert response["nextToken"] == "page-3"
    assert response["resourceModels"] == [{"UserPoolId": POOL, "ClientId": CLIENT_ID}]


def test_a_page_cognito_answers_without_clients_lists_none(stub: Stubber) -> None:
    # UserPoolClients is not a required member of ListUserPoolClients' answer
    stub.add_response("list_user_pool_clients", {})
    response = invoke("LIST", {"UserPoolId": POOL})
    assert (response["status"], response["resourceModels"]) == ("SUCCESS", [])


def test_settling_a_lost_create_lists_sixty_clients_a_page(stub: Stubber) -> None:
    properties = {"UserPoolId": POOL, "ClientName": "web"}
    stub.add_client_error(
        "create_user_pool_client", service_error_code="InternalErrorException", http_status_code=500
    )
    first = invoke("CREATE", properties)
    assert first["status"] == "IN_PROGRESS"
    stub.add_response(
        "list_user_pool_clients",
        {"UserPoolClients": [], "NextToken": "page-2"},
        expected_params={"UserPoolId": POOL, "MaxResults": 60},
    )
    stub.add_response(
        "list_user_pool_clients",
        {"UserPoolClients": []},
        expected_params={"UserPoolId": POOL, "MaxResults": 60, "NextToken": "page-2"},
    )
    stub.add_response("create_user_pool_client", {"UserPoolClient": DESCRIBED})
    settled = invoke("CREATE", properties, callback_context=first["callbackContext"])
    assert settled["status"] == "SUCCESS", settled.get("message")


def test_a_client_described_without_its_settings_reads_back_with_cognitos_defaults(
    stub: Stubber,
) -> None:
    # Cognito leaves out of DescribeUserPoolClient what a client was never given (older clients
    # lack the newer settings); read fills in what Cognito applies, entry by entry.
    stub.add_response("describe_user_pool_client", {"UserPoolClient": dict(DESCRIBED)})
    model = invoke("READ", {"UserPoolId": POOL, "ClientId": CLIENT_ID})["resourceModel"]
    assert model == {
        "UserPoolId": POOL,
        "ClientId": CLIENT_ID,
        "ClientName": "web-app",
        "Name": "web-app",
        "GenerateSecret": False,
        "PublishSecretsInAWSSecretsManager": False,
        "AllowedOAuthFlowsUserPoolClient": False,
        "EnablePropagateAdditionalUserContextData": False,
        "AuthSessionValidity": 3,
        "EnableTokenRevocation": True,
        "PreventUserExistenceErrors": "LEGACY",
        "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"},
        "RefreshTokenRotation": {"Feature": "DISABLED", "RetryGracePeriodSeconds": 0},
        "ReadAttributes": [],
        "WriteAttributes": [],
        "ExplicitAuthFlows": [],
        "SupportedIdentityProviders": [],
        "CallbackURLs": [],
        "LogoutURLs": [],
        "AllowedOAuthFlows": [],
        "AllowedOAuthScopes": [],
    }


def test_a_client_whose_secret_cognito_keeps_in_secrets_manager_reads_back_so(
    stub: Stubber,
) -> None:
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret/cognito-idp/web-app"
    stub.add_response(
        "describe_user_pool_client", {"UserPoolClient": {**DESCRIBED, "ClientSecretArn": arn}}
    )
    model = invoke("READ", {"UserPoolId": POOL, "ClientId": CLIENT_ID})["resourceModel"]
    assert (model["GenerateSecret"], model["PublishSecretsInAWSSecretsManager"]) == (True, True)
    assert model["ClientSecretArn"] == arn
    assert "ClientSecret" not in model


EAST = timezone(timedelta(hours=2))


@pytest.fixture
def far_from_utc() -> Iterator[None]:
    """The machine's local time nine hours from UTC (Lambda's is UTC; a laptop's may not be)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.usefixtures("far_from_utc")
def test_what_cognito_does_report_is_kept_over_the_defaults(stub: Stubber) -> None:
    described = {
        **DESCRIBED,
        "ClientSecret": "s" * 40,
        "AuthSessionValidity": 7,
        "EnableTokenRevocation": False,
        "PreventUserExistenceErrors": "ENABLED",
        "TokenValidityUnits": {"IdToken": "minutes"},
        "RefreshTokenRotation": {"Feature": "ENABLED"},
        "AnalyticsConfiguration": {"ApplicationId": "0123456789abcdef0123456789abcdef"},
        "CallbackURLs": ["https://a.example.com/cb"],
        "ClientType": "DCR",
        "CreationDate": datetime(
            2026, 11, 1, 9, 30, 15, 123000, tzinfo=timezone(timedelta(hours=2))
        ),
        "LastModifiedDate": datetime(2026, 12, 6, 16, 52, 3, tzinfo=UTC),
    }
    stub.add_response("describe_user_pool_client", {"UserPoolClient": described})
    model = invoke("READ", {"UserPoolId": POOL, "ClientId": CLIENT_ID})["resourceModel"]
    # the kind and dates of the same call; the dates as ISO 8601 in UTC, as the schema says
    assert model["ClientType"] == "DCR"
    assert (model["CreationDate"], model["LastModifiedDate"]) == (
        "2026-11-01T07:30:15Z",
        "2026-12-06T16:52:03Z",
    )
    assert model["GenerateSecret"] is True
    assert model["AuthSessionValidity"] == 7
    assert model["EnableTokenRevocation"] is False
    assert model["PreventUserExistenceErrors"] == "ENABLED"
    assert model["TokenValidityUnits"] == {
        "AccessToken": "hours",
        "IdToken": "minutes",
        "RefreshToken": "days",
    }
    assert model["RefreshTokenRotation"] == {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}
    assert model["AnalyticsConfiguration"] == {
        "ApplicationId": "0123456789abcdef0123456789abcdef",
        "UserDataShared": False,
    }
    assert model["CallbackURLs"] == ["https://a.example.com/cb"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({}, "Cognito DescribeUserPoolClient failed: Unknown: no message"),
        ({"Error": {"Message": "m"}}, "Cognito DescribeUserPoolClient failed: Unknown: m"),
        ({"Error": {"Code": "Odd"}}, "Cognito DescribeUserPoolClient failed: Odd: no message"),
    ],
)
def test_an_api_error_without_a_code_or_message_still_says_what_failed(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch, answer: dict[str, Any], message: str
) -> None:
    def fail(**_: Any) -> None:
        raise ClientError(answer, "DescribeUserPoolClient")  # type: ignore[arg-type]

    monkeypatch.setattr(stub.client, "describe_user_pool_client", fail)
    response = invoke("READ", {"UserPoolId": POOL, "ClientId": CLIENT_ID})
    assert (response["errorCode"], response["message"]) == ("GeneralServiceException", message)


def test_a_client_side_error_is_named_with_its_text_escaped(
    stub: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**_: Any) -> None:
        raise ParamValidationError(report="UserPoolId: bad")

    monkeypatch.setattr(stub.client, "describe_user_pool_client", fail)
    response = invoke("READ", {"UserPoolId": POOL, "ClientId": CLIENT_ID})
    assert response["message"] == (
        "ParamValidationError: Parameter validation failed:\\nUserPoolId: bad"
    )
