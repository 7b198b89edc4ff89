"""Reference for `make bench`, not shipped: a handler on the same library that does no work.

Its invocation time is the floor every provider on cloudformation-cli-python-lib pays: the
library's request parsing, session set-up and response serialisation.
"""

from collections.abc import MutableMapping
from typing import Any

from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import Action, OperationStatus, ProgressEvent
from cloudformation_cli_python_lib.resource import Resource

from aws_cognito_userpoolclient.models import ResourceHandlerRequest, ResourceModel

resource = Resource("AWS::Cognito::UserPoolClient", ResourceModel)


def _echo(
    _session: SessionProxy | None,
    request: ResourceHandlerRequest,
    _callback_context: MutableMapping[str, Any],
) -> ProgressEvent:
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=request.desiredResourceState)


for _action in (Action.CREATE, Action.READ, Action.UPDATE, Action.DELETE, Action.LIST):
    resource.handler(_action)(_echo)
