"""The handlers as Cloud Control drives them (Pulumi aws-native, Terraform awscc, aws cloudcontrol).

Cloud Control builds its own requests (guides/cloud-control.md): no stack id and no logical id;
the identifier is `UserPoolId|ClientId`, and GetResource and DeleteResource send only the
identifier properties; UpdateResource reads the current state, applies the caller's JSON Patch and
sends the result as the desired state, read-only properties included and write-only ones absent,
without a previous state; ListResources sends its ResourceModel on every page with the previous
page's token.
"""

import json
from pathlib import Path
from typing import Any

import jsonpatch

from aws_cognito_userpoolclient import handlers

from .events import event
from .faults import until_done


def cloud_control(
    action: str,
    properties: dict[str, Any] | None,
    next_token: str | None = None,
    callback_context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    request = event(
        action,
        properties,
        next_token=next_token,
        token=f"cloudcontrol-{action.lower()}",
        callback_context=callback_context,
    )
    del request["stackId"], request["requestData"]["logicalResourceId"]  # Cloud Control has neither
    response: dict[str, Any] = handlers.resource(request, None)
    return response


def identifier(model: dict[str, Any]) -> dict[str, Any]:
    return {"UserPoolId": model["UserPoolId"], "ClientId": model["ClientId"]}


def test_create_get_update_list_and_delete_as_cloud_control_sends_them(
    cognito: Any, pool_id: str
) -> None:
    desired = {"UserPoolId": pool_id, "GenerateSecret": True, "AuthSessionValidity": 4}
    created = until_done(cloud_control, "CREATE", desired)[-1]
    assert created["status"] == "SUCCESS", created.get("message")
    model = created["resourceModel"]
    assert model["ClientName"].startswith("UserPoolClient-")  # no stack, no logical id
    ids = identifier(model)

    read = cloud_control("READ", ids)
    assert read["status"] == "SUCCESS"
    current = read["resourceModel"]
    assert current == {**model, "ClientSecret": current["ClientSecret"]}

    patch: list[dict[str, Any]] = [
        {"op": "replace", "path": "/AuthSessionValidity", "value": 9},
        {"op": "add", "path": "/CallbackURLs", "value": ["https://app.example.com/cb"]},
        {"op": "remove", "path": "/ReadAttributes"},
    ]
    patched = jsonpatch.apply_patch(current, patch)  # read-only properties stay in
    updated = cloud_control("UPDATE", patched)
    assert updated["status"] == "SUCCESS", updated.get("message")
    held = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert held["AuthSessionValidity"] == 9
    assert held["CallbackURLs"] == ["https://app.example.com/cb"]
    assert held["ClientName"] == model["ClientName"]  # the generated name is kept
    assert cloud_control("READ", ids)["resourceModel"]["ClientSecret"] == current["ClientSecret"]

    for number in range(65):
        cognito.create_user_pool_client(UserPoolId=pool_id, ClientName=f"other-{number}")
    listed, token = [], None
    for _ in range(5):
        page = cloud_control("LIST", {"UserPoolId": pool_id}, next_token=token)
        assert page["status"] == "SUCCESS"
        listed += page["resourceModels"]
        token = page.get("nextToken")
        if not token:
            break
    assert len(listed) == 66
    assert ids in listed

    assert cloud_control("DELETE", ids)["status"] == "SUCCESS"
    gone = cloud_control("READ", ids)
    assert gone["errorCode"] == "NotFound"


EXAMPLES = Path(__file__).parent.parent / "examples" / "cloud-control"


def example(name: str, pool_id: str) -> Any:
    """A request file of the Cloud Control guide, with the test's user pool in it."""
    return json.loads((EXAMPLES / name).read_text().replace("us-east-1_EXAMPLE", pool_id))


def test_the_guides_requests_create_read_patch_list_and_delete_a_client(
    cognito: Any, pool_id: str
) -> None:
    scopes = [{"ScopeName": s, "ScopeDescription": s} for s in ("read", "write")]
    cognito.create_resource_server(
        UserPoolId=pool_id, Identifier="orders-api", Name="Orders API", Scopes=scopes
    )
    desired = example("desired-state.json", pool_id)  # create-resource --desired-state
    created = until_done(cloud_control, "CREATE", desired)[-1]
    assert created["status"] == "SUCCESS", created.get("message")
    model = created["resourceModel"]
    assert "ClientSecret" not in model  # not in the tool's state: the secret is in Secrets Manager
    assert model["ClientSecretArn"]
    ids = identifier(model)  # the identifier: UserPoolId|ClientId
    current = cloud_control("READ", ids)["resourceModel"]  # get-resource
    patched = jsonpatch.apply_patch(current, example("patch.json", pool_id))  # update-resource
    updated = until_done(cloud_control, "UPDATE", patched)[-1]
    assert updated["status"] == "SUCCESS", updated.get("message")
    held = cognito.describe_user_pool_client(**ids)["UserPoolClient"]
    assert held["AccessTokenValidity"] == 30
    assert sorted(held["AllowedOAuthScopes"]) == ["orders-api/read", "orders-api/write"]
    assert held["ClientSecretArn"] == model["ClientSecretArn"]
    listed = cloud_control("LIST", example("list-model.json", pool_id))  # list-resources
    assert ids in listed["resourceModels"]
    assert cloud_control("DELETE", ids)["status"] == "SUCCESS"  # delete-resource
    assert cloud_control("READ", ids)["errorCode"] == "NotFound"


def test_a_list_without_a_pool_says_what_resource_model_to_give() -> None:
    answer = cloud_control("LIST", None)
    assert (answer["errorCode"], answer["message"]) == (
        "InvalidRequest",
        "UserPoolId: required to list app clients; give the pool in the resource model, such as"
        """ --resource-model '{"UserPoolId": "us-east-1_AbC123dEF"}'""",
    )
