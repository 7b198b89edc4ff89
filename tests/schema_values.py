"""Values drawn from the resource schema: valid ones, and ones that break exactly one constraint
while keeping their JSON type. Shared by the generated-input tests (test_generated.py) and the
proof that no invalid value reaches a rule (test_desired_state.py)."""

import re
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from aws_cognito_userpoolclient.schema import SCHEMA, pattern_matcher

from .strict_cognito import java_pattern

ANNOTATIONS = ("description", "insertionOrder", "format")


def _ascii_classes(pattern: str) -> str:
    # Generation only: the schema's patterns in Python's dialect, with ECMA's ASCII \w and \s and
    # the \p{..} classes narrowed to printable ASCII (unicode is covered by test_unicode_patterns).
    pattern = pattern.replace(r"\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}", r"\x20-\x7E")
    pattern = pattern.replace(r"\p{L}\p{M}\p{S}\p{N}\p{P}", r"\x21-\x7E")
    return str(java_pattern(pattern).pattern)


def inlined(node: Any) -> Any:
    """A schema node with $ref resolved, annotations dropped and patterns in Python's dialect."""
    if isinstance(node, list):
        return [inlined(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    if "$ref" in node:
        node = {**SCHEMA["definitions"][node["$ref"].rsplit("/", 1)[-1]], **node}
        del node["$ref"]
    plain = {key: inlined(value) for key, value in node.items() if key not in ANNOTATIONS}
    if "pattern" in plain:
        plain["pattern"] = _ascii_classes(plain["pattern"])
    return plain


def resolved(node: Mapping[str, Any]) -> Mapping[str, Any]:
    if "$ref" in node:
        return {**SCHEMA["definitions"][node["$ref"].rsplit("/", 1)[-1]], **node}
    return node


def valid_value(node: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    plain = inlined(node)
    one_class = re.fullmatch(r"\^(\[[^\]]*\])\+\$", plain.get("pattern", ""))
    if one_class:  # a long run of one character class: built, where filtering would starve
        return st.text(
            alphabet=st.from_regex(one_class.group(1), fullmatch=True),
            min_size=max(1, plain.get("minLength", 1)),
            max_size=min(plain.get("maxLength", 64), 64),
        )
    return from_schema(plain)


def _case_variants(value: str) -> list[str]:
    return [value.upper(), value.lower(), value.capitalize(), value.swapcase(), value[:-1]]


def _wrong_enum(allowed: list[str]) -> st.SearchStrategy[str]:
    """Enum values in another case or cut short ('Minutes', 'MINUTE', 'minute'), the empty string
    and other text: anything but an allowed value."""
    near = sorted({variant for value in allowed for variant in _case_variants(value)})
    return st.one_of(st.sampled_from(near), st.just(""), st.text(max_size=12)).filter(
        lambda value: value not in allowed
    )


def _too_long(node: Mapping[str, Any]) -> st.SearchStrategy[str]:
    # A valid value grown past maxLength by repeating its last character (it still matches the
    # pattern, so only the length breaks).
    limit = node["maxLength"]
    return valid_value(node).filter(bool).map(lambda value: value + value[-1] * (limit + 1))


def _breaking_pattern(pattern: str) -> st.SearchStrategy[str]:
    matches = pattern_matcher(pattern)
    return st.text(min_size=1, max_size=16).filter(lambda value: not matches(value))


def _out_of_range(node: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    options = []
    if "minimum" in node:
        options.append(st.integers(min_value=-(10**12), max_value=node["minimum"] - 1))
    if "maximum" in node:
        options.append(st.integers(min_value=node["maximum"] + 1, max_value=10**12))
    # as CloudFormation sends numbers, as text, too
    return st.one_of(options).flatmap(lambda number: st.sampled_from([number, str(number)]))


def invalid_value(node: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """A value of the node's JSON type that breaks one of its constraints, or one of a part's."""
    node = resolved(node)
    kind, options = node.get("type"), list[st.SearchStrategy[Any]]()
    if kind == "string":
        if "enum" in node:
            options.append(_wrong_enum(node["enum"]))
        if node.get("minLength", 0) > 0:
            options.append(st.text(max_size=node["minLength"] - 1))
        if "maxLength" in node:
            options.append(_too_long(node))
        if "pattern" in node:
            options.append(_breaking_pattern(node["pattern"]))
    elif kind == "integer":
        options.append(_out_of_range(node))
    elif kind == "array":
        items = node["items"]
        options.append(
            st.tuples(
                st.lists(valid_value(items), max_size=3), invalid_value(items), st.integers(0, 3)
            ).map(lambda drawn: [*drawn[0][: drawn[2]], drawn[1], *drawn[0][drawn[2] :]])
        )
        if "maxItems" in node:
            many = node["maxItems"] + 1
            options.append(st.lists(valid_value(items), min_size=many, max_size=many + 2))
    elif kind == "object":
        breakable = [name for name, part in node["properties"].items() if can_break(part)]
        options.append(
            st.sampled_from(breakable).flatmap(
                lambda name: invalid_value(node["properties"][name]).map(lambda v: {name: v})
            )
        )
    return st.one_of(options)


def can_break(node: Mapping[str, Any]) -> bool:
    """Whether a value of the node's type can break a constraint (a boolean cannot)."""
    node = resolved(node)
    if node.get("type") == "object":
        return any(can_break(part) for part in node["properties"].values())
    return node.get("type") in ("string", "integer", "array") and bool(
        set(node) & {"enum", "minLength", "maxLength", "pattern", "minimum", "maximum", "items"}
    )
