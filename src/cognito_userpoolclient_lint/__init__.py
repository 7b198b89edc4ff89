"""cfn-lint rules for this app-client type, under the name you registered it as.

cfn-lint learns a private type's name from its registry schema (`--registry-schemas`) but checks
none of its properties or attributes. These rules run the provider's own checks where a template is
written, in CI and in the editor: the checks a create makes (`desired_state.checked_properties`:
the schema walk and the rules between properties), from the same code, with the same messages.
They apply to every resource whose type's registry schema is this provider's, whatever its name.

- E9101: a property the handler would refuse, with the handler's message.
- E9102: `Fn::GetAtt` (or `${Client.Attribute}` in `Fn::Sub`) of an attribute the type lacks.
- E9103: `Fn::GetAtt ... ClientSecret` of a client whose secret Cognito keeps in Secrets Manager.

A value only the deploy knows (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::ImportValue` and the other
functions, a parameter, a `{{resolve:...}}` dynamic reference) is never an error: the schema walk
takes it as present and valid, and no rule between properties reads it. Conditions are played
out as cfn-lint plays them: each branch of an `Fn::If` is checked.

    cfn-lint --registry-schemas dist/registry-schemas --append-rules cognito_userpoolclient_lint \
        -- template.yaml
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from cfnlint.rules import CloudFormationLintRule, RuleMatch
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER, ResourceNotFoundError

from aws_cognito_userpoolclient.desired_state import PREFIX, checked_properties
from aws_cognito_userpoolclient.messages import nearest
from aws_cognito_userpoolclient.schema import SCHEMA, UNKNOWN, WRITE_ONLY

SOURCE_URL = "guides/using-the-type.md#linting-templates"
# A string CloudFormation replaces when it deploys: `{{resolve:secretsmanager:...}}` and the like.
DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:")
# An object that is an intrinsic function: `{"Ref": ...}`, `{"Fn::Join": ...}`, a Condition.
INTRINSIC = re.compile(r"Ref|Condition|Fn::\w+")
# `${Logical.Attribute}` in an Fn::Sub string (`${!Literal}` is text).
SUB_ATTRIBUTE = re.compile(r"\$\{([A-Za-z0-9]+)\.([A-Za-z0-9.]+)\}")
# The path a problem names at its start: `TokenValidityUnits.AccessToken`, `CallbackURLs[0]`.
PROBLEM_PATH = re.compile(r"([A-Za-z0-9]+(?:\.[A-Za-z0-9]+|\[\d+\])*): ")


def is_this_providers(schema: Mapping[str, Any]) -> bool:
    """Whether a registry schema is this provider's, under whatever name: its identifiers, and its
    own extensions (which AWS's type lacks)."""
    same_identifiers = schema.get("primaryIdentifier") == SCHEMA["primaryIdentifier"]
    return same_identifiers and set(schema.get("properties") or {}) >= WRITE_ONLY


def this_types_resources(cfn: Any) -> dict[str, tuple[dict[str, Any], Mapping[str, Any]]]:
    """The template's resources of this type, each with the registry schema it was given."""
    found = {}
    for name, resource in cfn.get_resources().items():
        type_name = resource.get("Type")
        if not isinstance(type_name, str):
            continue
        try:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(cfn.regions[0], type_name)
        except ResourceNotFoundError:  # cfn-lint's own rules name an unknown type
            continue
        if is_this_providers(schema.schema):
            found[name] = (resource, schema.schema)
    return found


def known(value: Any) -> Any:
    """The value with what only the deploy knows (an intrinsic function, a dynamic reference)
    as UNKNOWN, which the schema walk takes as present and valid."""
    if isinstance(value, Mapping):
        if len(value) == 1 and INTRINSIC.fullmatch(str(next(iter(value)))):
            return UNKNOWN
        return {key: known(item) for key, item in value.items()}
    if isinstance(value, list):
        return [known(item) for item in value]
    if isinstance(value, str):  # cfn-lint's str_node: a plain str, as the handler would get it
        return UNKNOWN if DYNAMIC_REFERENCE.search(value) else str(value)
    return value


def property_problems(properties: Any) -> list[str]:
    """What a create of these template properties would be refused for, as the handler says it."""
    problems = checked_properties("CREATE", known(properties), None).problems
    return [problem.removeprefix(PREFIX) for problem in problems]


def located(path: list[str | int], properties: Any, problem: str) -> list[str | int]:
    """The deepest place in the template that the problem's own path names."""
    named = PROBLEM_PATH.match(problem)
    if named is None:
        return path
    where, value = list(path), properties
    for part in re.findall(r"[A-Za-z0-9]+|\[\d+\]", named.group(1)):
        key: str | int = int(part[1:-1]) if part.startswith("[") else part
        inside = isinstance(value, Mapping) and key in value
        inside = inside or (isinstance(value, list) and isinstance(key, int) and key < len(value))
        if not inside:
            break
        where.append(key)
        value = value[key]
    return where


class UserPoolClientProperties(CloudFormationLintRule):  # type: ignore[misc]
    id = "E9101"
    shortdesc = "Properties the app client type refuses"
    description = (
        "The checks the app client type's handlers make before a create, with their messages: the"
        " schema's limits and Cognito's rules between properties."
    )
    source_url = SOURCE_URL
    tags: ClassVar[list[str]] = ["resources", "cognito"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        matches = []
        for name, (resource, _) in this_types_resources(cfn).items():
            path: list[str | int] = ["Resources", name, "Properties"]
            properties = resource.get("Properties", {})
            named = set()
            for scenario in cfn.get_object_without_nested_conditions(properties, path) or [
                {"Object": properties}
            ]:
                for problem in property_problems(scenario["Object"]):
                    if problem not in named:
                        named.add(problem)
                        matches.append(RuleMatch(located(path, properties, problem), problem))
        return matches


def attributes_read(cfn: Any) -> Iterator[tuple[list[str | int], str, str]]:
    """Each attribute a template reads: where, of which resource, which attribute."""
    for path in cfn.search_deep_keys("Fn::GetAtt"):
        value = path[-1]
        if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            yield path[:-1], value[0], value[1]
        elif isinstance(value, str) and "." in value:
            logical, _, attribute = value.partition(".")
            yield path[:-1], logical, attribute
    for path in cfn.search_deep_keys("Fn::Sub"):
        value = path[-1]
        text = value[0] if isinstance(value, list) and value else value
        if isinstance(text, str):
            for logical, attribute in SUB_ATTRIBUTE.findall(text):
                yield path[:-1], logical, attribute


def read_only_names(schema: Mapping[str, Any]) -> list[str]:
    return sorted(pointer.rsplit("/", 1)[-1] for pointer in schema.get("readOnlyProperties", ()))


class UserPoolClientAttributes(CloudFormationLintRule):  # type: ignore[misc]
    id = "E9102"
    shortdesc = "Attributes the app client type does not have"
    description = "Fn::GetAtt, or ${Client.Attribute} in Fn::Sub, of an attribute the type lacks."
    source_url = SOURCE_URL
    tags: ClassVar[list[str]] = ["resources", "cognito", "getatt"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        resources = this_types_resources(cfn)
        matches = []
        for path, logical, attribute in attributes_read(cfn):
            if logical not in resources:
                continue
            resource, schema = resources[logical]
            names = read_only_names(schema)
            if attribute in names:
                continue
            near = nearest(attribute, names)
            hint = f", did you mean {near}?" if near else ""
            matches.append(
                RuleMatch(
                    path,
                    f"{logical}.{attribute}: {resource['Type']} has no attribute {attribute}{hint}"
                    f" (its attributes: {', '.join(names)})",
                )
            )
        return matches


class PublishedClientSecret(CloudFormationLintRule):  # type: ignore[misc]
    id = "E9103"
    shortdesc = "ClientSecret of a client whose secret is kept in Secrets Manager"
    description = (
        "Cognito answers no ClientSecret for a client with PublishSecretsInAWSSecretsManager: true,"
        " so CloudFormation cannot resolve Fn::GetAtt ... ClientSecret; read ClientSecretArn."
    )
    source_url = SOURCE_URL
    tags: ClassVar[list[str]] = ["resources", "cognito", "getatt", "secrets"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        resources = this_types_resources(cfn)
        matches = []
        for path, logical, attribute in attributes_read(cfn):
            if attribute != "ClientSecret" or logical not in resources:
                continue
            properties = resources[logical][0].get("Properties") or {}
            published = properties.get("PublishSecretsInAWSSecretsManager")
            if published is True or (isinstance(published, str) and published.lower() == "true"):
                matches.append(
                    RuleMatch(
                        path,
                        f"{logical}.ClientSecret: {logical} keeps its secret in Secrets Manager"
                        " (PublishSecretsInAWSSecretsManager: true), so Cognito answers no"
                        " ClientSecret and the stack cannot resolve it; read"
                        f" {logical}.ClientSecretArn, and the secret from Secrets Manager",
                    )
                )
        return matches
