"""A CDK app whose app clients are this provider's type, registered privately under TYPE_NAME.

Two routes: keep the L2 `UserPoolClient` (what `user_pool.add_client` makes) and point its
CloudFormation resource at the private type with an override of `Type`; or write the L1 resource
with `CfnResource`, which also reaches this type's extensions (here, the secret kept in Secrets
Manager). Either way, read the client's id with `GetAtt ClientId`: for a private type, `Ref` (what
the construct's `user_pool_client_id` is) returns the primary identifier `UserPoolId|ClientId`.

    cdk synth --app "python examples/cdk/app.py"    # or: python examples/cdk/app.py
"""

import os

import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from constructs import Construct

TYPE_NAME = os.environ.get("TYPE_NAME", "Example::Cognito::UserPoolClient")


def client_id(client: cognito.UserPoolClient) -> str:
    """The ClientId of an L2 client pointed at the private type (not its `Ref`)."""
    resource = client.node.default_child
    assert isinstance(resource, cdk.CfnResource)
    return cdk.Token.as_string(cdk.Fn.get_att(resource.logical_id, "ClientId"))


class AppClientsStack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        pool = cognito.UserPool(self, "UserPool", self_sign_up_enabled=False)
        orders = pool.add_resource_server(
            "OrdersApi",
            identifier="orders-api",
            scopes=[cognito.ResourceServerScope(scope_name="read", scope_description="Read")],
        )

        # The L2 route: the construct as usual, its resource's Type overridden.
        web = pool.add_client(
            "WebClient",
            auth_flows=cognito.AuthFlow(user_srp=True),
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),
                scopes=[cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
                callback_urls=["https://app.example.com/callback"],
                logout_urls=["https://app.example.com/"],
            ),
            access_token_validity=cdk.Duration.minutes(30),
            id_token_validity=cdk.Duration.minutes(30),
            prevent_user_existence_errors=True,
        )
        assert isinstance(web.node.default_child, cdk.CfnResource)
        web.node.default_child.add_override("Type", TYPE_NAME)

        # The L1 route: every property of the type, its extensions included.
        service = cdk.CfnResource(
            self,
            "BillingServiceClient",
            type=TYPE_NAME,
            properties={
                "UserPoolId": pool.user_pool_id,
                "ClientName": "billing-service",
                "GenerateSecret": True,
                "PublishSecretsInAWSSecretsManager": True,
                "AllowedOAuthFlowsUserPoolClient": True,
                "AllowedOAuthFlows": ["client_credentials"],
                "AllowedOAuthScopes": ["orders-api/read"],
            },
        )
        service.node.add_dependency(orders)

        cdk.CfnOutput(self, "WebClientId", value=client_id(web))
        cdk.CfnOutput(self, "BillingServiceClientId", value=service.get_att("ClientId").to_string())
        cdk.CfnOutput(
            self, "BillingServiceSecretArn", value=service.get_att("ClientSecretArn").to_string()
        )


# `cdk synth` names the folder in CDK_OUTDIR; run directly, the app writes cdk.out/ here.
app = cdk.App(outdir=os.environ.get("CDK_OUTDIR") or "cdk.out")
AppClientsStack(app, "AppClients")
app.synth()
