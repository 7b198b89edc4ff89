"""Requests checked against botocore's cognito-idp service model, as Cognito itself checks them.

moto stores what Cognito refuses, and botocore checks only types and required members before
sending. This checks every other constraint of the model on each request the provider sends: enums,
length limits, patterns (Java regular expressions on the whole value, via the `regex` package,
which knows `\\p{L}`), and ranges. A request that Cognito would refuse is recorded and stopped
before it reaches moto; the `strict_cognito` fixture then fails the test.
"""

import functools
from collections.abc import Mapping
from typing import Any

import regex
from botocore.model import ListShape, OperationModel, Shape, StructureShape

from aws_cognito_userpoolclient.model_check import BEYOND_THE_MODEL


class RefusedByCognitosModel(Exception):
    """Raised in place of sending a request that breaks the service model."""


# Java's \w and \s are ASCII; the regex package's are Unicode unless ASCII mode, which would make
# \p{L} ASCII too. So the two classes are spelled out.
_JAVA_CLASSES = {"w": "a-zA-Z0-9_", "s": " \t\n\x0b\f\r"}


@functools.cache
def java_pattern(pattern: str) -> Any:
    """A Java regular expression of the service model, compiled with Java's class meanings."""
    out, in_class, index = [], False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            if escaped in _JAVA_CLASSES:
                spelled = _JAVA_CLASSES[escaped]
                out.append(spelled if in_class else f"[{spelled}]")
            else:
                out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append(char)
        index += 1
    return regex.compile("".join(out))


def _string_violations(shape: Shape, value: str, path: str) -> list[str]:
    found = []
    metadata = shape.metadata
    enum = getattr(shape, "enum", None)
    # Cognito takes what its documentation lists beyond the model, the provider's one list of it.
    if enum and value not in enum and value not in BEYOND_THE_MODEL.get(shape.name, ()):
        found.append(f"{path}: {value!r} not in enum {shape.name}")
    if "min" in metadata and len(value) < metadata["min"]:
        found.append(f"{path}: shorter than {metadata['min']}")
    if "max" in metadata and len(value) > metadata["max"]:
        found.append(f"{path}: longer than {metadata['max']}")
    if "pattern" in metadata and not java_pattern(metadata["pattern"]).fullmatch(value):
        found.append(f"{path}: does not match {metadata['pattern']}")
    return found


def violations(shape: Shape, value: Any, path: str) -> list[str]:
    """What in a request value breaks its shape's constraints."""
    if isinstance(shape, StructureShape) and isinstance(value, Mapping):
        return [
            problem
            for name, member in shape.members.items()
            if name in value
            for problem in violations(member, value[name], f"{path}.{name}" if path else name)
        ]
    if isinstance(shape, ListShape) and isinstance(value, list):
        found = []
        if "min" in shape.metadata and len(value) < shape.metadata["min"]:
            found.append(f"{path}: fewer than {shape.metadata['min']} items")
        if "max" in shape.metadata and len(value) > shape.metadata["max"]:
            found.append(f"{path}: more than {shape.metadata['max']} items")
        for index, item in enumerate(value):
            found += violations(shape.member, item, f"{path}[{index}]")
        return found
    if shape.type_name == "string" and isinstance(value, str):
        return _string_violations(shape, value, path)
    if shape.type_name in ("integer", "long") and isinstance(value, int):
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            return [f"{path}: {value} outside {low}..{high}"]
    return []


class StrictCognito:
    """A before-parameter-build hook that refuses what Cognito's model refuses, and remembers it."""

    def __init__(self) -> None:
        self.refused: list[str] = []
        self.checked = 0

    def check(self, **event: Any) -> None:
        params: Mapping[str, Any] = event["params"]
        model: OperationModel = event["model"]
        self.checked += 1
        if model.input_shape is None:
            return
        found = violations(model.input_shape, params, "")
        if found:
            self.refused += [f"{model.name}: {problem}" for problem in found]
            raise RefusedByCognitosModel("; ".join(found))
