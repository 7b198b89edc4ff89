"""The five handlers of AWS::Cognito::UserPoolClient: one Cognito call each on the happy path.

The logic lives beside this file: `schema` and `validation` (checks before any call, run by the
`entrypoint`), `translate` (model <-> API), `client` (the Cognito client), `failures` (errors ->
handler error codes), `lost_answers` (what to do when Cognito's answer never arrives), `secrets`
(rotating the client secret in place), `telemetry` (provider logs and metrics).
"""

from collections.abc import MutableMapping
from typing import Any

from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import (
    Action,
    HandlerErrorCode,
    OperationStatus,
    ProgressEvent,
)

from .client import cognito_client
from .entrypoint import UserPoolClientResource
from .failures import HandlerFailure, reports_failures
from .lost_answers import LIST_PAGE_SIZE, create_once, repeated_when_lost
from .models import ResourceHandlerRequest, ResourceModel
from .secrets import listed_secrets, requested_rotation, rotated
from .translate import (
    create_request,
    generated_client_name,
    identifier_model,
    identifiers,
    known_client_name,
    model_from_client,
    update_request,
)
from .validation import check_create_only_unchanged, valid_desired_model

TYPE_NAME = "AWS::Cognito::UserPoolClient"

resource = UserPoolClientResource(TYPE_NAME, ResourceModel)
test_entrypoint = resource.test_entrypoint


def _success(model: ResourceModel | None) -> ProgressEvent:
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=model)


@resource.handler(Action.CREATE)
@reports_failures
def create_handler(
    session: SessionProxy | None,
    request: ResourceHandlerRequest,
    callback_context: MutableMapping[str, Any],
) -> ProgressEvent:
    model = valid_desired_model(request.desiredResourceState)
    requested_rotation(model, None)  # nothing to rotate on create, but a bad NotBefore is refused
    name = model.ClientName or generated_client_name(request)
    client = cognito_client(session, request.region)
    return create_once(client, create_request(model, name), callback_context)


@resource.handler(Action.READ)
@reports_failures
def read_handler(
    session: SessionProxy | None,
    request: ResourceHandlerRequest,
    _callback_context: MutableMapping[str, Any],
) -> ProgressEvent:
    pool_id, client_id = identifiers(request.desiredResourceState)
    response = cognito_client(session, request.region).describe_user_pool_client(
        UserPoolId=pool_id, ClientId=client_id
    )
    return _success(model_from_client(response["UserPoolClient"]))


@resource.handler(Action.UPDATE)
@reports_failures
def update_handler(
    session: SessionProxy | None,
    request: ResourceHandlerRequest,
    callback_context: MutableMapping[str, Any],
) -> ProgressEvent:
    model = valid_desired_model(request.desiredResourceState)
    previous = request.previousResourceState
    check_create_only_unchanged(model, previous)
    rotation = requested_rotation(model, previous)
    pool_id, client_id = identifiers(model, previous)
    client = cognito_client(session, request.region)
    # Neither state names the client only when called outside CloudFormation: ask Cognito then,
    # rather than rename the client.
    name = (
        known_client_name(model, previous)
        or client.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)[
            "UserPoolClient"
        ]["ClientName"]
    )
    held = listed_secrets(client, pool_id, client_id) if rotation else []
    sent = update_request(model, client_id, name)
    progress = repeated_when_lost(
        callback_context,
        lambda: _success(
            model_from_client(client.update_user_pool_client(**sent)["UserPoolClient"])
        ),
    )
    if rotation is None or not isinstance(progress.resourceModel, ResourceModel):
        return progress  # nothing to rotate, or the update itself is still in progress
    return rotated(client, progress.resourceModel, rotation, held, callback_context)


@resource.handler(Action.DELETE)
@reports_failures
def delete_handler(
    session: SessionProxy | None,
    request: ResourceHandlerRequest,
    callback_context: MutableMapping[str, Any],
) -> ProgressEvent:
    pool_id, client_id = identifiers(request.desiredResourceState)
    client = cognito_client(session, request.region)

    def delete() -> ProgressEvent:
        client.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
        return _success(None)

    return repeated_when_lost(callback_context, delete, gone_means_done=True)


@resource.handler(Action.LIST)
@reports_failures
def list_handler(
    session: SessionProxy | None,
    request: ResourceHandlerRequest,
    _callback_context: MutableMapping[str, Any],
) -> ProgressEvent:
    model = request.desiredResourceState
    if model is None or not model.UserPoolId:
        raise HandlerFailure(
            HandlerErrorCode.InvalidRequest, "UserPoolId: required to list app clients"
        )
    page = {"NextToken": request.nextToken} if request.nextToken else {}
    response = cognito_client(session, request.region).list_user_pool_clients(
        UserPoolId=model.UserPoolId, MaxResults=LIST_PAGE_SIZE, **page
    )
    return ProgressEvent(
        status=OperationStatus.SUCCESS,
        resourceModels=[
            identifier_model(c["UserPoolId"], c["ClientId"]) for c in response["UserPoolClients"]
        ],
        nextToken=response.get("NextToken"),
    )
