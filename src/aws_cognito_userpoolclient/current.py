"""What Cognito holds of an existing app client now, for an update that needs to know.

An update sends the whole desired state and needs nothing read first, except in a few cases: a
client neither state names (its name), a rotation (its secrets), a switch of where the secret is
kept, or a rollback (publishing.py). Each read is made at most once per invocation, and only
when one of those asks for it, so an update without them stays one call.
"""

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient


class CurrentClient:
    """One app client as Cognito holds it, read on first use."""

    def __init__(
        self, client: "CognitoIdentityProviderClient", pool_id: str, client_id: str
    ) -> None:
        self.client = client
        self.ids = {"UserPoolId": pool_id, "ClientId": client_id}

    @functools.cached_property
    def described(self) -> Mapping[str, Any]:
        """DescribeUserPoolClient's UserPoolClientType."""
        return self.client.describe_user_pool_client(**self.ids)["UserPoolClient"]

    @functools.cached_property
    def secrets(self) -> list[Mapping[str, Any]]:
        """ListUserPoolClientSecrets' secrets (ids and creation dates, no values), oldest first."""
        listed = self.client.list_user_pool_client_secrets(**self.ids)
        return sorted(listed.get("ClientSecrets", []), key=lambda s: s["ClientSecretCreateDate"])
