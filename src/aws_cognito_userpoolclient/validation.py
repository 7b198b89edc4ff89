"""Checks of the desired state that run before any Cognito call.

Two layers: `shape_problems` checks the raw properties (names and JSON types) against the generated
model, before the library's own parsing turns a mistake into an unhelpful message; `rule_problems`
checks the rules the Cognito API documents, so that one message names every offending property
instead of one failed deploy per mistake. The rules are as loose as the API: nothing it accepts is
refused here.
"""

import dataclasses
import functools
import typing
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from cloudformation_cli_python_lib.interface import HandlerErrorCode

from . import models
from .failures import HandlerFailure
from .models import ResourceModel

SECONDS_PER_UNIT = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
MINUTE, HOUR, DAY = 60, 3600, 86400
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
OAUTH_SETTINGS = ("AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs", "LogoutURLs")
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    # The generated hints name nested classes by forward references into the models module.
    return typing.get_type_hints(cls, vars(models))


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}" if not isinstance(value, dict) else "an object"


def _value_problem(path: str, expected: Any, value: Any) -> list[str]:
    """Problems of one value against a type hint of the generated model."""
    if typing.get_origin(expected) is typing.Union:  # Optional[X]
        expected = next(arg for arg in typing.get_args(expected) if arg is not type(None))
    if isinstance(expected, type) and dataclasses.is_dataclass(expected):
        return _object_problems(path, expected, value)
    if typing.get_origin(expected) is Sequence:
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {_describe(value)}"]
        (item_type,) = typing.get_args(expected)
        return [
            problem
            for index, item in enumerate(value)
            for problem in _value_problem(f"{path}[{index}]", item_type, item)
        ]
    # CloudFormation passes every scalar of a registry type as a string: "60" and "true" are fine.
    if expected is bool:
        if isinstance(value, bool) or (
            isinstance(value, str) and value.lower() in ("true", "false")
        ):
            return []
        return [f"{path}: expected a boolean, got {_describe(value)}"]
    if expected is int:
        if (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and value.strip().lstrip("-").isdigit()
        ):
            return []
        return [f"{path}: expected an integer, got {_describe(value)}"]
    if expected is str and not isinstance(value, str):
        return [f"{path}: expected a string, got {_describe(value)}"]
    return []


def _object_problems(path: str, cls: type, value: Any) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected an object, got {_describe(value)}"]
    hints = _type_hints(cls)
    problems = []
    for key, item in value.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in hints:
            problems.append(f"{where}: unknown property")
        elif item is not None:
            problems.extend(_value_problem(where, hints[key], item))
    return problems


def shape_problems(properties: Any) -> list[str]:
    """Unknown properties and values of the wrong JSON type, each named by its path."""
    return _object_problems("", ResourceModel, properties)


def _token_validity_problems(model: ResourceModel) -> list[str]:
    units = model.TokenValidityUnits
    problems = []
    for prop, unit_key, default_unit, lowest, highest, range_text in TOKEN_VALIDITY_RULES:
        value = getattr(model, prop)
        if value is None:
            continue
        unit = (getattr(units, unit_key) if units else None) or default_unit
        seconds = value * SECONDS_PER_UNIT.get(unit, 0)
        if not lowest <= seconds <= highest:
            problems.append(
                f"{prop}: {value} {unit} is outside the allowed range, between {range_text}"
                f" (the unit comes from TokenValidityUnits.{unit_key}, default {default_unit})"
            )
    return problems


def _url_problem(prop: str, url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme:
        return f"{prop}: {url!r} is not an absolute URL (it needs a scheme such as https://)"
    if parts.fragment or url.endswith("#"):
        return f"{prop}: {url!r} has a fragment (#...), which redirect URLs cannot have"
    if parts.scheme in ("http", "https") and not parts.hostname:
        return f"{prop}: {url!r} has no host"
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        return (
            f"{prop}: {url!r} uses http; redirect URLs must use https, except for"
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
        elif model.DefaultRedirectURI not in (model.CallbackURLs or ()):
            problems.append(
                f"DefaultRedirectURI: {model.DefaultRedirectURI!r} must be one of CallbackURLs"
            )
    return problems


def _oauth_problems(model: ResourceModel) -> list[str]:
    problems: list[str] = []
    if not model.AllowedOAuthFlowsUserPoolClient:
        problems.extend(
            f"{prop}: needs AllowedOAuthFlowsUserPoolClient: true"
            for prop in OAUTH_SETTINGS
            if getattr(model, prop)
        )
    flows = set(model.AllowedOAuthFlows or ())
    browser_flows = sorted(flows & {"code", "implicit"})
    if browser_flows and not model.CallbackURLs:
        problems.append(
            f"AllowedOAuthFlows: {' and '.join(browser_flows)} need at least one CallbackURLs entry"
        )
    if "client_credentials" in flows:
        if browser_flows:
            problems.append(
                "AllowedOAuthFlows: client_credentials cannot be combined with"
                f" {' or '.join(browser_flows)}"
            )
        if not model.GenerateSecret:
            problems.append(
                "AllowedOAuthFlows: client_credentials needs a client secret (GenerateSecret: true)"
            )
    return problems


def _other_problems(model: ResourceModel) -> list[str]:
    problems: list[str] = []
    if model.AuthSessionValidity is not None and not 3 <= model.AuthSessionValidity <= 15:
        problems.append(
            f"AuthSessionValidity: {model.AuthSessionValidity} is outside 3 to 15 minutes"
        )
    rotation = model.RefreshTokenRotation
    if rotation is not None:
        if rotation.Feature is None:
            problems.append("RefreshTokenRotation.Feature: required when the block is given")
        grace = rotation.RetryGracePeriodSeconds
        if grace is not None and not 0 <= grace <= 60:
            problems.append(
                f"RefreshTokenRotation.RetryGracePeriodSeconds: {grace} is outside 0 to 60"
            )
    flows = set(model.ExplicitAuthFlows or ())
    legacy = sorted(flows & LEGACY_AUTH_FLOWS)
    if legacy and flows - LEGACY_AUTH_FLOWS:
        problems.append(
            f"ExplicitAuthFlows: the legacy values {', '.join(legacy)} cannot be mixed with"
            " ALLOW_* values"
        )
    analytics = model.AnalyticsConfiguration
    if analytics is not None and not analytics.ApplicationArn:
        missing = [
            key for key in ("ApplicationId", "RoleArn", "ExternalId") if not getattr(analytics, key)
        ]
        if missing:
            problems.append(
                "AnalyticsConfiguration: give ApplicationArn, or ApplicationId with RoleArn and"
                f" ExternalId (missing: {', '.join(missing)})"
            )
    if model.EnablePropagateAdditionalUserContextData and not model.GenerateSecret:
        problems.append(
            "EnablePropagateAdditionalUserContextData: needs a client secret (GenerateSecret: true)"
        )
    return problems


def rule_problems(model: ResourceModel) -> list[str]:
    """Every violation of the rules the Cognito API documents for an app client."""
    return [
        *_token_validity_problems(model),
        *_oauth_problems(model),
        *_url_problems(model),
        *_other_problems(model),
    ]


def valid_desired_model(model: ResourceModel | None) -> ResourceModel:
    """The desired state of a create or update, once every documented rule holds."""
    if model is None or not model.UserPoolId:
        raise HandlerFailure(
            HandlerErrorCode.InvalidRequest, "UserPoolId: required, and the request gives none"
        )
    problems = rule_problems(model)
    if problems:
        raise HandlerFailure(
            HandlerErrorCode.InvalidRequest, "Invalid properties: " + "; ".join(problems)
        )
    return model


def check_create_only_unchanged(model: ResourceModel, previous: ResourceModel | None) -> None:
    """UserPoolId and GenerateSecret cannot change in place: CloudFormation replaces the client."""
    if previous is None:
        return
    changed = []
    if previous.UserPoolId and previous.UserPoolId != model.UserPoolId:
        changed.append("UserPoolId")
    if bool(previous.GenerateSecret) != bool(model.GenerateSecret):
        changed.append("GenerateSecret")
    if changed:
        raise HandlerFailure(
            HandlerErrorCode.NotUpdatable,
            f"{', '.join(changed)}: create-only, so a change needs a new app client (replacement)",
        )
