"""Listing what a pool holds (its app clients, identity providers, resource servers), a page at a
time, each page as large as Cognito's model allows, so that a list makes the fewest calls."""

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from botocore import xform_name
from botocore.model import StructureShape

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

CLIENTS = ("ListUserPoolClients", "UserPoolClients")


def page_size(client: "CognitoIdentityProviderClient", operation: str) -> int:
    """The most a list operation returns in one call: its MaxResults' maximum in Cognito's model
    (60 app clients, 60 providers, 50 resource servers)."""
    listing = client.meta.service_model.operation_model(operation)
    members = cast(StructureShape, listing.input_shape).members
    return int(members["MaxResults"].metadata["max"])


def listed_page(
    client: "CognitoIdentityProviderClient",
    pool_id: str,
    next_token: str | None,
    listing: tuple[str, str] = CLIENTS,
) -> tuple[list[Mapping[str, Any]], str | None]:
    """One page of what a list operation answers for the pool (by default its app clients: ids
    and names), and the token of the next page, if any."""
    operation, key = listing
    page = {"NextToken": next_token} if next_token else {}
    call = getattr(client, xform_name(operation))
    listed = call(UserPoolId=pool_id, MaxResults=page_size(client, operation), **page)
    return list(listed.get(key, [])), listed.get("NextToken")


def every_item(
    client: "CognitoIdentityProviderClient", pool_id: str, listing: tuple[str, str] = CLIENTS
) -> Iterator[Mapping[str, Any]]:
    """Everything a list operation answers for the pool, page after page."""
    token = None
    while True:
        items, token = listed_page(client, pool_id, token, listing)
        yield from items
        if not token:
            return
