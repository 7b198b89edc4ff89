"""Translation between the resource model and the Cognito API, one function each way."""

import functools
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, cast

from botocore.model import StructureShape
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .client import cognito_shape
from .failures import HandlerFailure
from .models import ResourceHandlerRequest, ResourceModel
from .schema import CREATE_ONLY, READ_ONLY, SCHEMA, WRITE_ONLY, node_at, property_problems

CLIENT_NAME_MAX_LENGTH = SCHEMA["properties"]["ClientName"]["maxLength"]
NAME_HASH_LENGTH = 12

# The model's settings, sent as they are to both CreateUserPoolClient and UpdateUserPoolClient and
# read back from DescribeUserPoolClient: every property of the schema but Cognito's outputs
# (read-only), what only a create sets (create-only: the pool, whether there is a secret) and this
# provider's own instructions (write-only: rotation, a secret of your own). A new plain property
# is a schema change only (README, "Adding a property").
SETTINGS = tuple(
    name for name in SCHEMA["properties"] if name not in READ_ONLY | CREATE_ONLY | WRITE_ONLY
)
# Settings that are lists: sent as lists, read back as lists (empty when Cognito leaves them out).
LIST_SETTINGS = tuple(name for name in SETTINGS if node_at((name,)).get("type") == "array")
# What Cognito applies when a setting is not given. Read fills these in when the API leaves them
# out, so a template that states a default explicitly does not drift.
# API reference, TokenValidityUnitsType: "The default AccessTokenValidity time unit is hours", the
# same for IdToken; "The default RefreshTokenValidity time unit is days".
DEFAULT_TOKEN_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
# API reference, RefreshTokenRotationType: rotation is off unless enabled; "When
# RetryGracePeriodSeconds is 0, the grace period is disabled" (its default).
DEFAULT_ROTATION = {"Feature": "DISABLED", "RetryGracePeriodSeconds": 0}
DEFAULT_SCALARS: Mapping[str, Any] = {
    # OAuth and user context data are off unless asked for (clients read live, cdk-real-drift).
    "AllowedOAuthFlowsUserPoolClient": False,
    "EnablePropagateAdditionalUserContextData": False,
    # API reference, AuthSessionValidity: 3 minutes unless set (clients read live, cdk-real-drift).
    "AuthSessionValidity": 3,
    # API reference, EnableTokenRevocation: "If you don't include this parameter, token
    # revocation is automatically activated for the new user pool client."
    "EnableTokenRevocation": True,
    # API reference, PreventUserExistenceErrors: "Defaults to LEGACY."
    "PreventUserExistenceErrors": "LEGACY",
}


def generated_client_name(request: ResourceHandlerRequest) -> str:
    """A name for a client whose template gives none: stack name, logical id and a hash.

    Built only of letters, digits and hyphens, which the API's pattern `[\\w\\s+=,.@-]+` allows,
    and at most CLIENT_NAME_MAX_LENGTH long, whatever the stack name and logical id hold. The
    hash is of the request token, so every invocation of one create makes the same name.
    """
    stack = request.stackId or ""
    if stack.startswith("arn:") and "/" in stack:  # a stack id: arn:...:stack/<name>/<uuid>
        stack = stack.split("/")[1]
    token = request.clientRequestToken or ""
    digest = hashlib.sha256(token.encode(errors="surrogatepass")).hexdigest()[:NAME_HASH_LENGTH]
    room = CLIENT_NAME_MAX_LENGTH - NAME_HASH_LENGTH - 2  # two hyphens
    logical = _name_part(request.logicalResourceIdentifier or "UserPoolClient")[: room // 2]
    parts = [_name_part(stack)[: room - len(logical)], logical, digest]
    return "-".join(part for part in parts if part)


def _name_part(text: str) -> str:
    """Letters, digits and single hyphens of a text, without hyphens at either end."""
    kept = "".join(char if char.isascii() and char.isalnum() else "-" for char in text)
    return "-".join(piece for piece in kept.split("-") if piece)


def _settings(model: ResourceModel, client_name: str) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for name in SETTINGS:
        value = getattr(model, name)
        if value is None:
            continue
        if hasattr(value, "_serialize"):
            value = value._serialize()
        elif name in LIST_SETTINGS:
            value = list(value)
        settings[name] = value
    settings["ClientName"] = client_name
    return settings


def create_request(model: ResourceModel, client_name: str) -> dict[str, Any]:
    """The CreateUserPoolClient parameters for a model."""
    request = {"UserPoolId": model.UserPoolId, **_settings(model, client_name)}
    if model.GenerateSecret is not None:
        request["GenerateSecret"] = model.GenerateSecret
    if model.CustomClientSecret is not None:
        request["ClientSecret"] = model.CustomClientSecret
    return request


def update_request(model: ResourceModel, client_id: str, client_name: str) -> dict[str, Any]:
    """The UpdateUserPoolClient parameters: the whole desired state.

    The API resets every setting it is not sent, so a property removed from the template goes back
    to Cognito's default, as CloudFormation users expect.
    """
    return {"UserPoolId": model.UserPoolId, "ClientId": client_id, **_settings(model, client_name)}


@functools.cache
def described_properties() -> tuple[str, ...]:
    """The properties a described client carries: those of the schema that Cognito's
    UserPoolClientType has (the identifiers, the secret, every setting, the kind and dates)."""
    members = cast(StructureShape, cognito_shape("UserPoolClientType")).members
    return tuple(name for name in SCHEMA["properties"] if name in members)


@functools.cache
def described_dates() -> tuple[str, ...]:
    """The described properties that Cognito's model gives as timestamps (CreationDate,
    LastModifiedDate): ISO 8601 text in UTC in the model, as the schema says."""
    members = cast(StructureShape, cognito_shape("UserPoolClientType")).members
    return tuple(name for name in described_properties() if members[name].type_name == "timestamp")


def iso_utc(moment: datetime) -> str:
    """A moment as ISO 8601 text in UTC, to the second: 2026-12-06T16:52:03Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def model_from_client(client: Mapping[str, Any]) -> ResourceModel:
    """The canonical model of a `UserPoolClientType`, as create, read and update return it.

    Every list is present (empty when unset) and the token units, rotation block and booleans carry
    Cognito's defaults, so a template that states any of them explicitly reads back equal.
    """
    state: dict[str, Any] = {
        key: client[key] for key in described_properties() if client.get(key) is not None
    }
    for key in described_dates():
        if key in state:
            state[key] = iso_utc(state[key])
    for key, default in DEFAULT_SCALARS.items():
        state.setdefault(key, default)
    for key in LIST_SETTINGS:
        state[key] = list(state.get(key) or [])
    state["TokenValidityUnits"] = {**DEFAULT_TOKEN_UNITS, **state.get("TokenValidityUnits", {})}
    state["RefreshTokenRotation"] = {**DEFAULT_ROTATION, **state.get("RefreshTokenRotation", {})}
    if "AnalyticsConfiguration" in state:
        state["AnalyticsConfiguration"] = {
            "UserDataShared": False,
            **state["AnalyticsConfiguration"],
        }
    # A secret Cognito keeps in Secrets Manager shows as ClientSecretArn, never as ClientSecret, and
    # the answer has no member for the option itself (API reference, UserPoolClientType).
    state["GenerateSecret"] = "ClientSecret" in state or "ClientSecretArn" in state
    state["PublishSecretsInAWSSecretsManager"] = "ClientSecretArn" in state
    state["Name"] = state.get("ClientName")
    return _model(state)


def identifier_model(pool_id: str, client_id: str) -> ResourceModel:
    """The model of a listed client: its primary identifier."""
    return _model({"UserPoolId": pool_id, "ClientId": client_id})


def _model(state: dict[str, Any]) -> ResourceModel:
    # Only an empty state deserializes to None, and these hold identifiers.
    return cast(ResourceModel, ResourceModel._deserialize(state))


def identifiers(
    model: ResourceModel | None, previous: ResourceModel | None = None
) -> tuple[str, str]:
    """The primary identifier (UserPoolId, ClientId) of an existing client.

    Without it there is no client to act on, which CloudFormation's contract calls NotFound.
    """
    pool_id = (model and model.UserPoolId) or (previous and previous.UserPoolId)
    client_id = (model and model.ClientId) or (previous and previous.ClientId)
    if not pool_id or not client_id:
        raise HandlerFailure(
            HandlerErrorCode.NotFound,
            "The request does not identify an app client: UserPoolId and ClientId are needed",
        )
    return pool_id, client_id


def known_client_name(model: ResourceModel, previous: ResourceModel | None) -> str | None:
    """The name to keep on update: the template's, else the one the client already has.

    A name taken from the previous state is sent to Cognito, so it must meet the schema's
    ClientName constraints like any name a template gives.
    """
    if model.ClientName:
        return model.ClientName
    if previous is None:
        return None
    for field in ("ClientName", "Name"):
        name = getattr(previous, field)
        if name:
            problems = property_problems("ClientName", name, f"previous state {field}")
            if problems:
                raise HandlerFailure(
                    HandlerErrorCode.InvalidRequest,
                    f"{problems[0]}; it would be sent as the client's name: give ClientName",
                )
            return str(name)
    return None
