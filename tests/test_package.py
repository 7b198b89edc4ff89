"""The registry package under another type name is consistent, and the working tree untouched."""

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import botocore.session
import package
import pytest
from cfn_project import ROOT, copy_project, write_registry_schema

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient import handlers

from .test_registry_path import registry_event


def tree_state() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_renamed_package_is_consistent_and_leaves_the_tree_untouched(tmp_path: Path) -> None:
    before = tree_state()
    archive = package.build("Example::Cognito::UserPoolClient", tmp_path)
    assert archive.name == "example_cognito_userpoolclient.zip"
    assert package.check(archive, "Example::Cognito::UserPoolClient") == []
    # the check is not blind: the same package is wrong for another name
    assert package.check(archive, "Other::Cognito::UserPoolClient")
    assert tree_state() == before


def test_the_renamed_docs_and_role_name_the_new_type(tmp_path: Path) -> None:
    project = copy_project(tmp_path, "Example::Cognito::UserPoolClient")
    assert "Example::Cognito::UserPoolClient" in (project / "docs" / "README.md").read_text()
    assert "Example-Cognito-UserPoolClient" in (project / "resource-role.yaml").read_text()
    assert (project / "src" / "example_cognito_userpoolclient" / "models.py").exists()


def test_reserved_namespaces_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="reserved"):
        copy_project(tmp_path, "AWS::Other::Thing")


def test_the_registry_schema_for_cfn_lint_names_the_private_type(tmp_path: Path) -> None:
    written = write_registry_schema("Example::Cognito::UserPoolClient", tmp_path)
    assert written.parent == tmp_path
    schema = json.loads(written.read_text())
    assert schema["typeName"] == "Example::Cognito::UserPoolClient"
    assert "ClientSecretRotation" in schema["properties"]


def test_the_handler_and_library_use_only_the_services_whose_models_ship(
    monkeypatch: pytest.MonkeyPatch, cognito: Any, pool_id: str
) -> None:
    # A fresh provider session, whose loader records every service model it loads.
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    loaded: set[str] = set()
    load = loader.load_service_model

    def recording(service_name: str, *args: Any, **kwargs: Any) -> Any:
        loaded.add(service_name)
        return load(service_name, *args, **kwargs)

    monkeypatch.setattr(loader, "load_service_model", recording)
    monkeypatch.setattr(client_module, "_BOTOCORE_SESSION", session)
    monkeypatch.setattr(client_module, "_last_clients", {})
    created = handlers.resource(
        registry_event("CREATE", {"UserPoolId": pool_id, "GenerateSecret": True}), None
    )
    assert created["status"] == "SUCCESS", created.get("message")
    ids = {"UserPoolId": pool_id, "ClientId": created["resourceModel"]["ClientId"]}
    rotation = {"NotBefore": datetime.now(UTC).isoformat()}
    for action, properties in (
        ("READ", ids),
        ("UPDATE", {**ids, "GenerateSecret": True, "ClientSecretRotation": rotation}),
        ("LIST", {"UserPoolId": pool_id}),
        ("DELETE", ids),
    ):
        response = handlers.resource(registry_event(action, properties, previous=properties), None)
        assert response["status"] == "SUCCESS", (action, response.get("message"))
    assert {"cognito-idp", "cloudwatch"} <= loaded
    assert loaded <= set(package.KEPT_SERVICES)
