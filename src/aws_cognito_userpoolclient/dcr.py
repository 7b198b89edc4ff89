"""App clients that an application registered itself (dynamic client registration: ClientType DCR).

API reference, UserPoolClientType.ClientType: such clients "don't support client secret operations
such as AddUserPoolClientSecret, and they can't hold the aws.cognito/dcr/register scope". They are
read, listed, imported and deleted through this type like any other client. An update that would
rotate their secret, take one of your own, keep it in Secrets Manager or give them that scope is
refused before any write, naming ClientType DCR. A stack's states do not carry ClientType (Cloud
Control's read state does), so such an update asks Cognito first, and only such an update.
"""

from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .current import CurrentClient
from .failures import HandlerFailure
from .messages import problem_list, quoted
from .models import ResourceModel
from .rules import REGISTRAR_SCOPE

DCR = "DCR"
WHAT_DCR_IS = "an application registered it through dynamic client registration"


def refuse_what_dcr_clients_cannot_do(
    desired: ResourceModel, previous: ResourceModel | None, current: CurrentClient
) -> None:
    """InvalidRequest when an update asks of a DCR client what Cognito does not do for one."""
    secret_asks = [
        name
        for name, asked in (
            ("ClientSecretRotation", desired.ClientSecretRotation is not None),
            ("CustomClientSecret", desired.CustomClientSecret is not None),
            ("PublishSecretsInAWSSecretsManager", desired.PublishSecretsInAWSSecretsManager),
        )
        if asked
    ]
    registrar = REGISTRAR_SCOPE in (desired.AllowedOAuthScopes or ())
    if not (secret_asks or registrar):
        return
    kind = desired.ClientType or (previous and previous.ClientType)
    if (kind or current.described.get("ClientType")) != DCR:
        return
    problems = []
    if secret_asks:
        problems.append(
            f"{', '.join(secret_asks)}: the app client is ClientType DCR ({WHAT_DCR_IS}), and"
            " Cognito has no secret operations for such clients (no rotation, no secret of your"
            " own, no secret kept in Secrets Manager)"
        )
    if registrar:
        problems.append(
            f"AllowedOAuthScopes: a ClientType DCR client ({WHAT_DCR_IS}) cannot hold"
            f" {quoted(REGISTRAR_SCOPE)}, the scope that registers clients"
        )
    raise HandlerFailure(HandlerErrorCode.InvalidRequest, problem_list(problems))
