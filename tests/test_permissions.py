"""Each handler's Cognito permissions in the schema are exactly the calls it makes.

Every test that uses the `recorder` fixture also fails on a call its action's permissions lack (see
conftest.py); this test drives every path of every handler and checks that no Cognito permission is
listed that no call needs. The iam:* and secretsmanager:* permissions are not calls of ours:
Cognito checks them on the caller when an analytics configuration is given, and creates the
secret it keeps in Secrets Manager with them (see the registration guide's permissions section).
"""

from typing import Any

from .conftest import SCHEMA, CallRecorder, Invoke
from .faults import CloudFormation, Faults
from .helpers import WEB_CLIENT, AppearingLater, resource_schema


def test_cognito_permissions_are_exactly_the_calls_each_handler_makes(
    cloudformation: CloudFormation,
    invoke: Invoke,
    recorder: CallRecorder,
    cognito: Any,
    pool_id: str,
    faults: Faults,
) -> None:
    # A create whose answer is lost looks for the client it made: list, then describe.
    faults.lose("CreateUserPoolClient", 1, after_commit=True)
    properties = {"UserPoolId": pool_id, "GenerateSecret": True}
    created = cloudformation.run("CREATE", properties).last["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    # A create and an update naming a provider and a resource server the stack is creating.
    cloudformation.invoke = AppearingLater(cognito, pool_id, after=1).wrap(invoke)
    assert cloudformation.run("CREATE", {"UserPoolId": pool_id, **WEB_CLIENT}).last["status"] == (
        "SUCCESS"
    )
    other_pool = cognito.create_user_pool(PoolName="other")["UserPool"]["Id"]
    other = invoke("CREATE", {"UserPoolId": other_pool})["resourceModel"]
    cloudformation.invoke = AppearingLater(cognito, other_pool, after=1).wrap(invoke)
    desired = {"UserPoolId": other_pool, "ClientId": other["ClientId"], **WEB_CLIENT}
    assert cloudformation.run("UPDATE", desired, previous=other).last["status"] == "SUCCESS"
    invoke("READ", ids)
    # Neither state names the client: the update reads its name.
    invoke("UPDATE", {**ids, "GenerateSecret": True}, previous={**ids, "GenerateSecret": True})
    # Two due rotations: list and add, then delete the oldest of the two held; then a rotation
    # that keeps no previous secret reads the only one left.
    for keep_previous in (True, True, False):
        rotation = {"NotBefore": cloudformation.clock.now_iso(), "KeepPrevious": keep_previous}
        desired = {**ids, "GenerateSecret": True, "ClientSecretRotation": rotation}
        assert invoke("UPDATE", desired, previous=desired)["status"] == "SUCCESS"
    faults.refuse("DeleteUserPoolClientSecret", 3, "ConcurrentModificationException")
    rotation = {"NotBefore": cloudformation.clock.now_iso(), "KeepPrevious": False}
    desired = {**ids, "GenerateSecret": True, "ClientSecretRotation": rotation}
    assert cloudformation.run("UPDATE", desired, previous=desired).last["status"] == "SUCCESS"
    invoke("LIST", {"UserPoolId": pool_id})
    invoke("DELETE", ids)
    assert recorder.unpermitted() == []
    for action, handler in SCHEMA["handlers"].items():
        listed = {p for p in handler["permissions"] if p.startswith("cognito-idp:")}
        made = {f"cognito-idp:{op}" for op in recorder.operations(action.upper())}
        assert listed == made, action


def secrets_manager_permissions(schema: dict[str, Any]) -> dict[str, set[str]]:
    return {
        action: {p for p in handler["permissions"] if p.startswith("secretsmanager:")}
        for action, handler in schema["handlers"].items()
    }


def test_secrets_manager_permissions_are_those_aws_gives_a_service_managed_secret() -> None:
    # Cognito creates the secret of PublishSecretsInAWSSecretsManager with the caller's rights; the
    # API reference names no permission. AWS's own types that keep a service-managed secret (the
    # RDS master password) give create and update exactly these, and no handler reads a secret.
    for evidence in ("AWS::RDS::DBCluster", "AWS::RDS::DBInstance"):
        assert secrets_manager_permissions(resource_schema(evidence)) == (
            secrets_manager_permissions(SCHEMA)
        ), evidence
    assert secrets_manager_permissions(SCHEMA)["create"] == {
        "secretsmanager:CreateSecret",
        "secretsmanager:TagResource",
    }
    assert all(
        "secretsmanager:GetSecretValue" not in handler["permissions"]
        for handler in SCHEMA["handlers"].values()
    )
