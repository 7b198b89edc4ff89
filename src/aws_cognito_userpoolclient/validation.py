"""Cross-field rules of the desired state, checked before any Cognito call.

The schema's own constraints (types, enums, lengths, patterns, ranges) are checked by `schema`
from the schema itself. What is left here are rules between properties that no schema can state.
Each one cites the Cognito documentation or error that makes such a request a refusal; where the
evidence is unclear, Cognito answers, and its refusal still reaches the user as InvalidRequest.
"""

from urllib.parse import urlsplit

from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .failures import HandlerFailure
from .messages import quoted
from .models import ResourceModel

SECONDS_PER_UNIT = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
MINUTE, HOUR, DAY = 60, 3600, 86400
# API reference, CreateUserPoolClient: access and ID tokens "between 5 minutes and 1 day", refresh
# tokens "between 60 minutes and 10 years", each read in its unit of TokenValidityUnits.
# (property, unit key in TokenValidityUnits, default unit, lowest, highest), bounds in seconds.
TOKEN_VALIDITY_RULES = (
    ("AccessTokenValidity", "AccessToken", "hours", 5 * MINUTE, DAY, "5 minutes and 1 day"),
    ("IdTokenValidity", "IdToken", "hours", 5 * MINUTE, DAY, "5 minutes and 1 day"),
    (
        "RefreshTokenValidity",
        "RefreshToken",
        "days",
        60 * MINUTE,
        3650 * DAY,
        "60 minutes and 10 years",
    ),
)
LEGACY_AUTH_FLOWS = frozenset({"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"})
# API reference, AllowedOAuthScopes: "Scope values include phone, email, openid, and profile. The
# aws.cognito.signin.user.admin scope authorizes user self-service operations. Custom scopes with
# resource servers authorize access to external APIs"; a custom scope is
# `<resource-server-identifier>/<scope-name>` (developer guide, "Scopes, M2M, and resource
# servers"). Any other scope is refused (ScopeDoesNotExistException "Invalid scope requested").
STANDARD_SCOPES = ("phone", "email", "openid", "profile", "aws.cognito.signin.user.admin")
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def has_secret(model: ResourceModel) -> bool:
    """Whether the client has a secret: Cognito's (GenerateSecret) or one of your own."""
    return bool(model.GenerateSecret or model.CustomClientSecret)


def _token_validity_problems(model: ResourceModel) -> list[str]:
    units = model.TokenValidityUnits
    problems = []
    for prop, unit_key, default_unit, lowest, highest, range_text in TOKEN_VALIDITY_RULES:
        value = getattr(model, prop)
        if value is None:
            continue
        unit = (getattr(units, unit_key) if units else None) or default_unit
        seconds = value * SECONDS_PER_UNIT[unit]  # a unit of the schema's enum
        if not lowest <= seconds <= highest:
            problems.append(
                f"{prop}: {value} {unit} is outside the allowed range, between {range_text}"
                f" (the unit comes from TokenValidityUnits.{unit_key}, default {default_unit})"
            )
    return problems


def _url_problem(prop: str, url: str) -> str | None:
    # API reference, CallbackURLs: a redirect URI must "be an absolute URI", "not include a fragment
    # component", and "Amazon Cognito requires HTTPS over HTTP except for http://localhost".
    try:
        parts = urlsplit(url)
    except ValueError:  # a bracketed host that is no IP address, a host that NFKC changes
        return f"{prop}: {quoted(url)} is not a valid absolute URL"
    if not parts.scheme:
        return f"{prop}: {quoted(url)} is not an absolute URL (it needs a scheme such as https://)"
    if parts.fragment or url.endswith("#"):
        return f"{prop}: {quoted(url)} has a fragment (#...), which redirect URLs cannot have"
    if parts.scheme in ("http", "https") and not parts.hostname:
        return f"{prop}: {quoted(url)} has no host"
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        return (
            f"{prop}: {quoted(url)} uses http; redirect URLs must use https, except for"
            " localhost, 127.0.0.1 and [::1]"
        )
    return None


def _url_problems(model: ResourceModel) -> list[str]:
    problems = []
    for prop in ("CallbackURLs", "LogoutURLs"):
        for url in getattr(model, prop) or ():
            problem = _url_problem(prop, url)
            if problem:
                problems.append(problem)
    if model.DefaultRedirectURI is not None:
        problem = _url_problem("DefaultRedirectURI", model.DefaultRedirectURI)
        if problem:
            problems.append(problem)
        # API reference, DefaultRedirectURI: "Must be in the CallbackURLs list."
        elif model.DefaultRedirectURI not in (model.CallbackURLs or ()):
            problems.append(
                f"DefaultRedirectURI: {quoted(model.DefaultRedirectURI)} must be one of"
                " CallbackURLs"
            )
    return problems


def _oauth_problems(model: ResourceModel) -> list[str]:
    # Cognito's answers when the client uses OAuth (the flag true): InvalidOAuthFlowException
    # "CallbackUrls can not be empty when code flow or implicit flow is selected" and
    # "client_credentials flow can not be selected if client does not have a client secret".
    # With the flag false, what Cognito does with OAuth settings is Cognito's to answer: AWS samples
    # deploy such clients.
    if not model.AllowedOAuthFlowsUserPoolClient:
        return []
    problems = []
    flows = set(model.AllowedOAuthFlows or ())
    browser_flows = sorted(flows & {"code", "implicit"})
    if browser_flows and not model.CallbackURLs:
        problems.append(
            f"AllowedOAuthFlows: {' and '.join(browser_flows)}"
            f" {'need' if len(browser_flows) > 1 else 'needs'} at least one CallbackURLs entry"
        )
    if "client_credentials" in flows and not has_secret(model):
        problems.append(
            "AllowedOAuthFlows: client_credentials needs a client secret (GenerateSecret: true)"
        )
    # API reference, AllowedOAuthFlows: "To create an app client that generates client
    # credentials grants, you must add client_credentials as the only allowed OAuth flow"
    # (aws-sdk-js-v3 PR #2650 quotes Cognito refusing the mix).
    if "client_credentials" in flows and browser_flows:
        problems.append(
            f"AllowedOAuthFlows: client_credentials cannot be combined with"
            f" {' or '.join(browser_flows)}; it must be the only flow (use a second app client)"
        )
    return problems


def _scope_problems(model: ResourceModel) -> list[str]:
    # A scope without "/" that is not standard can never appear: no resource server makes it.
    return [
        f"AllowedOAuthScopes[{index}]: {quoted(scope)} is neither a standard scope"
        f" ({', '.join(STANDARD_SCOPES)}) nor a custom one (<resource-server-identifier>/<scope>)"
        for index, scope in enumerate(model.AllowedOAuthScopes or ())
        if "/" not in scope and scope not in STANDARD_SCOPES
    ]


def _other_problems(model: ResourceModel) -> list[str]:
    problems: list[str] = []
    # API reference, RefreshTokenRotationType: Feature is "Required: Yes".
    if model.RefreshTokenRotation is not None and model.RefreshTokenRotation.Feature is None:
        problems.append("RefreshTokenRotation.Feature: required when the block is given")
    # API reference, ExplicitAuthFlows: the legacy values cannot be assigned "at the same time as
    # values that begin with ALLOW_".
    # Not a rule: ALLOW_REFRESH_TOKEN_AUTH left out. Cognito once answered "REFRESH_TOKEN_AUTH
    # should always be allowed" (aws-cdk #7625, 2020), but today's API reference requires it
    # nowhere, refresh token rotation replaces it (developer guide: "You can't authenticate with
    # REFRESH_TOKEN_AUTH in app clients with refresh token rotation enabled"), and AWS's published
    # templates with rotation enabled leave it out. Cognito answers.
    flows = set(model.ExplicitAuthFlows or ())
    legacy = sorted(flows & LEGACY_AUTH_FLOWS)
    if legacy and flows - LEGACY_AUTH_FLOWS:
        problems.append(
            f"ExplicitAuthFlows: the legacy values {', '.join(legacy)} cannot be mixed with"
            " ALLOW_* values"
        )
    # This type's own secret properties: a client gets either Cognito's secret or yours, and only
    # a client with a secret has one to rotate (AddUserPoolClientSecret works on "an existing
    # confidential user pool app client").
    if model.CustomClientSecret is not None and model.GenerateSecret:
        problems.append("CustomClientSecret: cannot be combined with GenerateSecret: true")
    if model.ClientSecretRotation is not None and not has_secret(model):
        problems.append(
            "ClientSecretRotation: needs a client secret (GenerateSecret: true or"
            " CustomClientSecret)"
        )
    # API reference, EnablePropagateAdditionalUserContextData: "You can only activate
    # EnablePropagateAdditionalUserContextData in an app client that has a client secret."
    if model.EnablePropagateAdditionalUserContextData and not has_secret(model):
        problems.append(
            "EnablePropagateAdditionalUserContextData: needs a client secret (GenerateSecret: true)"
        )
    return problems


def rule_problems(model: ResourceModel) -> list[str]:
    """Every violation of the cross-field rules that Cognito documents for an app client."""
    return [
        *_token_validity_problems(model),
        *_oauth_problems(model),
        *_scope_problems(model),
        *_url_problems(model),
        *_other_problems(model),
    ]


def check_create_only_unchanged(model: ResourceModel, previous: ResourceModel | None) -> None:
    """UserPoolId and GenerateSecret cannot change in place: CloudFormation replaces the client.

    What cannot change is whether the client has a secret: read reports a client created with a
    CustomClientSecret as GenerateSecret true, and the template may say either.
    """
    if previous is None:
        return
    changed = []
    if previous.UserPoolId and previous.UserPoolId != model.UserPoolId:
        changed.append("UserPoolId")
    if has_secret(previous) != has_secret(model):
        changed.append("GenerateSecret")
    if changed:
        raise HandlerFailure(
            HandlerErrorCode.NotUpdatable,
            f"{', '.join(changed)}: create-only, so a change needs a new app client (replacement)",
        )
