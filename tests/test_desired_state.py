"""The one path of the desired state: every problem at once, and no invalid value reaches a rule.

The proof is generated: for each rule between properties, each of its inputs in turn gets a value
of the right JSON type that breaks its own constraints in the schema (enum values in any case, empty
and over-long strings, numbers out of range, broken patterns, too many items), the other inputs
valid or absent; through both entrypoints, create and update, the answer is always one
InvalidRequest that names that input, with no call made and nothing raised or logged with a
traceback.
"""

import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from cloudformation_cli_python_lib.interface import HandlerErrorCode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aws_cognito_userpoolclient import handlers, rules
from aws_cognito_userpoolclient.desired_state import checked_properties
from aws_cognito_userpoolclient.models import ResourceHandlerRequest
from aws_cognito_userpoolclient.rules import RULES, Rule
from aws_cognito_userpoolclient.schema import Checked, node_at

from .conftest import CallRecorder, Invoke
from .events import CALLER_CREDENTIALS, REGION
from .schema_values import can_break, invalid_value, valid_value

POOL = "us-east-1_Example1"
CLIENT = "1example23456789"
IDS = {"UserPoolId": POOL, "ClientId": CLIENT}
# A create names no client yet: ClientId is read-only, and refused there.
CREATE_IDS = {"UserPoolId": POOL}


def for_action(action: str, properties: dict[str, Any]) -> dict[str, Any]:
    """The properties as the action sends them: a create without the client's id."""
    if action == "CREATE":
        return {key: value for key, value in properties.items() if key != "ClientId"}
    return properties


def a_test_event(action: str, desired: Any, previous: Any = None, **request: Any) -> dict[str, Any]:
    return {
        "credentials": CALLER_CREDENTIALS,
        "action": action,
        "region": REGION,
        "request": {
            "clientRequestToken": "token-1",
            "desiredResourceState": desired,
            "previousResourceState": previous,
            "logicalResourceIdentifier": "AppClient",
            **request,
        },
        "callbackContext": None,
    }


Entrypoint = Callable[[str, dict[str, Any]], dict[str, Any]]


@pytest.fixture(params=["registry", "test"])
def entrypoint(request: pytest.FixtureRequest, invoke: Invoke) -> Entrypoint:
    """A create or update through one of the two entrypoints (an update of client CLIENT)."""

    def through_the_test_entrypoint(action: str, properties: dict[str, Any]) -> dict[str, Any]:
        previous = IDS if action == "UPDATE" else None
        event = a_test_event(action, for_action(action, properties), previous)
        answer: dict[str, Any] = handlers.test_entrypoint(event, None)
        return answer

    def through_the_registry_entrypoint(action: str, properties: dict[str, Any]) -> dict[str, Any]:
        previous = IDS if action == "UPDATE" else None
        return invoke(action, for_action(action, properties), previous=previous)

    if request.param == "registry":
        return through_the_registry_entrypoint
    return through_the_test_entrypoint


@pytest.fixture
def no_tracebacks(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


def refused(answer: dict[str, Any]) -> str:
    assert (answer["status"], answer.get("errorCode")) == ("FAILED", "InvalidRequest"), answer
    message: str = answer["message"]
    assert message.startswith("Invalid properties: ")
    return message


# --- what a user tried ------------------------------------------------------------------------


@pytest.mark.usefixtures("no_tracebacks")
@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
@pytest.mark.parametrize("unit", ["minute", "Hours", "day", "", "MINUTES"])
def test_a_typo_in_a_token_unit_beside_its_validity_is_named(
    entrypoint: Entrypoint, recorder: CallRecorder, action: str, unit: str
) -> None:
    properties = {**IDS, "AccessTokenValidity": 30, "TokenValidityUnits": {"AccessToken": unit}}
    message = refused(entrypoint(action, properties))
    assert message == (
        f"Invalid properties: TokenValidityUnits.AccessToken: '{unit}' is not one of days, hours,"
        " minutes, seconds (enum)"
    )
    assert recorder.operations() == []


@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
def test_an_unknown_property_and_a_rule_are_named_in_one_answer(
    entrypoint: Entrypoint, recorder: CallRecorder, action: str
) -> None:
    properties = {
        **IDS,
        "ClientNme": "web",
        "CallbackURLs": ["http://app.example.com/cb"],
        "PreventUserExistenceErrors": "enabled",
    }
    assert refused(entrypoint(action, properties)) == (
        "Invalid properties: ClientNme: unknown property, did you mean ClientName?"
        " (additionalProperties);"
        " PreventUserExistenceErrors: 'enabled' is not one of ENABLED, LEGACY (enum);"
        " CallbackURLs: 'http://app.example.com/cb' uses http; redirect URLs must use https,"
        " except for localhost, 127.0.0.1 and [::1]"
    )
    assert recorder.operations() == []


@pytest.mark.parametrize(
    ("scope", "broken"),
    [
        (
            "/",
            "resource server identifier: fewer than 1 characters; scope name: fewer than 1"
            " characters",
        ),
        ("orders/", "scope name: fewer than 1 characters"),
        ("/read", "resource server identifier: fewer than 1 characters"),
    ],
)
def test_a_custom_scope_whose_parts_can_never_exist_is_refused_at_once(
    entrypoint: Entrypoint, recorder: CallRecorder, scope: str, broken: str
) -> None:
    properties = {**IDS, "AllowedOAuthScopes": ["openid", scope]}
    assert refused(entrypoint("CREATE", properties)) == (
        f"Invalid properties: AllowedOAuthScopes[1]: '{scope}' can never exist, no resource"
        f" server can make it ({broken}): a custom scope is <resource-server-identifier>/<scope>"
    )
    assert recorder.operations() == []


@pytest.mark.parametrize(
    "scope", ["orders/read", "https://api.example.com/orders.read", "a/b/c", "x/y"]
)
def test_a_custom_scope_of_two_valid_parts_goes_to_cognito(scope: str) -> None:
    properties = {**CREATE_IDS, "AllowedOAuthScopes": [scope]}
    assert checked_properties("CREATE", properties, None).problems == []


def test_a_rule_still_checks_the_valid_items_of_a_list_with_an_invalid_one() -> None:
    urls = ["http://app.example.com/cb", "https://a.example.com/" + "a" * 1100]
    problems = checked_properties("CREATE", {**CREATE_IDS, "CallbackURLs": urls}, None).problems
    assert problems == [
        "Invalid properties: CallbackURLs[1]: longer than 1024 characters (maxLength)",
        "CallbackURLs: 'http://app.example.com/cb' uses http; redirect URLs must use https,"
        " except for localhost, 127.0.0.1 and [::1]",
    ]


def test_a_rule_that_reads_whether_a_block_is_given_runs_beside_a_bad_part_of_it() -> None:
    block = {"RefreshTokenRotation": {"RetryGracePeriodSeconds": 61}}
    assert checked_properties("CREATE", {**CREATE_IDS, **block}, None).problems == [
        "Invalid properties: RefreshTokenRotation.RetryGracePeriodSeconds: 61 is more than 60"
        " (maximum)",
        "RefreshTokenRotation.Feature: required when the block is given",
    ]


def test_a_rule_still_runs_beside_a_bad_item_of_a_list_it_does_not_read() -> None:
    properties = {**CREATE_IDS, "AccessTokenValidity": 25, "CallbackURLs": ["x" * 1025]}
    assert checked_properties("CREATE", properties, None).problems == [
        "Invalid properties: CallbackURLs[0]: longer than 1024 characters (maxLength)",
        "AccessTokenValidity: 25 hours is outside the allowed range, between 5 minutes and 1 day"
        " (the unit comes from TokenValidityUnits.AccessToken, default hours)",
    ]


@pytest.mark.parametrize("entrypoint", ["registry", "test"])
def test_the_previous_state_is_checked_for_shape_and_handed_on_without_nulls(
    invoke: Invoke, recorder: CallRecorder, pool_id: str, entrypoint: str
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "kept"})["resourceModel"]
    ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
    # The previous state names the client (its name is kept) and holds a null, which is absent.
    previous = {**ids, "ClientName": "kept", "LogoutURLs": None}

    def update(before: dict[str, Any]) -> dict[str, Any]:
        if entrypoint == "registry":
            return invoke("UPDATE", {**ids, "AuthSessionValidity": 7}, previous=before)
        event = a_test_event("UPDATE", {**ids, "AuthSessionValidity": 7}, before)
        recorder.action = "UPDATE"
        answer: dict[str, Any] = handlers.test_entrypoint(event, None)
        return answer

    updated = update(previous)
    assert updated["status"] == "SUCCESS", updated.get("message")
    assert updated["resourceModel"]["ClientName"] == "kept"
    assert refused(update({**previous, "LogoutURLs": "x"})) == (
        "Invalid properties: previous state: LogoutURLs: expected a list, got str"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"clientname": "web"},
            "clientname: unknown property, did you mean ClientName? (additionalProperties)",
        ),
        (
            {"TokenValidityUnits": {"Access": "hours"}},
            "TokenValidityUnits.Access: unknown property, did you mean AccessToken?"
            " (additionalProperties)",
        ),
        ({"Colour": "blue"}, "Colour: unknown property (additionalProperties)"),
        (
            {"ClientName": "Café 🚀"},
            "ClientName: 'Café 🚀' has characters that are not allowed: 'é', '🚀' (pattern)",
        ),
        (
            {"ClientName": "#1!2?3&4*5"},
            "ClientName: '#1!2?3&4*5' has characters that are not allowed: '#', '!', '?', '&',"
            " '*' (pattern)",
        ),
        (
            {"ClientName": "#1!2?3&4*5%6"},
            "ClientName: '#1!2?3&4*5%6' has characters that are not allowed: '#', '!', '?', '&',"
            " '*' and more (pattern)",
        ),
        (  # a secret's characters are never shown
            {"CustomClientSecret": "my-own-secret-0123456789abcdef"},
            r"CustomClientSecret: does not match the pattern ^[\w+]+$ (pattern)",
        ),
        ({"ClientName": ""}, "ClientName: is empty (minLength)"),
        (
            {"CustomClientSecret": ""},
            "CustomClientSecret: is empty, where at least 24 characters are needed (minLength)",
        ),
        (
            {"GenerateSecret": True, "ClientSecretRotation": {"NotBefore": "next tuesday"}},
            "ClientSecretRotation.NotBefore: 'next tuesday' is not an ISO 8601 date such as"
            " 2026-11-01 or 2026-11-01T09:30:00Z (pattern)",
        ),
        (
            {"AllowedOAuthScopes": ["openid email", "profile"]},
            "AllowedOAuthScopes[0]: 'openid email' is 2 scopes in one item: give each scope as its"
            " own item, such as [openid, email] (pattern)",
        ),
        (
            {"UserPoolId": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Ab1"},
            "UserPoolId: 'arn:aws:cognito-idp:us-east-1:1234567890...' is the user pool's ARN"
            " (maxLength, pattern): give its id, 'us-east-1_Ab1' (`!Ref UserPool` or"
            " `!GetAtt UserPool.UserPoolId` in a template)",
        ),
        (  # an ARN of something that is not a pool id
            {"UserPoolId": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/app users"},
            "UserPoolId: 'arn:aws:cognito-idp:us-east-1:1234567890...' is not a user pool id,"
            " such as us-east-1_AbC123dEF (maxLength, pattern): give the pool's id (`!Ref"
            " UserPool` or `!GetAtt UserPool.UserPoolId` in a template; `aws cognito-idp"
            " list-user-pools --max-results 60` lists them)",
        ),
        (
            {"UserPoolId": "app-users"},
            "UserPoolId: 'app-users' is not a user pool id, such as us-east-1_AbC123dEF (pattern):"
            " give the pool's id (`!Ref UserPool` or `!GetAtt UserPool.UserPoolId` in a template;"
            " `aws cognito-idp list-user-pools --max-results 60` lists them)",
        ),
    ],
    ids=[
        "case",
        "nested",
        "no-suggestion",
        "characters",
        "five",
        "many",
        "secret",
        "empty",
        "empty-secret",
        "not-a-date",
        "scopes-together",
        "pool-arn",
        "other-arn",
        "pool-name",
    ],
)
def test_a_message_says_what_to_do(
    entrypoint: Entrypoint, recorder: CallRecorder, given: dict[str, Any], message: str
) -> None:
    assert refused(entrypoint("CREATE", {**IDS, **given})) == f"Invalid properties: {message}"
    assert recorder.operations() == []


@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
def test_a_write_without_properties_is_refused_here_for_its_user_pool(action: str) -> None:
    assert checked_properties(action, None, None).problems == [
        "Invalid properties: UserPoolId: required (required)"
    ]


@pytest.mark.parametrize("action", ["CREATE", "READ"])
def test_properties_that_are_not_an_object_are_named_as_such(action: str) -> None:
    # (the entrypoint's envelope check refuses them first; a direct call gets the same answer)
    assert checked_properties(action, ["UserPoolId"], None).problems == [
        "Invalid properties: properties: expected an object, got list"
    ]


def test_the_checked_properties_go_on_typed_and_without_nulls() -> None:
    given = {
        **CREATE_IDS,
        "AccessTokenValidity": "6",
        "GenerateSecret": "True",
        "ClientName": None,
    }
    checked = checked_properties("CREATE", {**given, "TokenValidityUnits": {"IdToken": None}}, None)
    assert checked.problems == []
    assert checked.desired == {
        **CREATE_IDS,
        "AccessTokenValidity": 6,
        "GenerateSecret": True,
        "TokenValidityUnits": {},
    }


def test_a_handler_called_without_a_desired_state_refuses_it(recorder: CallRecorder) -> None:
    # Not through an entrypoint (which refuses it first): a script calling the handler itself.
    request = ResourceHandlerRequest(
        clientRequestToken="t",
        desiredResourceState=None,
        previousResourceState=None,
        desiredResourceTags=None,
        previousResourceTags=None,
        systemTags=None,
        previousSystemTags=None,
        awsAccountId=None,
        logicalResourceIdentifier=None,
        typeConfiguration=None,
        nextToken=None,
        region=REGION,
        awsPartition=None,
        stackId=None,
    )
    answer = handlers.create_handler(None, request, {})
    assert (answer.errorCode, answer.message) == (
        HandlerErrorCode.InvalidRequest,
        "Invalid properties: UserPoolId: required (required)",
    )


# --- the proof: no value reaches a rule raw ---------------------------------------------------


def _names(read: str) -> tuple[str, ...]:
    return tuple(read.removesuffix("[]").split("."))


def _placed(document: dict[str, Any], names: tuple[str, ...], value: Any) -> None:
    """Put `value` at the path, merging objects, so that several inputs share one block."""
    holder = document
    for name in names[:-1]:
        holder = holder.setdefault(name, {})
    last = names[-1]
    if isinstance(value, dict) and isinstance(holder.get(last), dict):
        holder[last] = {**holder[last], **value}
    else:
        holder[last] = value


def _value_at(read: str, broken: bool) -> st.SearchStrategy[Any]:
    node = node_at(_names(read))
    if not read.endswith("[]"):
        return invalid_value(node) if broken else st.none() | valid_value(node)
    items = node["items"]
    if not broken:
        return st.none() | st.lists(valid_value(items), max_size=3)
    return st.tuples(
        st.lists(valid_value(items), max_size=3), invalid_value(items), st.integers(0, 3)
    ).map(lambda drawn: [*drawn[0][: drawn[2]], drawn[1], *drawn[0][drawn[2] :]])


def _breakable(rule: Rule) -> list[str]:
    return [read for read in rule.reads if can_break(node_at(_names(read)))]


RULE_CASES = [rule for rule in RULES if _breakable(rule)]


def test_a_rule_without_an_input_that_can_break_reads_only_booleans() -> None:
    # Booleans have no constraint to break: a rule of booleans alone has nothing to prove here.
    unbreakable = [rule for rule in RULES if rule not in RULE_CASES]
    assert [rule.reads for rule in unbreakable] == [
        ("PublishSecretsInAWSSecretsManager", "GenerateSecret")
    ]
    for rule in unbreakable:
        assert {node_at(_names(read))["type"] for read in rule.reads} == {"boolean"}


class SeenByRules:
    """Every value each rule is handed, with the schema node it must satisfy."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Any, Mapping[str, Any]]] = []

    def watching(self, rule: Rule) -> Rule:
        def check(*values: Any) -> list[str]:
            if rule.reads[0].endswith("[]"):  # (index, item)
                node = node_at(_names(rule.reads[0]))["items"]
                self.seen.append((rule.reads[0], values[1], node))
            else:
                for read, value in zip(rule.reads, values, strict=True):
                    node = node_at(_names(read))
                    if node.get("type") == "object":  # read as whether it is given
                        assert isinstance(value, bool), (read, value)
                    elif value is not None:
                        self.seen.append((read, value, node))
            problems: list[str] = rule.check(*values)
            return problems

        return Rule(rule.reads, check)

    def raw(self) -> list[tuple[str, Any, list[str]]]:
        """The values a rule saw that break their own constraints."""
        found = []
        for read, value, node in self.seen:
            walk = Checked()
            walk.walk(node, value, (read,), True)
            if walk.problems:
                found.append((read, value, walk.problems))
        return found


@pytest.fixture
def seen_by_rules(monkeypatch: pytest.MonkeyPatch) -> SeenByRules:
    seen = SeenByRules()
    monkeypatch.setattr(rules, "RULES", tuple(seen.watching(rule) for rule in RULES))
    return seen


@pytest.mark.usefixtures("no_tracebacks")
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
@pytest.mark.parametrize("rule", RULE_CASES, ids=lambda rule: "+".join(rule.reads))
@given(data=st.data())
def test_an_invalid_input_of_any_rule_is_named_and_never_reaches_the_rule(
    entrypoint: Entrypoint,
    recorder: CallRecorder,
    seen_by_rules: SeenByRules,
    action: str,
    rule: Rule,
    data: Any,
) -> None:
    broken = data.draw(st.sampled_from(_breakable(rule)), label="broken input")
    document: dict[str, Any] = dict(IDS)
    for read in sorted(rule.reads, key=lambda read: read == broken):  # the broken one last
        value = data.draw(_value_at(read, read == broken), label=read)
        if value is not None:
            _placed(document, _names(read), value)
    message = refused(entrypoint(action, document))
    named = ".".join(_names(broken))
    assert any(f"{named}{after}" in message for after in (":", "[", ".")), message
    assert recorder.operations() == []
    assert seen_by_rules.raw() == []
    seen_by_rules.seen.clear()
