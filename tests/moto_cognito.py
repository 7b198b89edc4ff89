"""A small extension of moto 5.2.5's Cognito backend, where it falls short of the API reference.

- App clients carry `CreationDate` and `LastModifiedDate`, as `UserPoolClientType` does. The
  provider reads them to recognise a client that its own lost create made.
- `UpdateUserPoolClient` resets every setting it is not sent, as Cognito does ("If you don't
  provide a value for an attribute, Amazon Cognito sets it to its default value"); moto merges.

`extended_moto` applies both for one test, with pytest's monkeypatch, to moto's own classes.
"""

import time
from typing import Any

import pytest
from moto.cognitoidp import models as cognito_models
from moto.cognitoidp.exceptions import ResourceNotFoundError

_Client = cognito_models.CognitoIdpUserPoolClient
_original_init = _Client.__init__
_original_to_json = _Client.to_json


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    _original_init(self, *args, **kwargs)
    self.creation_date = self.last_modified_date = time.time()


def _to_json(self: Any, extended: bool = False) -> dict[str, Any]:
    answer: dict[str, Any] = _original_to_json(self, extended)
    if extended:
        answer.update(CreationDate=self.creation_date, LastModifiedDate=self.last_modified_date)
    return answer


def _update_user_pool_client(
    self: Any, user_pool_id: str, client_id: str, extended_config: dict[str, Any]
) -> Any:
    user_pool = self.describe_user_pool(user_pool_id)
    client: Any = user_pool.clients.get(client_id)
    if not client:
        raise ResourceNotFoundError(client_id)
    client.extended_config = {**_defaults(), **extended_config}
    client.last_modified_date = time.time()
    return client


def _defaults() -> dict[str, Any]:
    """The settings moto fills in on create, which an update that omits them returns to."""
    blank: Any = _Client.__new__(_Client)
    _original_init(blank, "us-east-1_Defaults", False, None)
    return dict(blank.extended_config)


def extend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Client, "__init__", _init)
    monkeypatch.setattr(_Client, "to_json", _to_json)
    monkeypatch.setattr(
        cognito_models.CognitoIdpBackend, "update_user_pool_client", _update_user_pool_client
    )
