"""The resource schema's own constraints, checked on raw properties before any Cognito call.

The rules are read from `resource-schema.json`, the copy of the project's schema that ships in this
package (`make generated` fails when the copy differs): no limit is typed into code. CloudFormation
validates stack templates against the schema, but direct invokes, `sam local invoke`, Cloud Control
and `cfn test` inputs do not, so the handler checks it again and names every violation by its path.

Patterns are matched as Cognito matches them (Java regular expressions on the whole value, `\\w`
ASCII only); the `[\\p{L}\\p{M}...]+` patterns are matched exactly with `unicodedata.category`.
"""

import dataclasses
import functools
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .messages import key_text, nearest, quoted

SCHEMA: Mapping[str, Any] = json.loads(
    Path(__file__).with_name("resource-schema.json").read_text(encoding="utf-8")
)

# Cognito's outputs (ClientId, ClientSecret, Name): never sent, and Cloud Control and the contract
# tests hand them back as they were read, so only their shape is checked.
READ_ONLY = frozenset(pointer.rsplit("/", 1)[-1] for pointer in SCHEMA["readOnlyProperties"])
# Never read back: this provider's own instructions (rotation, a secret of your own).
WRITE_ONLY = frozenset(pointer.rsplit("/", 1)[-1] for pointer in SCHEMA["writeOnlyProperties"])
# Properties whose values are secrets: never shown in a message, not even in part.
SECRETS = frozenset({"ClientSecret", "CustomClientSecret"})
# Set when the client is created: the pool, and whether it has a secret.
CREATE_ONLY = frozenset(pointer.rsplit("/", 1)[-1] for pointer in SCHEMA["createOnlyProperties"])
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
# A pattern of one class of characters, any number of them: a value breaks it by its characters.
_ONE_CLASS = re.compile(r"\^\[[^\]]+\]\+\$")
MAX_CHARACTERS_SHOWN = 5  # characters a pattern does not allow, named in a message
# The keyword a problem names, at its end: "... (maxLength)".
_KEYWORD = re.compile(r"\((\w+)\)$")
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


class Unknown:
    """A value only the deploy knows: an intrinsic function, a parameter, a dynamic reference.

    The handler never meets one; the lint rules (cognito_userpoolclient_lint) give it for such a
    value in a template. The walk takes it as present and valid wherever it stands, and marks it as
    it marks an invalid value, so that no rule between properties reads it.
    """


UNKNOWN = Unknown()


def _pattern_problem(pattern: str, value: str, secret: bool) -> str:
    """A pattern a value breaks, in plain words where there are some: the characters a pattern of
    one class of characters does not allow, or what the value should be. The pattern itself is
    quoted only where there are none. Nothing of a secret is shown."""
    if not secret and pattern in PLAIN_PATTERNS:
        return f"{quoted(value)} is not {PLAIN_PATTERNS[pattern]} (pattern)"
    if secret or not _ONE_CLASS.fullmatch(pattern):
        return f"does not match the pattern {pattern} (pattern)"
    allowed = pattern_matcher(pattern)
    refused = list(dict.fromkeys(char for char in value if not allowed(char)))
    shown = ", ".join(quoted(char) for char in refused[:MAX_CHARACTERS_SHOWN])
    more = " and more" if len(refused) > MAX_CHARACTERS_SHOWN else ""
    return f"{quoted(value)} has characters that are not allowed: {shown}{more} (pattern)"


def _constraint_problems(node: Mapping[str, Any], value: Any, secret: bool) -> list[str]:
    """Violations of the value keywords, by a value whose type passed. The value of a `secret` is
    never shown."""
    kind = node.get("type")
    if kind == "string" and value == "" and node.get("minLength", 0) > 0:
        # (empty: no pattern of this schema takes it, and saying so would say less)
        at_least = node["minLength"]
        needed = f", where at least {at_least} characters are needed" if at_least > 1 else ""
        return [f"is empty{needed} (minLength)"]
    problems = []
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{quoted(value)} is not one of {', '.join(node['enum'])} (enum)")
    if kind == "string":
        if "minLength" in node and len(value) < node["minLength"]:
            problems.append(f"shorter than {node['minLength']} characters (minLength)")
        if "maxLength" in node and len(value) > node["maxLength"]:
            problems.append(f"longer than {node['maxLength']} characters (maxLength)")
        if "pattern" in node and not pattern_matcher(node["pattern"])(value):
            problems.append(_pattern_problem(node["pattern"], value, secret))
    if kind == "integer":
        number = _typed(kind, value)  # an integer, or the text of one
        if "minimum" in node and number < node["minimum"]:
            problems.append(f"{quoted(value)} is less than {node['minimum']} (minimum)")
        if "maximum" in node and number > node["maximum"]:
            problems.append(f"{quoted(value)} is more than {node['maximum']} (maximum)")
    if kind == "array":
        if "minItems" in node and len(value) < node["minItems"]:
            problems.append(f"fewer than {node['minItems']} items (minItems)")
        if "maxItems" in node and len(value) > node["maxItems"]:
            problems.append(f"more than {node['maxItems']} items (maxItems)")
    return problems


PropertyPath = tuple[str | int, ...]  # property names, and list indexes


def path_text(path: PropertyPath) -> str:
    """A path as a message names it: `TokenValidityUnits.AccessToken`, `CallbackURLs[0]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "properties"


def _typed(expected: str, value: Any) -> Any:
    # A value already of its type, as CloudFormation meant it: "60" is 60, "True" is true.
    if expected == "integer":
        return _as_integer(value)
    if expected == "boolean" and isinstance(value, str):
        return value.lower() == "true"
    return value


@dataclasses.dataclass
class Checked:
    """What one walk over a document found: every problem, where each is, and the values.

    `value` is the document with every property given as null left out (null means absent) and
    the text CloudFormation sends for numbers and booleans read as what it means. `invalid` holds
    the path of each value that broke its own constraints (or is not a property at all), or that
    only the deploy knows (UNKNOWN), so that nothing downstream ever reads such a value as if it
    were valid.
    """

    value: Any = None
    found: list[tuple[PropertyPath, str]] = dataclasses.field(default_factory=list)
    invalid: set[PropertyPath] = dataclasses.field(default_factory=set)

    @property
    def problems(self) -> list[str]:
        """Every problem, each named by its path, in the order the walk found them."""
        return [f"{path_text(path)}: {problem}" for path, problem in self.found]

    def refuse(self, path: PropertyPath, problem: str) -> None:
        self.found.append((path, problem))
        self.invalid.add(path)

    def keywords_at(self, path: PropertyPath) -> list[str]:
        """The schema keywords the value at `path` broke, as its problems name them."""
        named = (_KEYWORD.search(problem) for at, problem in self.found if at == path)
        return [keyword[1] for keyword in named if keyword]

    def explain(self, path: PropertyPath, problem: str) -> None:
        """One problem, which says what to do, in place of those the walk found at `path`."""
        first = next(index for index, (at, _) in enumerate(self.found) if at == path)
        self.found = [entry for entry in self.found if entry[0] != path]
        self.found.insert(first, (path, problem))

    def walk(
        self, node: Mapping[str, Any], value: Any, path: PropertyPath, constraints: bool
    ) -> Any:
        """The value, typed and without nulls; its problems noted. The walk follows the schema, so
        it goes no deeper than the schema does, however deep the value is nested."""
        node = _resolve(node)  # (the top of the schema has no type and no constraint of its own)
        if value is UNKNOWN:
            self.invalid.add(path)  # taken as valid, never read by a rule
            return value
        if "type" in node:
            wrong_type = _type_problem(node["type"], value)
            if wrong_type:
                self.refuse(path, wrong_type)
                return value
        if constraints:
            secret = bool(path) and path[0] in SECRETS
            for problem in _constraint_problems(node, value, secret):
                self.refuse(path, problem)
        if "type" in node:
            value = _typed(node["type"], value)
        if "items" in node:  # (a list: its type passed)
            return [
                self.walk(node["items"], item, (*path, index), constraints)
                for index, item in enumerate(value)
            ]
        if isinstance(value, Mapping):
            return self._members(node, value, path, constraints)
        return value

    def _members(
        self,
        node: Mapping[str, Any],
        value: Mapping[Any, Any],
        path: PropertyPath,
        constraints: bool,
    ) -> dict[str, Any]:
        properties = node.get("properties") or {}
        members = {}
        for key, item in value.items():
            where = (*path, key_text(key))
            if key not in properties:
                if node.get("additionalProperties") is False:
                    self.refuse(where, f"unknown property{_suggestion(key, properties)}")
            elif item is not None:
                # Cognito's outputs handed back (Cloud Control, the contract tests): shape only.
                checked = constraints and not (path == () and key in READ_ONLY)
                members[key] = self.walk(properties[key], item, where, checked)
        if constraints:
            for key in node.get("required", ()):
                if members.get(key) is None:
                    self.refuse((*path, key), "required (required)")
        return members


def _suggestion(key: Any, properties: Mapping[str, Any]) -> str:
    """The (additionalProperties) note of an unknown name, with the nearest property's name."""
    near = nearest(str(key), properties)
    return f", did you mean {near}? (additionalProperties)" if near else " (additionalProperties)"


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


# The whole document: the schema's properties, in an object.
_DOCUMENT = {**SCHEMA, "type": "object"}


def checked(properties: Any, constraints: bool = True) -> Checked:
    """One walk over a model's properties: every violation of the resource schema, named by its
    path, and the properties typed. Without `constraints`, what the library needs to parse a
    model only (JSON types, no unknown property): identifiers and previous states are checked this
    way, so that a value Cognito already holds never blocks a read, a delete or an update that
    fixes it.
    """
    found = Checked()
    if properties is None:  # no properties given: nothing to check
        return found
    found.value = found.walk(_DOCUMENT, properties, (), constraints)
    return found


def property_problems(name: str, value: Any, where: str) -> list[str]:
    """Every violation of the schema by one property's value, named by `where`."""
    found = Checked()
    found.walk(SCHEMA["properties"][name], value, (where,), True)
    return found.problems


def node_at(names: tuple[str, ...]) -> Mapping[str, Any]:
    """The schema of the property at a path of names, such as TokenValidityUnits, AccessToken."""
    node: Mapping[str, Any] = SCHEMA
    for name in names:
        node = _resolve(node)["properties"][name]
    return _resolve(node)


# What a value of a pattern that is not one class of characters should be, in a user's words,
# where there are such words; by the property the pattern belongs to.
_PLAIN_WORDS = {
    ("ClientSecretRotation", "NotBefore"): (
        "an ISO 8601 date such as 2026-11-01 or 2026-11-01T09:30:00Z"
    ),
}
PLAIN_PATTERNS = {node_at(names)["pattern"]: words for names, words in _PLAIN_WORDS.items()}
