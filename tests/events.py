"""Handler requests as CloudFormation sends them to the Lambda entrypoint (tests and bench)."""

from collections.abc import Mapping
from typing import Any

from aws_cognito_userpoolclient import handlers

REGION = "us-east-1"
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/app-stack/4f1c2f30-0000-0000"
CALLER_CREDENTIALS = {"accessKeyId": "AKIDTEST", "secretAccessKey": "secret", "sessionToken": "t"}
# What a type registered with a logging configuration also gets: provider credentials, a log group.
PROVIDER_CREDENTIALS = {
    "accessKeyId": "AKIDPROVIDER",
    "secretAccessKey": "p",
    "sessionToken": "provider-token",
}
LOG_GROUP = "aws-cognito-userpoolclient-logs"


def event(
    action: str,
    properties: Mapping[str, Any] | None,
    previous: Mapping[str, Any] | None = None,
    next_token: str | None = None,
    token: str = "request-token-1",  # noqa: S107  # a CloudFormation request token
    callback_context: Mapping[str, Any] | None = None,
    rollback: bool | None = None,
) -> dict[str, Any]:
    """A handler request as CloudFormation sends it to the Lambda entrypoint; `rollback` as it
    sends it on the update that rolls a failed stack update back."""
    request: dict[str, Any] = {
        "action": action,
        "awsAccountId": "123456789012",
        "bearerToken": token,
        "region": REGION,
        "stackId": STACK_ID,
        "resourceType": handlers.TYPE_NAME,
        "nextToken": next_token,
        "callbackContext": callback_context,
        "requestData": {
            "callerCredentials": CALLER_CREDENTIALS,
            "resourceProperties": properties,
            "previousResourceProperties": previous,
            "logicalResourceId": "AppClient",
        },
    }
    if rollback is not None:
        request["rollback"] = rollback
    return request


def registry_event(
    action: str, properties: Mapping[str, Any] | None, **kwargs: Any
) -> dict[str, Any]:
    """A handler request as the registry sends it to a type with a logging configuration."""
    request = event(action, properties, **kwargs)
    request["requestData"]["providerCredentials"] = dict(PROVIDER_CREDENTIALS)
    request["requestData"]["providerLogGroupName"] = LOG_GROUP
    return request
