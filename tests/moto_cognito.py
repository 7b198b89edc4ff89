r"""A small extension of moto 5.2.5's Cognito backend, where it falls short of the API reference.

- App clients carry `CreationDate` and `LastModifiedDate`, as `UserPoolClientType` does. The
  provider reads them to recognise a client that its own lost create made.
- `UpdateUserPoolClient` resets every setting it is not sent, as Cognito does ("If you don't
  provide a value for an attribute, Amazon Cognito sets it to its default value"); moto merges.
- The 2026 secret operations, as the API reference describes them: `AddUserPoolClientSecret`
  ("Supports up to 2 active secrets"; `ClientSecretValue` "only returned when creating a new secret
  and only if Amazon Cognito generated the secret"), `DeleteUserPoolClientSecret` ("You cannot
  delete the last remaining secret"), `ListUserPoolClientSecrets` ("never reveals the actual secret
  value"), ids `<client-id>--<epoch-create-time>`, and `CreateUserPoolClient` honouring
  `ClientSecret`. Secrets are drawn from `[\w+]`, as Cognito's are (moto's are UUIDs).
  `DescribeUserPoolClient` returns the newest secret as `ClientSecret`: the reference does not say
  which of two it returns, and the provider never relies on it.

- `CreateUserPoolClient` and `UpdateUserPoolClient` refuse what names something the pool does
  not hold, with Cognito's own errors (checked 2026-12): a provider of `SupportedIdentityProviders`
  other than COGNITO that is not an identity provider of the pool (InvalidParameterException "The
  provider Google does not exist for User Pool ..."), and a scope that is neither standard nor a
  scope of one of the pool's resource servers (ScopeDoesNotExistException "Invalid scope
  requested: orders/read"). moto 5.2.5 creates such clients.
- A client created or updated without `ExplicitAuthFlows` gets Cognito's default flows (API
  reference: "If you don't specify a value for ExplicitAuthFlows, your app client supports
  ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and ALLOW_CUSTOM_AUTH").
- moto imports the same RSA signing key anew for every user pool (about 200 ms); it is imported
  once. That is speed only: the pools' tokens are signed as before.

- `PublishSecretsInAWSSecretsManager` (botocore 1.44.7), which moto 5.2.5 would store and echo:
  as the API reference describes it, it "Applies only when GenerateSecret is true" (refused
  otherwise, here); true keeps the secret in moto's Secrets Manager as JSON (`userPoolId`,
  `userPoolClientId`, `clientSecretValue`) and rotates it at once (a new secret; of two, the
  older goes), after which the client answers `ClientSecretArn` (in botocore's
  `ClientSecretArnType` form, `...:secret/<name>`) instead of `ClientSecret`; on update, true
  moves a held secret there, false moves it back and deletes the Secrets Manager secret at once,
  without a recovery window, and leaving it out changes nothing. The answer has no member for the
  option. Deleting the client deletes its Secrets Manager secret (not said by the reference).

- `ClientType` (botocore 1.44.18): REGULAR for what `CreateUserPoolClient` makes; a test makes a
  client DCR with `registered_by_an_application`. As the API reference says of DCR clients, they
  "don't support client secret operations such as AddUserPoolClientSecret" (refused here: adding,
  deleting and listing secrets, and keeping one in Secrets Manager), "and they can't hold the
  aws.cognito/dcr/register scope", which any other client can, with no resource server.
- `ALLOW_CLIENT_TOKEN_AUTH` (API reference, GetClientToken, beyond botocore's enum): refused
  beside any other flow ("It must be the only authentication flow") and without a client secret.

`held_secrets` shows a test what the double holds, values included, as no API call does.

`extend` applies all of it to moto's own classes: for one test with pytest's monkeypatch, and in
the moto_proxy process of `make contract` (scripts/moto_proxy_extended.py).
"""

import functools
import json
import secrets
import string
import time
import types
from collections.abc import Callable
from typing import Any

from joserfc import jwk
from moto.cognitoidp import models as cognito_models
from moto.cognitoidp import responses as cognito_responses
from moto.cognitoidp.exceptions import InvalidParameterException, ResourceNotFoundError
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult
from moto.secretsmanager.models import secretsmanager_backends

from aws_cognito_userpoolclient.model_check import CLIENT_TOKEN_FLOW
from aws_cognito_userpoolclient.rules import REGISTRAR_SCOPE

MAX_SECRETS = 2
# API reference, AllowedOAuthScopes: "Scope values include phone, email, openid, and profile. The
# aws.cognito.signin.user.admin scope authorizes user self-service operations."
STANDARD_SCOPES = frozenset(
    {"phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"}
)
DEFAULT_EXPLICIT_AUTH_FLOWS = [
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_CUSTOM_AUTH",
]
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+"


class LimitExceededException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("LimitExceededException", message)


class ScopeDoesNotExistException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("ScopeDoesNotExistException", message)


def now() -> float:
    """The double's clock (tests that move the provider's clock move this one with it)."""
    return time.time()


DCR = "DCR"


def _check_named(
    backend: Any, user_pool_id: str, config: dict[str, Any], client_type: str = "REGULAR"
) -> None:
    """Refuse, as Cognito does, providers and scopes the pool does not hold."""
    pool = backend.describe_user_pool(user_pool_id)  # moto's own: ResourceNotFound for no pool
    for provider in config.get("SupportedIdentityProviders") or ():
        if provider != "COGNITO" and provider not in pool.identity_providers:
            raise InvalidParameterException(
                f"The provider {provider} does not exist for User Pool {user_pool_id}"
            )
    for scope in config.get("AllowedOAuthScopes") or ():
        if scope == REGISTRAR_SCOPE and client_type == DCR:
            raise InvalidParameterException(f"A DCR app client can't hold {REGISTRAR_SCOPE}")
        if scope in STANDARD_SCOPES or scope == REGISTRAR_SCOPE:
            continue
        server_id, _, name = scope.rpartition("/")
        server = pool.resource_servers.get(server_id)
        if server is None or name not in {s["ScopeName"] for s in server.scopes or ()}:
            raise ScopeDoesNotExistException(f"Invalid scope requested: {scope}")


def _check_flows(config: dict[str, Any], has_secret: bool) -> None:
    """Refuse ALLOW_CLIENT_TOKEN_AUTH beside another flow, or on a client without a secret."""
    flows = config.get("ExplicitAuthFlows") or ()
    if CLIENT_TOKEN_FLOW in flows and len(set(flows)) > 1:
        raise InvalidParameterException(f"{CLIENT_TOKEN_FLOW} must be the only auth flow")
    if CLIENT_TOKEN_FLOW in flows and not has_secret:
        raise InvalidParameterException(f"{CLIENT_TOKEN_FLOW} requires a client secret")


def _refuse_if_dcr(client: Any) -> None:
    if client.client_type == DCR:
        raise InvalidParameterException("DCR app clients don't support client secret operations")


def registered_by_an_application(pool_id: str, client_id: str) -> None:
    """Make a client of the double DCR, as dynamic client registration would have made it."""
    backend = cognito_models.cognitoidp_backends["123456789012"]["us-east-1"]
    client: Any = backend.user_pools[pool_id].clients[client_id]
    client.client_type = DCR


def _new_secret(client: Any, value: str | None) -> dict[str, Any]:
    # Ids are <client-id>--<epoch-create-time>; two secrets in one second still get distinct ids.
    created = max([now(), *(s["created"] + 0.001 for s in client.secrets)])
    return {
        # rounded: a millisecond added to a float can truncate to the same id
        "id": f"{client.id}--{round(created * 1000)}",
        "value": value or "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(52)),
        "created": created,
        "generated": value is None,
    }


PUBLISH = "PublishSecretsInAWSSecretsManager"


def _secrets_manager(backend: Any) -> Any:
    return secretsmanager_backends[backend.account_id][backend.region_name]


def _secret_name(client: Any) -> str:
    return f"cognito-idp/{client.user_pool_id}/{client.id}"


def _published(backend: Any, client: Any, publish: bool | None) -> None:
    """Keep the client's secret in Secrets Manager (publish true), or move it back (false)."""
    keeper = _secrets_manager(backend)
    if publish and client.secret_arn is None:
        if not any(s["generated"] for s in client.secrets):
            raise InvalidParameterException(
                f"{PUBLISH} applies only to an app client with a generated secret"
            )
        # Cognito rotates at once: a new secret, and of two held, the older goes.
        newest = max(client.secrets, key=lambda s: s["created"])
        client.secrets = [newest, _new_secret(client, None)]
        value = client.secrets[-1]["value"]
        document = {
            "userPoolId": client.user_pool_id,
            "userPoolClientId": client.id,
            "clientSecretValue": value,
        }
        name = _secret_name(client)
        keeper.create_secret(name, json.dumps(document), None, None, None, None, None, [], False)
        client.secret_arn = (
            f"arn:aws:secretsmanager:{backend.region_name}:{backend.account_id}:secret/{name}"
        )
    elif publish is False and client.secret_arn is not None:
        keeper.delete_secret(_secret_name(client), None, True)
        client.secret_arn = None


_Client = cognito_models.CognitoIdpUserPoolClient
_original_init = _Client.__init__
_original_to_json = _Client.to_json


def _init(
    self: Any, user_pool_id: str, generate_secret: bool, extended_config: dict[str, Any] | None
) -> None:
    custom = (extended_config or {}).pop("ClientSecret", None)
    _original_init(self, user_pool_id, generate_secret or bool(custom), extended_config)
    self.extended_config.setdefault("ExplicitAuthFlows", list(DEFAULT_EXPLICIT_AUTH_FLOWS))
    self.creation_date = self.last_modified_date = now()
    self.secret_arn = None
    self.client_type = "REGULAR"
    self.secrets = []
    if self.generate_secret:
        self.secrets.append(_new_secret(self, custom))


def _to_json(self: Any, extended: bool = False) -> dict[str, Any]:
    answer: dict[str, Any] = _original_to_json(self, extended)
    answer.pop("ClientSecret", None)
    if self.secret_arn is not None:
        answer["ClientSecretArn"] = self.secret_arn
    elif self.secrets:
        answer["ClientSecret"] = max(self.secrets, key=lambda s: s["created"])["value"]
    if extended:
        answer.update(CreationDate=self.creation_date, LastModifiedDate=self.last_modified_date)
        answer["ClientType"] = self.client_type
    return answer


def _client_of(response: Any) -> Any:
    # moto's own look-up: ResourceNotFound for a missing pool or client
    return response.backend.describe_user_pool_client(
        response._get_param("UserPoolId"), response._get_param("ClientId")
    )


def _add_user_pool_client_secret(self: Any) -> ActionResult:
    client = _client_of(self)
    _refuse_if_dcr(client)
    if not client.secrets:
        raise InvalidParameterException("The app client is not a confidential client.")
    if len(client.secrets) >= MAX_SECRETS:
        raise LimitExceededException(f"An app client can have at most {MAX_SECRETS} secrets.")
    added = _new_secret(client, self._get_param("ClientSecret"))
    client.secrets.append(added)
    descriptor = {"ClientSecretId": added["id"], "ClientSecretCreateDate": added["created"]}
    if added["generated"]:
        descriptor["ClientSecretValue"] = added["value"]
    return ActionResult({"ClientSecretDescriptor": descriptor})


def _delete_user_pool_client_secret(self: Any) -> EmptyResult:
    client = _client_of(self)
    _refuse_if_dcr(client)
    secret_id = self._get_param("ClientSecretId")
    kept = [s for s in client.secrets if s["id"] != secret_id]
    if len(kept) == len(client.secrets):
        raise ResourceNotFoundError(secret_id)
    if not kept:
        raise InvalidParameterException("You cannot delete the last remaining secret.")
    client.secrets = kept
    return EmptyResult()


def _list_user_pool_client_secrets(self: Any) -> ActionResult:
    client = _client_of(self)
    _refuse_if_dcr(client)
    listed = [
        {"ClientSecretId": s["id"], "ClientSecretCreateDate": s["created"]} for s in client.secrets
    ]
    return ActionResult({"ClientSecrets": listed})


def held_secrets(
    pool_id: str, client_id: str, account_id: str = "123456789012", region: str = "us-east-1"
) -> list[tuple[str, str]]:
    """The (id, value) of each secret the client holds, oldest first: for tests to assert on."""
    backend = cognito_models.cognitoidp_backends[account_id][region]
    client: Any = backend.user_pools[pool_id].clients[client_id]
    return [(s["id"], s["value"]) for s in sorted(client.secrets, key=lambda s: s["created"])]


_original_create = cognito_models.CognitoIdpBackend.create_user_pool_client


def _create_user_pool_client(
    self: Any, user_pool_id: str, generate_secret: bool, extended_config: dict[str, Any]
) -> Any:
    _check_named(self, user_pool_id, extended_config)
    _check_flows(extended_config, bool(generate_secret or extended_config.get("ClientSecret")))
    publish = extended_config.pop(PUBLISH, None)
    if publish and not generate_secret:
        raise InvalidParameterException(f"{PUBLISH} applies only when GenerateSecret is true")
    client = _original_create(self, user_pool_id, generate_secret, extended_config)
    _published(self, client, publish)
    return client


def _update_user_pool_client(
    self: Any, user_pool_id: str, client_id: str, extended_config: dict[str, Any]
) -> Any:
    client = self.describe_user_pool_client(user_pool_id, client_id)
    _check_named(self, user_pool_id, extended_config, client.client_type)
    _check_flows(extended_config, bool(client.secrets))
    publish = extended_config.pop(PUBLISH, None)
    if publish:
        _refuse_if_dcr(client)
    _published(self, client, publish)
    client.extended_config = {**_defaults(), **extended_config}
    client.last_modified_date = now()
    return client


_original_delete = cognito_models.CognitoIdpBackend.delete_user_pool_client


def _delete_user_pool_client(self: Any, user_pool_id: str, client_id: str) -> None:
    client = self.describe_user_pool_client(user_pool_id, client_id)
    _published(self, client, False)
    _original_delete(self, user_pool_id, client_id)


def _defaults() -> dict[str, Any]:
    """The settings a create fills in, which an update that omits them returns to."""
    blank: Any = _Client.__new__(_Client)
    _original_init(blank, "us-east-1_Defaults", False, None)
    return {**blank.extended_config, "ExplicitAuthFlows": list(DEFAULT_EXPLICIT_AUTH_FLOWS)}


@functools.cache
def _imported_key(text: str) -> Any:
    return jwk.RSAKey.import_key(json.loads(text))


# What moto's pools see as `jwk`: the same module, with the one key imported once.
_jwk_importing_once = types.SimpleNamespace(
    RSAKey=types.SimpleNamespace(import_key=lambda data: _imported_key(json.dumps(data)))
)


def extend(set_attribute: Callable[[Any, str, Any], None] = setattr) -> None:
    """Apply the extension with `set_attribute` (pytest: a non-raising monkeypatch.setattr)."""
    set_attribute(cognito_models, "jwk", _jwk_importing_once)
    set_attribute(_Client, "__init__", _init)
    set_attribute(_Client, "to_json", _to_json)
    backend = cognito_models.CognitoIdpBackend
    set_attribute(backend, "create_user_pool_client", _create_user_pool_client)
    set_attribute(backend, "update_user_pool_client", _update_user_pool_client)
    set_attribute(backend, "delete_user_pool_client", _delete_user_pool_client)
    response_class = cognito_responses.CognitoIdpResponse
    for name, method in (
        ("add_user_pool_client_secret", _add_user_pool_client_secret),
        ("delete_user_pool_client_secret", _delete_user_pool_client_secret),
        ("list_user_pool_client_secrets", _list_user_pool_client_secrets),
    ):
        set_attribute(response_class, name, method)
