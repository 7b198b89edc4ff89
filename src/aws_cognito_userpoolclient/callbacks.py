"""The handler's own state between invocations, and the one way a handler asks to be called back.

A create, update or delete that must wait (an answer was lost, the pool is busy, a provider or
resource server the stack is still creating is missing) answers IN_PROGRESS; CloudFormation calls
back after `callbackDelaySeconds` with the `callbackContext` it was given. That context is this
module's `Operation`, and only what the next invocation needs: when the operation began (for the
budget), how many callbacks it has had (for the backoff), whether it waits for providers or
resource servers (it looks for them before sending again), and what a lost answer left unknown.
Every wait of every kind is bounded by one budget, the action's `timeoutInMinutes` in the schema
less a reserve for the last call, so the handler gives up itself, with a message, before
CloudFormation times the operation out.

The context comes back from outside (direct invokes, `cfn test` inputs, Cloud Control), so its
shape is checked before anything trusts it.
"""

import dataclasses
import math
import random
import time
from collections.abc import Mapping, Sequence
from typing import Any

from cloudformation_cli_python_lib.interface import (
    HandlerErrorCode,
    OperationStatus,
    ProgressEvent,
)

from .failures import HandlerFailure
from .messages import MAX_PROBLEMS, quoted
from .schema import SCHEMA

# What the operation waits for, when the next invocation must act on it before sending again.
DEPENDENCIES = "dependencies"  # a provider or resource server was missing: look before sending
REASONS = (DEPENDENCIES,)
# Time kept back from the action's timeout for the invocation that ends the wait, and for
# CloudFormation's own scheduling of the callback.
RESERVE_SECONDS = 60


def now() -> float:
    """The clock every wait is measured with (tests replace it)."""
    return time.time()


def budget_seconds(action: str) -> float:
    """How long a create, update or delete may wait in all: its schema timeout less the reserve."""
    return float(SCHEMA["handlers"][action.lower()]["timeoutInMinutes"]) * 60 - RESERVE_SECONDS


def backoff_seconds(callbacks: int, base: int, cap: int) -> int:
    """Exponential backoff with jitter: half of min(cap, base * 2**n), plus up to that again.

    The jitter keeps the many clients of one busy pool from all trying again at once.
    """
    ceiling = min(cap, base << min(callbacks, 16))
    return max(1, math.ceil(ceiling / 2 + random.random() * ceiling / 2))  # noqa: S311  # jitter


# The context's keys, each with the type its value must have.
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
    """A create, update or delete across its invocations."""

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

    def elapsed(self) -> float:
        return now() - self.started

    def call_back(self, delay: int, **changes: Any) -> ProgressEvent | None:
        """IN_PROGRESS, to be called back after `delay` seconds; None when the budget is spent.

        `changes` are the fields the next invocation needs changed; `waiting_for` is cleared unless
        given again, so a wait of another kind does not look for providers before sending.
        """
        if self.elapsed() + delay > budget_seconds(self.action):
            return None
        waiting = dataclasses.replace(
            self, callbacks=self.callbacks + 1, **{"waiting_for": None, **changes}
        )
        return ProgressEvent(
            status=OperationStatus.IN_PROGRESS,
            callbackContext=waiting.context(),
            callbackDelaySeconds=delay,
        )

    def waited(self) -> str:
        """How long the operation has waited, for a message."""
        return f"{self.callbacks} callbacks over {round(self.elapsed())} s"


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
