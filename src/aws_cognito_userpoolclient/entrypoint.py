"""The Lambda entrypoint: the library's `Resource`, with the request checks it lacks.

- A malformed event (not an object, no `action`, no `requestData`), or properties that break the
  resource schema or a cross-field rule, end in InvalidRequest that names every problem, before any
  call. It is answered here with one log line, where the library would print "Handler error" and
  a traceback for each bad template.
- `nextToken`, which cloudformation-cli-python-lib 2.1.20 drops in `_cast_resource_request`,
  reaches the list handler, so paging works in the registry.
- The caller's and the provider's credentials become `CallerSession`s, not the boto3 Sessions the
  library would build for every request (about 8 ms each time).
- Provider logs and metrics (the registry path) go through `telemetry`: reused clients, one
  PutMetricData and at most one PutLogEvents per invocation, sent after the handler answers.
"""

import contextlib
import logging
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from cloudformation_cli_python_lib import metrics as library_metrics
from cloudformation_cli_python_lib import resource as library_resource
from cloudformation_cli_python_lib.exceptions import InternalFailure, InvalidRequest
from cloudformation_cli_python_lib.interface import (
    Action,
    BaseResourceHandlerRequest,
    HandlerErrorCode,
    ProgressEvent,
)
from cloudformation_cli_python_lib.resource import Resource
from cloudformation_cli_python_lib.utils import Credentials, HandlerRequest

from . import telemetry
from .client import CallerSession
from .models import ResourceModel
from .schema import schema_problems
from .validation import rule_problems

LOG = logging.getLogger(__name__)
# The library builds a logs and a cloudwatch client per invocation and sends each metric and log
# record on its own; these keep its log group, stream and metrics, and send them in one batch each.
# They stand in only while this resource's invocation runs: another Resource in the same process
# keeps the library's own.
TELEMETRY_REPLACEMENTS: tuple[tuple[Any, str, Any], ...] = (
    (library_resource, "ProviderLogHandler", telemetry.BufferedLogDelivery),
    (library_metrics, "MetricsPublisher", telemetry.BatchedMetricsPublisher),
)


@contextlib.contextmanager
def _telemetry_replaced() -> Iterator[None]:
    originals = [
        (module, name, getattr(module, name)) for module, name, _ in TELEMETRY_REPLACEMENTS
    ]
    for module, name, replacement in TELEMETRY_REPLACEMENTS:
        setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


# HandlerRequest fields the library reads without a default; absent ones are read as null.
_OPTIONAL_ENVELOPE_FIELDS = ("awsAccountId", "bearerToken", "region")
# Actions whose desired state is a whole model to create or apply; the others carry identifiers.
_WRITE_ACTIONS = ("CREATE", "UPDATE")


def _check_properties(action: Any, desired: Any, previous: Any) -> None:
    """Refuse properties that break the schema or a cross-field rule: every problem in one message.

    Identifiers (read, delete, list) and previous states are checked for shape only, so that a
    value Cognito already holds never blocks a read, a delete or an update that fixes it.
    """
    writes = action in _WRITE_ACTIONS
    problems = []
    if desired is not None or writes:
        desired = _without_nulls(desired) if desired is not None else {}
        problems += schema_problems(desired, constraints=writes)
        if writes and not schema_problems(desired, constraints=False):
            model = ResourceModel._deserialize(desired)
            problems += rule_problems(model) if model else []
    if previous is not None:
        problems += [
            f"previous state: {problem}" for problem in schema_problems(previous, constraints=False)
        ]
    if problems:
        raise InvalidRequest("Invalid properties: " + "; ".join(problems))


def _credentials(given: Any, field: str = "callerCredentials") -> Credentials | None:
    if given is None:
        return None
    if not isinstance(given, Mapping):
        raise InvalidRequest(f"The request's {field} must be an object")
    values = {key: given.get(key) for key in ("accessKeyId", "secretAccessKey", "sessionToken")}
    wrong = [
        f"{field}.{key} must be a string"
        for key, value in values.items()
        if value is not None and not isinstance(value, str)
    ]
    if wrong:
        raise InvalidRequest("; ".join(wrong))
    return Credentials(**{key: value or "" for key, value in values.items()})


def _without_nulls(properties: Any) -> Any:
    if not isinstance(properties, Mapping):
        return properties
    return {key: _without_nulls(value) for key, value in properties.items() if value is not None}


def _check_envelope(event_data: Any) -> None:
    if not isinstance(event_data, Mapping):
        raise InvalidRequest("The request must be a JSON object")
    action = event_data.get("action")
    if action not in Action.__members__:
        raise InvalidRequest(
            f"The request's action {action!r} is not one of {', '.join(Action.__members__)}"
        )
    request_data = event_data.get("requestData")
    if not isinstance(request_data, Mapping):
        raise InvalidRequest("The request has no requestData object")
    _credentials(request_data.get("callerCredentials"))
    _credentials(request_data.get("providerCredentials"), "providerCredentials")
    _check_properties(
        action,
        request_data.get("resourceProperties"),
        request_data.get("previousResourceProperties"),
    )


def _check_test_event(event_data: Any) -> None:
    request = event_data.get("request") if isinstance(event_data, Mapping) else None
    if not isinstance(request, Mapping):
        raise InvalidRequest("The test event has no request object")
    _check_properties(
        event_data.get("action"),
        request.get("desiredResourceState"),
        request.get("previousResourceState"),
    )


def _refused(event_data: Any, refusal: InvalidRequest) -> MutableMapping[str, Any]:
    action = event_data.get("action") if isinstance(event_data, Mapping) else None
    # The outcome only: the message can quote values of the request.
    LOG.warning("%s: FAILED InvalidRequest (refused before any call)", action)
    return ProgressEvent.failed(HandlerErrorCode.InvalidRequest, str(refusal))._serialize()


class UserPoolClientResource(Resource):
    def __call__(self, event_data: Any, context: Any) -> Any:
        try:
            _check_envelope(event_data)
        except InvalidRequest as refusal:
            return _refused(event_data, refusal)
        with _telemetry_replaced():
            response = super().__call__(event_data, context)
        telemetry.flush()
        return response

    @staticmethod
    def _parse_request(event_data: MutableMapping[str, Any]) -> Any:
        request_data = event_data["requestData"]  # checked by _check_envelope
        complete = {field: None for field in _OPTIONAL_ENVELOPE_FIELDS} | dict(event_data)
        # The library would build a boto3 Session of the caller's credentials for every request;
        # it gets none, and the handlers get a CallerSession of them instead.
        complete["requestData"] = {
            "resourceProperties": None,
            **request_data,
            "callerCredentials": None,
            "providerCredentials": None,
        }
        # A property given as null is absent (the library would fail on it with a message that
        # names no rule).
        for field in ("resourceProperties", "previousResourceProperties"):
            complete["requestData"][field] = _without_nulls(complete["requestData"].get(field))
        _, action, callback_context, event = Resource._parse_request(complete)
        caller = _credentials(request_data.get("callerCredentials"))
        provider = _credentials(request_data.get("providerCredentials"), "providerCredentials")
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
        return modelled

    def test_entrypoint(self, event: Any, context: Any) -> Any:
        try:
            _check_test_event(event)
        except InvalidRequest as refusal:
            return _refused(event, refusal)
        request = dict(event["request"])
        for field in ("desiredResourceState", "previousResourceState"):
            request[field] = _without_nulls(request.get(field))
        return super().test_entrypoint({**event, "request": request}, context)

    def _parse_test_request(self, event_data: MutableMapping[str, Any]) -> Any:
        try:
            return super()._parse_test_request(event_data)
        except InternalFailure as failure:
            # The library reports every unparsable test event as its own internal failure.
            raise InvalidRequest(str(failure)) from failure
