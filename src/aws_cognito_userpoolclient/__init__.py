"""AWS::Cognito::UserPoolClient resource provider."""
