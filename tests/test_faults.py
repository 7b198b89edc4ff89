"""Retriable faults: bounded botocore retries in standard mode, LimitExceeded never retried."""

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse, HTTPHeaders
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy

from aws_cognito_userpoolclient import client as client_module


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


def answering(code: str, status: int, sent: list[str]) -> Any:
    """A before-send hook that answers every request with a Cognito error, counting attempts."""

    def answer(request: Any, **_: Any) -> AWSResponse:
        sent.append(code)
        body = json.dumps({"__type": code, "message": "injected"}).encode()
        return AWSResponse(request.url, status, HTTPHeaders(), _Body(body))

    return answer


@pytest.fixture
def provider_client(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _seconds: None)
    session = SessionProxy(
        boto3.Session(aws_access_key_id="fault", aws_secret_access_key="s", aws_session_token="t")
    )
    return client_module.cognito_client(session, "us-east-1")


@pytest.mark.parametrize(
    ("code", "status", "attempts"),
    [
        ("TooManyRequestsException", 400, client_module.MAX_ATTEMPTS),
        ("InternalErrorException", 500, client_module.MAX_ATTEMPTS),
        ("LimitExceededException", 400, 1),
        ("InvalidParameterException", 400, 1),
    ],
)
def test_retries_are_bounded_and_skip_limit_exceeded(
    provider_client: Any, code: str, status: int, attempts: int
) -> None:
    sent: list[str] = []
    hook = answering(code, status, sent)
    provider_client.meta.events.register("before-send.cognito-idp", hook)
    try:
        with pytest.raises(provider_client.exceptions.ClientError):
            provider_client.describe_user_pool_client(UserPoolId="us-east-1_Ab1", ClientId="c")
    finally:
        provider_client.meta.events.unregister("before-send.cognito-idp", hook)
    assert len(sent) == attempts


def test_the_client_is_reused_only_with_the_same_credentials() -> None:
    def session(key: str) -> SessionProxy:
        return SessionProxy(
            boto3.Session(aws_access_key_id=key, aws_secret_access_key="s", aws_session_token="t")
        )

    first = client_module.cognito_client(session("AKID1"), "us-east-1")
    assert client_module.cognito_client(session("AKID1"), "us-east-1") is first
    assert client_module.cognito_client(session("AKID2"), "us-east-1") is not first
    assert client_module.cognito_client(session("AKID2"), "eu-west-1").meta.region_name == (
        "eu-west-1"
    )
