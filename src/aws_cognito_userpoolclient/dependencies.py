"""Identity providers and resource servers a stack creates beside the client: wait for them.

A client names its providers (`SupportedIdentityProviders`) and the resource servers of its custom
scopes (`AllowedOAuthScopes`, `<server>/<scope>`) by plain strings, so nothing tells
CloudFormation to create an `AWS::Cognito::UserPoolIdentityProvider` or
`AWS::Cognito::UserPoolResourceServer` of the same stack first: it creates them at the same time.
Cognito then refuses the client with InvalidParameterException ("The provider Google does not
exist for User Pool ...") or ScopeDoesNotExistException ("Invalid scope requested: orders/read").

On that refusal only, the handler looks up each named provider (DescribeIdentityProvider) and the
resource server of each custom scope (DescribeResourceServer). When one is missing it waits, with
backoff callbacks (operation.py), looks again on each callback before sending, and sends the
request again once all exist. When the operation's budget is spent, InvalidRequest names each one
still missing. The happy path makes no look-up.
"""

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .failures import HandlerFailure, api_error_code
from .messages import problem_list, quoted
from .operation import DEPENDENCIES, DEPENDENCY_BACKOFF, Operation
from .rules import REGISTRAR_SCOPE

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

# The user pool's own directory: always there, never looked up.
COGNITO_PROVIDER = "COGNITO"
# Cognito's refusals of a client that names what the pool does not hold (yet).
REFUSALS = frozenset({"InvalidParameterException", "ScopeDoesNotExistException"})


def _custom_scopes(sent: Mapping[str, Any]) -> dict[str, list[str]]:
    """Custom scopes by resource server. A scope name cannot hold "/" (its pattern excludes it),
    so the server identifier, which can (a URL), is all before the last one."""
    servers: dict[str, list[str]] = {}
    for scope in sent.get("AllowedOAuthScopes") or ():
        if "/" in scope and scope != REGISTRAR_SCOPE:  # Cognito's own: no server to wait for
            server, _, name = scope.rpartition("/")
            servers.setdefault(server, []).append(name)
    return servers


def missing(client: "CognitoIdentityProviderClient", sent: Mapping[str, Any]) -> list[str]:
    """The providers and scopes a create or update request names that the pool does not hold."""
    pool_id = sent["UserPoolId"]
    absent = []
    not_found = client.exceptions.ResourceNotFoundException
    for provider in sent.get("SupportedIdentityProviders") or ():
        if provider == COGNITO_PROVIDER:
            continue
        try:
            client.describe_identity_provider(UserPoolId=pool_id, ProviderName=provider)
        except not_found:
            absent.append(
                f"SupportedIdentityProviders: the user pool has no identity provider"
                f" {quoted(provider)}"
            )
    for server, scopes in _custom_scopes(sent).items():
        try:
            described = client.describe_resource_server(UserPoolId=pool_id, Identifier=server)
        except not_found:
            absent.append(
                f"AllowedOAuthScopes: the user pool has no resource server {quoted(server)}"
                f" (for {', '.join(quoted(f'{server}/{scope}') for scope in scopes)})"
            )
            continue
        defined = {s["ScopeName"] for s in described["ResourceServer"].get("Scopes") or ()}
        absent += [
            f"AllowedOAuthScopes: resource server {quoted(server)} has no scope {quoted(scope)}"
            for scope in scopes
            if scope not in defined
        ]
    return absent


def _wait_while_missing(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], operation: Operation
) -> None:
    """A callback while what the request names is missing; InvalidRequest once the budget is
    spent. Returns when all of it exists."""
    absent = missing(client, sent)
    if not absent:
        return
    give_up = HandlerFailure(
        HandlerErrorCode.InvalidRequest,
        f"{problem_list(absent)}. Still missing after {operation.waited()}: if this stack"
        " creates them, add DependsOn on those resources to the app client; otherwise correct"
        " the names.",
    )
    why = f"Waiting for what the stack is still creating ({problem_list(absent)})"
    delay = DEPENDENCY_BACKOFF.delay(operation.callbacks)
    operation.wait(delay, why, give_up, waiting_for=DEPENDENCIES)


@contextlib.contextmanager
def awaited(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], operation: Operation
) -> Iterator[None]:
    """The `with` block sends `sent` once the providers and resource servers it names exist.

    On a callback of a wait for them, they are looked up first; when the block's request is
    refused for one the pool does not hold, the operation waits for it.
    """
    if operation.waiting_for == DEPENDENCIES:
        _wait_while_missing(client, sent, operation)
    try:
        yield
    except ClientError as error:
        if api_error_code(error) not in REFUSALS:
            raise
        _wait_while_missing(client, sent, operation)
        raise  # refused for another reason: Cognito's message says which
