"""Stack update rollbacks: `rollback: true` on the UPDATE that rolls a failed stack update back.

CloudFormation calls UPDATE again with the old template's properties as the desired state, the
failed update's as the previous one, and `rollback: true` (the registry event's top-level field;
a test event's `request.rollback`). Every case runs through both entrypoints, on the extended
Cognito double (moto_cognito.py), and asserts what Cognito and Secrets Manager hold after every
step: which secrets (ids and values) the client has, what Secrets Manager keeps.
"""

import json
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import pytest

from aws_cognito_userpoolclient import handlers
from aws_cognito_userpoolclient.current import CurrentClient
from aws_cognito_userpoolclient.failures import HandlerFailure
from aws_cognito_userpoolclient.models import ResourceModel
from aws_cognito_userpoolclient.publishing import SWITCH_ROTATION_SECONDS, kept_model

from .conftest import CallRecorder
from .events import CALLER_CREDENTIALS, REGION, event
from .faults import Clock, CloudFormation, Faults, Sent
from .moto_cognito import held_secrets

X = "OldTemplateSecret1234567890abcXYZ"
Y = "FailedUpdateSecret0987654321zyxABC"
GENERATED = {"GenerateSecret": True}
PUBLISHED = {"GenerateSecret": True, "PublishSecretsInAWSSecretsManager": True}
SECRET_WRITES = ("AddUserPoolClientSecret", "DeleteUserPoolClientSecret")


class Through:
    """Invokes one of the two entrypoints as CloudFormation or `cfn test` would."""

    def __init__(self, entrypoint: str, recorder: CallRecorder) -> None:
        self.entrypoint, self.recorder = entrypoint, recorder

    def __call__(
        self,
        action: str,
        properties: Mapping[str, Any] | None,
        previous: Mapping[str, Any] | None = None,
        rollback: bool | None = None,
        callback_context: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        self.recorder.action = action
        answer: dict[str, Any]
        if self.entrypoint == "registry":
            request = event(
                action, properties, previous, callback_context=callback_context, rollback=rollback
            )
            answer = handlers.resource(request, None)
            return answer
        test_request: dict[str, Any] = {
            "clientRequestToken": "token-1",
            "desiredResourceState": properties,
            "previousResourceState": previous,
            "logicalResourceIdentifier": "AppClient",
        }
        if rollback is not None:
            test_request["rollback"] = rollback
        test_event = {
            "credentials": CALLER_CREDENTIALS,
            "action": action,
            "region": REGION,
            "request": test_request,
            "callbackContext": callback_context,
        }
        answer = handlers.test_entrypoint(test_event, None)
        return answer


class Stack:
    """One app client in a stack: templates deployed in turn, and a failed update rolled back.

    `fails_later` is an update this client takes, after which a later resource of the stack fails:
    the stack keeps the template before it, and `rolls_back` sends that one with the flag.
    """

    def __init__(self, cloudformation: CloudFormation, pool_id: str) -> None:
        self.cloudformation, self.pool_id = cloudformation, pool_id
        self.ids: dict[str, str] = {}
        self.applied: dict[str, Any] = {}
        self.failed: dict[str, Any] = {}

    def create(self, **properties: Any) -> dict[str, Any]:
        self.applied = {"UserPoolId": self.pool_id, "ClientName": "svc", **properties}
        model = self._done(self.cloudformation.run("CREATE", self.applied).last)
        self.ids = {"UserPoolId": self.pool_id, "ClientId": model["ClientId"]}
        self.applied = {**self.applied, **self.ids}
        return model

    def template(self, properties: Mapping[str, Any]) -> dict[str, Any]:
        return {**self.ids, "ClientName": "svc", **properties}

    def deploy(self, **properties: Any) -> dict[str, Any]:
        answer = self.update(**properties)
        self.applied = self.template(properties)
        return self._done(answer)

    def update(self, **properties: Any) -> dict[str, Any]:
        desired = self.template(properties)
        return self.cloudformation.run("UPDATE", desired, previous=self.applied).last

    def fails_later(self, **properties: Any) -> dict[str, Any]:
        self.failed = self.template(properties)
        run = self.cloudformation.run("UPDATE", self.failed, previous=self.applied)
        return self._done(run.last)

    def rolls_back(self) -> dict[str, Any]:
        run = self.cloudformation.run("UPDATE", self.applied, previous=self.failed, rollback=True)
        return self._done(run.last)

    @staticmethod
    def _done(answer: dict[str, Any]) -> dict[str, Any]:
        assert answer["status"] == "SUCCESS", answer.get("message")
        model: dict[str, Any] = answer["resourceModel"]
        return model

    def held(self) -> list[tuple[str, str]]:
        """What the client holds: each secret's id and value, oldest first."""
        return held_secrets(self.ids["UserPoolId"], self.ids["ClientId"])

    def values(self) -> list[str]:
        return [value for _, value in self.held()]


@pytest.fixture(params=["registry", "test"])
def through(request: pytest.FixtureRequest, recorder: CallRecorder) -> Through:
    return Through(request.param, recorder)


@pytest.fixture
def stack(through: Through, clock: Clock, pool_id: str) -> Stack:
    clock.time = float(round(clock.time))  # whole seconds, as dates in messages and templates
    return Stack(CloudFormation(through, clock), pool_id)


@pytest.fixture
def secretsmanager(cognito: Any) -> Any:
    import boto3

    return boto3.client("secretsmanager", region_name=REGION)


def kept_values(secretsmanager: Any) -> list[str]:
    """The client secrets Secrets Manager holds (read by the test, never by the handler)."""
    return [
        json.loads(secretsmanager.get_secret_value(SecretId=s["Name"])["SecretString"])[
            "clientSecretValue"
        ]
        for s in secretsmanager.list_secrets()["SecretList"]
    ]


@pytest.fixture
def sent(faults: Faults) -> Sent:
    return faults.record()


def cognito_calls(sent: Sent, since: int) -> list[str]:
    """The Cognito calls sent since the `since`-th request (the test's own reads left out)."""
    service = "AWSCognitoIdentityProviderService."
    return [target.removeprefix(service) for target in sent.targets[since:] if service in target]


def iso_seconds(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rotation(not_before: str, keep_previous: bool = True) -> dict[str, Any]:
    return {"ClientSecretRotation": {"NotBefore": not_before, "KeepPrevious": keep_previous}}


# --- a secret of your own ----------------------------------------------------------------------


def test_a_rolled_back_custom_secret_is_still_held_and_is_not_added_again(
    stack: Stack, sent: Sent
) -> None:
    stack.create(CustomClientSecret=X)
    assert stack.values() == [X]
    changed = stack.fails_later(CustomClientSecret=Y)  # X kept beside Y (KeepPrevious default)
    assert changed["ClientSecret"] == Y
    before = stack.held()
    assert [value for _, value in before] == [X, Y]
    since = len(sent.operations)
    rolled_back = stack.rolls_back()
    assert rolled_back["ClientSecret"] == X  # GetAtt ClientSecret: the old template's own
    assert stack.held() == before  # X never deleted, never added again
    assert cognito_calls(sent, since) == [
        "DescribeUserPoolClient",  # its ClientType: no secret operations for a DCR client
        "ListUserPoolClientSecrets",
        "UpdateUserPoolClient",
    ]


def test_a_rolled_back_custom_secret_the_failed_update_deleted_is_added_beside_the_new_one(
    stack: Stack, sent: Sent
) -> None:
    # Both templates keep no previous secret: a deploy back to X would delete Y once X is added.
    leaked = rotation("2026-01-01", keep_previous=False)
    stack.create(CustomClientSecret=X, **leaked)
    stack.fails_later(CustomClientSecret=Y, **leaked)
    assert stack.values() == [Y]
    since = len(sent.operations)
    rolled_back = stack.rolls_back()
    assert rolled_back["ClientSecret"] == X
    assert stack.values() == [Y, X]  # Y, which the failed update's consumers got, stays too
    assert "DeleteUserPoolClientSecret" not in cognito_calls(sent, since)


# --- rotation of a generated secret ------------------------------------------------------------


def test_an_overlap_rolled_back_onto_keep_previous_false_deletes_neither_secret(
    stack: Stack, clock: Clock, sent: Sent, cognito: Any
) -> None:
    stack.create(**GENERATED)
    (first,) = stack.held()
    stack.deploy(**GENERATED, **rotation(clock.now_iso(), keep_previous=False))
    assert stack.held() == [first]  # nothing due: the secret is as new as NotBefore
    clock.advance(60)
    stack.fails_later(**GENERATED, **rotation(clock.now_iso()))
    overlap = stack.held()
    assert len(overlap) == 2
    assert overlap[0] == first
    since = len(sent.operations)
    rolled_back = stack.rolls_back()
    assert stack.held() == overlap  # the secret every consumer had before the update is kept
    assert not set(SECRET_WRITES) & set(cognito_calls(sent, since))
    # GetAtt ClientSecret is what Cognito reports, one of the two it holds
    reported = cognito.describe_user_pool_client(**stack.ids)["UserPoolClient"]["ClientSecret"]
    assert rolled_back["ClientSecret"] == reported
    assert reported in stack.values()


def test_a_rollback_with_a_rotation_due_adds_only_where_there_is_room(
    stack: Stack, clock: Clock, sent: Sent
) -> None:
    # A rollback's rotation is rarely due (the failed update only made secrets newer), but when
    # it is, it adds where there is room and never deletes the oldest to make room.
    stack.create(**GENERATED)
    clock.advance(60)
    stack.failed = stack.template(GENERATED)
    stack.applied = stack.template({**GENERATED, **rotation(clock.now_iso())})
    (first,) = stack.held()
    added = stack.rolls_back()
    held = stack.held()
    assert len(held) == 2
    assert held[0] == first
    assert added["ClientSecret"] == held[1][1]  # the value in the add's answer
    clock.advance(60)
    stack.applied = stack.template({**GENERATED, **rotation(clock.now_iso())})
    since = len(sent.operations)
    stack.rolls_back()
    assert stack.held() == held  # no room: nothing deleted, nothing added
    assert not set(SECRET_WRITES) & set(cognito_calls(sent, since))


# --- where the secret is kept ------------------------------------------------------------------


def test_a_rolled_back_switch_to_secrets_manager_moves_the_secret_back(
    stack: Stack, clock: Clock, sent: Sent, secretsmanager: Any
) -> None:
    created = stack.create(**GENERATED)
    assert stack.values() == [created["ClientSecret"]]
    clock.advance(3600)
    switched = stack.fails_later(**PUBLISHED)
    assert "ClientSecret" not in switched
    moved = stack.held()
    assert moved[0][1] == created["ClientSecret"]
    assert kept_values(secretsmanager) == [moved[1][1]]  # Cognito rotated on moving it
    since = len(sent.operations)
    rolled_back = stack.rolls_back()
    assert rolled_back["ClientSecret"]  # GetAtt ClientSecret resolves for the old consumers
    assert "ClientSecretArn" not in rolled_back
    assert rolled_back["PublishSecretsInAWSSecretsManager"] is False
    assert kept_values(secretsmanager) == []
    assert stack.held() == moved  # no client secret deleted: the consumers' own still works
    assert cognito_calls(sent, since) == [
        "DescribeUserPoolClient",
        "ListUserPoolClientSecrets",
        "UpdateUserPoolClient",
    ]
    update = [body for op, body in sent.requests if op == "UpdateUserPoolClient"][-1]
    assert update["PublishSecretsInAWSSecretsManager"] is False


def test_a_rollback_leaves_a_secret_kept_there_since_an_earlier_update(
    stack: Stack, clock: Clock, sent: Sent, secretsmanager: Any
) -> None:
    published = stack.create(**PUBLISHED)
    kept = kept_values(secretsmanager)
    clock.advance(3600)
    stack.deploy(**GENERATED, AuthSessionValidity=7)  # the line dropped: nothing changes
    clock.advance(3600)
    stack.fails_later(**PUBLISHED, AuthSessionValidity=9)  # stated again: no switch
    held = stack.held()
    rolled_back = stack.rolls_back()
    assert rolled_back["ClientSecretArn"] == published["ClientSecretArn"]
    assert kept_values(secretsmanager) == kept
    assert stack.held() == held
    update = [body for op, body in sent.requests if op == "UpdateUserPoolClient"][-1]
    assert "PublishSecretsInAWSSecretsManager" not in update


def test_outside_a_rollback_a_dropped_line_still_changes_nothing(
    stack: Stack, clock: Clock, sent: Sent, secretsmanager: Any
) -> None:
    stack.create(**GENERATED)
    clock.advance(3600)
    stack.deploy(**PUBLISHED)
    kept = kept_values(secretsmanager)
    stack.deploy(**GENERATED)  # the same states as the rollback above, without the flag
    assert kept_values(secretsmanager) == kept
    assert "PublishSecretsInAWSSecretsManager" not in sent.requests[-1][1]


def test_in_a_rollback_a_switch_back_to_secrets_manager_goes_through(
    stack: Stack, clock: Clock, sent: Sent, secretsmanager: Any
) -> None:
    stack.create(**PUBLISHED)
    clock.advance(3600)
    stack.fails_later(**GENERATED, PublishSecretsInAWSSecretsManager=False)
    assert kept_values(secretsmanager) == []
    older, newer = stack.held()
    since = len(sent.operations)
    rolled_back = stack.rolls_back()  # two held, and yet not refused: the rollback must finish
    assert rolled_back["ClientSecretArn"]
    # (its ClientType only: a DCR client's secret cannot be kept there)
    assert cognito_calls(sent, since) == ["DescribeUserPoolClient", "UpdateUserPoolClient"]
    # Cognito's rotation on moving it kept the newer and deleted the older (the guide says so)
    assert stack.held()[0] == newer
    assert older not in stack.held()
    assert kept_values(secretsmanager) == [stack.held()[1][1]]


# --- a switch while two secrets are held ------------------------------------------------------


def test_a_switch_while_two_secrets_are_held_is_refused_before_any_write_and_the_advice_works(
    stack: Stack, clock: Clock, sent: Sent, secretsmanager: Any
) -> None:
    stack.create(**GENERATED)
    clock.advance(60)
    stack.deploy(**GENERATED, **rotation(clock.now_iso()))
    overlap = stack.held()
    assert len(overlap) == 2
    since = len(sent.operations)
    refused = stack.update(**PUBLISHED)
    assert (refused["status"], refused["errorCode"]) == ("FAILED", "InvalidRequest")
    older = clock.time - 60  # made by the create, a minute before the rotation
    assert refused["message"] == (
        "PublishSecretsInAWSSecretsManager: the app client holds two secrets, and Cognito's"
        " rotation on moving them to Secrets Manager would delete the older one (created"
        f" {iso_seconds(older)}) at once, while consumers may still use it. End the overlap first:"
        f" deploy ClientSecretRotation {{NotBefore: '{iso_seconds(clock.time)}', KeepPrevious:"
        " false} without PublishSecretsInAWSSecretsManager: true (it deletes the older secret and"
        " keeps the newer), then switch"
    )
    assert cognito_calls(sent, since) == ["DescribeUserPoolClient", "ListUserPoolClientSecrets"]
    assert stack.held() == overlap
    assert kept_values(secretsmanager) == []
    # the advice, followed
    stack.deploy(**GENERATED, **rotation(iso_seconds(clock.time), keep_previous=False))
    assert stack.held() == overlap[1:]
    stack.deploy(**PUBLISHED)
    assert stack.held()[0] == overlap[1]
    assert kept_values(secretsmanager) == [stack.held()[1][1]]


def test_a_client_already_kept_there_is_no_switch_and_costs_nothing_extra(
    stack: Stack, through: Through, clock: Clock, sent: Sent
) -> None:
    stack.create(**PUBLISHED)
    assert len(stack.held()) == 2  # Cognito rotated on taking it: two held, and no refusal below
    clock.advance(3600)
    stack.deploy(**GENERATED)
    since = len(sent.operations)
    stack.deploy(**PUBLISHED)  # stated again after the line was dropped: one look
    assert cognito_calls(sent, since) == ["DescribeUserPoolClient", "UpdateUserPoolClient"]
    read = through("READ", stack.ids)["resourceModel"]
    since = len(sent.operations)
    answer = through("UPDATE", {**read, "AuthSessionValidity": 9})  # Cloud Control: the ARN
    assert answer["status"] == "SUCCESS", answer.get("message")
    assert cognito_calls(sent, since) == ["UpdateUserPoolClient"]


# --- lost answers and busy pools during a rollback ---------------------------------------------


def test_a_rollback_whose_update_is_lost_or_whose_pool_is_busy_loses_no_secret(
    stack: Stack, faults: Faults
) -> None:
    stack.create(CustomClientSecret=X)
    stack.fails_later(CustomClientSecret=Y)
    before = stack.held()
    faults.refuse("UpdateUserPoolClient", 3, "ConcurrentModificationException")
    faults.lose("UpdateUserPoolClient", 1, after_commit=True, kind="timeout")
    assert stack.rolls_back()["ClientSecret"] == X
    assert stack.held() == before


@pytest.mark.parametrize("after_commit", [True, False])
def test_a_rollback_whose_add_is_lost_adds_the_old_secret_once(
    stack: Stack, faults: Faults, after_commit: bool
) -> None:
    leaked = rotation("2026-01-01", keep_previous=False)
    stack.create(CustomClientSecret=X, **leaked)
    stack.fails_later(CustomClientSecret=Y, **leaked)
    fault = faults.lose("AddUserPoolClientSecret", 1, after_commit=after_commit, kind="500")
    assert stack.rolls_back()["ClientSecret"] == X
    assert fault.lost == 1
    assert stack.values() == [Y, X]


@pytest.mark.parametrize("after_commit", [True, False])
def test_a_rollback_whose_generated_add_is_lost_deletes_nothing(
    stack: Stack, clock: Clock, faults: Faults, sent: Sent, after_commit: bool
) -> None:
    stack.create(**GENERATED)
    (first,) = stack.held()
    clock.advance(60)
    stack.failed = stack.template(GENERATED)
    stack.applied = stack.template({**GENERATED, **rotation(clock.now_iso())})
    faults.lose("AddUserPoolClientSecret", 1, after_commit=after_commit, kind="closed")
    since = len(sent.operations)
    stack.rolls_back()
    held = stack.held()
    assert len(held) == 2
    assert held[0] == first
    assert "DeleteUserPoolClientSecret" not in cognito_calls(sent, since)


@pytest.mark.parametrize("after_commit", [True, False])
def test_a_rolled_back_switch_whose_update_is_lost_is_undone_once(
    stack: Stack, clock: Clock, faults: Faults, secretsmanager: Any, after_commit: bool
) -> None:
    stack.create(**GENERATED)
    clock.advance(3600)
    stack.fails_later(**PUBLISHED)
    moved = stack.held()
    faults.lose("UpdateUserPoolClient", 1, after_commit=after_commit, kind="500")
    rolled_back = stack.rolls_back()
    assert rolled_back["ClientSecret"]
    assert "ClientSecretArn" not in rolled_back
    assert kept_values(secretsmanager) == []
    assert stack.held() == moved


# --- the flag itself ---------------------------------------------------------------------------


def test_without_the_flag_the_same_update_is_a_deploy(stack: Stack, sent: Sent) -> None:
    # The rollback's states, sent as a deploy (no flag): a rotation back to X, as before.
    stack.create(CustomClientSecret=X)
    stack.fails_later(CustomClientSecret=Y)
    (x_id, _), _ = stack.held()
    answer = stack.cloudformation.run(
        "UPDATE", stack.applied, previous=stack.failed, rollback=False
    )
    assert answer.last["resourceModel"]["ClientSecret"] == X
    assert x_id not in [secret_id for secret_id, _ in stack.held()]


# --- telling the failed update's switch from an earlier one -------------------------------------

MODIFIED = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret/cognito-idp/us-east-1_Ab1/c1"


def as_held(described: dict[str, Any], created: list[datetime]) -> CurrentClient:
    """A client as Cognito holds it, without a call: what its reads would answer."""
    current = CurrentClient(cast(Any, None), "us-east-1_Ab1", "c1")
    secrets = [
        {"ClientSecretId": f"c1--{n}", "ClientSecretCreateDate": d} for n, d in enumerate(created)
    ]
    current.__dict__.update(described=described, secrets=secrets)
    return current


def model(**properties: Any) -> ResourceModel:
    given = {key: value for key, value in properties.items() if value is not None}
    state = {"UserPoolId": "us-east-1_Ab1", "ClientId": "c1", "GenerateSecret": True, **given}
    return cast(ResourceModel, ResourceModel._deserialize(state))


@pytest.mark.parametrize(
    ("apart", "undone"),
    [
        (0, True),
        (SWITCH_ROTATION_SECONDS, True),
        (-SWITCH_ROTATION_SECONDS, True),
        (SWITCH_ROTATION_SECONDS + 1, False),
        (-SWITCH_ROTATION_SECONDS - 1, False),
        (-7 * 86400, False),
    ],
)
@pytest.mark.parametrize("older", [[], [MODIFIED - timedelta(days=30)]], ids=["one", "two"])
def test_a_switch_is_the_failed_updates_when_its_rotation_is_as_old_as_the_update(
    apart: int, undone: bool, older: list[datetime]
) -> None:
    newest = MODIFIED + timedelta(seconds=apart)
    current = as_held({"ClientSecretArn": ARN, "LastModifiedDate": MODIFIED}, [*older, newest])
    previous = model(PublishSecretsInAWSSecretsManager=True)
    kept = kept_model(model(), previous, rollback=True, current=current)
    assert kept.PublishSecretsInAWSSecretsManager is (False if undone else None)


@pytest.mark.parametrize(
    ("described", "created", "previous", "rollback"),
    [
        ({"LastModifiedDate": MODIFIED}, [MODIFIED], True, True),  # not kept there at all
        ({"ClientSecretArn": ARN}, [MODIFIED], True, True),  # no record: left as it is
        ({"ClientSecretArn": ARN, "LastModifiedDate": MODIFIED}, [], True, True),
        ({"ClientSecretArn": ARN, "LastModifiedDate": MODIFIED}, [MODIFIED], None, True),
        ({"ClientSecretArn": ARN, "LastModifiedDate": MODIFIED}, [MODIFIED], True, False),
    ],
    ids=["not-published", "no-last-modified", "no-secrets", "not-switched-by-it", "no-rollback"],
)
def test_nothing_else_is_taken_for_the_failed_updates_switch(
    described: dict[str, Any], created: list[datetime], previous: bool | None, rollback: bool
) -> None:
    current = as_held(described, created)
    before = model(PublishSecretsInAWSSecretsManager=previous)
    kept = kept_model(model(), before, rollback=rollback, current=current)
    assert kept.PublishSecretsInAWSSecretsManager is None


def never_read() -> CurrentClient:
    """A client whose every read fails the test: what a decision must not cost."""
    return CurrentClient(cast(Any, None), "us-east-1_Ab1", "c1")


@pytest.mark.parametrize(
    ("desired", "previous"),
    [
        ({"ClientSecretArn": ARN}, {}),
        ({}, {"ClientSecretArn": ARN}),
        ({"ClientSecretArn": ARN}, {"ClientSecretArn": ARN}),
    ],
    ids=["desired-read-state", "previous-read-state", "both"],
)
def test_a_state_that_shows_the_secret_kept_there_is_no_switch_and_reads_nothing(
    desired: dict[str, Any], previous: dict[str, Any]
) -> None:
    stated = model(PublishSecretsInAWSSecretsManager=True, **desired)
    before = model(PublishSecretsInAWSSecretsManager=True, **previous)
    assert kept_model(stated, before, rollback=False, current=never_read()) is stated


def test_a_switch_refused_names_its_dates_in_utc_whatever_the_machines_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        east = timezone(timedelta(hours=2))
        created = [datetime(2026, 11, 1, 10, tzinfo=east), datetime(2026, 12, 1, 1, tzinfo=east)]
        current = as_held({"LastModifiedDate": MODIFIED}, created)
        with pytest.raises(HandlerFailure) as refused:
            kept_model(
                model(PublishSecretsInAWSSecretsManager=True), None, rollback=False, current=current
            )
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "(created 2026-11-01T08:00:00Z)" in refused.value.message
    assert "{NotBefore: '2026-11-30T23:00:00Z', KeepPrevious: false}" in refused.value.message
