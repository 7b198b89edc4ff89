"""A busy pool never fails a stack: the handler waits it out itself, within its budget.

Refusals are injected below botocore's retries (faults.py): more ConcurrentModificationException
and TooManyRequestsException answers than the SDK's attempts, on every action. Under load, tens of
stacks change their own clients of one pool at once through a double that is busy as Cognito is
(busy_pool.py).
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from aws_cognito_userpoolclient import handlers
from aws_cognito_userpoolclient.failures import HandlerFailure
from aws_cognito_userpoolclient.operation import (
    BUSY_POOL_BACKOFF,
    CallBack,
    Operation,
    budget_seconds,
)

from .busy_pool import BusyPools, Stacks
from .conftest import Invoke, event
from .faults import CloudFormation, Faults
from .helpers import assert_subset

BUSY = "ConcurrentModificationException"
THROTTLED = "TooManyRequestsException"
# More refusals than the SDK's attempts (3 for throttling; it does not retry a busy pool at all).
REFUSALS = 7


def pool_clients(cognito: Any, pool_id: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = cognito.list_user_pool_clients(
        UserPoolId=pool_id, MaxResults=60
    )["UserPoolClients"]
    return listed


@pytest.mark.parametrize("code", [BUSY, THROTTLED])
def test_a_create_in_a_busy_pool_waits_and_creates_exactly_one_client(
    cloudformation: CloudFormation, faults: Faults, cognito: Any, pool_id: str, code: str
) -> None:
    refused = faults.refuse("CreateUserPoolClient", REFUSALS, code)
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert refused.refused == REFUSALS
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert run.callbacks >= 2
    assert all("waitingFor" not in r["callbackContext"] for r in run.responses[:-1])
    (only,) = pool_clients(cognito, pool_id)
    assert run.last["resourceModel"]["ClientId"] == only["ClientId"]


@pytest.mark.parametrize("code", [BUSY, THROTTLED])
def test_an_update_in_a_busy_pool_waits_and_ends_with_the_desired_state(
    cloudformation: CloudFormation,
    invoke: Invoke,
    faults: Faults,
    cognito: Any,
    pool_id: str,
    code: str,
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    faults.refuse("UpdateUserPoolClient", REFUSALS, code)
    desired = {**ids, "ClientName": "web", "AuthSessionValidity": 9, "CallbackURLs": []}
    run = cloudformation.run("UPDATE", desired, previous=created)
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    held = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert held["AuthSessionValidity"] == 9
    assert_subset(desired, run.last["resourceModel"])


@pytest.mark.parametrize("code", [BUSY, THROTTLED])
def test_a_delete_in_a_busy_pool_waits_and_the_client_is_gone(
    cloudformation: CloudFormation,
    invoke: Invoke,
    faults: Faults,
    cognito: Any,
    pool_id: str,
    code: str,
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id})["resourceModel"]
    faults.refuse("DeleteUserPoolClient", REFUSALS, code)
    run = cloudformation.run("DELETE", {"UserPoolId": pool_id, "ClientId": created["ClientId"]})
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert pool_clients(cognito, pool_id) == []


@pytest.mark.parametrize(
    "operation",
    ["ListUserPoolClientSecrets", "AddUserPoolClientSecret", "DeleteUserPoolClientSecret"],
)
@pytest.mark.parametrize("code", [BUSY, THROTTLED])
def test_the_secret_operations_in_a_busy_pool_wait_and_rotate_exactly_once(
    cloudformation: CloudFormation,
    invoke: Invoke,
    faults: Faults,
    cognito: Any,
    pool_id: str,
    operation: str,
    code: str,
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id, "GenerateSecret": True})["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    desired = {**created, "ClientSecretRotation": {"NotBefore": "2026-01-01"}}
    del desired["ClientSecret"], desired["Name"]
    first = cloudformation.run("UPDATE", desired, previous=created)  # two secrets now
    assert first.last["status"] == "SUCCESS", first.last.get("message")
    faults.refuse(operation, REFUSALS, code)
    rotation = {"NotBefore": cloudformation.clock.now_iso(), "KeepPrevious": False}
    run = cloudformation.run("UPDATE", {**desired, "ClientSecretRotation": rotation})
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert len(cognito.list_user_pool_client_secrets(**ids)["ClientSecrets"]) == 1
    described = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert described["ClientSecret"] == run.last["resourceModel"]["ClientSecret"]
    assert run.last["resourceModel"]["ClientSecret"] != first.last["resourceModel"]["ClientSecret"]


@pytest.mark.parametrize(
    ("code", "handler_code"), [(BUSY, "ResourceConflict"), (THROTTLED, "Throttling")]
)
def test_a_pool_busy_for_longer_than_the_budget_fails_with_its_code_and_leaves_nothing(
    cloudformation: CloudFormation,
    faults: Faults,
    cognito: Any,
    pool_id: str,
    code: str,
    handler_code: str,
) -> None:
    faults.refuse("CreateUserPoolClient", 10_000, code)
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id})
    assert run.last["status"] == "FAILED"
    assert run.last["errorCode"] == handler_code
    assert "the pool stayed busy" in run.last["message"]
    assert code in run.last["message"]
    budget = budget_seconds("CREATE")
    assert budget - BUSY_POOL_BACKOFF.longest_seconds <= run.waited <= budget
    assert all(r["status"] == "IN_PROGRESS" for r in run.responses[:-1])  # never FAILED before
    assert pool_clients(cognito, pool_id) == []


def test_the_backoff_grows_with_jitter_and_is_capped(
    cloudformation: CloudFormation, faults: Faults, pool_id: str
) -> None:
    faults.refuse("CreateUserPoolClient", 10_000, BUSY)
    delays = [
        r["callbackDelaySeconds"]
        for r in cloudformation.run("CREATE", {"UserPoolId": pool_id}).responses[:-1]
    ]
    # 1, 2, 4, 8, then 10 s at most, each halved to a random point of its upper half.
    assert (BUSY_POOL_BACKOFF.first_seconds, BUSY_POOL_BACKOFF.longest_seconds) == (1, 10)
    for number, delay in enumerate(delays):
        ceiling = min(10, 2**number)
        assert ceiling / 2 <= delay <= ceiling, (number, delay)
    assert delays[0] == 1
    assert max(delays) == 10
    assert len(set(delays[-5:])) > 1  # jittered: the capped waits are not all alike
    assert sum(delays) <= 240 < sum(delays) + 10  # the whole budget, and not a wait more


def test_the_callback_context_carries_only_the_operations_state(
    invoke: Invoke, faults: Faults, pool_id: str
) -> None:
    faults.refuse("CreateUserPoolClient", REFUSALS, BUSY)
    response = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert response["status"] == "IN_PROGRESS"
    assert set(response["callbackContext"]) == {"started", "callbacks"}


def test_read_and_list_do_not_wait_and_answer_throttling(
    invoke: Invoke, faults: Faults, pool_id: str
) -> None:
    faults.refuse("DescribeUserPoolClient", REFUSALS, THROTTLED)
    faults.refuse("ListUserPoolClients", REFUSALS, THROTTLED)
    read = invoke("READ", {"UserPoolId": pool_id, "ClientId": "1example23456789"})
    listed = invoke("LIST", {"UserPoolId": pool_id})
    assert (read["status"], read["errorCode"]) == ("FAILED", "Throttling")
    assert (listed["status"], listed["errorCode"]) == ("FAILED", "Throttling")


def threadsafe_invoke(action: str, properties: Any, **kwargs: Any) -> dict[str, Any]:
    response: dict[str, Any] = handlers.resource(event(action, properties, **kwargs), None)
    return response


def test_tens_of_stacks_changing_clients_of_one_pool_at_once_all_succeed_exactly(
    cognito: Any, pool_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _seconds: None)
    threadsafe_invoke("LIST", {"UserPoolId": pool_id})  # the provider's client, built once
    stacks = Stacks(threadsafe_invoke, pool_id, count=30)
    with BusyPools(throttled=0.2).installed() as busy:
        stacks.run()
    assert stacks.errors == []
    assert busy.refused_busy > 0  # the pool really was busy
    assert busy.refused_throttled > 0
    failed = [
        (o.stack, o.action, o.last.get("message"))
        for o in stacks.outcomes
        if o.last["status"] != "SUCCESS"
    ]
    assert failed == []
    assert len(stacks.outcomes) == 4 * stacks.count
    for stack, desired in stacks.desired.items():
        # No lost or crossed update: each stack reads back exactly its own desired state.
        assert_subset(desired, stacks.reads[stack])
    assert pool_clients(cognito, pool_id) == []
    assert any(o.invocations > 1 for o in stacks.outcomes)


@pytest.mark.parametrize(
    ("drawn", "delays"), [(0.0, [1, 1, 2, 4, 5, 5]), (0.999, [1, 2, 4, 8, 10, 10])]
)
def test_the_jitter_draws_within_the_upper_half_of_each_wait(
    monkeypatch: pytest.MonkeyPatch, drawn: float, delays: list[int]
) -> None:
    monkeypatch.setattr("aws_cognito_userpoolclient.operation.random.random", lambda: drawn)
    assert [BUSY_POOL_BACKOFF.delay(n) for n in range(6)] == delays


def test_a_wait_may_end_exactly_at_the_budget_and_not_a_second_later(clock: Any) -> None:
    started = clock.time - (budget_seconds("UPDATE") - 10)
    update = Operation(action="UPDATE", started=started)
    give_up = HandlerFailure(HandlerErrorCode.Throttling, "spent")
    with pytest.raises(CallBack):
        update.wait(10, "waiting", give_up)
    with pytest.raises(HandlerFailure) as raised:
        update.wait(11, "waiting", give_up)
    assert raised.value is give_up


def test_a_wait_for_a_busy_pool_says_what_it_waits_for_and_since_when(
    invoke: Invoke, faults: Faults, clock: Any, pool_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("aws_cognito_userpoolclient.operation.random.random", lambda: 0.999)
    clock.time = float(datetime(2026, 12, 6, 10, 42, 33, tzinfo=UTC).timestamp())
    faults.refuse("CreateUserPoolClient", REFUSALS, BUSY)
    began = {"started": clock.time - 35, "callbacks": 3}
    response = invoke("CREATE", {"UserPoolId": pool_id}, callback_context=began)
    assert response["status"] == "IN_PROGRESS"
    assert response["message"] == (
        "Waiting for the user pool: Cognito is busy with other changes of its clients"
        " (ConcurrentModificationException); next try in 8 s (waiting since 10:41:58 UTC, 35 s)"
    )
