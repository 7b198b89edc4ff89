"""The one place where failures become handler error codes.

Pure modules raise `HandlerFailure` for what they detect themselves; Cognito and botocore raise
their own exceptions. `reports_failures` turns all of them into a FAILED progress event with a
message, using the tables below, so the handlers hold no try/except of their own.
"""

import functools
import logging
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    ParamValidationError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import HandlerErrorCode, ProgressEvent

from .models import ResourceHandlerRequest

LOG = logging.getLogger(__name__)

# Cognito's error codes. Throttling, ResourceConflict and ServiceInternalError are codes that
# CloudFormation retries; every other code fails the operation.
API_ERROR_CODES: Mapping[str, HandlerErrorCode] = {
    "ResourceNotFoundException": HandlerErrorCode.NotFound,
    "InvalidParameterException": HandlerErrorCode.InvalidRequest,
    "InvalidOAuthFlowException": HandlerErrorCode.InvalidRequest,
    "ScopeDoesNotExistException": HandlerErrorCode.InvalidRequest,
    "FeatureUnavailableInTierException": HandlerErrorCode.InvalidRequest,
    "TooManyRequestsException": HandlerErrorCode.Throttling,
    "LimitExceededException": HandlerErrorCode.ServiceLimitExceeded,
    "NotAuthorizedException": HandlerErrorCode.AccessDenied,
    "AccessDeniedException": HandlerErrorCode.AccessDenied,
    "ConcurrentModificationException": HandlerErrorCode.ResourceConflict,
    "InternalErrorException": HandlerErrorCode.ServiceInternalError,
    "InternalServerException": HandlerErrorCode.ServiceInternalError,  # the secret operations
    "UnrecognizedClientException": HandlerErrorCode.InvalidCredentials,
    "ExpiredTokenException": HandlerErrorCode.InvalidCredentials,
}

# Errors botocore raises before or instead of an API answer. A connection error means the request
# was never sent; an HTTPClientError (read timeout, connection closed) that its answer was lost.
CLIENT_SIDE_ERRORS: tuple[tuple[type[BotoCoreError], HandlerErrorCode], ...] = (
    (ParamValidationError, HandlerErrorCode.InvalidRequest),
    (NoCredentialsError, HandlerErrorCode.InvalidCredentials),
    (BotoConnectionError, HandlerErrorCode.NetworkFailure),
    (HTTPClientError, HandlerErrorCode.NetworkFailure),
)
# Set by the Cognito client on an error raised instead of an answer (see client.py).
OPERATION_ATTRIBUTE = "cognito_operation"


def answer_lost(error: Exception) -> bool:
    """Whether Cognito may have done what was asked although its answer never arrived.

    A read timeout or a connection closed mid-answer, and a 5xx answer (Cognito's
    InternalErrorException, or a gateway's), leave the outcome unknown; a refusal (4xx) or a
    connection never made leave nothing done.
    """
    if isinstance(error, HTTPClientError):
        return True
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return int(status) >= 500
    return False


class HandlerFailure(Exception):
    """A failure the provider detects itself, with the code and the message the user sees."""

    def __init__(self, code: HandlerErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def api_error_code(error: Exception) -> str | None:
    """The error code of Cognito's (or another AWS service's) answer, if the error is one."""
    if not isinstance(error, ClientError):
        return None
    code = error.response.get("Error", {}).get("Code")
    return str(code) if code else None


def failure_for_api_error(error: ClientError, request: ResourceHandlerRequest) -> ProgressEvent:
    details = error.response.get("Error", {})
    api_code = api_error_code(error) or "Unknown"
    operation = error.operation_name
    api_message = details.get("Message") or "no message"
    code = API_ERROR_CODES.get(api_code, HandlerErrorCode.GeneralServiceException)
    message = f"Cognito {operation} failed: {api_code}: {api_message}"
    if operation == "CreateUserPoolClient" and code is HandlerErrorCode.NotFound:
        # The client cannot be missing before it exists: what is missing is the pool it goes into.
        pool_id = request.desiredResourceState.UserPoolId if request.desiredResourceState else None
        code = HandlerErrorCode.InvalidRequest
        message = f"UserPoolId: user pool {pool_id!r} does not exist ({message})"
    return ProgressEvent.failed(code, message)


def failure_for_botocore_error(error: BotoCoreError) -> ProgressEvent:
    operation = getattr(error, OPERATION_ATTRIBUTE, None)
    during = f"Cognito {operation}: " if operation else ""
    for error_class, code in CLIENT_SIDE_ERRORS:
        if isinstance(error, error_class):
            return ProgressEvent.failed(code, f"{during}{type(error).__name__}: {error}")
    return ProgressEvent.failed(
        HandlerErrorCode.GeneralServiceException, f"{type(error).__name__}: {error}"
    )


Handler = Callable[
    [SessionProxy | None, ResourceHandlerRequest, MutableMapping[str, Any]], ProgressEvent
]


def reports_failures(handler: Handler) -> Handler:
    """Turn what a handler raises into a FAILED progress event that names the cause."""

    @functools.wraps(handler)
    def run(
        session: SessionProxy | None,
        request: ResourceHandlerRequest,
        callback_context: MutableMapping[str, Any],
    ) -> ProgressEvent:
        try:
            progress = handler(session, request, callback_context)
        except HandlerFailure as failure:
            progress = ProgressEvent.failed(failure.code, failure.message)
        except ClientError as error:
            progress = failure_for_api_error(error, request)
        except BotoCoreError as error:
            progress = failure_for_botocore_error(error)
        # The outcome only: models, requests and API answers can hold the client secret.
        code = progress.errorCode.name if progress.errorCode else ""
        LOG.info("%s: %s %s", handler.__name__, progress.status.name, code)
        return progress

    return run
