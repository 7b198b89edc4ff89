"""The Cognito client sends nothing that Cognito's own model refuses (client.py).

Templates are checked against the schema before any call; this is the check of last resort, on
every request the client makes, whatever its values came from. Each constraint kind of botocore's
cognito-idp model is broken once, through the provider's own client, and the refusal compared with
what the test suite's strict double (strict_cognito.py, another implementation) finds.
"""

from typing import Any

import boto3
import pytest
from botocore.exceptions import ParamValidationError
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient.failures import HandlerFailure

from .strict_cognito import violations

POOL = "us-east-1_Example1"
MODEL: Any = client_module._BOTOCORE_SESSION.get_service_model("cognito-idp")
FLOWS = ", ".join(MODEL.shape_for("ExplicitAuthFlowsType").enum)
UNITS = ", ".join(MODEL.shape_for("TimeUnitsType").enum)


@pytest.fixture
def client() -> Any:
    session = SessionProxy(boto3.Session(aws_access_key_id="AKIDCHECK", aws_secret_access_key="s"))
    return client_module.cognito_client(session, "us-east-1")


NAME = r"[\w\s+=,.@-]+"
CASES = [
    ({"ClientName": ""}, f"ClientName: fewer than 1 characters; ClientName: does not match {NAME}"),
    ({"ClientName": "n" * 129}, "ClientName: more than 128 characters"),
    ({"ClientName": "caf\u00e9"}, f"ClientName: does not match {NAME}"),
    (
        {"ClientName": "web", "ExplicitAuthFlows": ["ALLOW_ALL"]},
        f"ExplicitAuthFlows[0]: not one of {FLOWS}",
    ),
    (
        {"ClientName": "web", "AllowedOAuthScopes": ["s"] * 51},
        "AllowedOAuthScopes: more than 50 items",
    ),
    (
        {"ClientName": "web", "AllowedOAuthScopes": ["ok", "no space"]},
        r"AllowedOAuthScopes[1]: does not match [\x21\x23-\x5B\x5D-\x7E]+",
    ),
    ({"ClientName": "web", "AuthSessionValidity": 99}, "AuthSessionValidity: outside 3..15"),
    ({"ClientName": "web", "AuthSessionValidity": 1}, "AuthSessionValidity: outside 3..15"),
    (
        {"ClientName": "web", "TokenValidityUnits": {"AccessToken": "weeks"}},
        f"TokenValidityUnits.AccessToken: not one of {UNITS}",
    ),
    (
        {"ClientName": "web", "AnalyticsConfiguration": {"ApplicationId": "not-hex"}},
        "AnalyticsConfiguration.ApplicationId: does not match ^[0-9a-fA-F]+$",
    ),
]


@pytest.mark.parametrize(("params", "named"), CASES)
def test_a_request_cognitos_model_refuses_is_never_sent(
    client: Any, params: dict[str, Any], named: str
) -> None:
    with pytest.raises(HandlerFailure) as refused:
        client.create_user_pool_client(UserPoolId=POOL, **params)
    assert refused.value.code.name == "InvalidRequest"
    assert refused.value.message == (
        f"Cognito CreateUserPoolClient would refuse the request, so it was not sent: {named}"
    )
    shape = MODEL.operation_model("CreateUserPoolClient").input_shape
    found = violations(shape, {"UserPoolId": POOL, **params}, "")
    assert len(found) == named.count("; ") + 1  # the strict double finds the same problems


def test_several_problems_are_named_together(client: Any) -> None:
    with pytest.raises(HandlerFailure) as refused:
        client.create_user_pool_client(UserPoolId="bad", ClientName="")
    assert refused.value.message == (
        "Cognito CreateUserPoolClient would refuse the request, so it was not sent: UserPoolId:"
        rf" does not match [\w-]+_[0-9a-zA-Z]+; ClientName: fewer than 1 characters; ClientName:"
        f" does not match {NAME}"
    )


@pytest.mark.parametrize(
    "params",
    [
        {"ClientName": {"name": "web"}},
        {"ClientName": "web", "AllowedOAuthScopes": "\x01"},
    ],
    ids=["object-for-string", "string-for-list"],
)
def test_a_value_of_the_wrong_type_is_left_to_botocores_own_check(
    client: Any, params: dict[str, Any]
) -> None:
    with pytest.raises(ParamValidationError):
        client.create_user_pool_client(UserPoolId=POOL, **params)
