"""The five handlers of AWS::Cognito::UserPoolClient: one Cognito call each on the happy path.

The logic lives beside this file: `schema` and `validation` (checks before any call, run by the
`entrypoint`), `translate` (model <-> API), `client` (the Cognito client), `operations` (each
handler's run: callbacks in, one progress event out, failures by the table of `failures`),
`lost_answers` (when Cognito's answer never arrives), `dependencies` (providers and resource
servers the stack is still creating), `secrets` (rotating the client secret in place),
`telemetry` (provider logs and metrics).
"""

from typing import cast

from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import (
    Action,
    HandlerErrorCode,
    OperationStatus,
    ProgressEvent,
)

from .callbacks import Operation
from .client import cognito_client
from .dependencies import sent_when_ready
from .entrypoint import UserPoolClientResource
from .failures import HandlerFailure
from .lost_answers import LIST_PAGE_SIZE, created, delete_once, settled
from .models import ResourceHandlerRequest, ResourceModel
from .operations import runs
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
from .validation import check_create_only_unchanged

TYPE_NAME = "AWS::Cognito::UserPoolClient"

resource = UserPoolClientResource(TYPE_NAME, ResourceModel)
test_entrypoint = resource.test_entrypoint


def _success(model: ResourceModel | None) -> ProgressEvent:
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=model)


@resource.handler(Action.CREATE)
@runs(Action.CREATE)
def create_handler(
    session: SessionProxy | None, request: ResourceHandlerRequest, operation: Operation
) -> ProgressEvent:
    model = cast(ResourceModel, request.desiredResourceState)  # a whole model: envelope.py
    requested_rotation(model, None)  # nothing to rotate on create, but a bad NotBefore is refused
    name = model.ClientName or generated_client_name(request)
    client = cognito_client(session, request.region)
    sent = create_request(model, name)
    return settled(client, sent, operation) or sent_when_ready(
        client, sent, operation, lambda: created(client, sent, operation)
    )


@resource.handler(Action.READ)
@runs(Action.READ)
def read_handler(
    session: SessionProxy | None, request: ResourceHandlerRequest, _operation: Operation
) -> ProgressEvent:
    pool_id, client_id = identifiers(request.desiredResourceState)
    response = cognito_client(session, request.region).describe_user_pool_client(
        UserPoolId=pool_id, ClientId=client_id
    )
    return _success(model_from_client(response["UserPoolClient"]))


@resource.handler(Action.UPDATE)
@runs(Action.UPDATE)
def update_handler(
    session: SessionProxy | None, request: ResourceHandlerRequest, operation: Operation
) -> ProgressEvent:
    model = cast(ResourceModel, request.desiredResourceState)  # a whole model: envelope.py
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
    progress = sent_when_ready(
        client,
        sent,
        operation,
        lambda: _success(
            model_from_client(client.update_user_pool_client(**sent)["UserPoolClient"])
        ),
    )
    if rotation is None or not isinstance(progress.resourceModel, ResourceModel):
        return progress  # nothing to rotate, or still waiting for what the update names
    return rotated(client, progress.resourceModel, rotation, held, operation)


@resource.handler(Action.DELETE)
@runs(Action.DELETE)
def delete_handler(
    session: SessionProxy | None, request: ResourceHandlerRequest, operation: Operation
) -> ProgressEvent:
    pool_id, client_id = identifiers(request.desiredResourceState)
    client = cognito_client(session, request.region)
    return delete_once(
        lambda: client.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id), operation
    )


@resource.handler(Action.LIST)
@runs(Action.LIST)
def list_handler(
    session: SessionProxy | None, request: ResourceHandlerRequest, _operation: Operation
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
