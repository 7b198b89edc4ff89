"""The Lambda entrypoint: the library's `Resource`, with what it lacks. Each override says why.

- **One guarded boundary.** Every event gets exactly one progress event back, from the registry
  entrypoint and from the test entrypoint. A malformed event (envelope.py) or properties that
  break the schema or a rule between properties (desired_state.py) end in one InvalidRequest that
  names each problem, before any call, answered here with one log line, where the library would
  log "Handler error" or "Invalid request" with a traceback, or answer InternalFailure with no
  message. The properties that pass go on as that check typed them, nulls left out.
- **Answers Lambda can send.** Every message is bounded and escaped (messages.py): CloudFormation
  keeps 1,024 characters of it, and Lambda's runtime cannot encode a lone surrogate.
- `nextToken`, which cloudformation-cli-python-lib 2.1.20 drops in `_cast_resource_request`,
  reaches the list handler, so paging works in the registry.
- `rollback`, which CloudFormation sets on the UPDATE that rolls a failed stack update back and
  the library drops (its HandlerRequest and UnmodelledRequest do not declare it), reaches the
  handlers (`rolling_back`), from the registry event and from a test event's request alike: a
  rollback must never take back a secret that consumers held before the failed update.
- The caller's and the provider's credentials become `CallerSession`s, not the boto3 Sessions the
  library would build for every request (about 8 ms each time).
- Provider logs and metrics (the registry path) go through `telemetry`: reused clients, one
  PutMetricData and at most one PutLogEvents per invocation, sent after the handler answers, and
  nothing of them kept for the next invocation.
"""

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

from cloudformation_cli_python_lib import metrics as library_metrics
from cloudformation_cli_python_lib import resource as library_resource
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import (
    Action,
    BaseResourceHandlerRequest,
    HandlerErrorCode,
    OperationStatus,
    ProgressEvent,
)
from cloudformation_cli_python_lib.resource import Resource
from cloudformation_cli_python_lib.utils import Credentials, HandlerRequest

from . import telemetry
from .client import CallerSession
from .desired_state import checked_properties
from .envelope import event_problems, test_event_problems
from .messages import bounded, problem_list, quoted

LOG = logging.getLogger(__name__)
# The library builds a logs and a cloudwatch client per invocation and sends each metric and log
# record on its own; these keep its log group, stream and metrics, and send them in one batch each.
# They stand in only while this resource's invocations run: another Resource in the same process
# keeps the library's own.
TELEMETRY_REPLACEMENTS: tuple[tuple[Any, str, Any], ...] = (
    (library_resource, "ProviderLogHandler", telemetry.BufferedLogDelivery),
    (library_metrics, "MetricsPublisher", telemetry.BatchedMetricsPublisher),
)
_replacing = threading.Lock()
# Invocations of this resource under way (one at a time in Lambda; tests run several at once),
# and the library's classes to put back when the last one ends.
_running: list[object] = []
_originals: list[tuple[Any, str, Any]] = []


@contextlib.contextmanager
def _telemetry_replaced() -> Iterator[None]:
    invocation = object()
    with _replacing:
        if not _running:
            _originals[:] = [(m, name, getattr(m, name)) for m, name, _ in TELEMETRY_REPLACEMENTS]
            for module, name, replacement in TELEMETRY_REPLACEMENTS:
                setattr(module, name, replacement)
        _running.append(invocation)
    try:
        yield
    finally:
        with _replacing:
            _running.remove(invocation)
            if not _running:
                for module, name, original in _originals:
                    setattr(module, name, original)


# HandlerRequest fields the library reads without a default; absent ones are read as null.
_OPTIONAL_ENVELOPE_FIELDS = ("awsAccountId", "bearerToken", "region")
# What a FAILED answer says when nothing more specific is known (the library gives none).
_NO_MESSAGE = "The handler failed without a message; its log has the details."
# The request field the library drops, kept on the requests it builds under the same name.
ROLLBACK = "rollback"


def rolling_back(request: BaseResourceHandlerRequest) -> bool:
    """Whether CloudFormation sent this request to roll a failed stack update back (both
    entrypoints set it on every request they build)."""
    return getattr(request, ROLLBACK) is True


def _credentials(given: Any) -> Credentials | None:
    # Checked by envelope.credentials_problems: an object of strings, or absent.
    if not isinstance(given, Mapping):
        return None
    return Credentials(**{key: given.get(key) or "" for key in Credentials.__annotations__})


def _refused(event_data: Any, problems: list[str]) -> MutableMapping[str, Any]:
    action = event_data.get("action") if isinstance(event_data, Mapping) else None
    # The outcome only: the message can quote values of the request.
    LOG.warning("%s: FAILED InvalidRequest (refused before any call)", quoted(action))
    refusal = ProgressEvent.failed(HandlerErrorCode.InvalidRequest, problem_list(problems))
    return refusal._serialize()


def _answered(response: Any) -> Any:
    """The response as Lambda sends it: a bounded, escaped message, and one on every failure."""
    if isinstance(response, MutableMapping):
        message = response.get("message")
        if response.get("status") == OperationStatus.FAILED.name and not message:
            message = _NO_MESSAGE
        if isinstance(message, str):
            response["message"] = bounded(message)
    return response


def _guarded(
    event: Any,
    envelope_problems: Callable[[Any], list[str]],
    fields: str,
    desired: str,
    previous: str,
) -> tuple[dict[str, Any], None] | tuple[None, Any]:
    """The event with its properties checked and typed, or else the refusal to answer instead.

    `fields` names the object of the event that holds the `desired` and `previous` properties.
    """
    problems = envelope_problems(event)
    if problems:
        return None, _answered(_refused(event, problems))
    holder = event[fields]  # an object: checked by envelope_problems
    properties = checked_properties(event["action"], holder.get(desired), holder.get(previous))
    if properties.problems:
        return None, _answered(_refused(event, properties.problems))
    checked = {**holder, desired: properties.desired, previous: properties.previous}
    return {**event, fields: checked}, None


class UserPoolClientResource(Resource):
    def __call__(self, event_data: Any, context: Any) -> Any:
        checked, refusal = _guarded(
            event_data,
            event_problems,
            "requestData",
            "resourceProperties",
            "previousResourceProperties",
        )
        if checked is None:
            return refusal
        with _telemetry_replaced(), telemetry.invocation():
            response = super().__call__(checked, context)
        return _answered(response)

    @staticmethod
    def _parse_request(event_data: MutableMapping[str, Any]) -> Any:
        request_data = event_data["requestData"]  # checked by envelope.event_problems
        complete = {field: None for field in _OPTIONAL_ENVELOPE_FIELDS} | dict(event_data)
        # The library would build a boto3 Session of the caller's credentials for every request;
        # it gets none, and the handlers get a CallerSession of them instead.
        complete["requestData"] = {
            **request_data,
            "callerCredentials": None,
            "providerCredentials": None,
        }
        _, action, callback_context, event = Resource._parse_request(complete)
        setattr(event, ROLLBACK, event_data.get(ROLLBACK) is True)  # checked by envelope
        caller = _credentials(request_data.get("callerCredentials"))
        provider = _credentials(request_data.get("providerCredentials"))
        return (
            (
                CallerSession(caller) if caller else None,
                CallerSession(provider) if provider else None,
            ),
            action,
            callback_context,
            event,
        )

    def _cast_resource_request(self, request: HandlerRequest) -> BaseResourceHandlerRequest:
        modelled = super()._cast_resource_request(request)
        modelled.nextToken = request.nextToken
        setattr(modelled, ROLLBACK, getattr(request, ROLLBACK))  # set by _parse_request
        return modelled

    def _parse_test_request(
        self, event_data: MutableMapping[str, Any]
    ) -> tuple[SessionProxy | None, BaseResourceHandlerRequest, Action, MutableMapping[str, Any]]:
        # The library's UnmodelledRequest takes no `rollback`: it would answer InternalFailure.
        request = dict(event_data["request"])  # an object: checked by envelope.test_event_problems
        rollback = request.pop(ROLLBACK, None) is True
        parsed = super()._parse_test_request({**event_data, "request": request})
        setattr(parsed[1], ROLLBACK, rollback)
        return parsed

    def test_entrypoint(self, event: Any, context: Any) -> Any:
        checked, refusal = _guarded(
            event, test_event_problems, "request", "desiredResourceState", "previousResourceState"
        )
        if checked is None:
            return refusal
        return _answered(super().test_entrypoint(checked, context))
