"""Shared fixtures: an in-process Cognito (moto), Lambda events, and a recorder of API calls."""

import functools
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

# Dummy credentials before anything builds a botocore session; no test reaches AWS.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
)

import boto3
import pytest
from hypothesis import settings
from moto import mock_aws

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient import handlers, telemetry
from aws_cognito_userpoolclient.client import cognito_client

from . import moto_cognito
from .events import CALLER_CREDENTIALS, REGION, STACK_ID, event
from .faults import clock, cloudformation, faults, lose
from .strict_cognito import StrictCognito

# Fixtures of faults.py, used by name; the event builder and its constants, for the tests.
__all__ = ["CALLER_CREDENTIALS", "REGION", "STACK_ID", "clock", "cloudformation", "event", "faults"]
__all__ += ["lose"]

# Generated-input tests: `ci` is fixed (derandomized) and bounded, for `make test`; `deep` is for
# `make fuzz`. Neither keeps an example database in the checkout.
settings.register_profile("ci", max_examples=25, derandomize=True, database=None, deadline=None)
settings.register_profile("deep", max_examples=1000, database=None, deadline=None)
# `make mutation` runs the tests once per mutant: few, fixed examples.
settings.register_profile(
    "mutation", max_examples=8, derandomize=True, database=None, deadline=None
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

Invoke = Callable[..., dict[str, Any]]


@pytest.fixture(autouse=True)
def strict_cognito(monkeypatch: pytest.MonkeyPatch) -> Iterator[StrictCognito]:
    """Every request the provider sends, in every test, checked against Cognito's own model."""
    strict = StrictCognito()
    session = client_module._BOTOCORE_SESSION
    # Clients copy the session's handlers when they are built: drop the provider's cached one.
    monkeypatch.setattr(client_module, "_last_clients", {})
    session.register("before-parameter-build.cognito-idp", strict.check)
    yield strict
    session.unregister("before-parameter-build.cognito-idp", strict.check)
    assert strict.refused == [], "requests that Cognito would refuse were sent"


@pytest.fixture(autouse=True)
def root_logger_restored() -> Iterator[None]:
    """A registry event installs the provider's log handler on the root logger, as it does once per
    Lambda process; each test starts from and leaves the root logger as it found it, so that tests
    pass in any order (mutmut runs them in its own)."""
    root = logging.getLogger()
    level, handlers_before = root.level, list(root.handlers)
    filters_before = [list(h.filters) for h in handlers_before]
    telemetry.BufferedLogDelivery.installed = None
    yield
    root.setLevel(level)
    root.handlers[:] = handlers_before
    for handler, filters in zip(handlers_before, filters_before, strict=True):
        handler.filters[:] = filters
    telemetry.BufferedLogDelivery.installed = None


@functools.cache
def _test_client() -> Any:
    # One client for the whole run: moto answers every client once it is started, and building a
    # boto3 client costs about 60 ms, which would be most of each test's set-up.
    return boto3.client("cognito-idp", region_name=REGION)


@pytest.fixture
def cognito(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A boto3 client of an in-process Cognito; the handlers talk to the same one.

    moto is extended where it falls short of Cognito (see moto_cognito.py).
    """
    moto_cognito.extend(functools.partial(monkeypatch.setattr, raising=False))
    with mock_aws():
        yield _test_client()


@pytest.fixture
def pool_id(cognito: Any) -> str:
    return str(cognito.create_user_pool(PoolName="test-pool")["UserPool"]["Id"])


SCHEMA = json.loads((Path(__file__).parent.parent / "aws-cognito-userpoolclient.json").read_text())


def permitted(action: str, operation: str) -> bool:
    """Whether the schema lets this action's handler make this Cognito call."""
    return f"cognito-idp:{operation}" in SCHEMA["handlers"][action.lower()]["permissions"]


class CallRecorder:
    """Records each Cognito operation the handlers send, per handler action."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.action = ""

    def operations(self, action: str | None = None) -> list[str]:
        return [op for act, op in self.calls if action is None or act == action]

    def record(self, model: Any, **_: Any) -> None:
        self.calls.append((self.action, model.name))

    def unpermitted(self) -> list[tuple[str, str]]:
        return [(action, op) for action, op in self.calls if not permitted(action, op)]


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[CallRecorder]:
    recording = CallRecorder()
    make_client = cognito_client
    clients: list[Any] = []

    def recorded_client(session: Any, region: Any) -> Any:
        client = make_client(session, region)
        if client not in clients:  # the provider reuses its client across invocations
            client.meta.events.register("before-call.cognito-idp", recording.record)
            clients.append(client)
        return client

    monkeypatch.setattr(handlers, "cognito_client", recorded_client)
    yield recording
    for client in clients:
        client.meta.events.unregister("before-call.cognito-idp", recording.record)
    # The registry runs each handler with exactly its schema permissions: a call outside them
    # fails in production, so it fails every test that makes one.
    assert recording.unpermitted() == [], "calls missing from the schema's handler permissions"


@pytest.fixture
def invoke(recorder: CallRecorder) -> Invoke:
    """Invoke the Lambda entrypoint, as the registry does, and return its response."""

    def run(action: str, properties: Mapping[str, Any] | None, **kwargs: Any) -> dict[str, Any]:
        recorder.action = action
        response: dict[str, Any] = handlers.resource(event(action, properties, **kwargs), None)
        return response

    return run
