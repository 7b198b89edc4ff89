"""Lost answers, injected at the HTTP layer below botocore's retries, against moto.

Each test drives the operation as CloudFormation does (faults.CloudFormation) and asserts what the
pool holds at the end, not only the last progress event.
"""

from datetime import UTC, datetime
from typing import Any

import pytest

from aws_cognito_userpoolclient.creating import CLOCK_SKEW_SECONDS, holds_configuration
from aws_cognito_userpoolclient.operation import MAX_LOST_ANSWERS, budget_seconds

from .conftest import CallRecorder, Invoke
from .faults import Clock, CloudFormation, Faults


def clients(cognito: Any, pool_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page: dict[str, Any] = {}
    while True:
        listed = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60, **page)
        found += listed["UserPoolClients"]
        if not listed.get("NextToken"):
            return found
        page = {"NextToken": listed["NextToken"]}


KINDS = ["500", "timeout", "closed"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_create_whose_answer_is_lost_after_commit_adopts_its_client(
    cloudformation: CloudFormation,
    recorder: CallRecorder,
    faults: Faults,
    cognito: Any,
    pool_id: str,
    kind: str,
) -> None:
    fault = faults.lose("CreateUserPoolClient", 1, after_commit=True, kind=kind)
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert fault.sent == 1  # never resent blindly by the SDK
    assert run.responses[0]["status"] == "IN_PROGRESS"
    assert run.responses[0]["callbackDelaySeconds"] == 10
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    (only,) = clients(cognito, pool_id)
    assert run.last["resourceModel"]["ClientId"] == only["ClientId"]
    assert recorder.operations("CREATE").count("CreateUserPoolClient") == 1


@pytest.mark.parametrize("times", [1, 3, MAX_LOST_ANSWERS - 1])
def test_a_create_lost_before_commit_creates_exactly_once(
    cloudformation: CloudFormation, faults: Faults, cognito: Any, pool_id: str, times: int
) -> None:
    faults.lose("CreateUserPoolClient", times, after_commit=False, kind="timeout")
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "GenerateSecret": True})
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert run.callbacks == times
    (only,) = clients(cognito, pool_id)
    assert run.last["resourceModel"]["ClientId"] == only["ClientId"]
    assert run.last["resourceModel"]["ClientSecret"]


def test_a_create_whose_every_answer_is_lost_gives_up_with_a_network_failure_and_no_client(
    cloudformation: CloudFormation, faults: Faults, cognito: Any, pool_id: str
) -> None:
    faults.lose("CreateUserPoolClient", 100, after_commit=False, kind="timeout")
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert run.callbacks == MAX_LOST_ANSWERS - 1
    assert run.last["status"] == "FAILED"
    assert run.last["errorCode"] == "NetworkFailure"
    assert run.last["message"] == (
        f"Cognito CreateUserPoolClient: {MAX_LOST_ANSWERS} answers lost ({MAX_LOST_ANSWERS - 1}"
        f" callbacks over {run.waited} s); the request may or may not have taken effect"
    )
    assert clients(cognito, pool_id) == []


def test_a_lost_answer_when_the_budget_is_spent_gives_up_with_a_network_failure(
    invoke: Invoke, faults: Faults, clock: Clock, pool_id: str
) -> None:
    faults.lose("CreateUserPoolClient", 1, after_commit=False, kind="timeout")
    # The operation began so long ago that the lost answer's callback would outlast its budget.
    began = {"started": clock.time - budget_seconds("CREATE") + 5, "callbacks": 3}
    response = invoke("CREATE", {"UserPoolId": pool_id}, callback_context=began)
    assert (response["status"], response["errorCode"]) == ("FAILED", "NetworkFailure")
    assert response["message"] == (
        f"Cognito CreateUserPoolClient: 1 answers lost (3 callbacks over"
        f" {round(budget_seconds('CREATE') - 5)} s); the request may or may not have taken effect"
    )


def test_lost_after_commit_every_time_still_leaves_one_client(
    cloudformation: CloudFormation, faults: Faults, cognito: Any, pool_id: str
) -> None:
    # Each create is answered lost; each callback finds the client the attempt made.
    faults.lose("CreateUserPoolClient", 10, after_commit=True)
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert run.last["status"] == "SUCCESS"
    assert len(clients(cognito, pool_id)) == 1


@pytest.mark.parametrize(
    ("operation", "kind"),
    [
        ("ListUserPoolClients", "timeout"),
        ("ListUserPoolClients", "500"),
        ("DescribeUserPoolClient", "closed"),
    ],
)
def test_a_look_up_whose_answers_are_lost_while_settling_is_repeated(
    cloudformation: CloudFormation,
    faults: Faults,
    cognito: Any,
    pool_id: str,
    operation: str,
    kind: str,
) -> None:
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    faults.lose(operation, 3, after_commit=False, kind=kind)  # every SDK attempt of one look
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert run.callbacks == 2
    (only,) = clients(cognito, pool_id)
    assert run.last["resourceModel"]["ClientId"] == only["ClientId"]


def test_a_throttled_look_up_while_settling_waits_and_adopts(
    cloudformation: CloudFormation, faults: Faults, cognito: Any, pool_id: str
) -> None:
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    throttled = faults.refuse("ListUserPoolClients", 7)  # more than the SDK's 3 attempts, twice
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert throttled.refused == 7
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert len(clients(cognito, pool_id)) == 1


def test_a_refused_create_is_still_retried_by_the_sdk(
    invoke: Invoke, faults: Faults, cognito: Any, pool_id: str
) -> None:
    throttled = faults.refuse("CreateUserPoolClient", 1)
    response = invoke("CREATE", {"UserPoolId": pool_id})
    assert response["status"] == "SUCCESS"
    assert throttled.refused == 1
    assert len(clients(cognito, pool_id)) == 1


OURS = {
    "ClientName": "shared-name",
    "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
    "GenerateSecret": True,
    "AuthSessionValidity": 5,
    "AllowedOAuthFlowsUserPoolClient": True,
    "AllowedOAuthFlows": ["code"],
    "AllowedOAuthScopes": ["openid", "email"],
    "CallbackURLs": ["https://a.example.com/cb", "https://b.example.com/cb"],
    "TokenValidityUnits": {"AccessToken": "minutes"},
    "AccessTokenValidity": 30,
}
# Another stack's client of the same name, differing from ours in one setting only.
THEIRS = {
    "another-auth-session": {"AuthSessionValidity": 9},
    "another-callback": {"CallbackURLs": ["https://a.example.com/cb", "https://c.example.com/cb"]},
    "another-unit": {"TokenValidityUnits": {"AccessToken": "hours"}, "AccessTokenValidity": 1},
    "no-secret": {"GenerateSecret": False},
    "another-scope": {"AllowedOAuthScopes": ["openid"]},
    "another-grace-period": {
        "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 20}
    },
}


@pytest.mark.parametrize("difference", THEIRS.values(), ids=THEIRS.keys())
def test_a_concurrent_create_of_the_same_name_and_another_setting_is_never_adopted(
    invoke: Invoke, faults: Faults, cognito: Any, pool_id: str, difference: dict[str, Any]
) -> None:
    ours = {"UserPoolId": pool_id, **OURS}
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    first = invoke("CREATE", ours)
    assert first["status"] == "IN_PROGRESS"
    # Another stack creates a client of the same name while our answer is lost.
    other = invoke("CREATE", {**ours, **difference}, token="other-stack-token")
    assert other["status"] == "SUCCESS", other.get("message")
    settled = invoke("CREATE", ours, callback_context=first["callbackContext"])
    assert settled["status"] == "SUCCESS", settled.get("message")
    pool = {c["ClientId"] for c in clients(cognito, pool_id)}
    assert len(pool) == 2
    assert settled["resourceModel"]["ClientId"] in pool - {other["resourceModel"]["ClientId"]}


def test_two_indistinguishable_clients_are_not_adopted_and_both_are_named(
    invoke: Invoke, faults: Faults, clock: Clock, cognito: Any, pool_id: str
) -> None:
    ours = {"UserPoolId": pool_id, **OURS}
    clock.time = 1_798_761_600.0  # 2027-01-01T00:00:00Z
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    first = invoke("CREATE", ours)
    assert invoke("CREATE", ours, token="other-stack-token")["status"] == "SUCCESS"
    settled = invoke("CREATE", ours, callback_context=first["callbackContext"])
    listed = [c["ClientId"] for c in clients(cognito, pool_id)]
    assert len(listed) == 2
    assert settled["status"] == "FAILED"
    assert settled["errorCode"] == "ResourceConflict"
    assert settled["message"] == (
        "Cognito CreateUserPoolClient's answer was lost, and 2 clients named 'shared-name' with"
        f" this configuration were created since 2027-01-01T00:00:00Z ({', '.join(listed)}): one"
        " may be this stack's, another someone else's. None is adopted; delete the one no stack"
        " owns."
    )


@pytest.mark.parametrize("after_commit", [False, True])
def test_a_same_client_created_before_the_attempt_is_not_adopted(
    invoke: Invoke, faults: Faults, clock: Clock, cognito: Any, pool_id: str, after_commit: bool
) -> None:
    ours = {"UserPoolId": pool_id, "ClientName": "web", "AuthSessionValidity": 5}
    older = invoke("CREATE", ours, token="an-earlier-stack")["resourceModel"]["ClientId"]
    clock.advance(CLOCK_SKEW_SECONDS + 1)
    faults.lose("CreateUserPoolClient", 1, after_commit=after_commit)
    first = invoke("CREATE", ours)
    settled = invoke("CREATE", ours, callback_context=first["callbackContext"])
    assert settled["status"] == "SUCCESS", settled.get("message")
    assert settled["resourceModel"]["ClientId"] != older
    assert len(clients(cognito, pool_id)) == 2  # the older one, and exactly one of ours


# 5 s, the tolerance the usage guide states (creating.CLOCK_SKEW_SECONDS).
@pytest.mark.parametrize(("earlier", "adopted"), [(5, True), (6, False)])
def test_a_client_stamped_up_to_the_clock_skew_before_the_attempt_is_still_adopted(
    invoke: Invoke,
    faults: Faults,
    clock: Clock,
    cognito: Any,
    pool_id: str,
    earlier: int,
    adopted: bool,
) -> None:
    # Cognito's clock may be behind this machine's: its CreationDate can precede the attempt by
    # up to CLOCK_SKEW_SECONDS, and still be the attempt's.
    clock.time = float(round(clock.time))  # whole seconds: CreationDate keeps microseconds
    ours = {"UserPoolId": pool_id, "ClientName": "web"}
    lost = faults.lose("CreateUserPoolClient", 1, after_commit=True)
    lost.answer = _stamped(lost.answer, clock, earlier)
    first = invoke("CREATE", ours)
    settled = invoke("CREATE", ours, callback_context=first["callbackContext"])
    assert settled["status"] == "SUCCESS", settled.get("message")
    assert len(clients(cognito, pool_id)) == (1 if adopted else 2)


def _stamped(answer: Any, clock: Clock, earlier: int) -> Any:
    """The double's answer, with the client stamped `earlier` seconds before this clock."""

    def stamping(moto: Any, request: Any) -> Any:
        clock.advance(-earlier)
        try:
            return answer(moto, request)
        finally:
            clock.advance(earlier)

    return stamping


def test_settling_pages_through_a_pool_of_more_than_sixty_clients(
    invoke: Invoke,
    recorder: CallRecorder,
    faults: Faults,
    cognito: Any,
    pool_id: str,
) -> None:
    # Ours is on the second of three pages: every page is looked at.
    for number in range(70):
        cognito.create_user_pool_client(UserPoolId=pool_id, ClientName=f"other-{number}")
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    first = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    for number in range(70, 140):
        cognito.create_user_pool_client(UserPoolId=pool_id, ClientName=f"other-{number}")
    settled = invoke(
        "CREATE",
        {"UserPoolId": pool_id, "ClientName": "web"},
        callback_context=first["callbackContext"],
    )
    assert settled["status"] == "SUCCESS", settled.get("message")
    assert recorder.operations("CREATE").count("ListUserPoolClients") == 3
    named = [c for c in clients(cognito, pool_id) if c["ClientName"] == "web"]
    assert [c["ClientId"] for c in named] == [settled["resourceModel"]["ClientId"]]


def test_a_custom_secret_create_whose_answer_is_lost_is_adopted(
    cloudformation: CloudFormation, faults: Faults, cognito: Any, pool_id: str
) -> None:
    custom = "MyOwnSecret1234567890abcdefXYZ"
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    run = cloudformation.run("CREATE", {"UserPoolId": pool_id, "CustomClientSecret": custom})
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    (only,) = clients(cognito, pool_id)
    assert run.last["resourceModel"]["ClientId"] == only["ClientId"]
    assert run.last["resourceModel"]["ClientSecret"] == custom


@pytest.mark.parametrize(("times", "callbacks"), [(1, 0), (3, 1), (4, 1), (7, 2)])
def test_an_update_whose_answers_are_lost_ends_with_the_desired_state(
    cloudformation: CloudFormation,
    invoke: Invoke,
    faults: Faults,
    cognito: Any,
    pool_id: str,
    times: int,
    callbacks: int,
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    faults.lose("UpdateUserPoolClient", times, after_commit=True, kind="closed")
    desired = {**ids, "ClientName": "web", "AuthSessionValidity": 12}
    run = cloudformation.run("UPDATE", desired, previous=created)
    assert run.callbacks == callbacks  # the SDK resends 3 times; then the handler does
    assert run.last["status"] == "SUCCESS"
    held = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert held["AuthSessionValidity"] == 12


@pytest.mark.parametrize("kind", KINDS)
def test_an_update_whose_every_answer_is_lost_gives_up_with_a_network_failure(
    cloudformation: CloudFormation, invoke: Invoke, faults: Faults, pool_id: str, kind: str
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})["resourceModel"]
    faults.lose("UpdateUserPoolClient", 1000, after_commit=False, kind=kind)
    desired = {**created, "AuthSessionValidity": 12}
    run = cloudformation.run("UPDATE", desired, previous=created)
    assert run.callbacks == MAX_LOST_ANSWERS - 1
    assert run.last["errorCode"] == "NetworkFailure"
    assert run.last["message"].startswith(
        f"Cognito UpdateUserPoolClient: {MAX_LOST_ANSWERS} answers lost"
    )


@pytest.mark.parametrize("times", [1, 3, 4])
def test_a_delete_whose_answers_are_lost_succeeds_and_the_client_is_gone(
    cloudformation: CloudFormation,
    invoke: Invoke,
    faults: Faults,
    cognito: Any,
    pool_id: str,
    times: int,
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id})["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    faults.lose("DeleteUserPoolClient", times, after_commit=True, kind="timeout")
    run = cloudformation.run("DELETE", ids)
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert clients(cognito, pool_id) == []
    assert invoke("DELETE", ids)["errorCode"] == "NotFound"  # the contract's second delete


def test_a_timeout_on_read_is_a_network_failure_that_names_the_operation(
    invoke: Invoke, faults: Faults, pool_id: str
) -> None:
    faults.lose("DescribeUserPoolClient", 3, after_commit=False, kind="timeout")
    response = invoke("READ", {"UserPoolId": pool_id, "ClientId": "1example23456789"})
    assert response["errorCode"] == "NetworkFailure"
    assert "DescribeUserPoolClient" in response["message"]


def test_a_wait_after_a_lost_answer_says_what_it_waits_for_and_since_when(
    invoke: Invoke, faults: Faults, clock: Clock, pool_id: str
) -> None:
    clock.time = float(datetime(2026, 12, 6, 10, 42, 33, tzinfo=UTC).timestamp())
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    response = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})
    assert response["status"] == "IN_PROGRESS"
    assert response["message"] == (
        "Cognito's answer to CreateUserPoolClient was lost (1 of at most 4): finding out what it"
        " did; next try in 10 s (waiting since 10:42:33 UTC, 0 s)"
    )


SENT = {"UserPoolId": "us-east-1_Example1", "ClientName": "svc", "GenerateSecret": True}
HELD_BY_COGNITO = {"UserPoolId": "us-east-1_Example1", "ClientName": "svc", "ClientSecret": "s"}
HELD_IN_SECRETS_MANAGER = {**HELD_BY_COGNITO, "ClientSecretArn": "arn"}
del HELD_IN_SECRETS_MANAGER["ClientSecret"]
PUBLISHED = {**SENT, "PublishSecretsInAWSSecretsManager": True}


@pytest.mark.parametrize(
    ("sent", "described", "holds"),
    [
        (SENT, HELD_BY_COGNITO, True),
        (SENT, HELD_IN_SECRETS_MANAGER, False),
        (PUBLISHED, HELD_IN_SECRETS_MANAGER, True),
        (PUBLISHED, HELD_BY_COGNITO, False),
        ({**SENT, "GenerateSecret": False}, HELD_BY_COGNITO, False),
    ],
)
def test_a_described_client_holds_a_create_only_with_its_secret_where_it_was_asked(
    sent: dict[str, Any], described: dict[str, Any], holds: bool
) -> None:
    # A client of the same name whose secret is elsewhere is someone else's: never adopted.
    assert holds_configuration(described, sent) is holds
