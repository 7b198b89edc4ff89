"""What the entrypoint checks of an event before the library or a handler sees any of it.

CloudFormation sends well-formed events, but direct invokes, `sam local invoke`, users' own
`cfn test` inputs and Cloud Control hand over what their authors wrote. Every field the library
or a handler reads is checked for its type here (and the region for its format, the properties
against the schema), so bad input becomes one InvalidRequest that names each field, never an
exception, a traceback or a bare InternalFailure. Walks over the input are depth-bounded.

Identifiers (read, delete, list) and previous states are checked for shape only, so a value
Cognito already holds never blocks a read, a delete or an update that fixes it. The callback
context is the handler's own state: `operations.runs` checks it before anything trusts it.
"""

import functools
import re
from collections.abc import Mapping
from typing import Any

from cloudformation_cli_python_lib.interface import Action

from .client import region_patterns
from .messages import key_text, quoted
from .models import ResourceModel
from .schema import schema_problems, shape_problems
from .validation import rule_problems

# No property of the schema nests deeper than a few levels; a deeper document is refused before
# any walk over it could exhaust the stack.
MAX_DEPTH = 32
ACTIONS = tuple(Action.__members__)
# Actions whose desired state is a whole model to create or apply; the others carry identifiers.
WRITE_ACTIONS = ("CREATE", "UPDATE")
CREDENTIAL_KEYS = ("accessKeyId", "secretAccessKey", "sessionToken")
# The fields of a handler request that the library or a handler reads, and their JSON types.
EVENT_STRINGS = (
    "awsAccountId",
    "bearerToken",
    "region",
    "responseEndpoint",
    "stackId",
    "resourceType",
    "resourceTypeVersion",
    "nextToken",
)
REQUEST_DATA_STRINGS = ("providerLogGroupName", "logicalResourceId")
REQUEST_DATA_OBJECTS = (
    "resourceProperties",
    "previousResourceProperties",
    "systemTags",
    "stackTags",
    "previousStackTags",
    "previousSystemTags",
    "typeConfiguration",
)
# A test event (`cfn test`, the test entrypoint) and its request, as the library reads them.
TEST_EVENT_KEYS = ("credentials", "action", "request", "callbackContext", "region")
TEST_REQUEST_STRINGS = (
    "clientRequestToken",
    "awsAccountId",
    "logicalResourceIdentifier",
    "nextToken",
    "stackId",
    "region",
)
TEST_REQUEST_OBJECTS = (
    "desiredResourceState",
    "previousResourceState",
    "desiredResourceTags",
    "previousResourceTags",
    "systemTags",
    "previousSystemTags",
    "typeConfiguration",
)


class TooDeep(Exception):
    """A document nested deeper than MAX_DEPTH."""


def without_nulls(value: Any, depth: int = 0) -> Any:
    """The value with every property given as null left out (null means absent)."""
    if depth > MAX_DEPTH:
        raise TooDeep
    if isinstance(value, Mapping):
        return {k: without_nulls(v, depth + 1) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(item, depth + 1) for item in value]
    return value


def _typed(
    container: Mapping[str, Any], keys: tuple[str, ...], kind: type, where: str
) -> list[str]:
    name = "a string" if kind is str else "an object"
    return [
        f"{where}{key}: must be {name}"
        for key in keys
        if container.get(key) is not None and not isinstance(container.get(key), kind)
    ]


@functools.cache
def _compiled_regions() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.ASCII) for pattern in region_patterns())


def region_problems(region: Any, where: str = "region") -> list[str]:
    """A region that is not a string in the format of one of AWS's partitions (botocore's)."""
    if region is None:
        return []
    if not isinstance(region, str):
        return [f"{where}: must be a string such as us-east-1"]
    if not any(pattern.fullmatch(region) for pattern in _compiled_regions()):
        return [f"{where}: {quoted(region)} is not an AWS region (such as us-east-1)"]
    return []


def action_problems(action: Any) -> list[str]:
    if isinstance(action, str) and action in ACTIONS:
        return []
    shown = (
        quoted(action)
        if isinstance(action, str)
        else "missing"
        if action is None
        else (f"not a string ({quoted(action)})")
    )
    return [f"action: {shown} is not one of {', '.join(ACTIONS)}"]


def credentials_problems(given: Any, where: str, *, complete: bool = False) -> list[str]:
    """Credentials that are not an object of strings (with all three keys, when `complete`)."""
    if given is None:
        return [f"{where}: required"] if complete else []
    if not isinstance(given, Mapping):
        return [f"{where}: must be an object"]
    problems = [
        f"{where}.{key}: must be a string"
        for key in CREDENTIAL_KEYS
        if given.get(key) is not None and not isinstance(given.get(key), str)
    ]
    if complete:
        problems += [f"{where}.{key}: required" for key in CREDENTIAL_KEYS if key not in given]
        problems += [f"{where}: unknown key {quoted(k)}" for k in given if k not in CREDENTIAL_KEYS]
    return problems


def properties_problems(action: Any, desired: Any, previous: Any) -> list[str]:
    """Properties that break the schema or a cross-field rule: every problem, each by its path."""
    try:
        desired, previous = without_nulls(desired), without_nulls(previous)
    except TooDeep:
        return [f"properties: nested deeper than {MAX_DEPTH} levels"]
    if action in WRITE_ACTIONS:  # a whole model to create or apply: every rule
        desired = {} if desired is None else desired
        problems = schema_problems(desired)
        if not shape_problems(desired):  # the rules read a model: one must be built
            problems += _rule_problems(desired)
    else:  # identifiers
        problems = [] if desired is None else shape_problems(desired)
    if previous is not None:
        problems += [f"previous state: {problem}" for problem in shape_problems(previous)]
    return problems


def _rule_problems(desired: Mapping[str, Any]) -> list[str]:
    try:
        model = ResourceModel._deserialize(desired)
    except ValueError:  # an integer of thousands of digits: its (maximum) problem is named
        return []
    return rule_problems(model) if model else []


def event_problems(event: Any) -> list[str]:
    """What in a handler request (the registry's event) no handler could act on."""
    if not isinstance(event, Mapping):
        return ["the request must be a JSON object"]
    problems = action_problems(event.get("action"))
    problems += _typed(event, EVENT_STRINGS, str, "")
    if isinstance(event.get("region"), str):  # a region of another type is named above
        problems += region_problems(event["region"])
    request_data = event.get("requestData")
    if not isinstance(request_data, Mapping):
        return [*problems, "requestData: must be an object"]
    problems += _typed(request_data, REQUEST_DATA_STRINGS, str, "requestData.")
    problems += _typed(request_data, REQUEST_DATA_OBJECTS, Mapping, "requestData.")
    for field in ("callerCredentials", "providerCredentials"):
        problems += credentials_problems(request_data.get(field), f"requestData.{field}")
    if problems:
        return problems
    return _named_properties(
        properties_problems(
            event["action"],
            request_data.get("resourceProperties"),
            request_data.get("previousResourceProperties"),
        )
    )


def test_event_problems(event: Any) -> list[str]:
    """What in a test event (`cfn test`, the test entrypoint) the library could not parse."""
    if not isinstance(event, Mapping):
        return ["the test event must be a JSON object"]
    problems = [
        f"unknown key {key_text(key)} (a test event has {', '.join(TEST_EVENT_KEYS)})"
        for key in event
        if key not in TEST_EVENT_KEYS
    ]
    problems += action_problems(event.get("action"))
    problems += credentials_problems(event.get("credentials"), "credentials", complete=True)
    problems += region_problems(event.get("region"))
    request = event.get("request")
    if not isinstance(request, Mapping):
        return [*problems, "request: must be an object"]
    known = (*TEST_REQUEST_STRINGS, *TEST_REQUEST_OBJECTS)
    problems += [f"request: unknown key {key_text(key)}" for key in request if key not in known]
    if request.get("clientRequestToken") is None:
        problems.append("request.clientRequestToken: required")
    problems += _typed(request, TEST_REQUEST_STRINGS, str, "request.")
    problems += _typed(request, TEST_REQUEST_OBJECTS, Mapping, "request.")
    if problems:
        return problems
    return _named_properties(
        properties_problems(
            event["action"],
            request.get("desiredResourceState"),
            request.get("previousResourceState"),
        )
    )


def _named_properties(problems: list[str]) -> list[str]:
    return [f"Invalid properties: {problems[0]}", *problems[1:]] if problems else []
