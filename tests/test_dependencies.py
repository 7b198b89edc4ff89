"""Identity providers and resource servers created beside the client, in the same stack.

CloudFormation creates them at the same time as the client (a name is a plain string: nothing
orders them), so the double refuses the client as Cognito does until they exist (moto_cognito.py).
They appear here after some of the handler's callbacks, driven as CloudFormation drives them.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import decode

from aws_cognito_userpoolclient.operation import DEPENDENCY_BACKOFF, budget_seconds

from .conftest import CallRecorder, Invoke
from .faults import CloudFormation, Run
from .helpers import GOOGLE, ORDERS, WEB_CLIENT, AppearingLater

EXAMPLE = Path(__file__).parent.parent / "examples" / "private" / "stack-in-one-go.yaml"


def clients(cognito: Any, pool_id: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = cognito.list_user_pool_clients(
        UserPoolId=pool_id, MaxResults=60
    )["UserPoolClients"]
    return listed


def run_with_later(
    cloudformation: CloudFormation, appearing: AppearingLater, run: Callable[[], Run]
) -> Run:
    cloudformation.invoke = appearing.wrap(cloudformation.invoke)
    return run()


@pytest.mark.parametrize("after", [1, 3])
def test_a_create_naming_what_the_stack_is_still_creating_waits_and_succeeds(
    cloudformation: CloudFormation,
    recorder: CallRecorder,
    cognito: Any,
    pool_id: str,
    after: int,
) -> None:
    appearing = AppearingLater(cognito, pool_id, after)
    properties = {"UserPoolId": pool_id, **WEB_CLIENT}
    run = run_with_later(
        cloudformation, appearing, lambda: cloudformation.run("CREATE", properties)
    )
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert run.callbacks == after + 1
    assert all(r["callbackContext"]["waitingFor"] == "dependencies" for r in run.responses[:-1])
    (only,) = clients(cognito, pool_id)
    held = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=only["ClientId"])
    assert held["UserPoolClient"]["SupportedIdentityProviders"] == ["COGNITO", "Google"]
    assert sorted(held["UserPoolClient"]["AllowedOAuthScopes"]) == ["openid", "orders/read"]
    # The first refusal sends the create; each callback looks before sending again.
    made = recorder.operations("CREATE")
    assert made.count("CreateUserPoolClient") == 2
    assert made.count("DescribeIdentityProvider") == after + 2
    assert made.count("DescribeResourceServer") == after + 2


def test_the_wait_backs_off_and_really_waits(
    cloudformation: CloudFormation, cognito: Any, pool_id: str
) -> None:
    appearing = AppearingLater(cognito, pool_id, after=4)
    properties = {"UserPoolId": pool_id, **WEB_CLIENT}
    run = run_with_later(
        cloudformation, appearing, lambda: cloudformation.run("CREATE", properties)
    )
    assert run.last["status"] == "SUCCESS"
    delays = [r["callbackDelaySeconds"] for r in run.responses[:-1]]
    # 5, 10, 20, then 30 s at most, each halved to a random point of its upper half.
    assert (DEPENDENCY_BACKOFF.first_seconds, DEPENDENCY_BACKOFF.longest_seconds) == (5, 30)
    for number, delay in enumerate(delays):
        ceiling = min(30, 5 * 2**number)
        assert ceiling / 2 <= delay <= ceiling
    assert run.waited >= 30


def test_an_update_naming_what_the_stack_is_still_creating_waits_and_succeeds(
    cloudformation: CloudFormation, invoke: Invoke, cognito: Any, pool_id: str
) -> None:
    created = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})["resourceModel"]
    appearing = AppearingLater(cognito, pool_id, after=2)
    desired = {"UserPoolId": pool_id, "ClientId": created["ClientId"], **WEB_CLIENT}
    run = run_with_later(
        cloudformation,
        appearing,
        lambda: cloudformation.run("UPDATE", desired, previous=created),
    )
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert run.callbacks == 3
    held = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=created["ClientId"])
    assert held["UserPoolClient"]["SupportedIdentityProviders"] == ["COGNITO", "Google"]


@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
def test_what_never_appears_fails_within_the_budget_naming_each_and_leaves_nothing(
    cloudformation: CloudFormation, invoke: Invoke, cognito: Any, pool_id: str, action: str
) -> None:
    previous: dict[str, Any] = {}
    properties = {"UserPoolId": pool_id, **WEB_CLIENT}
    if action == "UPDATE":
        previous = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})["resourceModel"]
        properties["ClientId"] = previous["ClientId"]
    run = cloudformation.run(action, properties, previous=previous or None)
    assert run.last["status"] == "FAILED"
    assert run.last["errorCode"] == "InvalidRequest"
    assert run.last["message"] == (
        "SupportedIdentityProviders: the user pool has no identity provider 'Google';"
        " AllowedOAuthScopes: the user pool has no resource server 'orders' (for 'orders/read')."
        f" Still missing after {run.callbacks} callbacks over {run.waited} s: if this stack"
        " creates them, add DependsOn on those resources to the app client; otherwise correct"
        " the names."
    )
    budget = budget_seconds(action)
    assert budget == 4 * 60  # the schema's 5 minutes, less one for the last call
    assert budget - DEPENDENCY_BACKOFF.longest_seconds <= run.waited <= budget
    if action == "CREATE":
        assert clients(cognito, pool_id) == []
    else:
        held = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=previous["ClientId"])
        assert "SupportedIdentityProviders" not in held["UserPoolClient"]


def test_a_resource_server_without_the_scope_is_waited_for_and_named(
    cloudformation: CloudFormation, cognito: Any, pool_id: str
) -> None:
    cognito.create_resource_server(UserPoolId=pool_id, Identifier="orders", Name="orders")
    properties = {
        "UserPoolId": pool_id,
        **WEB_CLIENT,
        "SupportedIdentityProviders": ["COGNITO"],
    }
    run = cloudformation.run("CREATE", properties)
    assert run.last["errorCode"] == "InvalidRequest"
    assert "resource server 'orders' has no scope 'read'" in run.last["message"]


def test_a_server_identifier_that_is_a_url_is_looked_up_whole(
    cloudformation: CloudFormation, cognito: Any, pool_id: str
) -> None:
    server = "https://api.example.com/v1"
    cognito.create_resource_server(
        UserPoolId=pool_id,
        Identifier=server,
        Name="api",
        Scopes=[{"ScopeName": "write", "ScopeDescription": "write"}],
    )
    properties = {
        "UserPoolId": pool_id,
        **WEB_CLIENT,
        "SupportedIdentityProviders": ["COGNITO"],
        "AllowedOAuthScopes": [f"{server}/write", f"{server}/read"],
    }
    run = cloudformation.run("CREATE", properties)
    assert f"resource server '{server}' has no scope 'read'" in run.last["message"]


def test_the_happy_path_makes_no_look_up(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str
) -> None:
    cognito.create_identity_provider(UserPoolId=pool_id, **GOOGLE)
    cognito.create_resource_server(UserPoolId=pool_id, **ORDERS)
    response = invoke("CREATE", {"UserPoolId": pool_id, **WEB_CLIENT})
    assert response["status"] == "SUCCESS", response.get("message")
    assert recorder.operations("CREATE") == ["CreateUserPoolClient"]


def test_a_refusal_for_another_reason_fails_at_once_with_cognitos_words(
    invoke: Invoke, recorder: CallRecorder, cognito: Any, pool_id: str, faults: Any
) -> None:
    cognito.create_identity_provider(UserPoolId=pool_id, **GOOGLE)
    faults.refuse("CreateUserPoolClient", 1, "InvalidParameterException", "something else")
    response = invoke("CREATE", {"UserPoolId": pool_id, **WEB_CLIENT, "AllowedOAuthScopes": []})
    assert response["status"] == "FAILED"
    assert response["errorCode"] == "InvalidRequest"
    assert "something else" in response["message"]
    assert recorder.operations("CREATE") == ["CreateUserPoolClient", "DescribeIdentityProvider"]


def test_a_missing_user_pool_stays_an_immediate_invalid_request(
    invoke: Invoke, recorder: CallRecorder, cognito: Any
) -> None:
    response = invoke("CREATE", {"UserPoolId": "us-east-1_Missing00", **WEB_CLIENT})
    assert response["status"] == "FAILED"
    assert response["errorCode"] == "InvalidRequest"
    assert "'us-east-1_Missing00' does not exist" in response["message"]
    assert recorder.operations("CREATE") == ["CreateUserPoolClient"]


@pytest.mark.parametrize("scope", ["Cognito", "orders.read", "admin"])
def test_a_scope_that_can_never_exist_is_refused_at_once_naming_the_valid_ones(
    invoke: Invoke, recorder: CallRecorder, pool_id: str, scope: str
) -> None:
    properties = {**WEB_CLIENT, "AllowedOAuthScopes": ["openid", scope]}
    response = invoke("CREATE", {"UserPoolId": pool_id, **properties})
    assert response["errorCode"] == "InvalidRequest"
    assert f"AllowedOAuthScopes[1]: {scope!r}" in response["message"]
    for standard in ("phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"):
        assert standard in response["message"]
    assert recorder.operations() == []


def test_the_example_stack_deploys_in_one_go(
    cloudformation: CloudFormation, invoke: Invoke, cognito: Any, pool_id: str
) -> None:
    # examples/private/stack-in-one-go.yaml: the client, the provider and the resource server
    # start together; the provider and the resource server are there by the first callback.
    template, _ = decode(str(EXAMPLE))
    resources = template["Resources"]
    properties = {**resources["WebClient"]["Properties"], "UserPoolId": pool_id}
    assert "DependsOn" not in resources["WebClient"]
    provider = dict(resources["Google"]["Properties"])
    provider.update(UserPoolId=pool_id, ProviderDetails=GOOGLE["ProviderDetails"])
    server = {**resources["OrdersApi"]["Properties"], "UserPoolId": pool_id}

    def stack_creates_the_others(*args: Any, **kwargs: Any) -> dict[str, Any]:
        answer = invoke(*args, **kwargs)
        if "callback_context" not in kwargs:  # while the client's first attempt waits
            cognito.create_identity_provider(**provider)
            cognito.create_resource_server(**server)
        return answer

    cloudformation.invoke = stack_creates_the_others
    run = cloudformation.run("CREATE", properties)
    assert run.responses[0]["status"] == "IN_PROGRESS"
    assert run.last["status"] == "SUCCESS", run.last.get("message")
    assert len(clients(cognito, pool_id)) == 1


def test_every_missing_provider_server_and_scope_is_named(
    cloudformation: CloudFormation, cognito: Any, pool_id: str
) -> None:
    cognito.create_resource_server(UserPoolId=pool_id, **{**ORDERS, "Scopes": []})
    properties = {
        "UserPoolId": pool_id,
        **WEB_CLIENT,
        "SupportedIdentityProviders": ["COGNITO", "Google", "Corporate"],
        "AllowedOAuthScopes": ["orders/read", "billing/read", "billing/write", "audit/read"],
    }
    message = cloudformation.run("CREATE", properties).last["message"]
    assert message.startswith(
        "SupportedIdentityProviders: the user pool has no identity provider 'Google';"
        " SupportedIdentityProviders: the user pool has no identity provider 'Corporate';"
        " AllowedOAuthScopes: resource server 'orders' has no scope 'read';"
        " AllowedOAuthScopes: the user pool has no resource server 'billing' (for"
        " 'billing/read', 'billing/write'); AllowedOAuthScopes: the user pool has no resource"
        " server 'audit' (for 'audit/read')."
    )


def test_a_refusal_when_the_budget_is_nearly_spent_fails_naming_what_is_missing(
    invoke: Invoke, clock: Any, cognito: Any, pool_id: str
) -> None:
    # The pool was busy for most of the budget; then Cognito refuses the missing provider.
    context = {"started": clock.time - budget_seconds("CREATE") + 2, "callbacks": 9}
    properties = {"UserPoolId": pool_id, **WEB_CLIENT, "AllowedOAuthScopes": ["openid"]}
    response = invoke("CREATE", properties, callback_context=context)
    assert response["errorCode"] == "InvalidRequest"
    assert response["message"].startswith(
        "SupportedIdentityProviders: the user pool has no identity provider 'Google'. Still"
        " missing after 9 callbacks over"
    )
    assert clients(cognito, pool_id) == []


def test_a_wait_for_what_the_stack_creates_says_what_it_waits_for_and_since_when(
    invoke: Invoke, clock: Any, pool_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("aws_cognito_userpoolclient.operation.random.random", lambda: 0.999)
    clock.time = float(datetime(2026, 12, 6, 10, 42, 33, tzinfo=UTC).timestamp())
    response = invoke("CREATE", {"UserPoolId": pool_id, **WEB_CLIENT})
    assert response["status"] == "IN_PROGRESS"
    assert response["message"] == (
        "Waiting for what the stack is still creating (SupportedIdentityProviders: the user pool"
        " has no identity provider 'Google'; AllowedOAuthScopes: the user pool has no resource"
        " server 'orders' (for 'orders/read')); next try in 5 s (waiting since 10:42:33 UTC, 0 s)"
    )


# --- names off by case, and near misses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "held"),
    [("google", "Google"), ("cognito", "COGNITO"), ("GOOGLE", "Google")],
)
@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
def test_a_provider_named_as_the_pools_but_for_case_is_refused_at_once(
    cloudformation: CloudFormation,
    invoke: Invoke,
    recorder: CallRecorder,
    cognito: Any,
    pool_id: str,
    given: str,
    held: str,
    action: str,
) -> None:
    cognito.create_identity_provider(UserPoolId=pool_id, **GOOGLE)
    previous: dict[str, Any] = {}
    properties = {"UserPoolId": pool_id, **WEB_CLIENT, "AllowedOAuthScopes": ["openid"]}
    properties["SupportedIdentityProviders"] = ["COGNITO", given]
    if action == "UPDATE":
        previous = invoke("CREATE", {"UserPoolId": pool_id, "ClientName": "web"})["resourceModel"]
        properties["ClientId"] = previous["ClientId"]
    run = cloudformation.run(action, properties, previous=previous or None)
    assert run.callbacks == 0  # at once: it will not appear unless the stack makes that name
    assert (run.last["status"], run.last["errorCode"]) == ("FAILED", "InvalidRequest")
    assert run.last["message"] == (
        f"SupportedIdentityProviders: the user pool has no identity provider '{given}', but it"
        f" has '{held}': names are case-sensitive, so write '{held}'. If this stack creates a"
        f" provider named exactly '{given}', add DependsOn on it, and the client waits for it"
    )
    assert "ListIdentityProviders" in recorder.operations(action)


def test_while_it_waits_each_missing_name_says_which_of_the_pools_is_nearest(
    cloudformation: CloudFormation, cognito: Any, pool_id: str
) -> None:
    cognito.create_identity_provider(UserPoolId=pool_id, **GOOGLE)
    cognito.create_resource_server(UserPoolId=pool_id, **ORDERS)  # orders/read
    properties = {
        "UserPoolId": pool_id,
        **WEB_CLIENT,
        "SupportedIdentityProviders": ["COGNITO", "Gogle", "Corporate"],
        "AllowedOAuthScopes": ["order/read", "orders/reed", "billing/read"],
    }
    run = cloudformation.run("CREATE", properties)
    first = run.responses[0]
    assert first["status"] == "IN_PROGRESS"
    assert first["message"].startswith(
        "Waiting for what the stack is still creating (SupportedIdentityProviders: the user"
        " pool has no identity provider 'Gogle' (did you mean 'Google'?);"
        " SupportedIdentityProviders: the user pool has no identity provider 'Corporate';"
        " AllowedOAuthScopes: the user pool has no resource server 'order' (for 'order/read')"
        " (did you mean 'orders/read'?); AllowedOAuthScopes: resource server 'orders' has no"
        " scope 'reed' (did you mean 'orders/read'?); AllowedOAuthScopes: the user pool has no"
        " resource server 'billing' (for 'billing/read')); next try in"
    )
    assert "(did you mean 'Google'?)" in run.last["message"]  # and when it gives up
    assert clients(cognito, pool_id) == []
