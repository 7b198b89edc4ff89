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

What is missing is held against what the pool has (ListIdentityProviders, ListResourceServers): a
provider named as one of the pool's but for case (`google` for `Google`, `cognito` for `COGNITO`)
is refused at once, since names are case-sensitive and it will not appear unless the stack makes
exactly that name; and while the handler waits, each missing name says which of the pool's is
nearest ("did you mean 'Google'?").
"""

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .failures import HandlerFailure, api_error_code
from .listing import every_item
from .messages import nearest, problem_list, quoted
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
    """The providers and scopes a create or update request names that the pool does not hold,
    each with the nearest that it does; InvalidRequest at once for a provider off only by case."""
    pool_id = sent["UserPoolId"]
    not_found = client.exceptions.ResourceNotFoundException
    providers = []
    for provider in sent.get("SupportedIdentityProviders") or ():
        if provider == COGNITO_PROVIDER:
            continue
        try:
            client.describe_identity_provider(UserPoolId=pool_id, ProviderName=provider)
        except not_found:
            providers.append(provider)
    absent = _absent_providers(client, pool_id, providers) if providers else []
    scopes = []  # (the problem, the scope)
    for server, names in _custom_scopes(sent).items():
        try:
            described = client.describe_resource_server(UserPoolId=pool_id, Identifier=server)
        except not_found:
            listed = ", ".join(quoted(f"{server}/{name}") for name in names)
            scopes += [
                (
                    f"AllowedOAuthScopes: the user pool has no resource server {quoted(server)}"
                    f" (for {listed})",
                    f"{server}/{names[0]}",
                )
            ]
            continue
        defined = {s["ScopeName"] for s in described["ResourceServer"].get("Scopes") or ()}
        scopes += [
            (
                f"AllowedOAuthScopes: resource server {quoted(server)} has no scope {quoted(name)}",
                f"{server}/{name}",
            )
            for name in names
            if name not in defined
        ]
    if scopes:
        existing = _pool_scopes(client, pool_id)
        absent += [f"{problem}{_did_you_mean(scope, existing)}" for problem, scope in scopes]
    return absent


def _absent_providers(
    client: "CognitoIdentityProviderClient", pool_id: str, providers: list[str]
) -> list[str]:
    existing = [COGNITO_PROVIDER, *_pool_providers(client, pool_id)]
    by_case = {name.lower(): name for name in existing}
    off_by_case = [
        f"SupportedIdentityProviders: the user pool has no identity provider {quoted(provider)},"
        f" but it has {quoted(by_case[provider.lower()])}: names are case-sensitive, so write"
        f" {quoted(by_case[provider.lower()])}. If this stack creates a provider named exactly"
        f" {quoted(provider)}, add DependsOn on it, and the client waits for it"
        for provider in providers
        if provider.lower() in by_case
    ]
    if off_by_case:
        raise HandlerFailure(HandlerErrorCode.InvalidRequest, problem_list(off_by_case))
    return [
        f"SupportedIdentityProviders: the user pool has no identity provider {quoted(provider)}"
        f"{_did_you_mean(provider, existing)}"
        for provider in providers
    ]


def _did_you_mean(name: str, existing: list[str]) -> str:
    near = nearest(name, existing)
    return f" (did you mean {quoted(near)}?)" if near else ""


def _pool_providers(client: "CognitoIdentityProviderClient", pool_id: str) -> list[str]:
    """The names of the pool's identity providers."""
    providers = every_item(client, pool_id, ("ListIdentityProviders", "Providers"))
    return [provider["ProviderName"] for provider in providers]


def _pool_scopes(client: "CognitoIdentityProviderClient", pool_id: str) -> list[str]:
    """The pool's custom scopes, `<server>/<scope>`."""
    servers = every_item(client, pool_id, ("ListResourceServers", "ResourceServers"))
    return [
        f"{server['Identifier']}/{scope['ScopeName']}"
        for server in servers
        for scope in server.get("Scopes") or ()
    ]


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
