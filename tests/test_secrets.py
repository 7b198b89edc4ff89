"""Client secret rotation in place and secrets of your own (Cognito's 2026 secret API).

State tests run on moto with the secret operations added in moto_cognito.py; exact call sequences
use botocore's Stubber with the provider's own client.
"""

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.stub import Stubber

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient import handlers, messages

from .conftest import CallRecorder, Invoke, event
from .faults import until_done

CUSTOM = "MyOwnSecret1234567890abcdefXYZ"
OTHER_CUSTOM = "AnotherSecret0987654321zyxwvuABC"


def now_iso(offset: timedelta = timedelta()) -> str:
    return (datetime.now(UTC) + offset).isoformat()


def secrets_of(cognito: Any, ids: dict[str, str]) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = cognito.list_user_pool_client_secrets(**ids)["ClientSecrets"]
    return sorted(listed, key=lambda s: s["ClientSecretCreateDate"])


def created_client(invoke: Invoke, properties: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    response = invoke("CREATE", properties)
    assert response["status"] == "SUCCESS", response.get("message")
    model = response["resourceModel"]
    return model, {"UserPoolId": model["UserPoolId"], "ClientId": model["ClientId"]}


@pytest.fixture
def confidential(invoke: Invoke, pool_id: str) -> tuple[dict[str, Any], dict[str, str]]:
    return created_client(invoke, {"UserPoolId": pool_id, "GenerateSecret": True})


def rotate(
    invoke: Invoke, created: dict[str, Any], block: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    desired = {
        "UserPoolId": created["UserPoolId"],
        "ClientId": created["ClientId"],
        "ClientName": created["ClientName"],
        "GenerateSecret": True,
        "ClientSecretRotation": block,
    }
    previous = kwargs.pop("previous", {**desired, "ClientSecretRotation": None})
    responses = until_done(invoke, "UPDATE", desired, previous=previous, **kwargs)
    assert responses[-1]["status"] == "SUCCESS", responses[-1].get("message")
    model: dict[str, Any] = responses[-1]["resourceModel"]
    return model


def test_a_due_rotation_adds_a_secret_in_place_and_keeps_the_previous(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, confidential: Any
) -> None:
    created, ids = confidential
    rotated = rotate(invoke, created, {"NotBefore": now_iso()})
    assert rotated["ClientId"] == created["ClientId"]
    assert rotated["ClientSecret"] not in (None, created["ClientSecret"])
    assert "ClientSecretRotation" not in rotated
    assert "CustomClientSecret" not in rotated
    assert len(secrets_of(cognito, ids)) == 2
    assert recorder.operations("UPDATE") == [
        "DescribeUserPoolClient",  # its ClientType: a DCR client has no secret operations
        "ListUserPoolClientSecrets",
        "UpdateUserPoolClient",
        "AddUserPoolClientSecret",
    ]


def test_the_same_rotation_again_adds_nothing(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, confidential: Any
) -> None:
    created, ids = confidential
    block = {"NotBefore": now_iso()}
    first = rotate(invoke, created, block)
    recorder.calls.clear()
    again = rotate(invoke, created, block, previous={**created, "ClientSecretRotation": block})
    # (the previous state, the create's model, says ClientType REGULAR: nothing to ask)
    assert recorder.operations("UPDATE") == ["ListUserPoolClientSecrets", "UpdateUserPoolClient"]
    assert len(secrets_of(cognito, ids)) == 2
    assert again["ClientSecret"] == first["ClientSecret"]


def test_a_cloud_control_update_resending_the_block_without_previous_state_adds_nothing(
    invoke: Invoke, cognito: Any, confidential: Any
) -> None:
    created, ids = confidential
    block = {"NotBefore": now_iso()}
    rotate(invoke, created, block)
    held = secrets_of(cognito, ids)
    read = invoke("READ", ids)["resourceModel"]
    response = invoke("UPDATE", {**read, "ClientSecretRotation": block})  # no previous state
    assert response["status"] == "SUCCESS", response.get("message")
    assert secrets_of(cognito, ids) == held


def test_second_and_third_rotations_replace_the_oldest_secret(
    invoke: Invoke, cognito: Any, confidential: Any
) -> None:
    created, ids = confidential
    seen = [created["ClientSecret"]]
    for _ in range(3):
        ids_before = [s["ClientSecretId"] for s in secrets_of(cognito, ids)]
        seen.append(rotate(invoke, created, {"NotBefore": now_iso()})["ClientSecret"])
        held = secrets_of(cognito, ids)
        assert len(held) <= 2
        assert held[0]["ClientSecretId"] == ids_before[-1]  # the previous newest is kept
    assert len(set(seen)) == 4
    assert invoke("READ", ids)["resourceModel"]["ClientSecret"] == seen[-1]


def test_keep_previous_false_leaves_only_the_new_secret(
    invoke: Invoke, cognito: Any, confidential: Any
) -> None:
    created, ids = confidential
    rotate(invoke, created, {"NotBefore": now_iso()})
    rotated = rotate(invoke, created, {"NotBefore": now_iso(), "KeepPrevious": False})
    (only,) = secrets_of(cognito, ids)
    assert (
        cognito.describe_user_pool_client(**ids)["UserPoolClient"]["ClientSecret"]
        == (rotated["ClientSecret"])
    )
    assert only["ClientSecretId"]


@pytest.mark.parametrize("after_commit", [True, False])
def test_an_add_whose_answer_is_lost_leaves_no_third_secret_and_no_half_rotation(
    invoke: Invoke, lose: Any, cognito: Any, confidential: Any, after_commit: bool
) -> None:
    created, ids = confidential
    rotate(invoke, created, {"NotBefore": now_iso()})  # two secrets held now
    fault = lose("AddUserPoolClientSecret", 1, after_commit=after_commit, kind="timeout")
    rotated = rotate(invoke, created, {"NotBefore": now_iso()})
    assert fault.lost == 1
    held = secrets_of(cognito, ids)
    assert len(held) == 2
    described = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert described["ClientSecret"] == rotated["ClientSecret"]  # the value handed out is live


@pytest.mark.parametrize("after_commit", [True, False])
def test_a_lost_add_with_keep_previous_false_leaves_only_the_new_live_secret(
    invoke: Invoke, lose: Any, cognito: Any, confidential: Any, after_commit: bool
) -> None:
    created, ids = confidential
    lose("AddUserPoolClientSecret", 1, after_commit=after_commit, kind="closed")
    rotated = rotate(invoke, created, {"NotBefore": now_iso(), "KeepPrevious": False})
    assert len(secrets_of(cognito, ids)) == 1
    described = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert described["ClientSecret"] == rotated["ClientSecret"] != created["ClientSecret"]


def test_a_lost_add_of_a_custom_secret_is_adopted_not_added_twice(
    invoke: Invoke, lose: Any, recorder: CallRecorder, cognito: Any, pool_id: str
) -> None:
    _, ids = created_client(invoke, {"UserPoolId": pool_id, "CustomClientSecret": CUSTOM})
    fault = lose("AddUserPoolClientSecret", 1, after_commit=True, kind="timeout")
    previous = {**ids, "CustomClientSecret": CUSTOM}
    responses = until_done(
        invoke, "UPDATE", {**ids, "CustomClientSecret": OTHER_CUSTOM}, previous=previous
    )
    assert responses[-1]["status"] == "SUCCESS", responses[-1].get("message")
    assert fault.sent == 1
    assert responses[-1]["resourceModel"]["ClientSecret"] == OTHER_CUSTOM
    assert len(secrets_of(cognito, ids)) == 2
    assert recorder.operations("UPDATE").count("AddUserPoolClientSecret") == 1


def test_an_unfinished_keep_previous_false_rotation_is_finished_on_the_callback(
    invoke: Invoke, faults: Any, cognito: Any, confidential: Any
) -> None:
    # The pool is busy when the other secret is to be deleted, longer than the SDK retries.
    created, ids = confidential
    busy = faults.refuse("DeleteUserPoolClientSecret", 3, "ConcurrentModificationException")
    rotated = rotate(invoke, created, {"NotBefore": now_iso(), "KeepPrevious": False})
    assert busy.refused == 3
    assert len(secrets_of(cognito, ids)) == 1
    described = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert described["ClientSecret"] == rotated["ClientSecret"] != created["ClientSecret"]


def test_an_update_with_a_due_rotation_whose_update_answers_are_lost_rotates_once(
    invoke: Invoke, lose: Any, cognito: Any, confidential: Any
) -> None:
    created, ids = confidential
    lose("UpdateUserPoolClient", 4, after_commit=True, kind="500")
    rotated = rotate(invoke, created, {"NotBefore": now_iso()})
    held = secrets_of(cognito, ids)
    assert len(held) == 2
    assert rotated["ClientSecret"] not in (None, created["ClientSecret"])


def test_an_unchanged_custom_secret_no_longer_live_is_not_added_again(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str
) -> None:
    # CustomClientSecret stays as it was; a NotBefore rotation made a newer, generated secret.
    _, ids = created_client(invoke, {"UserPoolId": pool_id, "CustomClientSecret": CUSTOM})
    desired = {
        **ids,
        "CustomClientSecret": CUSTOM,
        "ClientSecretRotation": {"NotBefore": now_iso()},
    }
    first = invoke("UPDATE", desired, previous={**ids, "CustomClientSecret": CUSTOM})
    assert first["status"] == "SUCCESS", first.get("message")
    recorder.calls.clear()
    again = invoke("UPDATE", desired, previous=desired)
    assert again["status"] == "SUCCESS", again.get("message")
    assert "AddUserPoolClientSecret" not in recorder.operations("UPDATE")
    assert len(secrets_of(cognito, ids)) == 2


def test_a_not_before_with_a_utc_offset_is_read_in_that_offset(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, confidential: Any
) -> None:
    created, _ = confidential
    # One hour ago, written as local time two hours east of UTC: the secret is newer, so nothing
    # is due. Read without its offset, the same text would be an hour ahead: refused.
    moment = datetime.now(UTC) - timedelta(hours=1)
    east = moment.astimezone(timezone(timedelta(hours=2))).replace(microsecond=0).isoformat()
    assert east.endswith("+02:00")
    recorder.calls.clear()
    rotate(invoke, created, {"NotBefore": east})
    assert "AddUserPoolClientSecret" not in recorder.operations("UPDATE")  # created after it


def test_a_custom_secret_on_create_is_the_clients_secret_and_never_returned_as_given(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str
) -> None:
    created, ids = created_client(invoke, {"UserPoolId": pool_id, "CustomClientSecret": CUSTOM})
    assert recorder.operations("CREATE") == ["CreateUserPoolClient"]
    assert "CustomClientSecret" not in created
    assert cognito.describe_user_pool_client(**ids)["UserPoolClient"]["ClientSecret"] == CUSTOM
    assert len(secrets_of(cognito, ids)) == 1


def test_a_changed_custom_secret_rotates_to_it_once(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str
) -> None:
    _, ids = created_client(invoke, {"UserPoolId": pool_id, "CustomClientSecret": CUSTOM})
    previous = {**ids, "CustomClientSecret": CUSTOM}
    desired = {**ids, "CustomClientSecret": OTHER_CUSTOM}
    response = invoke("UPDATE", desired, previous=previous)
    assert response["status"] == "SUCCESS", response.get("message")
    assert response["resourceModel"]["ClientSecret"] == OTHER_CUSTOM
    assert "CustomClientSecret" not in response["resourceModel"]
    assert len(secrets_of(cognito, ids)) == 2
    recorder.calls.clear()
    # retried with the same states, then as Cloud Control sends it: nothing more is added
    assert invoke("UPDATE", desired, previous=previous)["status"] == "SUCCESS"
    assert invoke("UPDATE", desired)["status"] == "SUCCESS"
    assert "AddUserPoolClientSecret" not in recorder.operations("UPDATE")
    assert len(secrets_of(cognito, ids)) == 2


@pytest.mark.parametrize(
    ("properties", "named"),
    [
        (
            {"GenerateSecret": True, "ClientSecretRotation": {"NotBefore": "2999-01-01"}},
            "NotBefore: '2999-01-01' is in the future",
        ),
        ({"ClientSecretRotation": {"NotBefore": "2026-01-01"}}, "needs a client secret"),
        (
            {"GenerateSecret": True, "CustomClientSecret": CUSTOM},
            "CustomClientSecret: cannot be combined with GenerateSecret: true",
        ),
        ({"CustomClientSecret": "short"}, "CustomClientSecret: shorter than 24"),
        (
            {"ClientSecretRotation": {"NotBefore": "next tuesday"}},
            "NotBefore: 'next tuesday' is not an ISO 8601 date such as 2026-11-01",
        ),
        (
            {"GenerateSecret": True, "ClientSecretRotation": {"NotBefore": "2026-02-30"}},
            "NotBefore: '2026-02-30' is not a date",
        ),
    ],
)
def test_impossible_rotations_are_refused_before_any_change(
    invoke: Invoke,
    recorder: CallRecorder,
    confidential: Any,
    properties: dict[str, Any],
    named: str,
) -> None:
    _, ids = confidential
    recorder.calls.clear()
    response = invoke("UPDATE", {**ids, **properties}, previous={**ids, **properties})
    assert response["errorCode"] == "InvalidRequest"
    assert named in response["message"]
    assert CUSTOM not in response["message"]
    assert [op for op in recorder.operations() if not op.startswith(("List", "Describe"))] == []


def test_a_create_with_a_future_not_before_is_refused(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    block = {"NotBefore": now_iso(timedelta(days=2))}
    properties = {"UserPoolId": pool_id, "GenerateSecret": True, "ClientSecretRotation": block}
    response = invoke("CREATE", properties)
    assert response["errorCode"] == "InvalidRequest"
    assert "is in the future" in response["message"]
    assert recorder.operations() == []


def test_a_rotation_of_a_client_without_a_secret_is_refused_before_the_update(
    invoke: Invoke, recorder: CallRecorder, pool_id: str
) -> None:
    # Cloud Control can send the block with GenerateSecret taken from the read model: false.
    _, ids = created_client(invoke, {"UserPoolId": pool_id})
    recorder.calls.clear()
    response = invoke("UPDATE", {**ids, "CustomClientSecret": CUSTOM})
    assert response["errorCode"] == "InvalidRequest"
    assert "has no secret to rotate" in response["message"]
    assert "UpdateUserPoolClient" not in recorder.operations()
    assert recorder.operations()[-1] == "ListUserPoolClientSecrets"


def test_no_secret_in_any_log_record_at_debug(
    invoke: Invoke,
    pool_id: str,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    _, ids = created_client(invoke, {"UserPoolId": pool_id, "CustomClientSecret": CUSTOM})
    changed = invoke(
        "UPDATE",
        {**ids, "CustomClientSecret": OTHER_CUSTOM, "ClientSecretRotation": {"NotBefore": "x"}},
        previous={**ids, "CustomClientSecret": CUSTOM},
    )
    rotated = invoke(
        "UPDATE",
        {
            **ids,
            "CustomClientSecret": OTHER_CUSTOM,
            "ClientSecretRotation": {"NotBefore": now_iso()},
        },
        previous={**ids, "CustomClientSecret": CUSTOM},
    )
    assert rotated["status"] == "SUCCESS", rotated.get("message")
    values = {CUSTOM, OTHER_CUSTOM, rotated["resourceModel"]["ClientSecret"]}
    assert caplog.records
    printed = capsys.readouterr()
    for value in values:
        for record in caplog.records:
            assert value not in record.getMessage(), record.name
        assert value not in changed["message"]
        assert value not in printed.out + printed.err


# --- exact call sequences (Stubber) ---------------------------------------------------------

POOL = "us-east-1_Example1"
CLIENT_ID = "1example23456789abcdef"
DESCRIBED = {
    "UserPoolId": POOL,
    "ClientId": CLIENT_ID,
    "ClientName": "web",
    "ClientSecret": "a" * 40,
    "ClientType": "REGULAR",
}


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    client = client_module._BOTOCORE_SESSION.create_client(
        "cognito-idp", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    monkeypatch.setattr(handlers, "cognito_client", lambda session, region: client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def secret(suffix: int, age_days: int) -> dict[str, Any]:
    created = datetime.now(UTC) - timedelta(days=age_days)
    return {"ClientSecretId": f"{CLIENT_ID}--{suffix}", "ClientSecretCreateDate": created}


def test_a_due_rotation_with_two_secrets_and_keep_previous_false_calls_exactly(
    stub: Stubber,
) -> None:
    ids = {"UserPoolId": POOL, "ClientId": CLIENT_ID}
    oldest, newer = secret(1, 20), secret(2, 10)
    stub.add_response("describe_user_pool_client", {"UserPoolClient": DESCRIBED}, ids)
    stub.add_response("list_user_pool_client_secrets", {"ClientSecrets": [newer, oldest]}, ids)
    stub.add_response("update_user_pool_client", {"UserPoolClient": DESCRIBED})
    stub.add_response(
        "delete_user_pool_client_secret", {}, {**ids, "ClientSecretId": oldest["ClientSecretId"]}
    )
    added = {**secret(3, 0), "ClientSecretValue": "n" * 40}
    stub.add_response("add_user_pool_client_secret", {"ClientSecretDescriptor": added}, ids)
    stub.add_response(
        "delete_user_pool_client_secret", {}, {**ids, "ClientSecretId": newer["ClientSecretId"]}
    )
    desired = {
        **ids,
        "ClientName": "web",
        "GenerateSecret": True,
        "ClientSecretRotation": {"NotBefore": now_iso(timedelta(days=-1)), "KeepPrevious": False},
    }
    response = handlers.resource(event("UPDATE", desired, previous=desired), None)
    assert response["status"] == "SUCCESS", response.get("message")
    assert response["resourceModel"]["ClientSecret"] == "n" * 40


def test_a_secret_created_exactly_at_not_before_is_not_old(
    cloudformation: Any, faults: Any, recorder: CallRecorder, pool_id: str
) -> None:
    clock = cloudformation.clock
    clock.time = float(round(clock.time))  # whole seconds, as dates in a template are
    created = cloudformation.run("CREATE", {"UserPoolId": pool_id, "GenerateSecret": True})
    created_model = created.last["resourceModel"]
    block = {"NotBefore": clock.now_iso()}  # the very second the secret was made
    recorder.calls.clear()
    same = cloudformation.run(
        "UPDATE", {**created_model, "ClientSecretRotation": block}, previous=created_model
    )
    assert same.last["status"] == "SUCCESS", same.last.get("message")
    assert "AddUserPoolClientSecret" not in recorder.operations("UPDATE")
    clock.advance(1)
    later = {"NotBefore": clock.now_iso()}
    rotated = cloudformation.run(
        "UPDATE", {**created_model, "ClientSecretRotation": later}, previous=created_model
    )
    assert rotated.last["status"] == "SUCCESS", rotated.last.get("message")
    assert "AddUserPoolClientSecret" in recorder.operations("UPDATE")


def test_not_before_may_be_now_but_not_a_second_later(
    invoke: Invoke, clock: Any, pool_id: str
) -> None:
    clock.time = float(round(clock.time))
    moment = clock.now_iso()
    now = {
        "UserPoolId": pool_id,
        "GenerateSecret": True,
        "ClientSecretRotation": {"NotBefore": moment},
    }
    assert invoke("CREATE", now)["status"] == "SUCCESS"
    clock.advance(-1)  # the same text is now a second ahead of the clock
    ahead = invoke("CREATE", now, token="another-create")
    assert ahead["message"] == (
        "Invalid properties: ClientSecretRotation.NotBefore:"
        f" {messages.quoted(moment)} is in the future"
    )


def test_an_unchanged_custom_secret_is_not_rotated_back_to_after_an_outside_rotation(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str
) -> None:
    _, ids = created_client(invoke, {"UserPoolId": pool_id, "CustomClientSecret": CUSTOM})
    cognito.add_user_pool_client_secret(**ids)  # rotated outside the stack: a generated one
    recorder.calls.clear()
    desired = {**ids, "CustomClientSecret": CUSTOM}
    assert invoke("UPDATE", desired, previous=desired)["status"] == "SUCCESS"
    assert "AddUserPoolClientSecret" not in recorder.operations("UPDATE")


@pytest.mark.parametrize("after_commit", [True, False])
def test_a_lost_add_of_a_custom_secret_ends_with_it_added_once(
    invoke: Invoke, lose: Any, cognito: Any, pool_id: str, after_commit: bool
) -> None:
    _, ids = created_client(invoke, {"UserPoolId": pool_id, "CustomClientSecret": CUSTOM})
    lose("AddUserPoolClientSecret", 1, after_commit=after_commit, kind="500")
    previous = {**ids, "CustomClientSecret": CUSTOM}
    responses = until_done(
        invoke, "UPDATE", {**ids, "CustomClientSecret": OTHER_CUSTOM}, previous=previous
    )
    assert responses[0]["callbackContext"]["secretsHeld"] == [
        s["ClientSecretId"] for s in secrets_of(cognito, ids)[:1]
    ]
    assert responses[-1]["status"] == "SUCCESS", responses[-1].get("message")
    assert responses[-1]["resourceModel"]["ClientSecret"] == OTHER_CUSTOM
    assert len(secrets_of(cognito, ids)) == 2


def test_a_client_that_lists_no_secrets_has_none_to_rotate(stub: Stubber) -> None:
    ids = {"UserPoolId": POOL, "ClientId": CLIENT_ID}
    stub.add_response("describe_user_pool_client", {"UserPoolClient": DESCRIBED}, ids)
    stub.add_response("list_user_pool_client_secrets", {}, ids)
    desired = {
        **ids,
        "ClientName": "web",
        "ClientSecretRotation": {"NotBefore": "2026-01-01"},
        "GenerateSecret": True,
    }
    response = handlers.resource(event("UPDATE", desired, previous=desired), None)
    assert response["message"] == (
        "ClientSecretRotation, CustomClientSecret: the app client has no secret to rotate (it was"
        " created without GenerateSecret or CustomClientSecret)"
    )


def test_a_lost_generated_add_is_deleted_and_added_again_whatever_cognito_reports(
    stub: Stubber,
) -> None:
    # The value of a generated secret is only in the add's answer: once lost, the secret is
    # deleted and added anew, even when Cognito's description already shows some secret.
    ids = {"UserPoolId": POOL, "ClientId": CLIENT_ID}
    old = secret(1, 20)
    desired = {
        **ids,
        "ClientName": "web",
        "GenerateSecret": True,
        "ClientSecretRotation": {"NotBefore": now_iso(timedelta(days=-1))},
    }
    stub.add_response("describe_user_pool_client", {"UserPoolClient": DESCRIBED}, ids)
    stub.add_response("list_user_pool_client_secrets", {"ClientSecrets": [old]}, ids)
    stub.add_response("update_user_pool_client", {"UserPoolClient": DESCRIBED})
    stub.add_client_error(
        "add_user_pool_client_secret", "InternalErrorException", http_status_code=500
    )
    first = handlers.resource(event("UPDATE", desired, previous=desired), None)
    assert first["status"] == "IN_PROGRESS"
    assert first["callbackContext"]["secretsHeld"] == [old["ClientSecretId"]]
    lost = secret(2, 0)
    stub.add_response("describe_user_pool_client", {"UserPoolClient": DESCRIBED}, ids)
    stub.add_response("list_user_pool_client_secrets", {"ClientSecrets": [old, lost]}, ids)
    stub.add_response(
        "update_user_pool_client", {"UserPoolClient": {**DESCRIBED, "ClientSecret": "r" * 40}}
    )
    stub.add_response(
        "delete_user_pool_client_secret", {}, {**ids, "ClientSecretId": lost["ClientSecretId"]}
    )
    added = {**secret(3, 0), "ClientSecretValue": "n" * 40}
    stub.add_response("add_user_pool_client_secret", {"ClientSecretDescriptor": added}, ids)
    settled = handlers.resource(
        event("UPDATE", desired, previous=desired, callback_context=first["callbackContext"]), None
    )
    assert settled["status"] == "SUCCESS", settled.get("message")
    assert settled["resourceModel"]["ClientSecret"] == "n" * 40


def test_a_lost_add_of_a_custom_secret_that_keeps_no_previous_leaves_it_alone(
    invoke: Invoke, lose: Any, cognito: Any, pool_id: str
) -> None:
    _, ids = created_client(invoke, {"UserPoolId": pool_id, "CustomClientSecret": CUSTOM})
    lose("AddUserPoolClientSecret", 1, after_commit=True, kind="timeout")
    previous = {**ids, "CustomClientSecret": CUSTOM}
    desired = {
        **ids,
        "CustomClientSecret": OTHER_CUSTOM,
        "ClientSecretRotation": {"NotBefore": "2026-01-01", "KeepPrevious": False},
    }
    responses = until_done(invoke, "UPDATE", desired, previous=previous)
    assert responses[-1]["status"] == "SUCCESS", responses[-1].get("message")
    assert responses[-1]["resourceModel"]["ClientSecret"] == OTHER_CUSTOM
    assert len(secrets_of(cognito, ids)) == 1
    assert (
        cognito.describe_user_pool_client(**ids)["UserPoolClient"]["ClientSecret"] == OTHER_CUSTOM
    )


def test_an_add_whose_every_answer_is_lost_gives_up_naming_it(
    invoke: Invoke, lose: Any, confidential: Any
) -> None:
    created, _ = confidential
    lose("AddUserPoolClientSecret", 100, after_commit=False, kind="timeout")
    desired = {**created, "ClientSecretRotation": {"NotBefore": now_iso()}}
    del desired["ClientSecret"], desired["Name"]
    responses = until_done(invoke, "UPDATE", desired, previous=created)
    assert responses[-1]["errorCode"] == "NetworkFailure"
    assert responses[-1]["message"].startswith("Cognito AddUserPoolClientSecret: 5 answers lost")
