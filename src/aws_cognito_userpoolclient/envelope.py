"""What the entrypoint checks of an event before the library or a handler sees any of it.

CloudFormation sends well-formed events, but direct invokes, `sam local invoke`, users' own
`cfn test` inputs and Cloud Control hand over what their authors wrote. Every field the library
or a handler reads is checked for its type here (and the region for its format), so bad input
becomes one InvalidRequest that names each field, never an exception, a traceback or a bare
InternalFailure. The properties are the desired state's (desired_state.py); the callback context
is the operation's own state, checked where it is resumed (operation.py).
"""

import functools
import re
from collections.abc import Mapping
from typing import Any

from cloudformation_cli_python_lib.interface import Action

from .client import region_patterns
from .messages import key_text, quoted

ACTIONS = tuple(Action.__members__)
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
# Set by CloudFormation on the UPDATE that rolls a failed stack update back (entrypoint.py).
EVENT_BOOLEANS = ("rollback",)
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
TEST_REQUEST_BOOLEANS = ("rollback",)
_TYPE_NAMES = {str: "a string", Mapping: "an object", bool: "a boolean"}


def _typed(
    container: Mapping[str, Any], keys: tuple[str, ...], kind: type, where: str
) -> list[str]:
    return [
        f"{where}{key}: must be {_TYPE_NAMES[kind]}"
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


def event_problems(event: Any) -> list[str]:
    """What in a handler request (the registry's event) no handler could act on."""
    if not isinstance(event, Mapping):
        return ["the request must be a JSON object"]
    problems = action_problems(event.get("action"))
    problems += _typed(event, EVENT_STRINGS, str, "")
    problems += _typed(event, EVENT_BOOLEANS, bool, "")
    if isinstance(event.get("region"), str):  # a region of another type is named above
        problems += region_problems(event["region"])
    request_data = event.get("requestData")
    if not isinstance(request_data, Mapping):
        return [*problems, "requestData: must be an object"]
    problems += _typed(request_data, REQUEST_DATA_STRINGS, str, "requestData.")
    problems += _typed(request_data, REQUEST_DATA_OBJECTS, Mapping, "requestData.")
    for field in ("callerCredentials", "providerCredentials"):
        problems += credentials_problems(request_data.get(field), f"requestData.{field}")
    return problems


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
    known = (*TEST_REQUEST_STRINGS, *TEST_REQUEST_OBJECTS, *TEST_REQUEST_BOOLEANS)
    problems += [f"request: unknown key {key_text(key)}" for key in request if key not in known]
    if request.get("clientRequestToken") is None:
        problems.append("request.clientRequestToken: required")
    problems += _typed(request, TEST_REQUEST_STRINGS, str, "request.")
    problems += _typed(request, TEST_REQUEST_OBJECTS, Mapping, "request.")
    problems += _typed(request, TEST_REQUEST_BOOLEANS, bool, "request.")
    return problems
