"""The five handlers of AWS::Cognito::UserPoolClient: one Cognito call each on the happy path.

Each is a few lines over the modules beside it (the package's docstring says which holds what);
`operation.runs` resumes its operation and turns what it raises into one progress event.
"""

from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import (
    Action,
    HandlerErrorCode,
    OperationStatus,
    ProgressEvent,
)

from . import dependencies
from .client import cognito_client
from .creating import created_once, made_by_lost_create
from .current import CurrentClient
from .dcr import refuse_what_dcr_clients_cannot_do
from .desired_state import desired_model
from .entrypoint import UserPoolClientResource, rolling_back
from .failures import HandlerFailure
from .listing import listed_page
from .models import ResourceHandlerRequest, ResourceModel
from .operation import Operation, runs
from .publishing import kept_model
from .rules import check_create_only_unchanged
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

TYPE_NAME = "AWS::Cognito::UserPoolClient"

resource = UserPoolClientResource(TYPE_NAME, ResourceModel)
test_entrypoint = resource.test_entrypoint


def _success(model: ResourceModel | None = None) -> ProgressEvent:
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=model)


@resource.handler(Action.CREATE)
@runs(Action.CREATE)
def create_handler(
    session: SessionProxy | None, request: ResourceHandlerRequest, operation: Operation
) -> ProgressEvent:
    model = desired_model(request)
    client = cognito_client(session, request.region)
    sent = create_request(model, model.ClientName or generated_client_name(request))
    # A create whose answer was lost is settled first; then the client is created once the
    # providers and resource servers it names exist.
    made = made_by_lost_create(client, sent, operation)
    if made is None:
        with dependencies.awaited(client, sent, operation):
            made = created_once(client, sent, operation)
    return _success(model_from_client(made))


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
    desired, previous = desired_model(request), request.previousResourceState
    rollback = rolling_back(request)
    check_create_only_unchanged(desired, previous)
    rotation = requested_rotation(desired, previous, rollback=rollback)
    pool_id, client_id = identifiers(desired, previous)
    client = cognito_client(session, request.region)
    current = CurrentClient(client, pool_id, client_id)
    refuse_what_dcr_clients_cannot_do(desired, previous, current)
    # Neither state names the client only when called outside CloudFormation: ask Cognito then,
    # rather than rename the client.
    name = known_client_name(desired, previous) or current.described["ClientName"]
    held = listed_secrets(current) if rotation else []
    model = kept_model(desired, previous, rollback=rollback, current=current)
    sent = update_request(model, client_id, name)
    with dependencies.awaited(client, sent, operation):
        updated = model_from_client(client.update_user_pool_client(**sent)["UserPoolClient"])
    if rotation is None:
        return _success(updated)
    return _success(rotated(client, updated, rotation, held, operation))


@resource.handler(Action.DELETE)
@runs(Action.DELETE)
def delete_handler(
    session: SessionProxy | None, request: ResourceHandlerRequest, _operation: Operation
) -> ProgressEvent:
    pool_id, client_id = identifiers(request.desiredResourceState)
    client = cognito_client(session, request.region)
    client.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    return _success()


@resource.handler(Action.LIST)
@runs(Action.LIST)
def list_handler(
    session: SessionProxy | None, request: ResourceHandlerRequest, _operation: Operation
) -> ProgressEvent:
    model = request.desiredResourceState
    if model is None or not model.UserPoolId:
        raise HandlerFailure(
            HandlerErrorCode.InvalidRequest,
            "UserPoolId: required to list app clients; give the pool in the resource model, such"
            """ as --resource-model '{"UserPoolId": "us-east-1_AbC123dEF"}'""",
        )
    client = cognito_client(session, request.region)
    clients, next_token = listed_page(client, model.UserPoolId, request.nextToken)
    return ProgressEvent(
        status=OperationStatus.SUCCESS,
        resourceModels=[identifier_model(c["UserPoolId"], c["ClientId"]) for c in clients],
        nextToken=next_token,
    )
