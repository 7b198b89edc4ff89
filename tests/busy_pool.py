"""A Cognito double that is busy as Cognito is when many clients of one pool change at once.

Cognito takes one change of a pool's app clients at a time: a second one that arrives while the
first is in flight is refused with ConcurrentModificationException ("Only one request to update
user pool client can be processed at a time", per pool, not per client: terraform-provider-aws
#19794), and writes beyond the pool's rate are refused with TooManyRequestsException. moto has
neither. `BusyPools` wraps moto's answer below botocore's retries (as faults.py does): a write
holds its pool for `hold_seconds` while moto does the work, a write that finds its pool held is
refused, and `throttled` of the writes (a seeded share) are refused before they reach moto.

`Stacks` then drives many stacks at once, each in its own thread, through the Lambda entrypoint
and its callbacks as CloudFormation does (the callback delays scaled down a hundredfold), and
records every operation's outcome, so a test or the benchmark can check each end state and the
time each operation waited in CloudFormation's terms.
"""

import json
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from moto.core.botocore_stubber import BotocoreStubber

WRITES = frozenset(
    {
        "CreateUserPoolClient",
        "UpdateUserPoolClient",
        "DeleteUserPoolClient",
        "AddUserPoolClientSecret",
        "DeleteUserPoolClientSecret",
    }
)
BUSY = "Only one request to update user pool client can be processed at a time."
# Taken before any test silences botocore's retry sleeps, which it does on the `time` module.
_sleep = time.sleep


def _answer(code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    return 400, {}, json.dumps({"__type": code, "message": message}).encode()


@dataclass
class BusyPools:
    """Per-pool refusals of concurrent writes, and throttling of a share of the writes."""

    hold_seconds: float = 0.003
    throttled: float = 0.2
    seed: int = 7
    refused_busy: int = 0
    refused_throttled: int = 0
    writes: int = 0
    _in_flight: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)  # noqa: S311  # which writes are throttled

    def answer(self, moto: Callable[[Any], Any], request: Any) -> Any:
        operation = request.headers.get("X-Amz-Target", b"").decode().rpartition(".")[2]
        if operation not in WRITES:
            return moto(request)
        pool = json.loads(request.body or b"{}").get("UserPoolId", "")
        with self._lock:
            if self._random.random() < self.throttled:
                self.refused_throttled += 1
                return _answer("TooManyRequestsException", "Too many requests")
            if pool in self._in_flight:
                self.refused_busy += 1
                return _answer("ConcurrentModificationException", BUSY)
            self._in_flight.add(pool)
            self.writes += 1
        try:
            _sleep(self.hold_seconds)  # the write takes time, as Cognito's does
            return moto(request)
        finally:
            with self._lock:
                self._in_flight.discard(pool)

    @contextmanager
    def installed(self) -> Iterator["BusyPools"]:
        moto_answer = BotocoreStubber.process_request

        def answer(stubber: Any, request: Any) -> Any:
            return self.answer(lambda sent: moto_answer(stubber, sent), request)

        BotocoreStubber.process_request = answer  # type: ignore[method-assign,assignment]
        try:
            yield self
        finally:
            BotocoreStubber.process_request = moto_answer  # type: ignore[method-assign]


@dataclass
class Outcome:
    """One operation of one stack: its last answer, invocations and the time it waited."""

    stack: int
    action: str
    last: dict[str, Any]
    invocations: int
    waited: int


@dataclass
class Stacks:
    """Stacks creating, updating, reading and deleting their own clients in one pool at once."""

    invoke: Callable[..., dict[str, Any]]
    pool_id: str
    count: int = 30
    # Real seconds slept per second of callbackDelaySeconds: CloudFormation's waits, shortened.
    # With BusyPools' default hold, a write holds its pool for 0.3 s of this scaled time, about
    # what a Cognito write takes.
    time_scale: float = 0.01
    outcomes: list[Outcome] = field(default_factory=list)
    reads: dict[int, dict[str, Any]] = field(default_factory=dict)
    desired: dict[int, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _operation(self, stack: int, action: str, properties: Mapping[str, Any], **kw: Any) -> Any:
        token = f"stack-{stack}-{action}"
        responses = [self.invoke(action, properties, token=token, **kw)]
        waited = 0
        while responses[-1]["status"] == "IN_PROGRESS" and len(responses) < 500:
            delay = responses[-1]["callbackDelaySeconds"]
            waited += delay
            _sleep(delay * self.time_scale)
            context = responses[-1]["callbackContext"]
            responses.append(
                self.invoke(action, properties, token=token, callback_context=context, **kw)
            )
        with self._lock:
            self.outcomes.append(Outcome(stack, action, responses[-1], len(responses), waited))
        return responses[-1]

    def _stack(self, stack: int) -> None:
        name = f"stack-{stack}-client"
        created = self._operation(stack, "CREATE", {"UserPoolId": self.pool_id, "ClientName": name})
        if created["status"] != "SUCCESS":
            return
        model = created["resourceModel"]
        desired = {
            "UserPoolId": self.pool_id,
            "ClientId": model["ClientId"],
            "ClientName": name,
            "AuthSessionValidity": 3 + stack % 12,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "AccessTokenValidity": 10 + stack,
            "TokenValidityUnits": {"AccessToken": "minutes"},
        }
        self.desired[stack] = desired
        updated = self._operation(stack, "UPDATE", desired, previous=model)
        if updated["status"] != "SUCCESS":
            return
        ids = {"UserPoolId": self.pool_id, "ClientId": model["ClientId"]}
        read = self._operation(stack, "READ", ids)
        self.reads[stack] = read.get("resourceModel", {})
        self._operation(stack, "DELETE", ids)

    def run(self) -> None:
        def stack(number: int) -> None:
            try:
                self._stack(number)
            except Exception as error:  # reported by the test, not lost in a thread
                with self._lock:
                    self.errors.append(f"stack {number}: {type(error).__name__}: {error}")

        start = threading.Barrier(self.count)

        def at_once(number: int) -> None:
            start.wait()  # every stack starts together, as one stack's resources do
            stack(number)

        threads = [threading.Thread(target=at_once, args=(n,)) for n in range(self.count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
