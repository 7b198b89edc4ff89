"""Nothing is sent that Cognito's own model refuses.

botocore checks only types and required members client-side; its service model also carries the
lengths, patterns, enums and ranges that Cognito enforces. Every request the Cognito client sends
is checked against them first, whatever its values came from (a template, a previous state, an
identifier, a generated name), and a violation is InvalidRequest naming the parameter. The same
model gives the parts of a custom scope their constraints (rules.py).

Where Cognito's own documentation is ahead of botocore's model, its values are taken too: they are
listed below with their evidence, and the schema and the test doubles take exactly these.
"""

from collections.abc import Mapping
from typing import Any, cast

from botocore.model import OperationModel, Shape
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .failures import HandlerFailure
from .messages import problem_list
from .schema import pattern_matcher

# API reference, GetClientToken (botocore 1.44.18): "you must configure the app client with a
# client secret and enable the ALLOW_CLIENT_TOKEN_AUTH authentication flow"; botocore's
# ExplicitAuthFlowsType does not list it yet.
CLIENT_TOKEN_FLOW = "ALLOW_CLIENT_TOKEN_AUTH"  # noqa: S105  # a flow's name, not a password
AUTH_FLOWS_BEYOND_THE_MODEL = (CLIENT_TOKEN_FLOW,)
# Enum values Cognito takes beyond its model, by the shape they belong to.
BEYOND_THE_MODEL: Mapping[str, frozenset[str]] = {
    "ExplicitAuthFlowsType": frozenset(AUTH_FLOWS_BEYOND_THE_MODEL),
}


def model_problems(shape: Shape, value: Any, path: str = "") -> list[str]:
    """What in a request value breaks its shape's constraints in Cognito's model; no value shown."""
    members = getattr(shape, "members", None)
    if members is not None and isinstance(value, dict):
        return [
            problem
            for name, member in members.items()
            if name in value
            for problem in model_problems(member, value[name], f"{path}.{name}" if path else name)
        ]
    metadata = shape.metadata
    problems = []
    if isinstance(value, (list, str)):
        kind = "items" if isinstance(value, list) else "characters"
        if "min" in metadata and len(value) < metadata["min"]:
            problems.append(f"{path}: fewer than {metadata['min']} {kind}")
        if "max" in metadata and len(value) > metadata["max"]:
            problems.append(f"{path}: more than {metadata['max']} {kind}")
    if isinstance(value, list) and hasattr(shape, "member"):
        for index, item in enumerate(value):
            problems += model_problems(shape.member, item, f"{path}[{index}]")
    if isinstance(value, str):
        enum = getattr(shape, "enum", None)
        if enum and value not in enum and value not in BEYOND_THE_MODEL.get(shape.name, ()):
            problems.append(f"{path}: not one of {', '.join(enum)}")
        pattern = metadata.get("pattern")
        if pattern and not pattern_matcher(f"^{pattern}$")(value):  # Java's whole match
            problems.append(f"{path}: does not match {pattern}")
    if isinstance(value, int) and not isinstance(value, bool):
        low, high = metadata.get("min"), metadata.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            problems.append(f"{path}: outside {low}..{high}")
    return problems


def refuse_what_cognito_refuses(params: Any, model: OperationModel, **_: Any) -> None:
    """botocore's before-parameter-build handler: a request Cognito would refuse is not sent."""
    problems = model_problems(cast(Shape, model.input_shape), params)  # every call has one
    if problems:
        raise HandlerFailure(
            HandlerErrorCode.InvalidRequest,
            f"Cognito {model.name} would refuse the request, so it was not sent:"
            f" {problem_list(problems)}",
        )
