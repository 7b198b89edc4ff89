"""`make register BUCKET=... TYPE_NAME=...`: the exact commands that register the type.

`make package` has built dist/<package>.zip for TYPE_NAME; this prints how to upload it under a
key of its own (the package's hash, so that each build is a new version) and deploy
registration.yaml with it: as a stack in one account and region, or as a StackSet across an
organization. It runs none of them: they need your AWS credentials.
"""

import argparse
import hashlib
import shlex
from pathlib import Path

from cfn_project import ROOT, check_private_name, package_name

TEMPLATE = "registration.yaml"


def dashed(type_name: str) -> str:
    """The type name as CloudFormation writes it in ARNs and as registration.yaml names its logs."""
    return "-".join(type_name.split("::"))


def log_group(type_name: str) -> str:
    """The handler log group registration.yaml creates."""
    return f"/cloudformation/registry/{dashed(type_name)}"


def package_key(archive: Path) -> str:
    """A key of its own for each build: the package's name and the start of its SHA-256."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:12]
    return f"{archive.stem}-{digest}.zip"


def commands(type_name: str, bucket: str, archive: Path, stack: str) -> str:
    key = package_key(archive)
    shown = archive.relative_to(ROOT) if archive.is_relative_to(ROOT) else archive
    parameters = {"TypeName": type_name, "PackageBucket": bucket, "PackageKey": key}
    overrides = " ".join(shlex.quote(f"{name}={value}") for name, value in parameters.items())
    stack_set = " ".join(
        shlex.quote(f"ParameterKey={name},ParameterValue={value}")
        for name, value in parameters.items()
    )
    return f"""# 1. Upload the package under a key of its own (a new key is a new version):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--type-name", required=True)
    parser.add_argument("--bucket", required=True, help="the S3 bucket to upload the package to")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    if not args.bucket:
        raise SystemExit("register: give the bucket to upload to, `make register BUCKET=...`")
    check_private_name(args.type_name)
    archive = args.dist / f"{package_name(args.type_name)}.zip"
    if not archive.exists():
        raise SystemExit(f"register: no {archive}: run `make package TYPE_NAME=...` first")
    stack = f"{dashed(args.type_name).lower()}-registration"
    print(commands(args.type_name, args.bucket, archive, stack), end="")


if __name__ == "__main__":
    main()
