"""What a handler does when Cognito may have acted but its answer was lost.

- **Create** is not idempotent: `CreateUserPoolClient` sent twice makes two clients, and a client
  the stack does not know about is an orphan with a live secret. So it is never resent blindly
  (the client's retry conditions skip it, see client.py). After a lost answer the handler asks for
  a callback with the time the create was sent; when CloudFormation calls back, it looks for the
  client that create made and adopts it, or, when there is none, creates once more. A client is
  the attempt's only when it has the attempt's name, was created after the attempt started, and
  holds exactly the configuration that was sent; two such clients cannot be told apart, and then
  the handler adopts neither and says so.
- **Update and delete** are idempotent: the SDK already resends them, and when every attempt's
  answer was lost the whole handler runs again on the next callback (see operations.py). A delete
  that then finds the client gone reports success: the lost attempt deleted it.

The happy path makes no call more than it did: the extra calls are spent only after a lost answer.
"""

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.interface import (
    HandlerErrorCode,
    OperationStatus,
    ProgressEvent,
)

from . import callbacks
from .callbacks import Operation
from .failures import HandlerFailure, answer_lost, api_error_code
from .messages import quoted
from .translate import model_from_client

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

# Long enough for a request whose answer timed out to have finished in Cognito.
CALLBACK_DELAY_SECONDS = 10
# Lost answers in one operation before the handler gives up and reports a network failure.
MAX_LOST_ANSWERS = 5
# Allowed difference between this machine's clock and Cognito's CreationDate.
CLOCK_SKEW_SECONDS = 5
LIST_PAGE_SIZE = 60  # the most ListUserPoolClients returns in one call

ApiError = (ClientError, BotoCoreError)


def after_lost_answer(operation: Operation, operation_name: str, **changes: Any) -> ProgressEvent:
    """A callback to find out or repeat; NetworkFailure once too many answers were lost."""
    lost = operation.lost_answers + 1
    waiting = None
    if lost < MAX_LOST_ANSWERS:
        waiting = operation.call_back(CALLBACK_DELAY_SECONDS, lost_answers=lost, **changes)
    if waiting is not None:
        return waiting
    raise HandlerFailure(
        HandlerErrorCode.NetworkFailure,
        f"Cognito {operation_name}: {lost} answers lost ({operation.waited()}); the"
        " request may or may not have taken effect",
    )


def _answered_after_a_retry(error: ClientError) -> bool:
    return int(error.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)) > 0


def delete_once(delete: Callable[[], Any], operation: Operation) -> ProgressEvent:
    """Delete; a client found gone after a lost answer was deleted by the lost attempt."""
    try:
        delete()
    except ClientError as error:
        gone = api_error_code(error) == "ResourceNotFoundException"
        if not (gone and (operation.lost_answers or _answered_after_a_retry(error))):
            raise
    return ProgressEvent(status=OperationStatus.SUCCESS)


def _same(sent: Any, held: Any) -> bool:
    if isinstance(sent, Mapping):
        return isinstance(held, Mapping) and all(_same(v, held.get(k)) for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(held, list) and sorted(map(str, sent)) == sorted(map(str, held))
    return bool(sent == held)


def holds_configuration(described: Mapping[str, Any], sent: Mapping[str, Any]) -> bool:
    """Whether a described client holds every setting of a create request."""
    # A secret of your own (ClientSecret) is compared by value like any other setting.
    has_secret = bool(sent.get("GenerateSecret") or sent.get("ClientSecret"))
    if has_secret != ("ClientSecret" in described):
        return False
    return all(
        _same(value, described.get(key)) for key, value in sent.items() if key != "GenerateSecret"
    )


def _clients_of_the_attempt(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], started: float
) -> list[Mapping[str, Any]]:
    pool_id, name = sent["UserPoolId"], sent["ClientName"]
    named: list[str] = []
    page: dict[str, Any] = {}
    while True:
        listed = client.list_user_pool_clients(
            UserPoolId=pool_id, MaxResults=LIST_PAGE_SIZE, **page
        )
        named += [c["ClientId"] for c in listed["UserPoolClients"] if c.get("ClientName") == name]
        if not listed.get("NextToken"):
            break
        page = {"NextToken": listed["NextToken"]}
    found: list[Mapping[str, Any]] = []
    for client_id in named:
        described = client.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
        held = described["UserPoolClient"]
        created = held.get("CreationDate")
        if created is None or created.timestamp() < started - CLOCK_SKEW_SECONDS:
            continue
        if holds_configuration(held, sent):
            found.append(held)
    return found


def created(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], operation: Operation
) -> ProgressEvent:
    """Send the create once; after a lost answer, a callback that settles what it did."""
    started = callbacks.now()
    try:
        made = client.create_user_pool_client(**sent)["UserPoolClient"]
    except ApiError as error:
        if not answer_lost(error):
            raise
        return after_lost_answer(operation, "CreateUserPoolClient", create_started=started)
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=model_from_client(made))


def settled(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], operation: Operation
) -> ProgressEvent | None:
    """The client a create whose answer was lost made, or None when it made none."""
    if operation.create_started is None:
        return None
    ours = _clients_of_the_attempt(client, sent, operation.create_started)
    if len(ours) > 1:
        ids = ", ".join(str(held["ClientId"]) for held in ours)
        raise HandlerFailure(
            HandlerErrorCode.ResourceConflict,
            f"Cognito CreateUserPoolClient's answer was lost, and {len(ours)} clients named"
            f" {quoted(sent['ClientName'])} with this configuration were created since"
            f" {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(operation.create_started))}"
            f" ({ids}): one may be this stack's, another someone else's. None is adopted;"
            " delete the one no stack owns.",
        )
    if ours:
        return ProgressEvent(
            status=OperationStatus.SUCCESS, resourceModel=model_from_client(ours[0])
        )
    return None
