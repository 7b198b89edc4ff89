"""The resource schema's own constraints, checked on raw properties before any Cognito call.

The rules are read from `resource-schema.json`, the copy of the project's schema that ships in this
package (`make generated` fails when the copy differs): no limit is typed into code. CloudFormation
validates stack templates against the schema, but direct invokes, `sam local invoke`, Cloud Control
and `cfn test` inputs do not, so the handler checks it again and names every violation by its path.

Patterns are matched as Cognito matches them (Java regular expressions on the whole value, `\\w`
ASCII only); the `[\\p{L}\\p{M}...]+` patterns are matched exactly with `unicodedata.category`.
"""

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .messages import key_text, quoted

SCHEMA: Mapping[str, Any] = json.loads(
    Path(__file__).with_name("resource-schema.json").read_text(encoding="utf-8")
)
# Cognito's outputs (ClientId, ClientSecret, Name): never sent, and Cloud Control and the contract
# tests hand them back as they were read, so only their shape is checked.
READ_ONLY = frozenset(pointer.rsplit("/", 1)[-1] for pointer in SCHEMA["readOnlyProperties"])
# Keywords that only describe: they constrain nothing the handler could check.
ANNOTATIONS = frozenset({"description", "insertionOrder", "format"})
CHECKED = frozenset(
    {
        "definitions",
        "$ref",
        "type",
        "enum",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "items",
        "properties",
        "additionalProperties",
        "required",
    }
)
_UNICODE_CLASS = re.compile(r"\^\[((?:\\p\{[A-Z]\})+)\]\+\$")
_INTEGER_TEXT = re.compile(r"-?[0-9]+")
_MAX_DIGITS = 30  # digits of an integer text read as its value; longer ones are out of range
_OUT_OF_RANGE = int("1" + "0" * _MAX_DIGITS)
# JSON schema types, in the words of a template's author.
_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "boolean": "a boolean",
    "object": "an object",
    "array": "a list",
}


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    if not ref.startswith("#/definitions/"):
        raise ValueError(f"unsupported $ref {ref}")
    return {**SCHEMA["definitions"][ref.removeprefix("#/definitions/")], **node}


@functools.cache
def pattern_matcher(pattern: str) -> Callable[[str], bool]:
    """Whether a whole value matches a schema pattern, as Cognito's Java validation decides."""
    unicode_class = _UNICODE_CLASS.fullmatch(pattern)
    if unicode_class:
        categories = frozenset(re.findall(r"\\p\{([A-Z])\}", unicode_class.group(1)))
        return lambda value: (
            bool(value) and all(unicodedata.category(char)[0] in categories for char in value)
        )
    if r"\p" in pattern:
        raise ValueError(f"unsupported Unicode property pattern {pattern}")
    anchored = pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith(r"\$")
    compiled = re.compile(pattern[1:-1] if anchored else pattern, re.ASCII)
    if anchored:
        return lambda value: compiled.fullmatch(value) is not None
    return lambda value: compiled.search(value) is not None


def _as_integer(value: Any) -> int | None:
    # CloudFormation sends every scalar of a registry type as a string: "60" is an integer.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        text = value.strip()
        if len(text.lstrip("-")) > _MAX_DIGITS:  # beyond every bound; int() refuses thousands
            return -_OUT_OF_RANGE if text.startswith("-") else _OUT_OF_RANGE
        return int(text)
    return None


def _is_boolean(value: Any) -> bool:
    return isinstance(value, bool) or (
        isinstance(value, str) and value.lower() in ("true", "false")
    )


def _type_problem(expected: str, value: Any) -> str | None:
    matches = {
        "string": lambda: isinstance(value, str),
        "integer": lambda: _as_integer(value) is not None,
        "boolean": lambda: _is_boolean(value),
        "object": lambda: isinstance(value, Mapping),
        "array": lambda: isinstance(value, list),
    }
    if matches[expected]():
        return None
    # The value is never echoed: it may be a client secret.
    got = "an object" if isinstance(value, Mapping) else type(value).__name__
    return f"expected {_TYPE_NAMES[expected]}, got {got}"


def _constraint_problems(node: Mapping[str, Any], value: Any) -> list[str]:
    """Violations of the value keywords, by a value already of the node's type."""
    problems = []
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{quoted(value)} is not one of {', '.join(node['enum'])} (enum)")
    if isinstance(value, str) and node.get("type") == "string":
        if "minLength" in node and len(value) < node["minLength"]:
            problems.append(f"shorter than {node['minLength']} characters (minLength)")
        if "maxLength" in node and len(value) > node["maxLength"]:
            problems.append(f"longer than {node['maxLength']} characters (maxLength)")
        # The value is never echoed: it may be a client secret.
        if "pattern" in node and not pattern_matcher(node["pattern"])(value):
            problems.append(f"does not match the pattern {node['pattern']} (pattern)")
    number = _as_integer(value) if node.get("type") == "integer" else None
    if number is not None:
        if "minimum" in node and number < node["minimum"]:
            problems.append(f"{quoted(value)} is less than {node['minimum']} (minimum)")
        if "maximum" in node and number > node["maximum"]:
            problems.append(f"{quoted(value)} is more than {node['maximum']} (maximum)")
    if isinstance(value, list):
        if "minItems" in node and len(value) < node["minItems"]:
            problems.append(f"fewer than {node['minItems']} items (minItems)")
        if "maxItems" in node and len(value) > node["maxItems"]:
            problems.append(f"more than {node['maxItems']} items (maxItems)")
    return problems


def _problems(node: Mapping[str, Any], value: Any, constraints: bool, path: str = "") -> list[str]:
    node = _resolve(node)  # (the top of the schema has no type and no constraint of its own)
    if "type" in node:
        wrong_type = _type_problem(node["type"], value)
        if wrong_type:
            return [f"{path}: {wrong_type}"]
    problems = (
        [f"{path}: {problem}" for problem in _constraint_problems(node, value)]
        if constraints
        else []
    )
    if isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            problems += _problems(node["items"], item, constraints, f"{path}[{index}]")
    if isinstance(value, Mapping):
        properties = node.get("properties") or {}
        for key, item in value.items():
            where = f"{path}.{key_text(key)}" if path else key_text(key)
            if key in properties:
                if item is not None:
                    checked = constraints and where not in READ_ONLY
                    problems += _problems(properties[key], item, checked, where)
            elif node.get("additionalProperties") is False:
                problems.append(f"{where}: unknown property (additionalProperties)")
        if constraints:
            problems += [
                f"{path + '.' if path else ''}{key}: required (required)"
                for key in node.get("required", ())
                if value.get(key) is None
            ]
    return problems


def _unsupported_keywords(node: Mapping[str, Any]) -> set[str]:
    found = set(node) - CHECKED - ANNOTATIONS
    for key in ("properties", "definitions"):
        for child in node.get(key, {}).values():
            found |= _unsupported_keywords(child)
    if "items" in node:
        found |= _unsupported_keywords(node["items"])
    return found


# A keyword this module does not check would be a constraint silently skipped: refuse to load.
_UNSUPPORTED = _unsupported_keywords(
    {key: SCHEMA[key] for key in ("properties", "definitions", "required", "additionalProperties")}
)
if _UNSUPPORTED:
    raise ValueError(f"resource-schema.json uses keywords not checked: {sorted(_UNSUPPORTED)}")


def schema_problems(properties: Any) -> list[str]:
    """Every violation of the resource schema by a model's properties, each named by its path."""
    return _document_problems(properties, True)


def shape_problems(properties: Any) -> list[str]:
    """What the library needs to parse a model: JSON types, and no unknown property.

    Identifiers and previous states are checked this way only, so that a value Cognito already
    holds never blocks a read, a delete or an update that fixes it.
    """
    return _document_problems(properties, False)


def _document_problems(properties: Any, constraints: bool) -> list[str]:
    if not isinstance(properties, Mapping):
        return [f"properties: {_type_problem('object', properties)}"]
    return _problems(SCHEMA, properties, constraints)


def property_problems(name: str, value: Any, path: str) -> list[str]:
    """Every violation of the schema by one property's value, named by `path`."""
    return _problems(SCHEMA["properties"][name], value, True, path)
