"""`make demo`: an app client's life through the Lambda entrypoint, on an embedded Cognito.

moto runs Cognito in this process; the handler is called the way the registry calls it
(`aws_cognito_userpoolclient.handlers.resource`) for create, read, update, list and delete. Each
progress event is printed with the client secret masked.
"""

import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.update(
    AWS_ACCESS_KEY_ID="demo",
    AWS_SECRET_ACCESS_KEY="demo",
    AWS_SESSION_TOKEN="demo",
    AWS_DEFAULT_REGION="us-east-1",
)

import boto3
from lambda_harness import masked
from moto import mock_aws

from aws_cognito_userpoolclient import handlers

REGION = "us-east-1"
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/demo-stack/0a1b2c3d"


def invoke(action: str, properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    request = {
        "action": action,
        "awsAccountId": "123456789012",
        "bearerToken": f"demo-{action.lower()}",
        "region": REGION,
        "stackId": STACK_ID,
        "resourceType": handlers.TYPE_NAME,
        "requestData": {
            "callerCredentials": {
                "accessKeyId": "demo",
                "secretAccessKey": "demo",
                "sessionToken": "demo",
            },
            "resourceProperties": properties,
            "logicalResourceId": "WebAppClient",
            **extra,
        },
    }
    response: dict[str, Any] = handlers.resource(request, None)
    print(f"--- {action}")
    print(json.dumps(masked(response), indent=2, sort_keys=True))
    if response["status"] != "SUCCESS":
        raise SystemExit(f"{action} failed: {response.get('errorCode')}: {response.get('message')}")
    return response


def main() -> None:
    with mock_aws():
        cognito = boto3.client("cognito-idp", region_name=REGION)
        pool_id = cognito.create_user_pool(PoolName="demo-pool")["UserPool"]["Id"]
        print(f"embedded Cognito: user pool {pool_id}")
        desired = {
            "UserPoolId": pool_id,
            "GenerateSecret": True,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid", "email"],
            "CallbackURLs": ["https://app.example.com/callback"],
            "SupportedIdentityProviders": ["COGNITO"],
        }
        created = invoke("CREATE", desired)["resourceModel"]
        ids = {"UserPoolId": pool_id, "ClientId": created["ClientId"]}
        invoke("READ", ids)
        updated = {
            **desired,
            **ids,
            "AccessTokenValidity": 30,
            "TokenValidityUnits": {"AccessToken": "minutes"},
        }
        invoke("UPDATE", updated, previousResourceProperties=created)
        invoke("LIST", {"UserPoolId": pool_id})
        invoke("DELETE", ids)
        print("demo: create, read, update, list and delete all succeeded")


if __name__ == "__main__":
    main()
