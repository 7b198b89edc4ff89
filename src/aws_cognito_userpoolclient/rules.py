"""Rules between properties, which no schema can state, checked before any Cognito call.

The schema's own constraints (types, enums, lengths, patterns, ranges) are checked by `schema`
from the schema itself. What is left here are rules that read several properties, or a property
in a way no schema keyword can. Each one cites the Cognito documentation or error that makes such a
request a refusal; where the evidence is unclear, Cognito answers, and its refusal still reaches the
user as InvalidRequest.

A rule names the properties it reads, and is handed their values only when each of them passed its
own constraints: a rule with an input that failed is not run (that input's problem is named
already), so no value can reach a rule raw and no combination of values can make one raise. A list
is read whole, or one item at a time (`CallbackURLs[]`: items that failed are left out); an object
is read as whether it is given.
"""

import dataclasses
from collections.abc import Callable, Mapping, Set
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from cloudformation_cli_python_lib.interface import HandlerErrorCode

from . import operation
from .client import cognito_shape
from .failures import HandlerFailure
from .messages import quoted
from .model_check import CLIENT_TOKEN_FLOW, model_problems
from .models import ResourceModel
from .schema import PropertyPath, node_at


@dataclasses.dataclass(frozen=True)
class Rule:
    """A rule: the property paths it reads, and its check of their values, in that order."""

    reads: tuple[str, ...]
    check: Callable[..., list[str]]


MINUTE, HOUR, DAY = 60, 3600, 86400
SECONDS_PER_UNIT = {"seconds": 1, "minutes": 60, "hours": HOUR, "days": DAY}
LEGACY_AUTH_FLOWS = frozenset({"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"})
# API reference, AllowedOAuthScopes: "Scope values include phone, email, openid, and profile. The
# aws.cognito.signin.user.admin scope authorizes user self-service operations. Custom scopes with
# resource servers authorize access to external APIs"; a custom scope is
# `<resource-server-identifier>/<scope-name>` (developer guide, "Scopes, M2M, and resource
# servers"). Any other scope is refused (ScopeDoesNotExistException "Invalid scope requested").
STANDARD_SCOPES = ("phone", "email", "openid", "profile", "aws.cognito.signin.user.admin")
# A scope Cognito defines itself, no resource server's: the one that lets a client register others
# (dynamic client registration). API reference, UserPoolClientType.ClientType: clients registered
# that way "can't hold the aws.cognito/dcr/register scope"; any other client can.
REGISTRAR_SCOPE = "aws.cognito/dcr/register"
# The parts of a custom scope, each with its shape in Cognito's model (CreateResourceServer).
SCOPE_PARTS = {
    "resource server identifier": "ResourceServerIdentifierType",
    "scope name": "ResourceServerScopeNameType",
}
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def has_secret(generate: bool | None, custom: str | None) -> bool:
    """Whether the client has a secret: Cognito's (GenerateSecret) or one of your own."""
    return bool(generate or custom)


@dataclasses.dataclass(frozen=True)
class TokenRange:
    """What a token validity may be: its property, its unit's key and default, and its bounds."""

    prop: str
    unit_key: str
    default_unit: str
    lowest_seconds: int
    highest_seconds: int
    range_text: str


# API reference, CreateUserPoolClient: access and ID tokens "between 5 minutes and 1 day", refresh
# tokens "between 60 minutes and 10 years", each read in its unit of TokenValidityUnits.
TOKEN_RANGES = (
    TokenRange(
        "AccessTokenValidity", "AccessToken", "hours", 5 * MINUTE, DAY, "5 minutes and 1 day"
    ),
    TokenRange("IdTokenValidity", "IdToken", "hours", 5 * MINUTE, DAY, "5 minutes and 1 day"),
    TokenRange(
        "RefreshTokenValidity", "RefreshToken", "days", HOUR, 3650 * DAY, "60 minutes and 10 years"
    ),
)


def _token_validity(allowed: TokenRange, value: int | None, unit: str | None) -> list[str]:
    if value is None:
        return []
    unit = unit or allowed.default_unit
    if allowed.lowest_seconds <= value * SECONDS_PER_UNIT[unit] <= allowed.highest_seconds:
        return []
    return [
        f"{allowed.prop}: {value} {unit} is outside the allowed range, between"
        f" {allowed.range_text} (the unit comes from TokenValidityUnits.{allowed.unit_key},"
        f" default {allowed.default_unit})"
    ]


# Cognito's answers when the client uses OAuth (the flag true): InvalidOAuthFlowException
# "CallbackUrls can not be empty when code flow or implicit flow is selected" and
# "client_credentials flow can not be selected if client does not have a client secret".
# With the flag false, what Cognito does with OAuth settings is Cognito's to answer: AWS samples
# deploy such clients.
def _browser_flows(flows: list[str] | None) -> list[str]:
    return sorted(set(flows or ()) & {"code", "implicit"})


def _browser_flows_need_a_callback(
    oauth: bool | None, flows: list[str] | None, callbacks: list[str] | None
) -> list[str]:
    browser = _browser_flows(flows)
    if not oauth or not browser or callbacks:
        return []
    need = "need" if len(browser) > 1 else "needs"
    return [f"AllowedOAuthFlows: {' and '.join(browser)} {need} at least one CallbackURLs entry"]


def _client_credentials_need_a_secret(
    oauth: bool | None, flows: list[str] | None, generate: bool | None, custom: str | None
) -> list[str]:
    if not oauth or "client_credentials" not in (flows or ()) or has_secret(generate, custom):
        return []
    return ["AllowedOAuthFlows: client_credentials needs a client secret (GenerateSecret: true)"]


# API reference, AllowedOAuthFlows: "To create an app client that generates client credentials
# grants, you must add client_credentials as the only allowed OAuth flow" (aws-sdk-js-v3 PR #2650
# quotes Cognito refusing the mix).
def _client_credentials_alone(oauth: bool | None, flows: list[str] | None) -> list[str]:
    browser = _browser_flows(flows)
    if not oauth or "client_credentials" not in (flows or ()) or not browser:
        return []
    return [
        f"AllowedOAuthFlows: client_credentials cannot be combined with {' or '.join(browser)};"
        " it must be the only flow (use a second app client)"
    ]


# A scope that no resource server can ever make is refused at once: one without "/" that is not
# standard, and one whose server or scope part breaks its constraints in Cognito's model.
def _scope_that_can_exist(index: int, scope: str) -> list[str]:
    where = f"AllowedOAuthScopes[{index}]: {quoted(scope)}"
    if scope == REGISTRAR_SCOPE:
        return []
    if "/" not in scope:
        if scope in STANDARD_SCOPES:
            return []
        return [
            f"{where} is neither a standard scope ({', '.join(STANDARD_SCOPES)}) nor a custom one"
            " (<resource-server-identifier>/<scope>)"
        ]
    # A scope name cannot hold "/": the server identifier, which can (a URL), is all before the
    # last one.
    server, _, name = scope.rpartition("/")
    broken = [
        problems[0]
        for part, value in (("resource server identifier", server), ("scope name", name))
        if (problems := model_problems(cognito_shape(SCOPE_PARTS[part]), value, part))
    ]
    if not broken:
        return []
    return [
        f"{where} can never exist, no resource server can make it ({'; '.join(broken)}): a"
        " custom scope is <resource-server-identifier>/<scope>"
    ]


# API reference, CallbackURLs: a redirect URI must "be an absolute URI", "not include a fragment
# component", and "Amazon Cognito requires HTTPS over HTTP except for http://localhost".
def _url_problem(prop: str, url: str) -> str | None:
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


def _redirect_url(prop: str, _index: int, url: str) -> list[str]:
    problem = _url_problem(prop, url)
    return [problem] if problem else []


def _default_redirect(default: str | None, callbacks: list[str] | None) -> list[str]:
    if default is None:
        return []
    problem = _url_problem("DefaultRedirectURI", default)
    if problem:
        return [problem]
    # API reference, DefaultRedirectURI: "Must be in the CallbackURLs list."
    if default not in (callbacks or ()):
        return [f"DefaultRedirectURI: {quoted(default)} must be one of CallbackURLs"]
    return []


# API reference, RefreshTokenRotationType: Feature is "Required: Yes".
def _rotation_feature(given: bool, feature: str | None) -> list[str]:
    if given and feature is None:
        return ["RefreshTokenRotation.Feature: required when the block is given"]
    return []


# API reference, ExplicitAuthFlows: the legacy values cannot be assigned "at the same time as
# values that begin with ALLOW_".
# Not a rule: ALLOW_REFRESH_TOKEN_AUTH left out. Cognito once answered "REFRESH_TOKEN_AUTH should
# always be allowed" (aws-cdk #7625, 2020), but today's API reference requires it nowhere, refresh
# token rotation replaces it (developer guide: "You can't authenticate with REFRESH_TOKEN_AUTH in
# app clients with refresh token rotation enabled"), and AWS's published templates with rotation
# enabled leave it out. Cognito answers.
def _legacy_flows_alone(flows: list[str] | None) -> list[str]:
    given = set(flows or ())
    legacy = sorted(given & LEGACY_AUTH_FLOWS)
    if not legacy or not given - LEGACY_AUTH_FLOWS:
        return []
    return [
        f"ExplicitAuthFlows: the legacy values {', '.join(legacy)} cannot be mixed with ALLOW_*"
        " values"
    ]


# API reference, GetClientToken: the app client needs "a client secret and the
# ALLOW_CLIENT_TOKEN_AUTH authentication flow. The ALLOW_CLIENT_TOKEN_AUTH flow is mutually
# exclusive with user authentication flows. It must be the only authentication flow that you
# configure for the app client."
def _client_token_flow_alone(flows: list[str] | None) -> list[str]:
    others = sorted(set(flows or ()) - {CLIENT_TOKEN_FLOW})
    if CLIENT_TOKEN_FLOW not in (flows or ()) or not others:
        return []
    return [
        f"ExplicitAuthFlows: {CLIENT_TOKEN_FLOW} must be the only flow (Cognito's"
        f" machine-to-machine tokens exclude user sign-in flows); leave out {', '.join(others)},"
        " or give users an app client of their own"
    ]


def _client_token_flow_needs_a_secret(
    flows: list[str] | None, generate: bool | None, custom: str | None
) -> list[str]:
    if CLIENT_TOKEN_FLOW not in (flows or ()) or has_secret(generate, custom):
        return []
    return [
        f"ExplicitAuthFlows: {CLIENT_TOKEN_FLOW} needs a client secret (GenerateSecret: true or"
        " CustomClientSecret)"
    ]


# This type's own secret properties: a client gets either Cognito's secret or yours, and only a
# client with a secret has one to rotate (AddUserPoolClientSecret works on "an existing
# confidential user pool app client").
def _one_secret(custom: str | None, generate: bool | None) -> list[str]:
    if custom is not None and generate:
        return ["CustomClientSecret: cannot be combined with GenerateSecret: true"]
    return []


def _rotation_needs_a_secret(given: bool, generate: bool | None, custom: str | None) -> list[str]:
    if given and not has_secret(generate, custom):
        return [
            "ClientSecretRotation: needs a client secret (GenerateSecret: true or"
            " CustomClientSecret)"
        ]
    return []


def not_before(text: str) -> datetime:
    """The moment of a NotBefore that passed its pattern: ValueError when it is not a date."""
    moment = datetime.fromisoformat(text)  # Python 3.11 and later read a final Z
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# `ClientSecretRotation.NotBefore`: the schema's pattern allows 2026-02-30, and a moment in the
# future would rotate at every update until it passes.
def _not_before_is_a_past_date(text: str | None) -> list[str]:
    if text is None:
        return []
    try:
        moment = not_before(text)
    except ValueError:
        return [f"ClientSecretRotation.NotBefore: {quoted(text)} is not a date"]
    if moment > datetime.fromtimestamp(operation.now(), UTC):
        return [f"ClientSecretRotation.NotBefore: {quoted(text)} is in the future"]
    return []


# PublishSecretsInAWSSecretsManager, an extension of this provider. API reference,
# CreateUserPoolClient: it "Applies only when GenerateSecret is true". And Cognito rotates a secret
# it keeps in Secrets Manager itself, at once and then every 7 days: this provider's rotation has
# no place beside it, and a secret of your own would be replaced by the first rotation.
def _published_secret_is_generated(publish: bool | None, generate: bool | None) -> list[str]:
    if publish and not generate:
        return [
            "PublishSecretsInAWSSecretsManager: needs GenerateSecret: true (Cognito keeps only a"
            " secret it generates in Secrets Manager)"
        ]
    return []


def _published_secret_rotates_itself(publish: bool | None, rotation: bool) -> list[str]:
    if publish and rotation:
        return [
            "PublishSecretsInAWSSecretsManager: cannot be combined with ClientSecretRotation"
            " (Cognito rotates a secret it keeps in Secrets Manager itself)"
        ]
    return []


def _published_secret_is_cognitos(publish: bool | None, custom: str | None) -> list[str]:
    if publish and custom is not None:
        return [
            "PublishSecretsInAWSSecretsManager: cannot be combined with CustomClientSecret"
            " (Cognito's first rotation would replace it at once)"
        ]
    return []


# API reference, EnablePropagateAdditionalUserContextData: "You can only activate
# EnablePropagateAdditionalUserContextData in an app client that has a client secret."
def _context_data_needs_a_secret(
    enabled: bool | None, generate: bool | None, custom: str | None
) -> list[str]:
    if enabled and not has_secret(generate, custom):
        return [
            "EnablePropagateAdditionalUserContextData: needs a client secret (GenerateSecret: true)"
        ]
    return []


OAUTH_FLOWS = ("AllowedOAuthFlowsUserPoolClient", "AllowedOAuthFlows")
SECRETS = ("GenerateSecret", "CustomClientSecret")
PUBLISH = "PublishSecretsInAWSSecretsManager"
RULES = (
    *(
        Rule(
            (allowed.prop, f"TokenValidityUnits.{allowed.unit_key}"),
            partial(_token_validity, allowed),
        )
        for allowed in TOKEN_RANGES
    ),
    Rule((*OAUTH_FLOWS, "CallbackURLs"), _browser_flows_need_a_callback),
    Rule((*OAUTH_FLOWS, *SECRETS), _client_credentials_need_a_secret),
    Rule(OAUTH_FLOWS, _client_credentials_alone),
    Rule(("AllowedOAuthScopes[]",), _scope_that_can_exist),
    Rule(("CallbackURLs[]",), partial(_redirect_url, "CallbackURLs")),
    Rule(("LogoutURLs[]",), partial(_redirect_url, "LogoutURLs")),
    Rule(("DefaultRedirectURI", "CallbackURLs"), _default_redirect),
    Rule(("RefreshTokenRotation", "RefreshTokenRotation.Feature"), _rotation_feature),
    Rule(("ExplicitAuthFlows",), _legacy_flows_alone),
    Rule(("ExplicitAuthFlows",), _client_token_flow_alone),
    Rule(("ExplicitAuthFlows", *SECRETS), _client_token_flow_needs_a_secret),
    Rule(("CustomClientSecret", "GenerateSecret"), _one_secret),
    Rule(("ClientSecretRotation", *SECRETS), _rotation_needs_a_secret),
    Rule(("EnablePropagateAdditionalUserContextData", *SECRETS), _context_data_needs_a_secret),
    Rule(("ClientSecretRotation.NotBefore",), _not_before_is_a_past_date),
    Rule((PUBLISH, "GenerateSecret"), _published_secret_is_generated),
    Rule((PUBLISH, "ClientSecretRotation"), _published_secret_rotates_itself),
    Rule((PUBLISH, "CustomClientSecret"), _published_secret_is_cognitos),
)


def _names(read: str) -> tuple[str, ...]:
    return tuple(read.removesuffix("[]").split("."))


# A rule that reads what the schema does not have would never run: refuse to load.
_KINDS = {read: node_at(_names(read)).get("type") for rule in RULES for read in rule.reads}


def _failed(path: PropertyPath, invalid: Set[PropertyPath]) -> bool:
    """Whether the value at `path`, or what holds it, failed its constraints."""
    return any(path[: len(failed)] == failed for failed in invalid)


def _part_failed(path: PropertyPath, invalid: Set[PropertyPath]) -> bool:
    """Whether a part of the value at `path` (an item of a list) failed its constraints."""
    return any(failed[: len(path)] == path for failed in invalid)


def _value(document: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    value: Any = document
    for name in names:
        if not isinstance(value, Mapping):  # what holds it failed its type
            return None
        value = value.get(name)
    return value


def _problems(rule: Rule, document: Mapping[str, Any], invalid: Set[PropertyPath]) -> list[str]:
    first = rule.reads[0]
    if first.endswith("[]"):  # one item at a time: those that passed their constraints
        path = _names(first)
        # (a list too long or too short still has items, each valid or not on its own)
        items = _value(document, path)
        if not isinstance(items, list):
            return []
        return [
            problem
            for index, item in enumerate(items)
            if (*path, index) not in invalid
            for problem in rule.check(index, item)
        ]
    values = []
    for read in rule.reads:
        path = _names(read)
        if _failed(path, invalid):
            return []
        value = _value(document, path)
        if _KINDS[read] == "object":  # read as whether it is given
            values.append(value is not None)
        elif _part_failed(path, invalid):
            return []
        else:
            values.append(value)
    return rule.check(*values)


def rule_problems(document: Mapping[str, Any], invalid: Set[PropertyPath]) -> list[str]:
    """Every violation of the rules by a document whose invalid values are at `invalid`."""
    return [problem for rule in RULES for problem in _problems(rule, document, invalid)]


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
    secret_before = has_secret(previous.GenerateSecret, previous.CustomClientSecret)
    if secret_before != has_secret(model.GenerateSecret, model.CustomClientSecret):
        changed.append("GenerateSecret")
    if changed:
        raise HandlerFailure(
            HandlerErrorCode.NotUpdatable,
            f"{', '.join(changed)}: create-only, so a change needs a new app client (replacement)",
        )
