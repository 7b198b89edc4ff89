"""Generated inputs over the project's schema: valid models are created and read back equal (or
refused by a named cross-field rule), and each constraint of the schema, broken alone, is refused
before any request.

Profiles (conftest.py): `ci`, fixed and bounded, runs in `make test`; `deep` runs with `make fuzz`.
"""

import copy
import re
import string
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from aws_cognito_userpoolclient.messages import MAX_PROBLEMS
from aws_cognito_userpoolclient.rules import rule_problems
from aws_cognito_userpoolclient.schema import SCHEMA, checked, pattern_matcher

from .conftest import CallRecorder, Invoke
from .schema_values import inlined, resolved, valid_value
from .strict_cognito import RefusedByCognitosModel, StrictCognito, java_pattern

READ_ONLY = {pointer.rsplit("/", 1)[-1] for pointer in SCHEMA["readOnlyProperties"]}
# Values that exist in the test pool: Cognito refuses scopes, providers and attributes it does not
# know, which no schema can say. Generation draws these; every other value comes from the schema.
KNOWN_VALUES = {
    "AllowedOAuthScopes": ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"],
    "SupportedIdentityProviders": ["COGNITO"],
    "ReadAttributes": ["email", "name", "phone_number", "address", "locale"],
    "WriteAttributes": ["email", "name", "locale"],
}
REDIRECT_URLS = ["https://app.example.com/cb", "http://localhost:3000/cb", "myapp://callback"]
FIXED_POOL = "us-east-1_Generated1"


def generation_schema() -> dict[str, Any]:
    """The writable part of the resource schema, as a JSON schema to draw models from."""
    properties = {
        name: inlined(spec)
        for name, spec in SCHEMA["properties"].items()
        if name not in READ_ONLY and name != "UserPoolId"
    }
    for name, values in KNOWN_VALUES.items():
        properties[name]["items"] = {"enum": values}
    for name in ("CallbackURLs", "LogoutURLs"):
        properties[name]["items"] = {"anyOf": [{"enum": REDIRECT_URLS}, properties[name]["items"]]}
    properties["DefaultRedirectURI"] = {"enum": REDIRECT_URLS}
    # A calendar date in the past: the pattern alone also allows 2026-02-30 and the future, which
    # the handler refuses (tests/test_secrets.py).
    properties["ClientSecretRotation"]["properties"]["NotBefore"] = {
        "enum": ["2026-01-01", "2025-06-30T12:00:00Z", "2026-03-01T08:30:00.5+02:00"]
    }
    # Biased towards the values a template holds, so that many drawn models are created; every
    # value stays one the schema allows.
    for name in ("AccessTokenValidity", "IdTokenValidity", "RefreshTokenValidity"):
        realistic = {"type": "integer", "minimum": 5, "maximum": 24}
        properties[name] = {"anyOf": [realistic, properties[name]]}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def as_cloudformation_sends(value: Any, draw: Any) -> Any:
    """Some numbers and booleans turned into the strings CloudFormation sends for them."""
    if isinstance(value, dict):
        return {key: as_cloudformation_sends(item, draw) for key, item in value.items()}
    if isinstance(value, list):
        return [as_cloudformation_sends(item, draw) for item in value]
    if isinstance(value, bool | int) and draw(st.booleans()):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return value


@st.composite
def models(draw: Any) -> dict[str, Any]:
    drawn = draw(from_schema(generation_schema()))
    return dict(as_cloudformation_sends(drawn, draw))


WRITE_ONLY = {pointer.rsplit("/", 1)[-1] for pointer in SCHEMA["writeOnlyProperties"]}


def assert_reads_back_equal(given_value: Any, read: Any, path: str) -> None:
    """Equal as CloudFormation compares: lists as sets (insertionOrder false), scalars as text.

    An empty object is an absent one: the model holds no empty nested object, and none is sent.
    Write-only properties are never read back.
    """
    if isinstance(given_value, dict):
        for key, item in given_value.items():
            if item != {} and not (path == "" and key in WRITE_ONLY):
                assert_reads_back_equal(item, read[key], f"{path}.{key}")
    elif isinstance(given_value, list):
        assert sorted(map(str, given_value)) == sorted(map(str, read)), path
    else:
        assert str(given_value).lower() == str(read).lower(), path


FUNCTION_FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUNCTION_FIXTURES
@given(model=models())
def test_a_schema_valid_model_is_created_and_reads_back_equal_or_refused_by_a_named_rule(
    invoke: Invoke, recorder: CallRecorder, pool_id: str, model: dict[str, Any]
) -> None:
    properties = {"UserPoolId": pool_id, **model}
    calls_before = len(recorder.calls)
    created = invoke("CREATE", properties)
    if created["status"] == "FAILED":
        walk = checked(properties)
        assert walk.problems == []  # drawn from the schema: only a rule can refuse it
        rules = rule_problems(walk.value, walk.invalid)
        assert created["errorCode"] == "InvalidRequest", created["message"]
        assert rules, created["message"]
        # The first few problems are named, then how many more there are.
        shown = rules[:MAX_PROBLEMS]
        assert all(rule in created["message"] for rule in shown)
        if len(rules) > MAX_PROBLEMS:
            assert created["message"].endswith(f"and {len(rules) - MAX_PROBLEMS} more")
        assert len(recorder.calls) == calls_before
        event("refused by a cross-field rule")
        return
    assert created["status"] == "SUCCESS", created.get("message")
    ids = {"UserPoolId": pool_id, "ClientId": created["resourceModel"]["ClientId"]}
    read = invoke("READ", ids)["resourceModel"]
    assert_reads_back_equal(properties, read, "")
    invoke("DELETE", ids)
    event("created and read back equal")


# --- every constraint of the schema, broken alone -------------------------------------------


def constraints(node: Mapping[str, Any], path: str) -> Iterator[tuple[str, str, Any]]:
    """(property path, keyword, the keyword's schema node) for every constraint that can break."""
    node = resolved(node)
    if "type" in node:
        yield path, "type", node
    for keyword in ("enum", "pattern", "maxLength", "maximum", "minimum", "maxItems"):
        if keyword in node:
            yield path, keyword, node
    if node.get("minLength", 0) > 0:
        yield path, "minLength", node
    if node.get("minItems", 0) > 0:
        yield path, "minItems", node
    if node.get("additionalProperties") is False:
        yield path, "additionalProperties", node
    for name in node.get("required", ()):
        yield f"{path}.{name}" if path else name, "required", node
    for name, child in node.get("properties", {}).items():
        yield from constraints(child, f"{path}.{name}" if path else name)
    if "items" in node:
        yield from constraints(node["items"], f"{path}[0]")


ROOT_CONSTRAINTS = {
    "properties": SCHEMA["properties"],
    "required": SCHEMA["required"],
    "additionalProperties": SCHEMA["additionalProperties"],
}
# Read-only properties are Cognito's output, never sent: the handler checks only their shape.
CONSTRAINTS = [
    (path, keyword, node)
    for path, keyword, node in constraints(ROOT_CONSTRAINTS, "")
    if path.split(".")[0].split("[")[0] not in READ_ONLY or keyword == "type"
]
WRONG_TYPES = {"string": 12, "integer": "soon", "boolean": "maybe", "array": "x", "object": "x"}
OUTSIDE_PATTERNS = [" ", "\u0007", '"', "g", "\u00e9", "#", "!"]


def broken(node: Mapping[str, Any], keyword: str, value: Any) -> Any:
    """The value changed so that it breaks `keyword` of its schema node, and only that if it can."""
    if keyword == "type":
        return WRONG_TYPES[node["type"]]
    if keyword == "enum":
        return "NOT_" + str(node["enum"][0]).upper()
    if keyword == "minimum":
        return node["minimum"] - 1
    if keyword == "maximum":
        return node["maximum"] + 1
    if keyword == "maxItems":
        return [value] * (node["maxItems"] + 1)
    if keyword == "minLength":
        return value[: node["minLength"] - 1]
    if keyword == "maxLength":
        return value + (value[-1:] or "x") * (node["maxLength"] + 1 - len(value))
    if keyword == "pattern":
        matches = java_pattern(node["pattern"].strip("^$")).fullmatch
        return next(bad + value[1:] for bad in OUTSIDE_PATTERNS if matches(bad + value[1:]) is None)
    raise AssertionError(keyword)


def set_at(model: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at `A.B` or `A[0]` in a model, creating what is missing."""
    head, _, rest = path.partition(".")
    if head.endswith("[0]"):
        name = head[:-3]
        items = model.setdefault(name, [None])
        if not items:
            items.append(None)
        items[0] = value if not rest else {**(items[0] or {}), rest: value}
    elif rest:
        set_at(model.setdefault(head, {}), rest, value)
    else:
        model[head] = value


def node_at(path: str) -> Mapping[str, Any]:
    node: Mapping[str, Any] = resolved(ROOT_CONSTRAINTS)
    for part in path.replace("[0]", ".[0]").split("."):
        node = resolved(node["items"] if part == "[0]" else node["properties"][part])
    return node


@FUNCTION_FIXTURES
@pytest.mark.parametrize(("path", "keyword", "node"), CONSTRAINTS, ids=lambda x: str(x)[:40])
@given(data=st.data())
def test_each_constraint_broken_alone_is_refused_before_any_request(
    invoke: Invoke,
    recorder: CallRecorder,
    cognito: Any,
    path: str,
    keyword: str,
    node: Mapping[str, Any],
    data: Any,
) -> None:
    model: dict[str, Any] = {"UserPoolId": FIXED_POOL}
    if keyword == "required":
        parent, _, name = path.rpartition(".")
        if parent:
            set_at(model, parent, {})  # the object, without the property it requires
        else:
            del model[name]
        named = path
    elif keyword == "additionalProperties":
        prefix = f"{path}." if path else ""
        set_at(model, f"{prefix}UnknownSetting", "x")
        named = f"{prefix}UnknownSetting"
    else:
        target = node_at(path) if path else node
        drawn_from = target["items"] if keyword == "maxItems" else target
        value = data.draw(valid_value(drawn_from)) if keyword != "type" else None
        set_at(model, path, broken(target, keyword, value))
        named = path.split("[0]")[0] if keyword == "maxItems" else path
    response = invoke("CREATE", model)
    assert response["status"] == "FAILED"
    assert response["errorCode"] == "InvalidRequest"
    assert f"{named}:" in response["message"] or f"{named}[" in response["message"]
    # the keyword in parentheses, alone or among others the same value broke
    broke = re.search(rf"\((?:\w+, )*{keyword}(?:, \w+)*\)", response["message"])
    assert broke or keyword == "type", response["message"]
    assert recorder.operations() == []


def test_every_kind_of_constraint_in_the_schema_has_generated_cases() -> None:
    kinds = {keyword for _, keyword, _ in CONSTRAINTS}
    assert kinds >= {
        "type",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "maxItems",
        "required",
        "additionalProperties",
    }


# Characters that this Python's Unicode database knows: a character assigned in a later Unicode
# version (which the regex package may know) has no category here, as in an older JDK.
ASSIGNED = st.characters(codec="utf-8").filter(lambda char: unicodedata.category(char) != "Cn")


@given(text=st.text(alphabet=ASSIGNED, min_size=1, max_size=8))
def test_unicode_patterns_match_as_javas_regular_expressions_do(text: str) -> None:
    for pattern in (
        SCHEMA["properties"]["CallbackURLs"]["items"]["pattern"],
        SCHEMA["properties"]["SupportedIdentityProviders"]["items"]["pattern"],
        SCHEMA["properties"]["ClientName"]["pattern"],
    ):
        expected = java_pattern(pattern[1:-1]).fullmatch(text) is not None
        assert pattern_matcher(pattern)(text) is expected, (pattern, text)


def test_the_published_sample_with_oauth_settings_and_the_flag_false_is_created(
    invoke: Invoke, pool_id: str
) -> None:
    # An AWS sample (and CDK for years) deploys OAuth settings beside a false flag.
    sample = {
        "UserPoolId": pool_id,
        "ClientName": "sample-client",
        "GenerateSecret": False,
        "AllowedOAuthFlowsUserPoolClient": False,
        "AllowedOAuthFlows": ["code", "implicit"],
        "AllowedOAuthScopes": ["openid", "email", "profile"],
        "CallbackURLs": ["https://www.example.com/callback"],
        "LogoutURLs": ["https://www.example.com/signout"],
        "SupportedIdentityProviders": ["COGNITO"],
    }
    created = invoke("CREATE", sample)
    assert created["status"] == "SUCCESS", created.get("message")
    ids = {"UserPoolId": pool_id, "ClientId": created["resourceModel"]["ClientId"]}
    assert_reads_back_equal(sample, invoke("READ", ids)["resourceModel"], "")


def test_the_strict_double_refuses_what_cognitos_model_refuses(
    strict_cognito: StrictCognito, pool_id: str
) -> None:
    from aws_cognito_userpoolclient.client import _BOTOCORE_SESSION

    client: Any = _BOTOCORE_SESSION.create_client("cognito-idp", region_name="us-east-1")
    too_long = "a" * 129
    with pytest.raises(RefusedByCognitosModel, match="ClientName: longer than 128"):
        client.create_user_pool_client(UserPoolId=pool_id, ClientName=too_long)
    with pytest.raises(RefusedByCognitosModel, match="not in enum"):
        client.create_user_pool_client(UserPoolId=pool_id, ClientName="ok", ExplicitAuthFlows=["X"])
    assert len(strict_cognito.refused) == 2
    strict_cognito.refused.clear()  # refused on purpose: the fixture must not fail this test


def test_generation_draws_only_what_the_schema_allows() -> None:
    schema = copy.deepcopy(generation_schema())
    assert set(schema["properties"]) == set(SCHEMA["properties"]) - READ_ONLY - {"UserPoolId"}
    assert set(string.ascii_letters) <= set(string.printable)
