"""`make register BUCKET=... TYPE_NAME=...`: the package built, and the commands that register it.

It first refuses what would make the commands useless (no bucket, a type name CloudFormation would
not register, no Python to compile the package with), then builds dist/<package>.zip for TYPE_NAME
(`make package`), and prints how to upload it under its key (from its content: the same source,
the same key and version) and deploy registration.yaml with it, as a stack in one account and
region or as a StackSet across an organization. It runs none of them: they need your AWS
credentials.
"""

import argparse
import re
import shlex
from pathlib import Path

from cfn_project import ROOT, check_private_name, type_version
from package import INPUTS, package_key, packaged
from runtime_python import bytecode_python

TEMPLATE = "registration.yaml"


def dashed(type_name: str) -> str:
    """The type name as CloudFormation writes it in ARNs and as registration.yaml names its logs."""
    return "-".join(type_name.split("::"))


def log_group(type_name: str) -> str:
    """The handler log group registration.yaml creates."""
    return f"/cloudformation/registry/{dashed(type_name)}"


def commands(type_name: str, bucket: str, archive: Path, stack: str) -> str:
    key = package_key(archive)
    shown = archive.relative_to(ROOT) if archive.is_relative_to(ROOT) else archive
    parameters = {"TypeName": type_name, "PackageBucket": bucket, "PackageKey": key}
    overrides = " ".join(shlex.quote(f"{name}={value}") for name, value in parameters.items())
    stack_set = " ".join(
        shlex.quote(f"ParameterKey={name},ParameterValue={value}")
        for name, value in parameters.items()
    )
    return f"""# {type_name} {type_version()}
# 1. Upload the package under its key (its content's: a new key is a new version):
aws s3 cp {shown} s3://{bucket}/{key}

# 2a. Register it in this account and region (run again after each `make package` to upgrade:
#     the new version becomes the default and the one before is deregistered):
aws cloudformation deploy --template-file {TEMPLATE} --stack-name {stack} \\
    --capabilities CAPABILITY_IAM --parameter-overrides {overrides}

# 2b. Or in every account and region of an organization (a service-managed StackSet; the
#     bucket's policy must let the accounts read the package, see guides/registration.md):
aws cloudformation create-stack-set --stack-set-name {stack} --template-body file://{TEMPLATE} \\
    --permission-model SERVICE_MANAGED \\
    --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false \\
    --capabilities CAPABILITY_IAM --parameters {stack_set}
aws cloudformation create-stack-instances --stack-set-name {stack} \\
    --deployment-targets OrganizationalUnitIds=ou-EXAMPLE --regions us-east-1 eu-west-1
#     (to upgrade: aws cloudformation update-stack-set with the new PackageKey)

# 3. Use `Type: {type_name}` in a stack; its handler logs:
aws logs tail {log_group(type_name)} --follow
"""


# S3's rules for bucket names: 3 to 63 lowercase letters, digits, dots and hyphens, beginning and
# ending with a letter or digit.
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def check_bucket(bucket: str) -> None:
    """Refuse a missing bucket, or what is no bucket name, with what to give instead."""
    example = "`make register BUCKET=my-bucket TYPE_NAME=Example::Cognito::UserPoolClient`"
    if not bucket:
        raise SystemExit(f"register: give the S3 bucket to upload the package to: {example}")
    if not BUCKET_NAME.fullmatch(bucket):
        raise SystemExit(
            f"register: BUCKET {bucket!r} is not an S3 bucket name (3 to 63 lowercase letters,"
            f" digits, dots and hyphens; the name only, without s3://): {example}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--type-name", required=True)
    parser.add_argument("--bucket", required=True, help="the S3 bucket to upload the package to")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--inputs", type=Path, default=ROOT / INPUTS, help="the input sets to ship")
    args = parser.parse_args()
    # Everything that can be refused is refused before the build, which takes a while.
    check_bucket(args.bucket)
    check_private_name(args.type_name)
    bytecode_python()
    inputs = args.inputs if args.inputs.is_absolute() else ROOT / args.inputs
    archive = packaged(args.type_name, args.dist, inputs)
    stack = f"{dashed(args.type_name).lower()}-registration"
    print()
    print(commands(args.type_name, args.bucket, archive, stack), end="")


if __name__ == "__main__":
    main()
