"""The CDK example (examples/cdk/app.py): synthesized with the registry's aws-cdk-lib, its template
linted with the private schema and the provider's own rules, and each of its app clients created
and read back without drift.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import lint_templates
import pytest
from cfn_project import ROOT

from .conftest import Invoke
from .helpers import assert_subset

APP = ROOT / "examples" / "cdk" / "app.py"
PRIVATE = "Example::Cognito::UserPoolClient"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    here = tmp_path_factory.mktemp("app")
    # the CDK's Node.js end-of-life notice says nothing about the template
    env = {**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1"}
    env.pop("CDK_OUTDIR", None)  # run as the guide says: `python examples/cdk/app.py`
    synth = subprocess.run(  # noqa: S603  # the example app, with this venv's Python
        [sys.executable, str(APP)], cwd=here, env=env, capture_output=True, text=True, check=False
    )
    assert synth.returncode == 0, synth.stderr[-2000:]
    out = here / "cdk.out"  # where guides/cdk.md says it writes
    synthesized: dict[str, Any] = json.loads((out / "AppClients.template.json").read_text())
    return synthesized


def test_the_synthesized_template_passes_cfn_lint_with_the_private_schema_and_its_rules(
    template: dict[str, Any], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    stack = tmp_path / "app.json"
    stack.write_text(json.dumps(template))
    assert lint_templates.lint(PRIVATE, [stack]) == 0, capfd.readouterr().out
    # the CDK's tokens (Ref, Fn::GetAtt of the pool and the resource server) are no error; and
    # the rules do run on it: a property the handler refuses is named
    broken = json.loads(json.dumps(template))
    next(r for r in broken["Resources"].values() if r["Type"] == PRIVATE)["Properties"][
        "AuthSessionValidity"
    ] = 99
    stack.write_text(json.dumps(broken))
    assert lint_templates.lint(PRIVATE, [stack]) == 2
    assert "E9101 AuthSessionValidity: 99 is more than 15 (maximum)" in capfd.readouterr().out


def test_the_construct_and_the_l1_resource_are_the_private_type_read_by_getatt(
    template: dict[str, Any],
) -> None:
    clients = {k: v for k, v in template["Resources"].items() if v["Type"] == PRIVATE}
    assert len(clients) == 2  # the L2 construct overridden, and the L1 resource
    for output in template[
        "Outputs"
    ].values():  # never `Ref`: for a private type, UserPoolId|ClientId
        assert "Fn::GetAtt" in output["Value"]
        assert output["Value"]["Fn::GetAtt"][0] in clients


def as_given(value: Any, pool_id: str) -> Any:
    """The template's value with its one intrinsic, the pool's `Ref`, resolved."""
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return pool_id
    return value


def test_each_client_is_created_and_read_back_without_drift(
    template: dict[str, Any], invoke: Invoke, cognito: Any, pool_id: str
) -> None:
    cognito.create_resource_server(
        UserPoolId=pool_id,
        Identifier="orders-api",
        Name="orders-api",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "Read"}],
    )
    for name, resource in template["Resources"].items():
        if resource["Type"] != PRIVATE:
            continue
        given = {key: as_given(v, pool_id) for key, v in resource["Properties"].items()}
        created = invoke("CREATE", given)
        assert created["status"] == "SUCCESS", (name, created.get("message"))
        ids = {"UserPoolId": pool_id, "ClientId": created["resourceModel"]["ClientId"]}
        # what the template states reads back equal (lists as sets; Cognito's defaults beside)
        assert_subset(given, invoke("READ", ids)["resourceModel"])
