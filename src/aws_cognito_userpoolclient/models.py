# DO NOT modify this file by hand, changes will be overwritten
from dataclasses import dataclass

from cloudformation_cli_python_lib.interface import (
    BaseModel,
    BaseResourceHandlerRequest,
)
from cloudformation_cli_python_lib.recast import recast_object
from cloudformation_cli_python_lib.utils import deserialize_list

import sys
from inspect import getmembers, isclass
from typing import (
    AbstractSet,
    Any,
    Generic,
    Mapping,
    MutableMapping,
    Optional,
    Sequence,
    Type,
    TypeVar,
)

T = TypeVar("T")


def set_or_none(value: Optional[Sequence[T]]) -> Optional[AbstractSet[T]]:
    if value:
        return set(value)
    return None


@dataclass
class ResourceHandlerRequest(BaseResourceHandlerRequest):
    # pylint: disable=invalid-name
    desiredResourceState: Optional["ResourceModel"]
    previousResourceState: Optional["ResourceModel"]
    typeConfiguration: Optional["TypeConfigurationModel"]


@dataclass
class ResourceModel(BaseModel):
    AccessTokenValidity: Optional[int]
    AllowedOAuthFlows: Optional[Sequence[str]]
    AllowedOAuthFlowsUserPoolClient: Optional[bool]
    AllowedOAuthScopes: Optional[Sequence[str]]
    AnalyticsConfiguration: Optional["_AnalyticsConfiguration"]
    AuthSessionValidity: Optional[int]
    CallbackURLs: Optional[Sequence[str]]
    ClientId: Optional[str]
    ClientName: Optional[str]
    ClientSecret: Optional[str]
    ClientSecretArn: Optional[str]
    ClientSecretRotation: Optional["_ClientSecretRotation"]
    ClientType: Optional[str]
    CreationDate: Optional[str]
    CustomClientSecret: Optional[str]
    DefaultRedirectURI: Optional[str]
    EnablePropagateAdditionalUserContextData: Optional[bool]
    EnableTokenRevocation: Optional[bool]
    ExplicitAuthFlows: Optional[Sequence[str]]
    GenerateSecret: Optional[bool]
    IdTokenValidity: Optional[int]
    LastModifiedDate: Optional[str]
    LogoutURLs: Optional[Sequence[str]]
    Name: Optional[str]
    PreventUserExistenceErrors: Optional[str]
    PublishSecretsInAWSSecretsManager: Optional[bool]
    ReadAttributes: Optional[Sequence[str]]
    RefreshTokenRotation: Optional["_RefreshTokenRotation"]
    RefreshTokenValidity: Optional[int]
    SupportedIdentityProviders: Optional[Sequence[str]]
    TokenValidityUnits: Optional["_TokenValidityUnits"]
    UserPoolId: Optional[str]
    WriteAttributes: Optional[Sequence[str]]

    @classmethod
    def _deserialize(
        cls: Type["_ResourceModel"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ResourceModel"]:
        if not json_data:
            return None
        dataclasses = {n: o for n, o in getmembers(sys.modules[__name__]) if isclass(o)}
        recast_object(cls, json_data, dataclasses)
        return cls(
            AccessTokenValidity=json_data.get("AccessTokenValidity"),
            AllowedOAuthFlows=json_data.get("AllowedOAuthFlows"),
            AllowedOAuthFlowsUserPoolClient=json_data.get("AllowedOAuthFlowsUserPoolClient"),
            AllowedOAuthScopes=json_data.get("AllowedOAuthScopes"),
            AnalyticsConfiguration=AnalyticsConfiguration._deserialize(json_data.get("AnalyticsConfiguration")),
            AuthSessionValidity=json_data.get("AuthSessionValidity"),
            CallbackURLs=json_data.get("CallbackURLs"),
            ClientId=json_data.get("ClientId"),
            ClientName=json_data.get("ClientName"),
            ClientSecret=json_data.get("ClientSecret"),
            ClientSecretArn=json_data.get("ClientSecretArn"),
            ClientSecretRotation=ClientSecretRotation._deserialize(json_data.get("ClientSecretRotation")),
            ClientType=json_data.get("ClientType"),
            CreationDate=json_data.get("CreationDate"),
            CustomClientSecret=json_data.get("CustomClientSecret"),
            DefaultRedirectURI=json_data.get("DefaultRedirectURI"),
            EnablePropagateAdditionalUserContextData=json_data.get("EnablePropagateAdditionalUserContextData"),
            EnableTokenRevocation=json_data.get("EnableTokenRevocation"),
            ExplicitAuthFlows=json_data.get("ExplicitAuthFlows"),
            GenerateSecret=json_data.get("GenerateSecret"),
            IdTokenValidity=json_data.get("IdTokenValidity"),
            LastModifiedDate=json_data.get("LastModifiedDate"),
            LogoutURLs=json_data.get("LogoutURLs"),
            Name=json_data.get("Name"),
            PreventUserExistenceErrors=json_data.get("PreventUserExistenceErrors"),
            PublishSecretsInAWSSecretsManager=json_data.get("PublishSecretsInAWSSecretsManager"),
            ReadAttributes=json_data.get("ReadAttributes"),
            RefreshTokenRotation=RefreshTokenRotation._deserialize(json_data.get("RefreshTokenRotation")),
            RefreshTokenValidity=json_data.get("RefreshTokenValidity"),
            SupportedIdentityProviders=json_data.get("SupportedIdentityProviders"),
            TokenValidityUnits=TokenValidityUnits._deserialize(json_data.get("TokenValidityUnits")),
            UserPoolId=json_data.get("UserPoolId"),
            WriteAttributes=json_data.get("WriteAttributes"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ResourceModel = ResourceModel


@dataclass
class AnalyticsConfiguration(BaseModel):
    ApplicationArn: Optional[str]
    ApplicationId: Optional[str]
    ExternalId: Optional[str]
    RoleArn: Optional[str]
    UserDataShared: Optional[bool]

    @classmethod
    def _deserialize(
        cls: Type["_AnalyticsConfiguration"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_AnalyticsConfiguration"]:
        if not json_data:
            return None
        return cls(
            ApplicationArn=json_data.get("ApplicationArn"),
            ApplicationId=json_data.get("ApplicationId"),
            ExternalId=json_data.get("ExternalId"),
            RoleArn=json_data.get("RoleArn"),
            UserDataShared=json_data.get("UserDataShared"),
        )


# work around possible type aliasing issues when variable has same name as a model
_AnalyticsConfiguration = AnalyticsConfiguration


@dataclass
class ClientSecretRotation(BaseModel):
    NotBefore: Optional[str]
    KeepPrevious: Optional[bool]

    @classmethod
    def _deserialize(
        cls: Type["_ClientSecretRotation"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_ClientSecretRotation"]:
        if not json_data:
            return None
        return cls(
            NotBefore=json_data.get("NotBefore"),
            KeepPrevious=json_data.get("KeepPrevious"),
        )


# work around possible type aliasing issues when variable has same name as a model
_ClientSecretRotation = ClientSecretRotation


@dataclass
class RefreshTokenRotation(BaseModel):
    Feature: Optional[str]
    RetryGracePeriodSeconds: Optional[int]

    @classmethod
    def _deserialize(
        cls: Type["_RefreshTokenRotation"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_RefreshTokenRotation"]:
        if not json_data:
            return None
        return cls(
            Feature=json_data.get("Feature"),
            RetryGracePeriodSeconds=json_data.get("RetryGracePeriodSeconds"),
        )


# work around possible type aliasing issues when variable has same name as a model
_RefreshTokenRotation = RefreshTokenRotation


@dataclass
class TokenValidityUnits(BaseModel):
    AccessToken: Optional[str]
    IdToken: Optional[str]
    RefreshToken: Optional[str]

    @classmethod
    def _deserialize(
        cls: Type["_TokenValidityUnits"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_TokenValidityUnits"]:
        if not json_data:
            return None
        return cls(
            AccessToken=json_data.get("AccessToken"),
            IdToken=json_data.get("IdToken"),
            RefreshToken=json_data.get("RefreshToken"),
        )


# work around possible type aliasing issues when variable has same name as a model
_TokenValidityUnits = TokenValidityUnits


@dataclass
class TypeConfigurationModel(BaseModel):

    @classmethod
    def _deserialize(
        cls: Type["_TypeConfigurationModel"],
        json_data: Optional[Mapping[str, Any]],
    ) -> Optional["_TypeConfigurationModel"]:
        if not json_data:
            return None
        return cls(
        )


# work around possible type aliasing issues when variable has same name as a model
_TypeConfigurationModel = TypeConfigurationModel


