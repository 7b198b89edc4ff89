"""The Cognito client a handler uses, and the provider's logs and metrics clients.

A fresh `boto3.Session(...).client(...)` per invocation parses the service model again (~100 ms).
One botocore session lives as long as the process, so the model is loaded once, and a client is
built from it with the request's own credentials. The last client is reused only by a request that
carries the very same credentials and region, so no request ever runs with another's credentials.

The Cognito client sends nothing that Cognito's own model refuses: botocore checks only types and
required members, so every other constraint of the model (lengths, patterns, enums, ranges) is
checked on each request before it is sent, whatever the value came from (a template, a previous
state, an identifier, a generated name), and a violation is InvalidRequest naming the parameter.
"""

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import boto3.session
import botocore.session
from botocore.config import Config
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError
from botocore.model import OperationModel, Shape
from botocore.retries import quota, standard
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import HandlerErrorCode
from cloudformation_cli_python_lib.utils import Credentials

from .failures import OPERATION_ATTRIBUTE, HandlerFailure
from .messages import problem_list
from .schema import pattern_matcher

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

SERVICE = "cognito-idp"
# Attempts in all, the first included. Few: CloudFormation itself retries Throttling and service
# faults later, with its own back-off.
MAX_ATTEMPTS = 3

# At DEBUG, botocore logs whole request and response bodies, the client secret among them. Keep its
# loggers at INFO whatever level the root logger is given.
logging.getLogger("botocore").setLevel(logging.INFO)

_BOTOCORE_SESSION = botocore.session.get_session()
_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS})
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
      handler finds out what happened instead (see `lost_answers`).
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


def model_problems(shape: Shape, value: Any, path: str = "") -> list[str]:
    """What in a request value breaks its shape's constraints in Cognito's model; no value shown."""
    members = getattr(shape, "members", None)
    if members is not None and isinstance(value, dict):
        return [
            problem
            for name, member in members.items()
            if name in value
            for problem in model_problems(member, value[name], f"{path}.{name}" if path else name)
        ]
    metadata = shape.metadata
    problems = []
    if isinstance(value, (list, str)):
        kind = "items" if isinstance(value, list) else "characters"
        if "min" in metadata and len(value) < metadata["min"]:
            problems.append(f"{path}: fewer than {metadata['min']} {kind}")
        if "max" in metadata and len(value) > metadata["max"]:
            problems.append(f"{path}: more than {metadata['max']} {kind}")
    if isinstance(value, list) and hasattr(shape, "member"):
        for index, item in enumerate(value):
            problems += model_problems(shape.member, item, f"{path}[{index}]")
    if isinstance(value, str):
        enum = getattr(shape, "enum", None)
        if enum and value not in enum:
            problems.append(f"{path}: not one of {', '.join(enum)}")
        pattern = metadata.get("pattern")
        if pattern and not pattern_matcher(f"^{pattern}$")(value):  # Java's whole match
            problems.append(f"{path}: does not match {pattern}")
    if isinstance(value, int) and not isinstance(value, bool):
        low, high = metadata.get("min"), metadata.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            problems.append(f"{path}: outside {low}..{high}")
    return problems


def _refuse_what_cognito_refuses(params: Any, model: OperationModel, **_: Any) -> None:
    problems = model_problems(cast(Shape, model.input_shape), params)  # every call has one
    if problems:
        raise HandlerFailure(
            HandlerErrorCode.InvalidRequest,
            f"Cognito {model.name} would refuse the request, so it was not sent:"
            f" {problem_list(problems)}",
        )


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
            retry_checker=_RetryConditions(max_attempts=MAX_ATTEMPTS),
            retry_backoff=standard.ExponentialBackoff(
                service_name=service, throttling_detector=detector
            ),
        ),
        retry_event_adapter=adapter,
        retry_quota=retry_quota,  # type: ignore[arg-type]  # botocore-stubs names the wrong type
        service_name=service,
    )
    events.register_first(f"before-parameter-build.{service}", _refuse_what_cognito_refuses)
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
