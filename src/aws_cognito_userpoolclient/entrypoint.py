"""The Lambda entrypoint: the library's `Resource`, with the request checks it lacks.

- A malformed event (not an object, no `action`, no `requestData`) ends in InvalidRequest that
  says what is missing, instead of an AttributeError deep in the library.
- Properties are checked for unknown names and wrong JSON types, by path, before the library's
  own parsing, whose errors name neither the property nor the rule.
- `nextToken`, which cloudformation-cli-python-lib 2.1.20 drops in `_cast_resource_request`,
  reaches the list handler, so paging works in the registry.
- The caller's credentials reach the handlers as a `CallerSession`, not as the boto3 Session the
  library would build for every request (about 8 ms each time).
"""

from collections.abc import Mapping, MutableMapping
from typing import Any

from cloudformation_cli_python_lib.exceptions import InternalFailure, InvalidRequest
from cloudformation_cli_python_lib.interface import Action, BaseResourceHandlerRequest
from cloudformation_cli_python_lib.resource import Resource
from cloudformation_cli_python_lib.utils import Credentials, HandlerRequest

from .client import CallerSession
from .validation import shape_problems

# HandlerRequest fields the library reads without a default; absent ones are read as null.
_OPTIONAL_ENVELOPE_FIELDS = ("awsAccountId", "bearerToken", "region")


def _check_properties(label: str, properties: Any) -> None:
    if properties is None:
        return
    problems = shape_problems(properties)
    if problems:
        raise InvalidRequest(f"Invalid {label}: " + "; ".join(problems))


def _caller_credentials(given: Any) -> Credentials | None:
    if given is None:
        return None
    if not isinstance(given, Mapping):
        raise InvalidRequest("The request's callerCredentials must be an object")
    values = {key: given.get(key) for key in ("accessKeyId", "secretAccessKey", "sessionToken")}
    wrong = [
        f"callerCredentials.{key} must be a string"
        for key, value in values.items()
        if value is not None and not isinstance(value, str)
    ]
    if wrong:
        raise InvalidRequest("; ".join(wrong))
    return Credentials(**{key: value or "" for key, value in values.items()})


class UserPoolClientResource(Resource):
    @staticmethod
    def _parse_request(event_data: MutableMapping[str, Any]) -> Any:
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
        complete = {field: None for field in _OPTIONAL_ENVELOPE_FIELDS} | dict(event_data)
        # The library would build a boto3 Session of the caller's credentials for every request;
        # it gets none, and the handlers get a CallerSession of them instead.
        complete["requestData"] = {
            "resourceProperties": None,
            **request_data,
            "callerCredentials": None,
        }
        (_, provider), action, callback_context, event = Resource._parse_request(complete)
        caller = _caller_credentials(request_data.get("callerCredentials"))
        return (
            (CallerSession(caller) if caller else None, provider),
            action,
            callback_context,
            event,
        )

    def _cast_resource_request(self, request: HandlerRequest) -> BaseResourceHandlerRequest:
        _check_properties("resource properties", request.requestData.resourceProperties)
        _check_properties(
            "previous resource properties", request.requestData.previousResourceProperties
        )
        modelled = super()._cast_resource_request(request)
        modelled.nextToken = request.nextToken
        return modelled

    def _parse_test_request(self, event_data: MutableMapping[str, Any]) -> Any:
        request = event_data.get("request") if isinstance(event_data, Mapping) else None
        if not isinstance(request, Mapping):
            raise InvalidRequest("The test event has no request object")
        _check_properties("desiredResourceState", request.get("desiredResourceState"))
        _check_properties("previousResourceState", request.get("previousResourceState"))
        try:
            return super()._parse_test_request(event_data)
        except InternalFailure as failure:
            # The library reports every unparsable test event as its own internal failure.
            raise InvalidRequest(str(failure)) from failure
