"""What moto cannot show: the exact update payload, and each Cognito error the API can answer.

moto merges fields on UpdateUserPoolClient where the real API resets them, and never throttles, so
these tests use botocore's Stubber with the provider's own client.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.stub import Stubber

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient import handlers

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


ERROR_TABLE = [
    ("ResourceNotFoundException", "NotFound"),
    ("InvalidParameterException", "InvalidRequest"),
    ("InvalidOAuthFlowException", "InvalidRequest"),
    ("ScopeDoesNotExistException", "InvalidRequest"),
    ("FeatureUnavailableInTierException", "InvalidRequest"),
    ("TooManyRequestsException", "Throttling"),
    ("LimitExceededException", "ServiceLimitExceeded"),
    ("NotAuthorizedException", "AccessDenied"),
    ("AccessDeniedException", "AccessDenied"),
    ("ConcurrentModificationException", "ResourceConflict"),
    ("InternalErrorException", "ServiceInternalError"),
    ("SomethingNewException", "GeneralServiceException"),
]


@pytest.mark.parametrize(("api_code", "handler_code"), ERROR_TABLE)
def test_each_api_error_maps_to_its_handler_code_with_the_api_message(
    stub: Stubber, api_code: str, handler_code: str
) -> None:
    stub.add_client_error(
        "update_user_pool_client", service_error_code=api_code, service_message="the API says"
    )
    ids = {"UserPoolId": POOL, "ClientId": CLIENT_ID, "ClientName": "x"}
    response = invoke("UPDATE", ids, previous=ids)
    assert response["status"] == "FAILED"
    assert response["errorCode"] == handler_code
    assert api_code in response["message"]
    assert "the API says" in response["message"]


@pytest.mark.parametrize(("api_code", "handler_code"), ERROR_TABLE[1:])
def test_create_maps_errors_through_the_same_table(
    stub: Stubber, api_code: str, handler_code: str
) -> None:
    stub.add_client_error("create_user_pool_client", service_error_code=api_code)
    response = invoke("CREATE", {"UserPoolId": POOL, "ClientName": "x"})
    assert response["errorCode"] == handler_code
    assert response["message"]


@pytest.mark.parametrize("action", ["READ", "DELETE"])
def test_read_and_delete_map_errors_through_the_same_table(stub: Stubber, action: str) -> None:
    operation = "describe_user_pool_client" if action == "READ" else "delete_user_pool_client"
    stub.add_client_error(operation, service_error_code="TooManyRequestsException")
    response = invoke(action, {"UserPoolId": POOL, "ClientId": CLIENT_ID})
    assert response["errorCode"] == "Throttling"


def test_list_passes_the_next_token_and_returns_the_next_one(stub: Stubber) -> None:
    stub.add_response(
        "list_user_pool_clients",
        {"UserPoolClients": [{"UserPoolId": POOL, "ClientId": CLIENT_ID}], "NextToken": "page-3"},
        expected_params={"UserPoolId": POOL, "MaxResults": 60, "NextToken": "page-2"},
    )
    response = invoke("LIST", {"UserPoolId": POOL}, next_token="page-2")
    assert response["nextToken"] == "page-3"
    assert response["resourceModels"] == [{"UserPoolId": POOL, "ClientId": CLIENT_ID}]
