"""The contract input sets, the example events and the set-up stack, checked without AWS."""

import json
from pathlib import Path
from typing import Any

import contract
import pytest
from cfnlint.decode import cfn_yaml
from contract import input_sets
from lambda_harness import (
    EXPORTS,
    POOL_EXPORT,
    RESOURCE_SERVER,
    RESOURCE_SERVER_SCOPES,
    HarnessError,
    resolve_tokens,
    tokens_in,
)

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient.desired_state import checked_properties

from .conftest import SCHEMA

ROOT = Path(__file__).resolve().parent.parent
SETS = input_sets(ROOT / "inputs")
# Values of the shape the set-up stack exports, so that the schema's patterns apply as in a run.
STAND_INS = {
    POOL_EXPORT: "us-east-1_StandIn1",
}


def properties(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resolve_tokens(path.read_text(), STAND_INS, path.name))
    return loaded


def problems(path: Path) -> list[str]:
    return checked_properties("CREATE", properties(path), None).problems


def property_paths(value: Any, prefix: str = "") -> set[str]:
    if not isinstance(value, dict):
        return set()
    paths = set()
    for key, inner in value.items():
        paths.add(prefix + key)
        paths |= property_paths(inner, f"{prefix}{key}.")
    return paths


def writable_paths() -> set[str]:
    read_only = {pointer.rsplit("/", 1)[-1] for pointer in SCHEMA["readOnlyProperties"]}
    paths = set()
    for name, spec in SCHEMA["properties"].items():
        if name in read_only:
            continue
        paths.add(name)
        if "$ref" in spec:
            definition = SCHEMA["definitions"][spec["$ref"].rsplit("/", 1)[-1]]
            paths |= {f"{name}.{inner}" for inner in definition["properties"]}
    return paths


# Amazon Pinpoint reached its end of support on 2026-10-30: no account can make the project an
# AnalyticsConfiguration names, so CloudFormation's own test run (TestType) could not pass a set
# that uses it. It is tested locally instead (test_handlers.py).
LOCAL_ONLY = {"AnalyticsConfiguration"}


def test_the_sets_together_use_every_writable_property_but_the_local_only_ones() -> None:
    used = set().union(
        *(property_paths(properties(path)) for files in SETS.values() for path in files.values())
    )
    local_only = {path for path in writable_paths() if path.split(".")[0] in LOCAL_ONLY}
    assert writable_paths() - used == local_only
    assert not used & local_only


def test_there_are_at_least_five_sets_and_the_first_is_minimal() -> None:
    assert len(SETS) >= 5
    assert set(properties(SETS[1]["create"])) == {"UserPoolId"}


@pytest.mark.parametrize("number", sorted(SETS))
def test_each_update_changes_several_properties(number: int) -> None:
    create, update = properties(SETS[number]["create"]), properties(SETS[number]["update"])
    changed = {key for key in create.keys() | update.keys() if create.get(key) != update.get(key)}
    assert len(changed) >= 3, changed


@pytest.mark.parametrize("number", sorted(SETS))
def test_create_and_update_are_valid_and_invalid_is_rejected(number: int) -> None:
    assert problems(SETS[number]["create"]) == []
    assert problems(SETS[number]["update"]) == []
    assert problems(SETS[number]["invalid"])


def test_every_token_is_an_export_of_the_set_up() -> None:
    texts = [path.read_text() for files in SETS.values() for path in files.values()]
    assert tokens_in(texts) <= set(EXPORTS)


def test_the_set_up_template_makes_what_the_embedded_set_up_makes() -> None:
    template = cfn_yaml.loads((ROOT / "contract-test-setup.yaml").read_text())
    server = template["Resources"]["ContractApi"]["Properties"]
    assert server["Identifier"] == RESOURCE_SERVER
    assert tuple(scope["ScopeName"] for scope in server["Scopes"]) == RESOURCE_SERVER_SCOPES
    exported = {output["Export"]["Name"] for output in template["Outputs"].values()}
    assert exported == set(EXPORTS)


EVENTS = sorted((ROOT / "events").glob("*.json"))


def test_there_is_an_event_for_each_action() -> None:
    actions = {json.loads(path.read_text())["action"] for path in EVENTS}
    assert actions == {"CREATE", "READ", "UPDATE", "DELETE", "LIST"}


@pytest.mark.parametrize("path", EVENTS, ids=lambda path: path.name)
def test_events_carry_no_credentials_and_valid_properties(path: Path) -> None:
    event = json.loads(path.read_text())
    text = path.read_text()
    for secret_field in ("Credentials", "accessKeyId", "secretAccessKey", "sessionToken"):
        assert secret_field not in text
    stand_ins = {**STAND_INS, "ExistingClientId": "stand-in-client"}
    resolved = json.loads(resolve_tokens(text, stand_ins, path.name))
    action = resolved["action"]
    data = resolved["requestData"]
    previous = data.get("previousResourceProperties")
    assert checked_properties(action, data["resourceProperties"], previous).problems == []
    assert event["resourceType"] == SCHEMA["typeName"]


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_a_folder_of_sets_with_a_gap_in_the_numbering_is_read_whole(tmp_path: Path) -> None:
    files = {f"inputs_{n}_{kind}.json": "{}" for n in (2, 7) for kind in ("create", "update")}
    files |= {"inputs_2_invalid.json": "{}", "inputs_7_invalid.json": "{}", "notes.txt": ""}
    assert sorted(input_sets(write(tmp_path / "mine", files))) == [2, 7]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"inputs_1_create.json": "{}"}, "inputs_1_update.json is missing"),
        ({"inputs_1_craete.json": "{}"}, "inputs_1_craete.json is not named inputs_N_create"),
        ({"inputs_1_create.json": "{"}, "inputs_1_create.json is not valid JSON"),
        ({"inputs_1_create.json": "[]"}, "must hold one JSON object"),
        ({}, "no inputs_N_create.json"),
    ],
)
def test_a_bad_inputs_folder_is_refused_before_anything_starts(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    with pytest.raises(HarnessError, match=message):
        input_sets(write(tmp_path / "mine", files))


def test_an_unknown_token_is_named() -> None:
    with pytest.raises(HarnessError, match=r"create.json: unknown token \{\{PoolId\}\}"):
        resolve_tokens('{"UserPoolId": "{{PoolId}}"}', STAND_INS, "create.json")


def test_make_contract_enforces_the_timeouts_the_schema_gives_the_handlers() -> None:
    # cfn test times create, update and delete against twice the --enforce-timeout it is given.
    schema = json.loads((ROOT / "aws-cognito-userpoolclient.json").read_text())
    for action in ("create", "update", "delete"):
        seconds = schema["handlers"][action]["timeoutInMinutes"] * 60
        assert 2 * contract.enforced_timeout_seconds() <= seconds
    assert 2 * contract.enforced_timeout_seconds() == 5 * 60


# Properties that are not sent as they are: GenerateSecret only on create; your own secret as
# ClientSecret on create and by the secret operations on update; the rotation block never.
NOT_SENT_ON_UPDATE = {"GenerateSecret", "CustomClientSecret", "ClientSecretRotation"}


@pytest.mark.parametrize("number", sorted(SETS))
def test_every_property_of_every_input_set_reaches_cognito(
    invoke: Any, cognito: Any, pool_id: str, monkeypatch: pytest.MonkeyPatch, number: int
) -> None:
    cognito.create_resource_server(
        UserPoolId=pool_id,
        Identifier=RESOURCE_SERVER,
        Name=RESOURCE_SERVER,
        Scopes=[{"ScopeName": s, "ScopeDescription": s} for s in RESOURCE_SERVER_SCOPES],
    )
    sent: dict[str, dict[str, Any]] = {}

    def record(**event: Any) -> None:
        sent[event["model"].name] = dict(event["params"])

    client_module._BOTOCORE_SESSION.register("before-parameter-build.cognito-idp", record)
    try:
        create = {**properties(SETS[number]["create"]), "UserPoolId": pool_id}
        created = invoke("CREATE", create)
        assert created["status"] == "SUCCESS", created.get("message")
        renamed = {"CustomClientSecret": "ClientSecret"}
        expected = {renamed.get(k, k): v for k, v in create.items() if k != "ClientSecretRotation"}
        assert_sent(expected, sent["CreateUserPoolClient"])
        update = {
            **properties(SETS[number]["update"]),
            "UserPoolId": pool_id,
            "ClientId": created["resourceModel"]["ClientId"],
        }
        updated = invoke("UPDATE", update, previous=created["resourceModel"])
        assert updated["status"] == "SUCCESS", updated.get("message")
        expected = {k: v for k, v in update.items() if k not in NOT_SENT_ON_UPDATE}
        assert_sent(expected, sent["UpdateUserPoolClient"])
    finally:
        client_module._BOTOCORE_SESSION.unregister("before-parameter-build.cognito-idp", record)


def assert_sent(expected: dict[str, Any], params: dict[str, Any]) -> None:
    for key, value in expected.items():
        assert key in params, key
        if isinstance(value, list):
            assert sorted(map(str, value)) == sorted(map(str, params[key])), key
        elif isinstance(value, dict):
            assert_sent(value, params[key])
        else:
            assert str(value).lower() == str(params[key]).lower(), key
