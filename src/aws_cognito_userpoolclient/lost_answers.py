"""What a handler does when Cognito may have acted but its answer was lost.

- **Create** is not idempotent: `CreateUserPoolClient` sent twice makes two clients, and a client
  the stack does not know about is an orphan with a live secret. So it is never resent blindly
  (the client's retry conditions skip it, see client.py). After a lost answer the handler returns
  IN_PROGRESS with the attempt in `callbackContext`; when CloudFormation calls back, it looks for
  the client its attempt made and adopts it, or, when there is none, creates once more. A client is
  this attempt's only when it has the attempt's name, was created after the attempt started, and
  holds exactly the configuration that was sent; two such clients cannot be told apart, and then
  the handler adopts neither and says so.
- **Update and delete** are idempotent: the SDK already resends them, and when every attempt's
  answer was lost the handler repeats the action on the next callback. A delete that then finds
  the client gone reports success: the lost attempt deleted it.

The happy path makes no call more than it did: the extra calls are spent only after a lost answer.
"""

import time
from collections.abc import Callable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.interface import (
    HandlerErrorCode,
    OperationStatus,
    ProgressEvent,
)

from .failures import API_ERROR_CODES, HandlerFailure, answer_lost, api_error_code
from .translate import model_from_client

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

CREATE_ATTEMPT = "createAttempt"
LOST_ANSWERS = "lostAnswers"
# Long enough for a request whose answer timed out to have finished in Cognito.
CALLBACK_DELAY_SECONDS = 10
# Callbacks after lost answers before the handler gives up and reports a network failure.
MAX_LOST_ANSWERS = 5
# Allowed difference between this machine's clock and Cognito's CreationDate.
CLOCK_SKEW_SECONDS = 5
LIST_PAGE_SIZE = 60  # the most ListUserPoolClients returns in one call
# Errors that a later look may get past; other errors end the operation.
_RETRIABLE_CODES = frozenset({HandlerErrorCode.Throttling, HandlerErrorCode.ServiceInternalError})

ApiError = (ClientError, BotoCoreError)


def _call_back_later(context: Mapping[str, Any]) -> ProgressEvent:
    return ProgressEvent(
        status=OperationStatus.IN_PROGRESS,
        callbackContext=dict(context),
        callbackDelaySeconds=CALLBACK_DELAY_SECONDS,
    )


def _retriable(error: Exception) -> bool:
    if answer_lost(error):
        return True
    return API_ERROR_CODES.get(api_error_code(error) or "") in _RETRIABLE_CODES


def _answered_after_a_retry(error: Exception) -> bool:
    metadata = error.response.get("ResponseMetadata", {}) if isinstance(error, ClientError) else {}
    return int(metadata.get("RetryAttempts", 0)) > 0


def repeated_when_lost(
    context: MutableMapping[str, Any],
    action: Callable[[], ProgressEvent],
    gone_means_done: bool = False,
) -> ProgressEvent:
    """Run an idempotent action; after lost answers, run it again on a callback."""
    lost = int(context.get(LOST_ANSWERS, 0))
    try:
        return action()
    except ApiError as error:
        gone = api_error_code(error) == "ResourceNotFoundException"
        if gone_means_done and gone and (lost or _answered_after_a_retry(error)):
            # An earlier attempt, whose answer was lost, did it.
            return ProgressEvent(status=OperationStatus.SUCCESS)
        if answer_lost(error) and lost + 1 < MAX_LOST_ANSWERS:
            return _call_back_later({LOST_ANSWERS: lost + 1})
        raise


def _same(sent: Any, held: Any) -> bool:
    if isinstance(sent, Mapping):
        return isinstance(held, Mapping) and all(_same(v, held.get(k)) for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(held, list) and sorted(map(str, sent)) == sorted(map(str, held))
    return bool(sent == held)


def holds_configuration(described: Mapping[str, Any], sent: Mapping[str, Any]) -> bool:
    """Whether a described client holds every setting of a create request."""
    if bool(sent.get("GenerateSecret")) != ("ClientSecret" in described):
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


def _create(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], lost: int
) -> ProgressEvent:
    started = time.time()
    try:
        created = client.create_user_pool_client(**sent)["UserPoolClient"]
    except ApiError as error:
        if not answer_lost(error):
            raise
        if lost + 1 >= MAX_LOST_ANSWERS:
            raise HandlerFailure(
                HandlerErrorCode.NetworkFailure,
                f"Cognito CreateUserPoolClient: {MAX_LOST_ANSWERS} answers lost in a row; a"
                f" client named {sent['ClientName']!r} may have been created after"
                f" {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(started))}",
            ) from error
        return _call_back_later({CREATE_ATTEMPT: {"started": started, "lost": lost + 1}})
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=model_from_client(created))


def create_once(
    client: "CognitoIdentityProviderClient",
    sent: Mapping[str, Any],
    context: MutableMapping[str, Any],
) -> ProgressEvent:
    """Create the client of a create request once, whatever answers are lost on the way."""
    attempt = context.get(CREATE_ATTEMPT)
    if not isinstance(attempt, Mapping):
        return _create(client, sent, lost=0)
    lost = int(attempt.get("lost", 0))
    try:
        ours = _clients_of_the_attempt(client, sent, float(attempt["started"]))
    except ApiError as error:
        if _retriable(error) and lost + 1 < MAX_LOST_ANSWERS:
            return _call_back_later({CREATE_ATTEMPT: {**attempt, "lost": lost + 1}})
        raise
    if len(ours) > 1:
        ids = ", ".join(str(held["ClientId"]) for held in ours)
        raise HandlerFailure(
            HandlerErrorCode.ResourceConflict,
            f"Cognito CreateUserPoolClient's answer was lost, and {len(ours)} clients named"
            f" {sent['ClientName']!r} with this configuration were created since ({ids}): one"
            " may be this stack's, another someone else's. None is adopted; delete the one no"
            " stack owns.",
        )
    if ours:
        return ProgressEvent(
            status=OperationStatus.SUCCESS, resourceModel=model_from_client(ours[0])
        )
    return _create(client, sent, lost)
