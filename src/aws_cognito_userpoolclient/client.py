"""The Cognito client a handler uses, and the provider's logs and metrics clients.

A fresh `boto3.Session(...).client(...)` per invocation parses the service model again (~100 ms).
One botocore session lives as long as the process, so the model is loaded once, and a client is
built from it with the request's own credentials. The last client is reused only by a request that
carries the very same credentials and region, so no request ever runs with another's credentials.

The Cognito client sends nothing that Cognito's own model refuses (model_check.py), and retries as
CloudFormation needs it to (see `_RetryConditions`).
"""

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import boto3.session
import botocore.session
from botocore.config import Config
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError
from botocore.model import Shape
from botocore.retries import quota, standard
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import HandlerErrorCode
from cloudformation_cli_python_lib.utils import Credentials

from .failures import OPERATION_ATTRIBUTE, HandlerFailure
from .model_check import refuse_what_cognito_refuses
from .operation import SDK_ATTEMPTS

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

SERVICE = "cognito-idp"

# At DEBUG, botocore logs whole request and response bodies, the client secret among them. Keep its
# loggers at INFO whatever level the root logger is given.
logging.getLogger("botocore").setLevel(logging.INFO)

_BOTOCORE_SESSION = botocore.session.get_session()
_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": SDK_ATTEMPTS})
# The last client of each service, with the credentials and region it was built for.
_last_clients: dict[str, tuple[tuple[str | None, ...], Any]] = {}


# Operations that create something each time they are sent: a retry after a lost answer could
# create a second one. They are resent only when the first surely did nothing.
_NOT_IDEMPOTENT = frozenset({"CreateUserPoolClient", "AddUserPoolClientSecret"})
_NEVER_SENT = (EndpointConnectionError, ConnectTimeoutError)


class _RetryConditions(standard.StandardRetryConditions):
    """Standard retry conditions, with two exceptions.

    - LimitExceededException: botocore counts it as throttling, but for Cognito it means a quota
      is reached (clients per pool): retrying cannot succeed, it only delays the failure.
    - A create whose answer was lost (5xx, read timeout, connection closed) is not resent: the
      handler finds out what happened instead (creating.py, secrets.py).
    """

    def is_retryable(self, context: Any) -> bool:
        if context.get_error_code() == "LimitExceededException":
            return False
        if context.operation_model.name in _NOT_IDEMPOTENT and not _surely_not_done(context):
            return False
        return bool(super().is_retryable(context))


def _surely_not_done(context: Any) -> bool:
    if context.caught_exception is not None:
        return isinstance(context.caught_exception, _NEVER_SENT)
    response = context.http_response
    return response is not None and response.status_code < 500


def _name_operation(exception: Exception, event_name: str, **_: Any) -> None:
    # botocore's connection errors do not say which call failed; the handler's message will.
    setattr(exception, OPERATION_ATTRIBUTE, event_name.rpartition(".")[2])


def _prepare_cognito_client(client: "CognitoIdentityProviderClient") -> None:
    # The model check first (before the test suite's strict double); then botocore's standard
    # retry handler as botocore.retries.standard.register_retry_handler registers it, with our
    # retry conditions.
    events = client.meta.events
    service = client.meta.service_model.service_id.hyphenize()  # "cognito-identity-provider"
    events.unregister(f"needs-retry.{service}", unique_id=f"retry-config-{service}")
    adapter = standard.RetryEventAdapter()
    detector = standard.ThrottlingErrorDetector(adapter)
    retry_quota = standard.RetryQuotaChecker(quota.RetryQuota(), detector)
    handler = standard.RetryHandler(
        retry_policy=standard.RetryPolicy(
            retry_checker=_RetryConditions(max_attempts=SDK_ATTEMPTS),
            retry_backoff=standard.ExponentialBackoff(
                service_name=service, throttling_detector=detector
            ),
        ),
        retry_event_adapter=adapter,
        retry_quota=retry_quota,  # type: ignore[arg-type]  # botocore-stubs names the wrong type
        service_name=service,
    )
    events.register_first(f"before-parameter-build.{service}", refuse_what_cognito_refuses)
    events.register(f"after-call.{service}", retry_quota.release_retry_quota)
    events.register(f"after-call-error.{service}", _name_operation)
    events.register(
        f"needs-retry.{service}",
        handler.needs_retry,  # type: ignore[arg-type]  # botocore-stubs: handlers return None
        unique_id=f"retry-config-{service}",
    )


class CallerSession(SessionProxy):
    """The library's SessionProxy of the caller's credentials, without its per-request cost.

    For every request the library builds a boto3 Session (about 8 ms, as long as the rest of a
    warm invocation), and the handlers need only the credentials. This one builds the Session
    only if something asks for it.
    """

    def __init__(self, credentials: Credentials) -> None:  # no Session to hand to the parent
        self.credentials = credentials

    @functools.cached_property
    def session(self) -> Any:  # type: ignore[override]  # built on first use, not in __init__
        return boto3.session.Session(
            aws_access_key_id=self.credentials.accessKeyId,
            aws_secret_access_key=self.credentials.secretAccessKey,
            aws_session_token=self.credentials.sessionToken,
        )

    @functools.cached_property
    def client(self) -> Any:  # type: ignore[override]
        return self.session.client

    @functools.cached_property
    def resource(self) -> Any:  # type: ignore[override]
        return self.session.resource


@functools.cache
def cognito_shape(name: str) -> Shape:
    """A shape of Cognito's model, such as ResourceServerIdentifierType, from the session's."""
    return _BOTOCORE_SESSION.get_service_model(SERVICE).shape_for(name)


@functools.cache
def region_patterns() -> tuple[str, ...]:
    """The region formats of AWS's partitions, as botocore's endpoint data gives them."""
    partitions = _BOTOCORE_SESSION.get_component("data_loader").load_data("partitions")
    return tuple(partition["regionRegex"] for partition in partitions["partitions"])


def session_keys(session: SessionProxy | None) -> tuple[str | None, str | None, str | None] | None:
    """The access key, secret key and token of a request's session, if it has any."""
    if isinstance(session, CallerSession):
        given = session.credentials
        return given.accessKeyId, given.secretAccessKey, given.sessionToken or None
    credentials = session.session.get_credentials() if session else None
    if credentials is None:
        return None
    frozen = credentials.get_frozen_credentials()
    return frozen.access_key, frozen.secret_key, frozen.token


def cognito_client(
    session: SessionProxy | None, region: str | None
) -> "CognitoIdentityProviderClient":
    """A cognito-idp client with the caller's credentials, in the request's region."""
    keys = session_keys(session)
    if keys is None or not keys[0] or not keys[1]:
        raise HandlerFailure(
            HandlerErrorCode.InvalidCredentials, "The request carries no caller credentials."
        )
    access_key, secret_key, token = keys
    client: CognitoIdentityProviderClient = service_client(
        SERVICE, region, access_key, secret_key, token, _prepare_cognito_client
    )
    return client


def service_client(
    service: str,
    region: str | None,
    access_key: str | None,
    secret_key: str | None,
    token: str | None,
    prepare: Callable[[Any], None] | None = None,
) -> Any:
    """A client of the long-lived session; the last one per service is reused by a request with
    the very same credentials and region, never by another's."""
    key = (region, access_key, secret_key, token)
    cached = _last_clients.get(service)
    if cached is not None and cached[0] == key:
        return cached[1]
    client = _BOTOCORE_SESSION.create_client(
        service,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=token,
        config=_CONFIG,
    )
    if prepare is not None:
        prepare(client)
    _last_clients[service] = (key, client)
    return client
