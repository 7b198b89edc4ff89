"""Each handler's Cognito permissions in the schema are exactly the calls it makes.

Every test that uses the `recorder` fixture also fails on a call its action's permissions lack (see
conftest.py); this test drives every path of every handler and checks that no Cognito permission is
listed that no call needs. The iam:* permissions are not calls of ours: Cognito checks them on the
caller when an analytics configuration is given (see the README's permissions section).
"""

from datetime import UTC, datetime
from typing import Any

from .conftest import SCHEMA, CallRecorder, Invoke
from .test_lost_answers import lose, until_done

__all__ = ["lose"]  # the fixture, used by name


def test_cognito_permissions_are_exactly_the_calls_each_handler_makes(
    invoke: Invoke, recorder: CallRecorder, pool_id: str, lose: Any
) -> None:
    # A create whose answer is lost looks for the client it made: list, then describe.
    lose("CreateUserPoolClient", 1, after_commit=True)
    properties = {"UserPoolId": pool_id, "GenerateSecret": True}
    created = until_done(invoke, "CREATE", properties)[-1]["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    invoke("READ", ids)
    invoke("UPDATE", {**ids, "GenerateSecret": True}, previous={**ids, "GenerateSecret": True})
    # Two due rotations: list and add, then delete the oldest of the two held.
    for _ in range(2):
        rotation = {"NotBefore": datetime.now(UTC).isoformat()}
        desired = {**ids, "GenerateSecret": True, "ClientSecretRotation": rotation}
        assert invoke("UPDATE", desired, previous=desired)["status"] == "SUCCESS"
    invoke("LIST", {"UserPoolId": pool_id})
    invoke("DELETE", ids)
    assert recorder.unpermitted() == []
    for action, handler in SCHEMA["handlers"].items():
        listed = {p for p in handler["permissions"] if p.startswith("cognito-idp:")}
        made = {f"cognito-idp:{op}" for op in recorder.operations(action.upper())}
        assert listed == made, action
