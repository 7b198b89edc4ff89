"""Faults injected where they happen, and CloudFormation driving a handler through its callbacks.

moto answers each request on botocore's before-send event, in place of the HTTP send
(`BotocoreStubber.process_request`). The faults here wrap that answer, below botocore's retry
handler, so the SDK's retries and the handler's callbacks both see them as real ones:

- a lost answer: "after commit" lets moto do the work and then throws its answer away (a 500, a
  read timeout or a closed connection); "before commit" throws the request away unseen;
- a refusal: a 4xx error answer instead of moto's (a busy pool, throttling), nothing done.

`CloudFormation` invokes the Lambda entrypoint again with the callbackContext while the answer is
IN_PROGRESS, as CloudFormation does, and moves a fake clock by each `callbackDelaySeconds`, so a
wait that never ends runs into the operation's budget instead of hanging the test.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.exceptions import ConnectionClosedError, ReadTimeoutError
from moto.core.botocore_stubber import BotocoreStubber

from aws_cognito_userpoolclient import operation

from . import moto_cognito

# What moto's process_request answers: status, headers, body.
Answer = tuple[int, dict[str, str], bytes]
Moto = Callable[[Any], Answer | None]


def error_answer(status: int, code: str, message: str = "injected") -> Answer:
    return status, {}, json.dumps({"__type": code, "message": message}).encode()


def operation_of(request: Any) -> str:
    return str(request.headers.get("X-Amz-Target", b"").decode().rpartition(".")[2])


class LostAnswers:
    """Loses the answers of the next `times` requests of one operation."""

    def __init__(self, operation: str, times: int, after_commit: bool, kind: str) -> None:
        self.operation, self.remaining = operation, times
        self.after_commit, self.kind = after_commit, kind
        self.lost = self.sent = 0

    def answer(self, moto: Moto, request: Any) -> Answer | None:
        if operation_of(request) != self.operation:
            return None
        self.sent += 1
        if self.remaining == 0:
            return moto(request)
        self.remaining -= 1
        self.lost += 1
        if self.after_commit:
            moto(request)  # moto does the work; its answer is dropped
        if self.kind == "timeout":
            raise ReadTimeoutError(endpoint_url=request.url)
        if self.kind == "closed":
            raise ConnectionClosedError(endpoint_url=request.url)
        return error_answer(500, "InternalErrorException")


class Refusals:
    """Answers the next `times` requests of one operation with a 4xx error; nothing is done."""

    def __init__(self, operation: str, times: int, code: str, message: str) -> None:
        self.operation, self.remaining, self.code, self.message = operation, times, code, message
        self.refused = 0

    def answer(self, moto: Moto, request: Any) -> Answer | None:
        if operation_of(request) != self.operation or self.remaining == 0:
            return None
        self.remaining -= 1
        self.refused += 1
        return error_answer(400, self.code, self.message)


class Sent:
    """Records every request that reaches the embedded AWS: its operation, its target (the
    service's, or the URL's path) and its JSON body."""

    def __init__(self) -> None:
        self.operations: list[str] = []
        self.targets: list[str] = []
        self.requests: list[tuple[str, dict[str, Any]]] = []

    def answer(self, moto: Moto, request: Any) -> Answer | None:
        operation = operation_of(request)
        self.operations.append(operation)
        target = request.headers.get("X-Amz-Target", b"").decode()
        self.targets.append(target or urlsplit(request.url).path)
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):  # not JSON (CloudWatch's CBOR)
            body = {}
        self.requests.append((operation, body if isinstance(body, dict) else {}))
        return None

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [body for _, body in self.requests]

    def writes(self) -> list[str]:
        return [op for op in self.operations if not op.startswith(("Describe", "List"))]


class Faults:
    """The installed faults, consulted in order for every request moto would answer."""

    def __init__(self) -> None:
        self.installed: list[Any] = []

    def record(self) -> Sent:
        sent = Sent()
        self.installed.insert(0, sent)
        return sent

    def lose(self, operation: str, times: int, after_commit: bool, kind: str = "500") -> Any:
        fault = LostAnswers(operation, times, after_commit, kind)
        self.installed.append(fault)
        return fault

    def refuse(
        self, operation: str, times: int, code: str = "TooManyRequestsException", message: str = ""
    ) -> Refusals:
        fault = Refusals(operation, times, code, message or f"injected {code}")
        self.installed.append(fault)
        return fault


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _seconds: None)
    moto_answer = BotocoreStubber.process_request
    installed = Faults()

    def answer(stubber: Any, request: Any) -> Any:
        def moto(sent: Any) -> Any:
            return moto_answer(stubber, sent)

        for fault in installed.installed:
            response = fault.answer(moto, request)
            if response is not None:
                return response
        return moto(request)

    monkeypatch.setattr(BotocoreStubber, "process_request", answer)
    return installed


@pytest.fixture
def lose(faults: Faults) -> Callable[..., Any]:
    return faults.lose


class Clock:
    """A clock the provider and the Cognito double both read; it moves only when told to."""

    def __init__(self, start: float) -> None:
        self.time = start

    def __call__(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds

    def now_iso(self) -> str:
        return datetime.fromtimestamp(self.time, UTC).isoformat()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moving = Clock(moto_cognito.now())
    monkeypatch.setattr(operation, "now", moving)
    monkeypatch.setattr(moto_cognito, "now", moving)
    return moving


# More callbacks than any bounded wait makes; a handler still waiting after them waits forever.
MAX_CALLBACKS = 200


@dataclass
class Run:
    """One operation as CloudFormation drove it: every answer, and the time it waited."""

    responses: list[dict[str, Any]] = field(default_factory=list)
    waited: int = 0

    @property
    def last(self) -> dict[str, Any]:
        return self.responses[-1]

    @property
    def callbacks(self) -> int:
        return len(self.responses) - 1


class CloudFormation:
    """Invokes the entrypoint as CloudFormation does, again after each IN_PROGRESS answer."""

    def __init__(self, invoke: Callable[..., dict[str, Any]], clock: Clock) -> None:
        self.invoke, self.clock = invoke, clock

    def run(self, action: str, properties: Mapping[str, Any] | None, **kwargs: Any) -> Run:
        run = Run([self.invoke(action, properties, **kwargs)])
        while run.last["status"] == "IN_PROGRESS":
            assert run.callbacks < MAX_CALLBACKS, "the handler never stops waiting"
            delay = run.last["callbackDelaySeconds"]
            assert delay > 0
            run.waited += delay
            self.clock.advance(delay)
            context = run.last["callbackContext"]
            run.responses.append(
                self.invoke(action, properties, callback_context=context, **kwargs)
            )
        return run


@pytest.fixture
def cloudformation(invoke: Callable[..., dict[str, Any]], clock: Clock) -> CloudFormation:
    return CloudFormation(invoke, clock)


def until_done(
    invoke: Callable[..., dict[str, Any]],
    action: str,
    properties: Mapping[str, Any] | None,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """The answers of one operation, invoked again with the callbackContext while IN_PROGRESS."""
    responses = [invoke(action, properties, **kwargs)]
    while responses[-1]["status"] == "IN_PROGRESS":
        assert len(responses) <= MAX_CALLBACKS, "the handler never stops waiting"
        assert responses[-1]["callbackDelaySeconds"] > 0
        context = responses[-1]["callbackContext"]
        responses.append(invoke(action, properties, callback_context=context, **kwargs))
    return responses
