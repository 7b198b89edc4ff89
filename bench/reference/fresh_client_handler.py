"""Reference for `make bench`, not shipped: the straightforward provider.

Each invocation builds a boto3 client from the library's per-request session, the way most
providers on cloudformation-cli-python-lib are written; no validation, no client reuse.
"""

from typing import Any

from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import Action, OperationStatus, ProgressEvent
from cloudformation_cli_python_lib.resource import Resource

from aws_cognito_userpoolclient.models import ResourceHandlerRequest, ResourceModel
from aws_cognito_userpoolclient.translate import (
    create_request,
    identifier_model,
    model_from_client,
    update_request,
)

resource = Resource("AWS::Cognito::UserPoolClient", ResourceModel)


def _client(session: SessionProxy | None) -> Any:
    assert session is not None
    return session.client("cognito-idp")


def _done(model: ResourceModel | None) -> ProgressEvent:
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=model)


@resource.handler(Action.CREATE)
def create(session: SessionProxy | None, request: ResourceHandlerRequest, _: Any) -> ProgressEvent:
    model = request.desiredResourceState
    assert model is not None
    response = _client(session).create_user_pool_client(
        **create_request(model, model.ClientName or "bench")
    )
    return _done(model_from_client(response["UserPoolClient"]))


@resource.handler(Action.READ)
def read(session: SessionProxy | None, request: ResourceHandlerRequest, _: Any) -> ProgressEvent:
    model = request.desiredResourceState
    assert model is not None
    response = _client(session).describe_user_pool_client(
        UserPoolId=model.UserPoolId, ClientId=model.ClientId
    )
    return _done(model_from_client(response["UserPoolClient"]))


@resource.handler(Action.UPDATE)
def update(session: SessionProxy | None, request: ResourceHandlerRequest, _: Any) -> ProgressEvent:
    model = request.desiredResourceState
    assert model is not None
    assert model.ClientId is not None
    response = _client(session).update_user_pool_client(
        **update_request(model, model.ClientId, model.ClientName or "bench")
    )
    return _done(model_from_client(response["UserPoolClient"]))


@resource.handler(Action.DELETE)
def delete(session: SessionProxy | None, request: ResourceHandlerRequest, _: Any) -> ProgressEvent:
    model = request.desiredResourceState
    assert model is not None
    _client(session).delete_user_pool_client(UserPoolId=model.UserPoolId, ClientId=model.ClientId)
    return _done(None)


@resource.handler(Action.LIST)
def list_(session: SessionProxy | None, request: ResourceHandlerRequest, _: Any) -> ProgressEvent:
    model = request.desiredResourceState
    assert model is not None
    page = {"NextToken": request.nextToken} if request.nextToken else {}
    response = _client(session).list_user_pool_clients(
        UserPoolId=model.UserPoolId, MaxResults=60, **page
    )
    return ProgressEvent(
        status=OperationStatus.SUCCESS,
        resourceModels=[
            identifier_model(c["UserPoolId"], c["ClientId"]) for c in response["UserPoolClients"]
        ],
        nextToken=response.get("NextToken"),
    )
