"""The warm path: no boto3 Session per request, the caller's credentials and nobody else's."""

from typing import Any

import boto3
import boto3.session
import pytest
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.utils import Credentials

from aws_cognito_userpoolclient import handlers
from aws_cognito_userpoolclient.client import CallerSession, cognito_client

from .conftest import CALLER_CREDENTIALS, Invoke, event


def test_a_request_builds_no_boto3_session(
    monkeypatch: pytest.MonkeyPatch, cognito: Any, pool_id: str, invoke: Invoke
) -> None:
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="warm")[
        "UserPoolClient"
    ]["ClientId"]
    invoke("READ", {"UserPoolId": pool_id, "ClientId": client_id})  # the first builds the client
    built: list[object] = []
    make_session = boto3.session.Session.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        make_session(self, *args, **kwargs)

    monkeypatch.setattr(boto3.session.Session, "__init__", counted)
    response = invoke("READ", {"UserPoolId": pool_id, "ClientId": client_id})
    assert response["status"] == "SUCCESS"
    assert built == []


def test_the_client_gets_the_request_credentials() -> None:
    caller = CallerSession(Credentials("AKIDCALLER", "secret-1", "token-1"))
    client: Any = cognito_client(caller, "us-east-1")
    signed_with = client._request_signer._credentials.get_frozen_credentials()
    assert (signed_with.access_key, signed_with.secret_key, signed_with.token) == (
        "AKIDCALLER",
        "secret-1",
        "token-1",
    )
    # the same credentials through the library's own SessionProxy: the same client
    proxy = SessionProxy(
        boto3.Session(
            aws_access_key_id="AKIDCALLER",
            aws_secret_access_key="secret-1",
            aws_session_token="token-1",
        )
    )
    assert cognito_client(proxy, "us-east-1") is client
    other = CallerSession(Credentials("AKIDOTHER", "secret-2", "token-2"))
    assert cognito_client(other, "us-east-1") is not client


def test_a_caller_session_still_gives_a_boto3_session_when_asked() -> None:
    caller = CallerSession(Credentials("AKIDLAZY", "secret", "token"))
    assert caller.session.get_credentials().access_key == "AKIDLAZY"
    assert caller.client("sts", region_name="us-east-1").meta.service_model.service_name == "sts"


@pytest.mark.parametrize(
    ("credentials", "message"),
    [
        ("AKID:secret", "requestData.callerCredentials: must be an object"),
        (
            {**CALLER_CREDENTIALS, "accessKeyId": 42},
            "requestData.callerCredentials.accessKeyId: must be a string",
        ),
        ({"accessKeyId": "", "secretAccessKey": ""}, "carries no caller credentials"),
    ],
)
def test_bad_caller_credentials_are_named(credentials: Any, message: str) -> None:
    request = event("READ", {"UserPoolId": "us-east-1_Ab1", "ClientId": "c1"})
    request["requestData"]["callerCredentials"] = credentials
    response = handlers.resource(request, None)
    assert response["status"] == "FAILED"
    assert response["errorCode"] in ("InvalidRequest", "InvalidCredentials")
    assert message in response["message"]
