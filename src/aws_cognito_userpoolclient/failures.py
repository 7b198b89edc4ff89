"""The one place where failures become handler error codes.

Pure modules raise `HandlerFailure` for what they detect themselves; Cognito and botocore raise
their own exceptions. The tables below give each its code, and `operation.runs` turns all of them
into a progress event, so the handlers hold no try/except of their own.
"""

from collections.abc import Mapping

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
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .messages import MAX_SERVICE_TEXT, clipped, quoted
from .models import ResourceHandlerRequest

# Cognito's error codes: every error that botocore's model lists for the operations the handlers
# call, and the two of AWS's own authentication. Throttling and ResourceConflict (a busy pool) and
# ServiceInternalError (its answer may be lost) are waited out by create, update and delete
# (operation.py); every other code fails the operation.
API_ERROR_CODES: Mapping[str, HandlerErrorCode] = {
    "ResourceNotFoundException": HandlerErrorCode.NotFound,
    "InvalidParameterException": HandlerErrorCode.InvalidRequest,
    "InvalidOAuthFlowException": HandlerErrorCode.InvalidRequest,
    "ScopeDoesNotExistException": HandlerErrorCode.InvalidRequest,
    "FeatureUnavailableInTierException": HandlerErrorCode.InvalidRequest,
    "OperationNotEnabledException": HandlerErrorCode.InvalidRequest,
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
        self.code = code
        self.message = message


def api_error_code(error: Exception) -> str | None:
    """The error code of Cognito's (or another AWS service's) answer, if the error is one."""
    if not isinstance(error, ClientError):
        return None
    code = error.response.get("Error", {}).get("Code")
    return str(code) if code else None


def failure_for_api_error(error: ClientError, request: ResourceHandlerRequest) -> HandlerFailure:
    details = error.response.get("Error", {})
    api_code = clipped(api_error_code(error) or "Unknown", MAX_SERVICE_TEXT)
    operation = error.operation_name
    api_message = clipped(str(details.get("Message") or "no message"), MAX_SERVICE_TEXT)
    code = API_ERROR_CODES.get(api_code, HandlerErrorCode.GeneralServiceException)
    message = f"Cognito {operation} failed: {api_code}: {api_message}"
    if operation == "CreateUserPoolClient" and code is HandlerErrorCode.NotFound:
        # The client cannot be missing before it exists: what is missing is the pool it goes into.
        pool_id = getattr(request.desiredResourceState, "UserPoolId", None)
        code = HandlerErrorCode.InvalidRequest
        message = f"UserPoolId: user pool {quoted(pool_id)} does not exist ({message})"
    return HandlerFailure(code, message)


def failure_for_botocore_error(error: BotoCoreError) -> HandlerFailure:
    operation = getattr(error, OPERATION_ATTRIBUTE, None)
    during = f"Cognito {operation}: " if operation else ""
    text = f"{during}{type(error).__name__}: {clipped(str(error), MAX_SERVICE_TEXT)}"
    for error_class, code in CLIENT_SIDE_ERRORS:
        if isinstance(error, error_class):
            return HandlerFailure(code, text)
    return HandlerFailure(HandlerErrorCode.GeneralServiceException, text)
