"""Creating an app client once, even when Cognito's answer is lost.

`CreateUserPoolClient` is not idempotent: sent twice, it makes two clients, and a client the stack
does not know about is an orphan with a live secret. So it is never resent blindly (the client's
retry conditions skip it, see client.py). After a lost answer the handler asks for a callback with
the time the create was sent; on the callback, it looks for the client that create made and adopts
it, or, when there is none, creates once more. A client is the attempt's only when it has the
attempt's name, was created after the attempt started, and holds exactly the configuration that
was sent; two such clients cannot be told apart, and then the handler adopts neither and says so.

The happy path makes one call: the look-ups are spent only after a lost answer.
"""

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .failures import HandlerFailure, answer_lost
from .listing import every_item
from .messages import quoted
from .operation import Operation

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

# Allowed difference between this machine's clock and Cognito's CreationDate.
CLOCK_SKEW_SECONDS = 5


def _same(sent: Any, held: Any) -> bool:
    if isinstance(sent, Mapping):
        return isinstance(held, Mapping) and all(_same(v, held.get(k)) for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(held, list) and sorted(map(str, sent)) == sorted(map(str, held))
    return bool(sent == held)


# Settings a described client shows only by what it answers instead: a secret (ClientSecret, or
# ClientSecretArn when Cognito keeps it in Secrets Manager), and where the secret is kept.
SHOWN_BY_THE_SECRET = ("GenerateSecret", "PublishSecretsInAWSSecretsManager")


def holds_configuration(described: Mapping[str, Any], sent: Mapping[str, Any]) -> bool:
    """Whether a described client holds every setting of a create request."""
    # A secret of your own (ClientSecret) is compared by value like any other setting.
    has_secret = bool(sent.get("GenerateSecret") or sent.get("ClientSecret"))
    published = "ClientSecretArn" in described
    if has_secret != ("ClientSecret" in described or published):
        return False
    if bool(sent.get("PublishSecretsInAWSSecretsManager")) != published:
        return False
    return all(
        _same(value, described.get(key))
        for key, value in sent.items()
        if key not in SHOWN_BY_THE_SECRET
    )


def _clients_of_the_attempt(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], started: float
) -> list[Mapping[str, Any]]:
    pool_id, name = sent["UserPoolId"], sent["ClientName"]
    named = [c["ClientId"] for c in every_item(client, pool_id) if c.get("ClientName") == name]
    found: list[Mapping[str, Any]] = []
    for client_id in named:
        described = client.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
        held = described["UserPoolClient"]
        created = held.get("CreationDate")
        if created is None or created.timestamp() < started - CLOCK_SKEW_SECONDS:
            continue
        if holds_configuration(held, sent):
            found.append(held)
    return found


def made_by_lost_create(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], operation: Operation
) -> Mapping[str, Any] | None:
    """The client that a create whose answer was lost made, or None when it made none."""
    if operation.create_started is None:
        return None
    ours = _clients_of_the_attempt(client, sent, operation.create_started)
    if len(ours) > 1:
        ids = ", ".join(str(held["ClientId"]) for held in ours)
        raise HandlerFailure(
            HandlerErrorCode.ResourceConflict,
            f"Cognito CreateUserPoolClient's answer was lost, and {len(ours)} clients named"
            f" {quoted(sent['ClientName'])} with this configuration were created since"
            f" {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(operation.create_started))}"
            f" ({ids}): one may be this stack's, another someone else's. None is adopted;"
            " delete the one no stack owns.",
        )
    return ours[0] if ours else None


def created_once(
    client: "CognitoIdentityProviderClient", sent: Mapping[str, Any], operation: Operation
) -> Mapping[str, Any]:
    """The client the create makes; after a lost answer, a callback that settles what it did."""
    started = operation.clock()
    try:
        return client.create_user_pool_client(**sent)["UserPoolClient"]
    except (ClientError, BotoCoreError) as error:
        if not answer_lost(error):
            raise
        operation.after_lost_answer("CreateUserPoolClient", create_started=started)
