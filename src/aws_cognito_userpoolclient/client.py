"""The Cognito client a handler uses.

A fresh `boto3.Session(...).client(...)` per invocation parses the service model again (~100 ms).
One botocore session lives as long as the process, so the model is loaded once, and a client is
built from it with the request's own credentials. The last client is reused only by a request that
carries the very same credentials and region, so no request ever runs with another's credentials.
"""

import logging
from typing import TYPE_CHECKING, Any, cast

import botocore.session
from botocore.config import Config
from botocore.retries import quota, standard
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .failures import HandlerFailure

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
_last_client: tuple[tuple[str | None, ...], "CognitoIdentityProviderClient"] | None = None


class _RetryConditions(standard.StandardRetryConditions):
    """Standard retry conditions, except for LimitExceededException.

    botocore counts it as throttling, but for Cognito it means a quota is reached (clients per
    pool): retrying cannot succeed, it only delays the failure.
    """

    def is_retryable(self, context: Any) -> bool:
        if context.get_error_code() == "LimitExceededException":
            return False
        return bool(super().is_retryable(context))


def _install_retry_handler(client: "CognitoIdentityProviderClient") -> None:
    # Mirrors botocore.retries.standard.register_retry_handler, with our retry conditions.
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
    events.register(f"after-call.{service}", retry_quota.release_retry_quota)
    events.register(
        f"needs-retry.{service}",
        handler.needs_retry,  # type: ignore[arg-type]  # botocore-stubs: handlers return None
        unique_id=f"retry-config-{service}",
    )


def cognito_client(
    session: SessionProxy | None, region: str | None
) -> "CognitoIdentityProviderClient":
    """A cognito-idp client with the caller's credentials, in the request's region."""
    global _last_client
    credentials = session.session.get_credentials() if session else None
    if credentials is None:
        raise HandlerFailure(
            HandlerErrorCode.InvalidCredentials, "The request carries no caller credentials."
        )
    frozen = credentials.get_frozen_credentials()
    key = (region or "", frozen.access_key, frozen.secret_key, frozen.token or "")
    if _last_client is not None and _last_client[0] == key:
        return _last_client[1]
    client = cast(
        "CognitoIdentityProviderClient",
        _BOTOCORE_SESSION.create_client(
            SERVICE,
            region_name=region,
            aws_access_key_id=frozen.access_key,
            aws_secret_access_key=frozen.secret_key,
            aws_session_token=frozen.token,
            config=_CONFIG,
        ),
    )
    _install_retry_handler(client)
    _last_client = (key, client)
    return client
