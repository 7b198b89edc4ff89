"""Rotating the client secret in place, with Cognito's 2026 secret API (an extension of this type).

`ClientSecretRotation.NotBefore` means "the client's newest secret is not older than NotBefore";
a changed `CustomClientSecret` means "rotate to this value". Both are checked against Cognito's
own record (`ListUserPoolClientSecrets`), so a retried update, a redeploy of the same template or
a Cloud Control update that re-sends the block without a previous state adds nothing.

A due rotation deletes the oldest secret when the client already holds Cognito's two, adds the new
one (generated, or the custom value), and, with `KeepPrevious: false`, deletes the other. The new
value is returned as `ClientSecret`. An `AddUserPoolClientSecret` whose answer is lost is never
resent blindly: on the callback, a secret that was not held when the add was sent is adopted (a
custom value is known) or, when generated and so unknown, deleted and added again.

A rollback (CloudFormation rolling a failed stack update back) deletes no secret: the one that
consumers held before the failed update may be either of two. It makes the old template's secret
live again only where there is room beside the others, and leaves the cleanup (the oldest of two,
a `KeepPrevious: false` overlap) to the next deploy that asks for it.
"""

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .current import CurrentClient
from .failures import HandlerFailure, answer_lost
from .models import ResourceModel
from .operation import Operation
from .rules import not_before

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

MAX_SECRETS = 2  # API reference: "Supports up to 2 active secrets per app client"


@dataclasses.dataclass(frozen=True)
class Rotation:
    """What an update asks of the client's secrets."""

    not_before: datetime | None
    keep_previous: bool
    custom: str | None
    # the previous state gives the same CustomClientSecret (without one, as Cloud Control sends
    # an update, the value is compared with the secret Cognito reports)
    custom_unchanged: bool
    # CloudFormation rolls a failed stack update back: no secret is deleted
    rollback: bool


def requested_rotation(
    model: ResourceModel, previous: ResourceModel | None, *, rollback: bool
) -> Rotation | None:
    """The rotation an update asks for (its NotBefore a past date: rules.py refused any other)."""
    block, custom = model.ClientSecretRotation, model.CustomClientSecret
    if block is None and custom is None:
        return None
    return Rotation(
        not_before=not_before(block.NotBefore) if block and block.NotBefore else None,
        keep_previous=block.KeepPrevious is not False if block else True,
        custom=custom,
        custom_unchanged=previous is not None and previous.CustomClientSecret == custom,
        rollback=rollback,
    )


def listed_secrets(current: CurrentClient) -> list[Mapping[str, Any]]:
    """The client's secrets, oldest first (a list of the rotation's own, which it changes);
    refused when it has none to rotate."""
    held = list(current.secrets)
    if not held:
        raise HandlerFailure(
            HandlerErrorCode.InvalidRequest,
            "ClientSecretRotation, CustomClientSecret: the app client has no secret to rotate"
            " (it was created without GenerateSecret or CustomClientSecret)",
        )
    return held


def _older_than_not_before(rotation: Rotation, newest: Mapping[str, Any]) -> bool:
    return (
        rotation.not_before is not None and newest["ClientSecretCreateDate"] < rotation.not_before
    )


def _due(rotation: Rotation, newest: Mapping[str, Any], current_value: str | None) -> bool:
    if _older_than_not_before(rotation, newest):
        return True
    if rotation.custom is None:
        return False
    if rotation.custom_unchanged:
        return False
    return rotation.custom != current_value


def rotated(
    client: "CognitoIdentityProviderClient",
    updated: ResourceModel,
    rotation: Rotation,
    held: list[Mapping[str, Any]],
    operation: Operation,
) -> ResourceModel:
    """The updated client's model after the rotation its update asks for, if one is due."""
    ids = {"UserPoolId": str(updated.UserPoolId), "ClientId": str(updated.ClientId)}
    if rotation.rollback:
        return _rolled_back(client, ids, updated, rotation, held, operation)
    if operation.secrets_held is not None:
        # The secrets held when the lost add was sent are known by id: any other is the add's.
        added = [s for s in held if s["ClientSecretId"] not in operation.secrets_held]
        if added and rotation.custom is not None:
            return _done(client, ids, updated, rotation, added[-1], rotation.custom, held)
        for secret in added:  # generated, value unknown: it cannot be handed out
            client.delete_user_pool_client_secret(**ids, ClientSecretId=secret["ClientSecretId"])
            held = [s for s in held if s is not secret]
    elif not _due(rotation, held[-1], updated.ClientSecret):
        if rotation.keep_previous or len(held) == 1:
            return updated
        # KeepPrevious false, and a rotation whose last step (deleting the other secret) did not
        # happen, because the pool was busy or an answer was lost: finish it.
        return _done(client, ids, updated, rotation, held[-1], None, held)
    if len(held) >= MAX_SECRETS:
        oldest = held.pop(0)
        client.delete_user_pool_client_secret(**ids, ClientSecretId=oldest["ClientSecretId"])
    descriptor, value = _added(client, ids, rotation, held, operation)
    return _done(client, ids, updated, rotation, descriptor, value, held)


def _rolled_back(
    client: "CognitoIdentityProviderClient",
    ids: Mapping[str, str],
    updated: ResourceModel,
    rotation: Rotation,
    held: list[Mapping[str, Any]],
    operation: Operation,
) -> ResourceModel:
    """A rollback's rotation: a secret added only where there is room, and none deleted.

    The old template's own secret (`CustomClientSecret`) is held when Cognito reports it, or when
    the client holds two: it was the newest once that template was deployed, and an update adds
    one secret at most, keeping the one before unless `KeepPrevious` is false. Held, it is
    returned without being added again. A generated secret is what Cognito reports.
    """
    if rotation.custom is not None:
        if updated.ClientSecret == rotation.custom or len(held) >= MAX_SECRETS:
            return dataclasses.replace(updated, ClientSecret=rotation.custom)
    elif len(held) >= MAX_SECRETS or not _older_than_not_before(rotation, held[-1]):
        return updated
    _, value = _added(client, ids, rotation, held, operation)
    return dataclasses.replace(updated, ClientSecret=value)


def _added(
    client: "CognitoIdentityProviderClient",
    ids: Mapping[str, str],
    rotation: Rotation,
    held: list[Mapping[str, Any]],
    operation: Operation,
) -> tuple[Mapping[str, Any], str | None]:
    """The secret added (its descriptor) and its value; after a lost answer, a callback that
    settles it. A generated secret's value is in the add's answer only."""
    custom = {"ClientSecret": rotation.custom} if rotation.custom else {}
    try:
        added = client.add_user_pool_client_secret(**ids, **custom)["ClientSecretDescriptor"]
    except (ClientError, BotoCoreError) as error:
        if not answer_lost(error):
            raise
        held_ids = [s["ClientSecretId"] for s in held]
        operation.after_lost_answer("AddUserPoolClientSecret", secrets_held=held_ids)
    return added, added.get("ClientSecretValue") or rotation.custom


def _done(
    client: "CognitoIdentityProviderClient",
    ids: Mapping[str, str],
    updated: ResourceModel,
    rotation: Rotation,
    added: Mapping[str, Any],
    value: str | None,
    held: list[Mapping[str, Any]],
) -> ResourceModel:
    """The rotation's end: the other secrets deleted unless kept, and the live value returned.

    A value unknown here (a generated secret added by an earlier invocation) is read back once
    the client holds that secret alone.
    """
    if not rotation.keep_previous:
        for secret in held:
            if secret["ClientSecretId"] != added["ClientSecretId"]:
                client.delete_user_pool_client_secret(
                    **ids, ClientSecretId=secret["ClientSecretId"]
                )
    if value is None:
        value = client.describe_user_pool_client(**ids)["UserPoolClient"].get("ClientSecret")
    return dataclasses.replace(updated, ClientSecret=value)
