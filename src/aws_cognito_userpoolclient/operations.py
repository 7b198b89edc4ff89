"""How each handler runs: its operation's state in, exactly one progress event out.

`runs(action)` wraps a handler. It resumes the operation from the callbackContext, runs the
handler, and turns what the handler raises into a progress event, so the handlers hold no
try/except of their own:

- a failure the provider detected (`HandlerFailure`), a Cognito error or a botocore error becomes
  FAILED with the code of the error table (failures.py) and a message that names the cause;
- in a create, update or delete, what must be waited out is waited out by the handler itself,
  with IN_PROGRESS callbacks within the operation's budget (callbacks.py), never FAILED while the
  budget lasts: a pool busy with another change (ConcurrentModificationException,
  TooManyRequestsException) with jittered exponential backoff, and a lost answer by running the
  handler again (update and delete are idempotent; create settles first, see lost_answers.py).
"""

import functools
import logging
from collections.abc import Callable, MutableMapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import Action, HandlerErrorCode, ProgressEvent

from .callbacks import Operation, backoff_seconds
from .failures import (
    API_ERROR_CODES,
    OPERATION_ATTRIBUTE,
    HandlerFailure,
    answer_lost,
    api_error_code,
    failure_for_api_error,
    failure_for_botocore_error,
)
from .lost_answers import after_lost_answer
from .models import ResourceHandlerRequest

LOG = logging.getLogger(__name__)

# Actions that may answer IN_PROGRESS; read and list must answer at once.
WAITING_ACTIONS = frozenset({Action.CREATE.name, Action.UPDATE.name, Action.DELETE.name})
# Cognito's answers for a pool busy with other changes: the codes of the error table that
# CloudFormation's contract calls retriable and that leave nothing done.
BUSY_CODES = frozenset({HandlerErrorCode.Throttling, HandlerErrorCode.ResourceConflict})
BUSY_API_CODES = frozenset(code for code, mapped in API_ERROR_CODES.items() if mapped in BUSY_CODES)
# Backoff while the pool is busy, in seconds: Cognito takes one client update per pool at a time.
BASE_DELAY, MAX_DELAY = 1, 10

Handler = Callable[[SessionProxy | None, ResourceHandlerRequest, Operation], ProgressEvent]
LibraryHandler = Callable[
    [SessionProxy | None, ResourceHandlerRequest, MutableMapping[str, Any]], ProgressEvent
]


def _after_api_error(
    error: ClientError, request: ResourceHandlerRequest, operation: Operation
) -> ProgressEvent:
    failed = failure_for_api_error(error, request)
    if operation.action not in WAITING_ACTIONS:
        return failed
    if answer_lost(error):
        return after_lost_answer(operation, error.operation_name)
    if api_error_code(error) in BUSY_API_CODES:
        delay = backoff_seconds(operation.callbacks, BASE_DELAY, MAX_DELAY)
        waiting = operation.call_back(delay)
        if waiting is not None:
            return waiting
        failed.message = f"{failed.message} (the pool stayed busy: {operation.waited()})"
    return failed


def _after_botocore_error(error: BotoCoreError, operation: Operation) -> ProgressEvent:
    if operation.action in WAITING_ACTIONS and answer_lost(error):
        return after_lost_answer(operation, getattr(error, OPERATION_ATTRIBUTE, "call"))
    return failure_for_botocore_error(error)


def runs(action: Action) -> Callable[[Handler], LibraryHandler]:
    """The handler of `action`, resumed from its callbackContext, with failures reported."""

    def wrap(handler: Handler) -> LibraryHandler:
        @functools.wraps(handler)
        def run(
            session: SessionProxy | None,
            request: ResourceHandlerRequest,
            callback_context: MutableMapping[str, Any],
        ) -> ProgressEvent:
            try:
                operation = Operation.resumed(callback_context, action.name)
                progress = handler(session, request, operation)
            except HandlerFailure as failure:
                progress = ProgressEvent.failed(failure.code, failure.message)
            except ClientError as error:
                progress = _reported(_after_api_error, error, request, operation)
            except BotoCoreError as error:
                progress = _reported(_after_botocore_error, error, operation)
            # The outcome only: models, requests and API answers can hold the client secret.
            code = progress.errorCode.name if progress.errorCode else ""
            LOG.info("%s: %s %s", handler.__name__, progress.status.name, code)
            return progress

        return run

    return wrap


def _reported(answer: Callable[..., ProgressEvent], *args: Any) -> ProgressEvent:
    # Waiting may itself end in a failure (too many lost answers): it is reported the same way.
    try:
        return answer(*args)
    except HandlerFailure as failure:
        return ProgressEvent.failed(failure.code, failure.message)
