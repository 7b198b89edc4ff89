"""Test helpers shared by several test modules (fixtures live in conftest.py and faults.py)."""

import json
from pathlib import Path
from typing import Any

import cfnlint.data.schemas.resources as official_resources

from .conftest import Invoke


def resource_schema(type_name: str) -> dict[str, Any]:
    """AWS's own schema of a type, as cfn-lint ships it."""
    for path in Path(official_resources.__path__[0]).glob("*.json"):
        text = path.read_text()
        if f'"{type_name}"' in text:
            schema: dict[str, Any] = json.loads(text)
            if schema.get("typeName") == type_name:
                return schema
    raise AssertionError(f"cfn-lint ships no schema of {type_name}")


def assert_subset(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    """Every property the input set comes back equal (lists compared as sets)."""
    for key, value in expected.items():
        if isinstance(value, dict):
            assert_subset(value, actual[key])
        elif isinstance(value, list):
            assert sorted(value) == sorted(actual[key]), key
        else:
            assert actual[key] == value, key


GOOGLE = {
    "ProviderName": "Google",
    "ProviderType": "Google",
    "ProviderDetails": {
        "client_id": "google-client",
        "client_secret": "google-secret",
        "authorize_scopes": "openid email",
    },
}
ORDERS = {
    "Identifier": "orders",
    "Name": "orders",
    "Scopes": [{"ScopeName": "read", "ScopeDescription": "read orders"}],
}
WEB_CLIENT = {
    "ClientName": "web",
    "AllowedOAuthFlowsUserPoolClient": True,
    "AllowedOAuthFlows": ["code"],
    "AllowedOAuthScopes": ["openid", "orders/read"],
    "CallbackURLs": ["https://app.example.com/cb"],
    "SupportedIdentityProviders": ["COGNITO", "Google"],
}


class AppearingLater:
    """Creates the stack's provider and resource server once the handler has been called back
    `after` times, as CloudFormation would while it creates them beside the client."""

    def __init__(self, cognito: Any, pool_id: str, after: int) -> None:
        self.cognito, self.pool_id, self.after = cognito, pool_id, after
        self.invocations = 0

    def wrap(self, invoke: Invoke) -> Invoke:
        def invoking(*args: Any, **kwargs: Any) -> dict[str, Any]:
            if self.invocations == self.after + 1:
                self.cognito.create_identity_provider(UserPoolId=self.pool_id, **GOOGLE)
                self.cognito.create_resource_server(UserPoolId=self.pool_id, **ORDERS)
            self.invocations += 1
            return invoke(*args, **kwargs)

        return invoking
