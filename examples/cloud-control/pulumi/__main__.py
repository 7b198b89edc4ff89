"""The app client of desired-state.json through Cloud Control, with Pulumi's aws provider
(aws.cloudcontrol.Resource), for a type registered as Example::Cognito::UserPoolClient.

The client secret stays in AWS Secrets Manager: Pulumi's state holds its ARN, not its value.
"""

import json
from pathlib import Path

import pulumi
import pulumi_aws as aws

DESIRED = json.loads((Path(__file__).parent.parent / "desired-state.json").read_text())

pool = aws.cognito.UserPool("services", name="services")
orders = aws.cognito.ResourceServer(
    "orders",
    user_pool_id=pool.id,
    identifier="orders-api",
    name="Orders API",
    scopes=[
        {"scope_name": "read", "scope_description": "Read orders"},
        {"scope_name": "write", "scope_description": "Change orders"},
    ],
)
client = aws.cloudcontrol.Resource(
    "billing-service",
    type_name="Example::Cognito::UserPoolClient",
    desired_state=pool.id.apply(lambda pool_id: json.dumps({**DESIRED, "UserPoolId": pool_id})),
    opts=pulumi.ResourceOptions(depends_on=[orders]),
)
properties = client.properties.apply(json.loads)
pulumi.export("client_id", properties.apply(lambda held: held["ClientId"]))
pulumi.export("client_secret_arn", properties.apply(lambda held: held["ClientSecretArn"]))
