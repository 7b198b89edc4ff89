"""Listing a pool's app clients, a page at a time."""

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from botocore.model import StructureShape

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient


def page_size(client: "CognitoIdentityProviderClient") -> int:
    """The most ListUserPoolClients returns in one call: its MaxResults' maximum in Cognito's
    model (60), so that a list makes the fewest calls."""
    listing = client.meta.service_model.operation_model("ListUserPoolClients")
    members = cast(StructureShape, listing.input_shape).members
    return int(members["MaxResults"].metadata["max"])


def listed_page(
    client: "CognitoIdentityProviderClient", pool_id: str, next_token: str | None
) -> tuple[list[Mapping[str, Any]], str | None]:
    """One page of the pool's clients (ids and names), and the token of the next page, if any."""
    page = {"NextToken": next_token} if next_token else {}
    listed = client.list_user_pool_clients(UserPoolId=pool_id, MaxResults=page_size(client), **page)
    return list(listed["UserPoolClients"]), listed.get("NextToken")


def every_client(
    client: "CognitoIdentityProviderClient", pool_id: str
) -> Iterator[Mapping[str, Any]]:
    """Every client of the pool, page after page."""
    token = None
    while True:
        clients, token = listed_page(client, pool_id, token)
        yield from clients
        if not token:
            return
