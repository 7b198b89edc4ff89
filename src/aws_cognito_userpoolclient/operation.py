"""An operation across its invocations: its state, every wait and limit it has, and its runner.

A create, update or delete that must wait (the pool is busy, an answer was lost, a provider or
resource server the stack is still creating is missing) answers IN_PROGRESS, and CloudFormation
calls back after `callbackDelaySeconds` with the `callbackContext` it was given. That context is
an `Operation`, and only what the next invocation needs: when the operation began (for the
budget), how many callbacks it has had (for the backoff), whether it waits for providers or
resource servers (it looks for them before sending again), and what a lost answer left unknown.
It comes back from outside (direct invokes, `cfn test` inputs, Cloud Control), so its shape is
checked before anything trusts it.

Every wait is below, each under a name that says what it waits for. All of them end within one
budget, the action's `timeoutInMinutes` in the schema less a reserve, so the handler gives up
itself, with a message, before CloudFormation times the operation out. A FAILED answer is final,
so what must be waited out is waited out here, never left to CloudFormation.

`runs(action)` wraps each handler: it resumes the operation, runs the handler and turns what it
raises into exactly one progress event, so the handlers hold no try/except of their own. A failure
the provider detects (`HandlerFailure`), a Cognito error or a botocore error becomes FAILED with
the code of the error table (failures.py); a wait (`CallBack`) becomes IN_PROGRESS.
"""

import dataclasses
import functools
import logging
import math
import random
import time
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any, NoReturn

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import (
    Action,
    HandlerErrorCode,
    OperationStatus,
    ProgressEvent,
)

from .failures import (
    API_ERROR_CODES,
    OPERATION_ATTRIBUTE,
    HandlerFailure,
    answer_lost,
    api_error_code,
    failure_for_api_error,
    failure_for_botocore_error,
)
from .messages import MAX_PROBLEMS, quoted
from .models import ResourceHandlerRequest
from .schema import SCHEMA

LOG = logging.getLogger(__name__)

# --- every wait, limit and budget -------------------------------------------------------------

# Attempts per API call in all, the first included, in botocore's standard retry mode (client.py).
# Few: what is still busy or lost after them is waited out by callbacks, not in the function.
SDK_ATTEMPTS = 3
# Kept back from the action's timeoutInMinutes for the invocation that ends a wait and for
# CloudFormation's scheduling of the callback, so that every wait ends, with a message, before
# CloudFormation times the operation out (schema: 5 minutes; AWS's type has 2, too short to wait).
BUDGET_RESERVE_SECONDS = 60
# A lost answer (an HTTP 5xx, a read timeout, a connection closed): called back after this long,
# so that a request whose answer was lost has finished in Cognito before the handler looks.
LOST_ANSWER_DELAY_SECONDS = 10
# Lost answers in one operation before the handler gives up with NetworkFailure: more in a row
# means Cognito or the network is down, not a passing fault.
MAX_LOST_ANSWERS = 5


@dataclasses.dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: half of min(longest, first * 2**n), plus up to that again.

    The jitter keeps the many clients of one busy pool from all coming back at once.
    """

    first_seconds: int
    longest_seconds: int

    def delay(self, callbacks: int) -> int:
        ceiling = min(self.longest_seconds, self.first_seconds << min(callbacks, 16))
        return max(1, math.ceil(ceiling / 2 + random.random() * ceiling / 2))  # noqa: S311


# A pool busy with other changes of its clients: Cognito takes one at a time per pool
# (ConcurrentModificationException "Only one request to update user pool client can be processed
# at a time") and throttles bursts (TooManyRequestsException). A change takes about a second;
# under 60 stacks at once in one pool the longest wait was 101 s (make bench, 2026-12-06).
BUSY_POOL_BACKOFF = Backoff(first_seconds=1, longest_seconds=10)
# Identity providers and resource servers the same stack is still creating: CloudFormation creates
# one in seconds, so the first look is a few seconds later, and later ones no more than 30 s apart.
DEPENDENCY_BACKOFF = Backoff(first_seconds=5, longest_seconds=30)

# ----------------------------------------------------------------------------------------------

# Actions that may answer IN_PROGRESS; read and list must answer at once.
WAITING_ACTIONS = frozenset({Action.CREATE.name, Action.UPDATE.name, Action.DELETE.name})
# Cognito's answers for a pool busy with other changes: the codes of the error table that
# CloudFormation's contract calls retriable and that leave nothing done.
BUSY_CODES = frozenset({HandlerErrorCode.Throttling, HandlerErrorCode.ResourceConflict})
BUSY_API_CODES = frozenset(code for code, mapped in API_ERROR_CODES.items() if mapped in BUSY_CODES)
# What the operation waits for, when the next invocation must act on it before sending again.
DEPENDENCIES = "dependencies"  # a provider or resource server was missing: look before sending
REASONS = (DEPENDENCIES,)


def now() -> float:
    """The clock every wait is measured with (tests replace it)."""
    return time.time()


def budget_seconds(action: str) -> float:
    """How long a create, update or delete may wait in all: its schema timeout less the reserve."""
    minutes = SCHEMA["handlers"][action.lower()]["timeoutInMinutes"]
    return float(minutes) * 60 - BUDGET_RESERVE_SECONDS


class CallBack(Exception):  # not an error: the end of one invocation of a wait
    """Raised where a wait begins: the invocation ends with IN_PROGRESS, the runner answers it."""

    def __init__(self, progress: ProgressEvent) -> None:
        self.progress = progress


# The context's keys, each with the field it restores and the type its value must have.
_FIELDS: Mapping[str, tuple[str, type | tuple[type, ...]]] = {
    "started": ("started", (int, float)),
    "callbacks": ("callbacks", int),
    "waitingFor": ("waiting_for", str),
    "createStarted": ("create_started", (int, float)),
    "lostAnswers": ("lost_answers", int),
    "secretsHeld": ("secrets_held", list),
}
_TYPE_NAMES: dict[type, str] = {int: "an integer", list: "a list of secret ids", str: "a string"}


@dataclasses.dataclass(frozen=True)
class Operation:
    """A create, update or delete across its invocations (read and list have one)."""

    action: str
    started: float
    callbacks: int = 0
    waiting_for: str | None = None
    # a CreateUserPoolClient whose answer was lost, sent at this time
    create_started: float | None = None
    lost_answers: int = 0
    # the secret ids the client held when an AddUserPoolClientSecret's answer was lost
    secrets_held: Sequence[str] | None = None

    @classmethod
    def resumed(cls, context: Any, action: str) -> "Operation":
        """The operation a callbackContext continues; a new one for an empty context."""
        if context is None or context == {}:
            return cls(action=action, started=now())
        problems = context_problems(context)
        if problems:
            raise HandlerFailure(HandlerErrorCode.InvalidRequest, "; ".join(problems))
        return cls(action=action, **{_FIELDS[key][0]: value for key, value in context.items()})

    def context(self) -> dict[str, Any]:
        """The callbackContext that continues this operation: only what is set."""
        # (the start is never 0)
        return {
            key: getattr(self, field)
            for key, (field, _) in _FIELDS.items()
            if getattr(self, field) not in (None, 0)
        }

    @staticmethod
    def clock() -> float:
        """The time now, by the clock every wait is measured with."""
        return now()

    def elapsed(self) -> float:
        return now() - self.started

    def waited(self) -> str:
        """How long the operation has waited, for a message."""
        return f"{self.callbacks} callbacks over {round(self.elapsed())} s"

    def wait(self, delay: int, why: str, give_up: HandlerFailure, **changes: Any) -> NoReturn:
        """Raise a CallBack after `delay` seconds, or `give_up` when the budget would be spent.

        `why` says what the operation waits for; the IN_PROGRESS answer says it, with the next try
        and since when. `changes` are the fields the next invocation needs changed; `waiting_for`
        is cleared unless given again, so a wait of another kind does not look for providers
        before sending.
        """
        if self.elapsed() + delay > budget_seconds(self.action):
            raise give_up
        waiting = dataclasses.replace(
            self, callbacks=self.callbacks + 1, **{"waiting_for": None, **changes}
        )
        began = time.strftime("%H:%M:%S", time.gmtime(self.started))
        raise CallBack(
            ProgressEvent(
                status=OperationStatus.IN_PROGRESS,
                message=f"{why}; next try in {delay} s (waiting since {began} UTC,"
                f" {round(self.elapsed())} s)",
                callbackContext=waiting.context(),
                callbackDelaySeconds=delay,
            )
        )

    def after_lost_answer(self, operation_name: str, **changes: Any) -> NoReturn:
        """A callback to find out or repeat; NetworkFailure once too many answers were lost."""
        lost = self.lost_answers + 1
        give_up = HandlerFailure(
            HandlerErrorCode.NetworkFailure,
            f"Cognito {operation_name}: {lost} answers lost ({self.waited()}); the"
            " request may or may not have taken effect",
        )
        if lost >= MAX_LOST_ANSWERS:
            raise give_up
        why = (
            f"Cognito's answer to {operation_name} was lost ({lost} of at most"
            f" {MAX_LOST_ANSWERS - 1}): finding out what it did"
        )
        self.wait(LOST_ANSWER_DELAY_SECONDS, why, give_up, lost_answers=lost, **changes)


def context_problems(context: Any) -> list[str]:
    """What in a callbackContext is not the shape this module writes."""
    if context is None:
        return []
    if not isinstance(context, Mapping):
        return ["callbackContext: must be an object (it is the handler's own state)"]
    problems = []
    for key, value in context.items():
        if key not in _FIELDS:
            problems.append(f"callbackContext: unknown key {quoted(key)}")
            continue
        expected = _FIELDS[key][1]
        if isinstance(value, bool) or not isinstance(value, expected):
            problems.append(f"callbackContext.{key}: must be {_type_name(expected)}")
        elif isinstance(value, (int, float)) and not 0 <= value < 1e12:
            problems.append(f"callbackContext.{key}: out of range")
        elif key == "waitingFor" and value not in REASONS:
            problems.append(f"callbackContext.waitingFor: must be one of {', '.join(REASONS)}")
        elif isinstance(value, list) and not all(isinstance(item, str) for item in value):
            problems.append("callbackContext.secretsHeld: must be a list of secret ids")
    if not problems and "started" not in context:
        problems.append("callbackContext.started: required")
    return problems[:MAX_PROBLEMS]


def _type_name(expected: type | tuple[type, ...]) -> str:
    if isinstance(expected, tuple):
        return "a number"
    return _TYPE_NAMES[expected]


# --- the runner -------------------------------------------------------------------------------

Handler = Callable[[SessionProxy | None, ResourceHandlerRequest, Operation], ProgressEvent]
LibraryHandler = Callable[
    [SessionProxy | None, ResourceHandlerRequest, MutableMapping[str, Any]], ProgressEvent
]


def _answered_after_a_retry(error: ClientError) -> bool:
    return int(error.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)) > 0


def _after_api_error(
    error: ClientError, request: ResourceHandlerRequest, operation: Operation
) -> ProgressEvent:
    failure = failure_for_api_error(error, request)
    if operation.action not in WAITING_ACTIONS:
        raise failure
    if answer_lost(error):
        operation.after_lost_answer(error.operation_name)
    code = api_error_code(error)
    # A delete that finds the client gone after its own answer was lost (the SDK's retry, or a
    # callback after one) succeeded: the lost attempt deleted it.
    retried = operation.lost_answers or _answered_after_a_retry(error)
    if operation.action == Action.DELETE.name and code == "ResourceNotFoundException" and retried:
        return ProgressEvent(status=OperationStatus.SUCCESS)
    if code in BUSY_API_CODES:
        failure.message = f"{failure.message} (the pool stayed busy: {operation.waited()})"
        why = (
            f"Waiting for the user pool: Cognito is busy with other changes of its clients ({code})"
        )
        operation.wait(BUSY_POOL_BACKOFF.delay(operation.callbacks), why, failure)
    raise failure


def _after_botocore_error(error: BotoCoreError, operation: Operation) -> NoReturn:
    if operation.action in WAITING_ACTIONS and answer_lost(error):
        operation.after_lost_answer(getattr(error, OPERATION_ATTRIBUTE, "call"))
    raise failure_for_botocore_error(error)


def _ran(
    handler: Handler,
    session: SessionProxy | None,
    request: ResourceHandlerRequest,
    callback_context: MutableMapping[str, Any],
    action: Action,
) -> ProgressEvent:
    operation = Operation.resumed(callback_context, action.name)
    try:
        return handler(session, request, operation)
    except ClientError as error:
        return _after_api_error(error, request, operation)
    except BotoCoreError as error:
        _after_botocore_error(error, operation)


def _outcome(run: Callable[[], ProgressEvent]) -> ProgressEvent:
    try:
        return run()
    except CallBack as waiting:
        return waiting.progress
    except HandlerFailure as failure:
        return ProgressEvent.failed(failure.code, failure.message)


def runs(action: Action) -> Callable[[Handler], LibraryHandler]:
    """The handler of `action`, resumed from its callbackContext, with one progress event out."""

    def wrap(handler: Handler) -> LibraryHandler:
        @functools.wraps(handler)
        def run(
            session: SessionProxy | None,
            request: ResourceHandlerRequest,
            callback_context: MutableMapping[str, Any],
        ) -> ProgressEvent:
            progress = _outcome(lambda: _ran(handler, session, request, callback_context, action))
            # The outcome only: models, requests and API answers can hold the client secret.
            code = progress.errorCode.name if progress.errorCode else ""
            LOG.info("%s: %s %s", handler.__name__, progress.status.name, code)
            return progress

        return run

    return wrap
