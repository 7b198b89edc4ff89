"""The one path of the desired state: from an event's raw properties to the handler's model.

CloudFormation validates stack templates against the schema, but direct invokes, `sam local
invoke`, Cloud Control and `cfn test` inputs do not. So the properties of every event are checked
here, once, before the library or a handler sees them:

1. one walk over the schema (`schema.checked`) names every violation of every property by its
   path, leaves out properties given as null, reads the text CloudFormation sends for numbers and
   booleans as what it means, and notes where each invalid value is;
2. the rules between properties (`rules.rule_problems`) run on that walk's values, each only when
   all it reads passed its own constraints;
3. a create names each read-only property it was given (Cognito sets those), instead of walking it.

Every problem is in one InvalidRequest, bounded as every message is. The properties that passed go
on to the library as the walk typed them; a handler of a create or update takes its model with
`desired_model`. Identifiers (read, delete, list) and previous states are checked for shape only,
so that a value Cognito already holds never blocks a read, a delete or an update that fixes it.
"""

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .failures import HandlerFailure
from .messages import quoted
from .models import ResourceHandlerRequest, ResourceModel
from .rules import rule_problems
from .schema import READ_ONLY, Checked, checked

# IAM's user pool ARN (Service Authorization Reference, Amazon Cognito User Pools: "userpool").
USER_POOL_ARN = re.compile(r"arn:[\w-]+:cognito-idp:[\w-]+:[0-9]{12}:userpool/(?P<id>.+)")
# Actions whose desired state is a whole model to create or apply; the others carry identifiers.
WRITE_ACTIONS = ("CREATE", "UPDATE")
PREFIX = "Invalid properties: "
# What a template that gives a read-only property most likely meant, where it is not only to read
# the value (which Fn::GetAtt does).
READ_ONLY_INSTEAD = {
    "ClientSecret": "Cognito makes it; for a secret of your own, give CustomClientSecret",
    "ClientSecretArn": (
        "Cognito names the secret it keeps in Secrets Manager; to have one, give"
        " PublishSecretsInAWSSecretsManager: true"
    ),
    "Name": "Cognito reports the client's name; to name the client, give ClientName",
}


@dataclasses.dataclass(frozen=True)
class Properties:
    """An event's properties, checked: its problems, or the properties to hand on."""

    problems: list[str]
    desired: Any
    previous: Any


def checked_properties(action: Any, desired: Any, previous: Any) -> Properties:
    """The desired and previous properties of an event, checked in one walk each."""
    if action in WRITE_ACTIONS:  # a whole model to create or apply: every rule
        document = {} if desired is None else desired
        # An update takes read-only properties back, as Cloud Control hands a read state back.
        read_only = read_only_given(document) if action == "CREATE" else []
        if read_only:
            document = {key: value for key, value in document.items() if key not in READ_ONLY}
        walk = checked(document)
        given = walk.value.get("UserPoolId") if isinstance(walk.value, Mapping) else None
        if ("UserPoolId",) in walk.invalid and isinstance(given, str):
            broken = ", ".join(walk.keywords_at(("UserPoolId",)))
            walk.explain(("UserPoolId",), not_a_pool_id(given, broken))
        explain_scopes_given_together(walk)
        problems = walk.problems + read_only + rule_problems(walk.value, walk.invalid)
    else:  # identifiers
        walk = checked(desired, constraints=False)
        problems = walk.problems
    before = checked(previous, constraints=False)
    problems += [f"previous state: {problem}" for problem in before.problems]
    if problems:
        problems[0] = PREFIX + problems[0]
    return Properties(problems, walk.value, before.value)


def read_only_given(document: Any) -> list[str]:
    """The read-only properties a create was given, each with what to give instead."""
    if not isinstance(document, Mapping):
        return []  # the schema walk names it
    return [
        f"{name}: read-only, {READ_ONLY_INSTEAD.get(name, 'Cognito sets it')} (read it with"
        f" Fn::GetAtt <client>.{name})"
        for name in sorted(READ_ONLY)
        if document.get(name) is not None  # null is absent, as everywhere
    ]


def explain_scopes_given_together(walk: Checked) -> None:
    """An item of AllowedOAuthScopes that holds several scopes, as a template author writes them
    in the console's field ("openid email"), is named as such: one scope per item."""
    scopes = walk.value.get("AllowedOAuthScopes") if isinstance(walk.value, Mapping) else None
    for index, scope in enumerate(scopes if isinstance(scopes, list) else ()):
        path = ("AllowedOAuthScopes", index)
        if path in walk.invalid and isinstance(scope, str) and len(scope.split()) > 1:
            parts = scope.split()
            walk.explain(
                path,
                f"{quoted(scope)} is {len(parts)} scopes in one item: give each scope as its own"
                f" item, such as [{', '.join(parts)}] (pattern)",
            )


def not_a_pool_id(given: str, broken: str) -> str:
    """What to give instead of a user pool's ARN, name or anything else that is not its id;
    `broken` names the schema keywords it broke."""
    how = "`!Ref UserPool` or `!GetAtt UserPool.UserPoolId` in a template"
    arn = USER_POOL_ARN.fullmatch(given)
    if arn and not checked({"UserPoolId": arn["id"]}).invalid:
        return (
            f"{quoted(given)} is the user pool's ARN ({broken}): give its id,"
            f" {quoted(arn['id'])} ({how})"
        )
    return (
        f"{quoted(given)} is not a user pool id, such as us-east-1_AbC123dEF ({broken}): give"
        f" the pool's id ({how}; `aws cognito-idp list-user-pools --max-results 60` lists them)"
    )


def desired_model(request: ResourceHandlerRequest) -> ResourceModel:
    """The desired state of a create or update, as `checked_properties` let it through.

    Through the entrypoint a create or update always has one (UserPoolId is required); a caller
    that hands a handler a request of its own gets the same refusal.
    """
    if request.desiredResourceState is None:
        raise HandlerFailure(
            HandlerErrorCode.InvalidRequest, f"{PREFIX}UserPoolId: required (required)"
        )
    return request.desiredResourceState
