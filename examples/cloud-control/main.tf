# The app client of desired-state.json through Cloud Control, with Terraform's hashicorp/aws
# provider (aws_cloudcontrolapi_resource), for a type registered as Example::Cognito::UserPoolClient.
# The client secret stays in AWS Secrets Manager: Terraform's state holds its ARN, not its value.

resource "aws_cognito_user_pool" "services" {
  name = "services"
}

resource "aws_cognito_resource_server" "orders" {
  user_pool_id = aws_cognito_user_pool.services.id
  identifier   = "orders-api"
  name         = "Orders API"
  scope {
    scope_name        = "read"
    scope_description = "Read orders"
  }
  scope {
    scope_name        = "write"
    scope_description = "Change orders"
  }
}

resource "aws_cloudcontrolapi_resource" "billing_service" {
  type_name = "Example::Cognito::UserPoolClient"
  desired_state = jsonencode(merge(
    jsondecode(file("${path.module}/desired-state.json")),
    { UserPoolId = aws_cognito_user_pool.services.id },
  ))
  depends_on = [aws_cognito_resource_server.orders]
}

output "client_id" {
  value = jsondecode(aws_cloudcontrolapi_resource.billing_service.properties)["ClientId"]
}

output "client_secret_arn" {
  value = jsondecode(aws_cloudcontrolapi_resource.billing_service.properties)["ClientSecretArn"]
}
