"""Where an update keeps the client secret: `PublishSecretsInAWSSecretsManager`, as it is sent.

The option is sent as the template gives it, an omitted line changing nothing (the API's "omitted:
no change"), but in two cases where sending it as given would take a secret from its consumers:

- **A switch to Secrets Manager while the client holds two secrets is refused**, before any write.
  Cognito rotates a secret at once when it takes it into Secrets Manager, and of two held its
  first rotation deletes the older (API reference, PublishSecretsInAWSSecretsManager): the overlap
  a rotation keeps for consumers would end without a word. A client already kept there is no
  switch: a state that says so with its ARN (Cloud Control's), or else Cognito's description.
- **A rollback onto a template without the line undoes the failed update's switch.** The old
  template's consumers read `GetAtt ClientSecret`, which a client kept in Secrets Manager does not
  have, so CloudFormation could not roll them back. False is sent: Cognito moves the secret back
  and deletes its copy in Secrets Manager; no client secret is deleted. A secret kept there since
  an earlier update stays. Cognito's own record tells the two apart: moving a secret rotates it at
  once, so the failed update made the switch when the client's newest secret was made when the
  client was last modified.

In a rollback, a switch the old template states goes through: refusing it would fail the rollback.
"""

import dataclasses
from datetime import datetime

from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .current import CurrentClient
from .failures import HandlerFailure
from .models import ResourceModel
from .secrets import MAX_SECRETS
from .translate import iso_utc

# The longest a switch's own rotation is made before or after the update that asked for it
# (the client's LastModifiedDate): Cognito rotates "immediately", and its scheduled rotations are
# 7 days apart, so an older newest secret was made by an earlier switch or rotation.
SWITCH_ROTATION_SECONDS = 60


def kept_model(
    model: ResourceModel, previous: ResourceModel | None, *, rollback: bool, current: CurrentClient
) -> ResourceModel:
    """The desired model with the PublishSecretsInAWSSecretsManager to send; refused when that
    would make Cognito delete a secret consumers may hold."""
    wanted = model.PublishSecretsInAWSSecretsManager
    if rollback:
        dropped = wanted is None and bool(previous and previous.PublishSecretsInAWSSecretsManager)
        if dropped and _switched_by_the_failed_update(current):
            return dataclasses.replace(model, PublishSecretsInAWSSecretsManager=False)
        return model
    if wanted and not _kept_there(model) and not _kept_there(previous):
        _refuse_a_switch_that_deletes(current)
    return model


def _kept_there(state: ResourceModel | None) -> bool:
    """Whether a state shows the secret kept in Secrets Manager (a read state: Cloud Control's)."""
    return bool(state and state.PublishSecretsInAWSSecretsManager and state.ClientSecretArn)


def _switched_by_the_failed_update(current: CurrentClient) -> bool:
    described = current.described
    modified: datetime | None = described.get("LastModifiedDate")
    if "ClientSecretArn" not in described or modified is None or not current.secrets:
        return False
    newest: datetime = current.secrets[-1]["ClientSecretCreateDate"]
    return abs((newest - modified).total_seconds()) <= SWITCH_ROTATION_SECONDS


def _refuse_a_switch_that_deletes(current: CurrentClient) -> None:
    if "ClientSecretArn" in current.described:  # kept there already: no switch
        return
    held = current.secrets
    if len(held) < MAX_SECRETS:
        return
    older, newer = (iso_utc(held[n]["ClientSecretCreateDate"]) for n in (0, -1))
    raise HandlerFailure(
        HandlerErrorCode.InvalidRequest,
        f"PublishSecretsInAWSSecretsManager: the app client holds two secrets, and Cognito's"
        f" rotation on moving them to Secrets Manager would delete the older one (created {older})"
        " at once, while consumers may still use it. End the overlap first: deploy"
        f" ClientSecretRotation {{NotBefore: '{newer}', KeepPrevious: false}} without"
        " PublishSecretsInAWSSecretsManager: true (it deletes the older secret and keeps the"
        " newer), then switch",
    )
