"""Lost answers, injected at the HTTP layer below botocore's retries, against moto.

moto answers each request on botocore's before-send event, in place of the HTTP send. A fault wraps
that answer: "after commit" lets moto do the work (create, update, delete) and then throws its
answer away as a 500, a read timeout or a closed connection; "before commit" throws the request
away unseen. botocore's retry handler sees these exactly as it would see a real lost answer, and
the tests assert what the pool holds.
"""

import json
from typing import Any

import pytest
from botocore.exceptions import ConnectionClosedError, ReadTimeoutError
from moto.core.botocore_stubber import BotocoreStubber

from aws_cognito_userpoolclient.lost_answers import CREATE_ATTEMPT, MAX_LOST_ANSWERS

from .conftest import CallRecorder, Invoke

# What moto's process_request answers: status, headers, body.
Answer = tuple[int, dict[str, str], bytes]


def error_answer(status: int, code: str) -> Answer:
    return status, {}, json.dumps({"__type": code, "message": "injected"}).encode()


class LostAnswers:
    """Loses the answers of the next `times` requests of one operation."""

    def __init__(self, operation: str, times: int, after_commit: bool, kind: str) -> None:
        self.operation, self.remaining = operation, times
        self.after_commit, self.kind = after_commit, kind
        self.lost = self.sent = 0

    def answer(self, moto: Any, request: Any) -> Answer | None:
        target = request.headers.get("X-Amz-Target", b"").decode()
        if not target.endswith(f".{self.operation}"):
            return None
        self.sent += 1
        if self.remaining == 0:
            answered: Answer | None = moto(request)
            return answered
        self.remaining -= 1
        self.lost += 1
        if self.after_commit:
            moto(request)  # moto does the work; its answer is dropped
        if self.kind == "timeout":
            raise ReadTimeoutError(endpoint_url=request.url)
        if self.kind == "closed":
            raise ConnectionClosedError(endpoint_url=request.url)
        return error_answer(500, "InternalErrorException")


@pytest.fixture
def lose(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _seconds: None)
    moto_answer = BotocoreStubber.process_request
    installed: list[LostAnswers] = []

    def answer(stubber: Any, request: Any) -> Any:
        def moto(sent: Any) -> Any:
            return moto_answer(stubber, sent)

        for fault in installed:
            response = fault.answer(moto, request)
            if response is not None:
                return response
        return moto(request)

    monkeypatch.setattr(BotocoreStubber, "process_request", answer)

    def install(operation: str, times: int, after_commit: bool, kind: str = "500") -> LostAnswers:
        fault = LostAnswers(operation, times, after_commit, kind)
        installed.append(fault)
        return fault

    return install


def clients(cognito: Any, pool_id: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = cognito.list_user_pool_clients(
        UserPoolId=pool_id, MaxResults=60
    )["UserPoolClients"]
    return listed


def until_done(invoke: Invoke, action: str, properties: dict[str, Any], **kwargs: Any) -> Any:
    """Invoke as CloudFormation does: again with the callbackContext while IN_PROGRESS."""
    responses = [invoke(action, properties, **kwargs)]
    while responses[-1]["status"] == "IN_PROGRESS":
        assert responses[-1]["callbackDelaySeconds"] > 0
        assert len(responses) <= MAX_LOST_ANSWERS + 1
        responses.append(
            invoke(action, properties, callback_context=responses[-1]["callbackContext"], **kwargs)
        )
    return responses


KINDS = ["500", "timeout", "closed"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_create_whose_answer_is_lost_after_commit_adopts_its_client(
    invoke: Invoke, recorder: CallRecorder, lose: Any, cognito: Any, pool_id: str, kind: str
) -> None:
    fault = lose("CreateUserPoolClient", 1, after_commit=True, kind=kind)
    responses = until_done(invoke, "CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert fault.sent == 1  # never resent blindly by the SDK
    assert responses[0]["status"] == "IN_PROGRESS"
    assert CREATE_ATTEMPT in responses[0]["callbackContext"]
    assert responses[-1]["status"] == "SUCCESS", responses[-1].get("message")
    (only,) = clients(cognito, pool_id)
    assert responses[-1]["resourceModel"]["ClientId"] == only["ClientId"]
    assert recorder.operations("CREATE").count("CreateUserPoolClient") == 1


@pytest.mark.parametrize("times", [1, 3, 4])
def test_a_create_lost_before_commit_creates_exactly_once(
    invoke: Invoke, lose: Any, cognito: Any, pool_id: str, times: int
) -> None:
    lose("CreateUserPoolClient", times, after_commit=False, kind="timeout")
    responses = until_done(invoke, "CREATE", {"UserPoolId": pool_id, "GenerateSecret": True})
    assert responses[-1]["status"] == "SUCCESS", responses[-1].get("message")
    assert len(responses) == times + 1
    (only,) = clients(cognito, pool_id)
    assert responses[-1]["resourceModel"]["ClientId"] == only["ClientId"]
    assert responses[-1]["resourceModel"]["ClientSecret"]


def test_lost_after_commit_every_time_still_leaves_one_client(
    invoke: Invoke, lose: Any, cognito: Any, pool_id: str
) -> None:
    # Each create is answered lost; each callback finds the client the attempt made.
    lose("CreateUserPoolClient", 10, after_commit=True)
    responses = until_done(invoke, "CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert responses[-1]["status"] == "SUCCESS"
    assert len(clients(cognito, pool_id)) == 1


def test_a_refused_create_is_still_retried_by_the_sdk(
    invoke: Invoke, cognito: Any, pool_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _seconds: None)
    sent: list[str] = []

    def throttle_once(request: Any, event_name: str, **_: Any) -> Answer | None:
        if not event_name.endswith(".CreateUserPoolClient") or sent:
            return None
        sent.append("throttled")
        return error_answer(400, "TooManyRequestsException")

    moto_answer = BotocoreStubber.process_request

    def answer(stubber: Any, request: Any) -> Any:
        target = request.headers.get("X-Amz-Target", b"").decode()
        return throttle_once(request, target) or moto_answer(stubber, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", answer)
    response = invoke("CREATE", {"UserPoolId": pool_id})
    assert response["status"] == "SUCCESS"
    assert sent == ["throttled"]
    assert len(clients(cognito, pool_id)) == 1


@pytest.mark.parametrize("same_configuration", [False, True])
def test_a_concurrent_create_of_the_same_name_is_never_adopted(
    invoke: Invoke, lose: Any, cognito: Any, pool_id: str, same_configuration: bool
) -> None:
    ours = {"UserPoolId": pool_id, "ClientName": "shared-name", "AuthSessionValidity": 5}
    theirs = ours if same_configuration else {**ours, "AuthSessionValidity": 9}
    lose("CreateUserPoolClient", 1, after_commit=True)
    first = invoke("CREATE", ours)
    assert first["status"] == "IN_PROGRESS"
    # Another stack creates a client of the same name while our answer is lost.
    other = invoke("CREATE", theirs, token="other-stack-token")
    assert other["status"] == "SUCCESS"
    other_id = other["resourceModel"]["ClientId"]
    settled = invoke("CREATE", ours, callback_context=first["callbackContext"])
    pool = {c["ClientId"] for c in clients(cognito, pool_id)}
    assert len(pool) == 2
    if same_configuration:
        # Indistinguishable: neither is adopted, and the message names both for the user.
        assert settled["status"] == "FAILED"
        assert settled["errorCode"] == "ResourceConflict"
        assert all(client_id in settled["message"] for client_id in pool)
    else:
        assert settled["status"] == "SUCCESS", settled.get("message")
        assert settled["resourceModel"]["ClientId"] in pool - {other_id}


def test_a_concurrent_create_while_ours_never_arrived_is_not_adopted(
    invoke: Invoke, lose: Any, cognito: Any, pool_id: str
) -> None:
    ours = {"UserPoolId": pool_id, "ClientName": "shared-name", "AuthSessionValidity": 5}
    lose("CreateUserPoolClient", 1, after_commit=False)
    first = invoke("CREATE", ours)
    other = invoke("CREATE", {**ours, "AuthSessionValidity": 9}, token="other-stack-token")
    settled = invoke("CREATE", ours, callback_context=first["callbackContext"])
    assert settled["status"] == "SUCCESS"
    assert settled["resourceModel"]["ClientId"] != other["resourceModel"]["ClientId"]
    assert len(clients(cognito, pool_id)) == 2


@pytest.mark.parametrize(("times", "callbacks"), [(1, 0), (3, 1), (4, 1)])
def test_an_update_whose_answers_are_lost_ends_with_the_desired_state(
    invoke: Invoke, lose: Any, cognito: Any, pool_id: str, times: int, callbacks: int
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    lose("UpdateUserPoolClient", times, after_commit=True, kind="closed")
    desired = {**ids, "ClientName": "web", "AuthSessionValidity": 12}
    responses = until_done(invoke, "UPDATE", desired, previous=created)
    assert len(responses) == callbacks + 1  # the SDK resends 3 times; then the handler does
    assert responses[-1]["status"] == "SUCCESS"
    held = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert held["AuthSessionValidity"] == 12


@pytest.mark.parametrize("times", [1, 3, 4])
def test_a_delete_whose_answers_are_lost_succeeds_and_the_client_is_gone(
    invoke: Invoke, lose: Any, cognito: Any, pool_id: str, times: int
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id})["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    lose("DeleteUserPoolClient", times, after_commit=True, kind="timeout")
    responses = until_done(invoke, "DELETE", ids)
    assert responses[-1]["status"] == "SUCCESS", responses[-1].get("message")
    assert clients(cognito, pool_id) == []
    assert invoke("DELETE", ids)["errorCode"] == "NotFound"  # the contract's second delete


def test_a_timeout_on_read_is_a_network_failure_that_names_the_operation(
    invoke: Invoke, lose: Any, pool_id: str
) -> None:
    lose("DescribeUserPoolClient", 3, after_commit=False, kind="timeout")
    response = invoke("READ", {"UserPoolId": pool_id, "ClientId": "1example23456789"})
    assert response["errorCode"] == "NetworkFailure"
    assert "DescribeUserPoolClient" in response["message"]
