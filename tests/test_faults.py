"""Retriable faults: bounded botocore retries in standard mode, LimitExceeded never retried."""

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse, HTTPHeaders
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient.failures import HandlerFailure
from aws_cognito_userpoolclient.operation import SDK_ATTEMPTS


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
        ("TooManyRequestsException", 400, SDK_ATTEMPTS),
        ("InternalErrorException", 500, SDK_ATTEMPTS),
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


def provider(token: str = "t", key: str = "AKIDMODEL") -> SessionProxy:  # noqa: S107
    return SessionProxy(
        boto3.Session(aws_access_key_id=key, aws_secret_access_key="s", aws_session_token=token)
    )


def test_clients_differ_when_only_the_session_token_does() -> None:
    first = client_module.cognito_client(provider("token-one"), "us-east-1")
    assert client_module.cognito_client(provider("token-one"), "us-east-1") is first
    assert client_module.cognito_client(provider("token-two"), "us-east-1") is not first


@pytest.mark.parametrize(
    "credentials",
    [{"aws_access_key_id": "AKID", "aws_session_token": "t"}, {"aws_secret_access_key": "s"}],
)
def test_a_session_without_both_keys_gets_no_client(credentials: dict[str, Any]) -> None:
    session = SessionProxy(boto3.Session(**credentials))
    with pytest.raises(HandlerFailure, match="carries no caller credentials"):
        client_module.cognito_client(session, "us-east-1")


def test_the_telemetry_clients_retry_as_the_cognito_client_does() -> None:
    logs = client_module.service_client("logs", "us-east-1", "AKID", "s", None)
    assert logs.meta.config.retries == {"mode": "standard", "total_max_attempts": 3}


def retry_handler(client: Any) -> Any:
    """The RetryHandler a client runs on its needs-retry event (botocore's emitter, read as is)."""
    service = client.meta.service_model.service_id.hyphenize()
    event = f"needs-retry.{service}.DescribeUserPoolClient"
    found = list(client.meta.events._emitter._handlers.prefix_search(event))
    (handler,) = [h for h in found if getattr(h, "__name__", "") == "needs_retry"]
    return handler.__self__


def test_the_retry_handler_is_botocores_standard_one_but_for_its_conditions() -> None:
    ours = retry_handler(client_module.cognito_client(provider(), "us-east-1"))
    plain = client_module._BOTOCORE_SESSION.create_client(
        "cognito-idp",
        region_name="us-east-1",
        aws_access_key_id="a",
        aws_secret_access_key="b",
        config=client_module._CONFIG,
    )
    theirs = retry_handler(plain)
    assert type(ours._retry_policy._retry_checker) is client_module._RetryConditions
    assert type(theirs._retry_policy._retry_checker) is not client_module._RetryConditions
    for name in ("_service_name",):
        assert getattr(ours, name) == getattr(theirs, name)
    ours_backoff, theirs_backoff = (
        ours._retry_policy._retry_backoff,
        theirs._retry_policy._retry_backoff,
    )
    assert ours_backoff._service_name == theirs_backoff._service_name
    assert type(ours_backoff._throttling_detector) is type(theirs_backoff._throttling_detector)
    assert type(ours._retry_quota._throttling_detector) is type(
        theirs._retry_quota._throttling_detector
    )
    assert ours_backoff._throttling_detector._retry_event_adapter is not None
