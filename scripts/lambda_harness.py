"""The handler package run the way Lambda runs it, beside an embedded Cognito, without Docker.

- `built_function()`: the handler zip that `cfn submit` builds, unpacked into build/ (the
  CodeUri of template.yml); rebuilt only when the sources change.
- `embedded_aws()`: moto_proxy on a free 127.0.0.1 port; processes given its `env` send their
  AWS calls to it with no endpoint override. `real_aws()`: the caller's own account.
- `lambda_function()`: the Runtime Interface Emulator (from the aws-sam-cli wheel) running
  `awslambdaric` with the package, on free 127.0.0.1 ports, with Lambda's Invoke API.
- `prerequisites()`: the pool, resource server and exports the inputs and events refer to.

Every process started here is stopped when its `with` block ends, by return, error or Ctrl-C.
"""

import contextlib
import functools
import hashlib
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import package
from botocore.config import Config
from cfn_project import PROJECT_FILES, ROOT, TYPE_NAME
from runtime_python import lambda_python

BUILD = ROOT / "build"
SAM_VENV = ROOT / ".venv-sam"
RUNTIME_REQUIREMENTS = ROOT / "requirements-runtime.txt"
ENTRYPOINT = "aws_cognito_userpoolclient.handlers.resource"
DEFAULT_REGION = "us-east-1"
DUMMY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "harness",
    "AWS_SECRET_ACCESS_KEY": "harness",
    "AWS_SESSION_TOKEN": "harness",
}
FUNCTION_TIMEOUT_SECONDS = 180  # as template.yml
FUNCTION_MEMORY_MB = 256
INVOKE_PATH = "/2015-03-31/functions/function/invocations"

# What contract-test-setup.yaml creates and exports; the embedded set-up makes the same.
SETUP_STACK = "UserPoolClientContractTestSetup"
RESOURCE_SERVER = "contract-api"
RESOURCE_SERVER_SCOPES = ("read", "write")
POOL_EXPORT = "UserPoolClientContractTestPoolId"
EXPORTS = (POOL_EXPORT,)


class HarnessError(SystemExit):
    """A problem the user can fix, reported as one message without a traceback."""


def stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so `with` blocks stop their processes as Ctrl-C does."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


# --- the function code -------------------------------------------------------------------------


def _sources_digest() -> str:
    digest = hashlib.sha256()
    for name in sorted(PROJECT_FILES):
        source = ROOT / name
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def built_function() -> Path:
    """build/: the handler zip of `cfn submit --dry-run`, unpacked; reused while sources match."""
    stamp = BUILD / ".source-digest"
    digest = _sources_digest()
    if stamp.exists() and stamp.read_text() == digest:
        return BUILD
    print("harness: building the handler package as make package does", flush=True)
    with tempfile.TemporaryDirectory() as temporary:
        # bytecode for the Python the emulator runs (3.12, as Lambda, when the machine has it)
        archive = package.build(TYPE_NAME, Path(temporary), python=lambda_python()).archive
        with zipfile.ZipFile(archive) as outer:
            handler_zip = outer.read("ResourceProvider.zip")
    shutil.rmtree(BUILD, ignore_errors=True)
    zipfile.ZipFile(io.BytesIO(handler_zip)).extractall(BUILD)
    stamp.write_text(digest)
    return BUILD


# --- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A started process and the lines it has printed so far."""

    name: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def tail(self, count: int = 40) -> str:
        return "\n".join(self.lines[-count:])


def _wait_until_listening(server: Server, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise HarnessError(f"{server.name} exited at start:\n{server.tail()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise HarnessError(f"{server.name} did not listen on 127.0.0.1:{port} in {timeout:.0f} s")


def _stop(process: subprocess.Popen[str]) -> None:
    """Stop the process and everything it started (its own process group)."""
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
            # the leader is gone; make sure no member of its group outlives it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            return


@contextlib.contextmanager
def server(
    name: str, command: list[str], env: Mapping[str, str], port: int, cwd: Path | None = None
) -> Iterator[Server]:
    """Run `command` in its own process group until the block ends; wait until `port` listens."""
    process = subprocess.Popen(  # noqa: S603  # tools of our venvs, arguments built here
        command,
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Ctrl-C reaches the harness only; it stops the group
    )
    started = Server(name, process)
    assert process.stdout is not None
    stdout = process.stdout

    def collect() -> None:
        for line in stdout:
            started.lines.append(line.rstrip("\n"))

    threading.Thread(target=collect, name=f"{name}-output", daemon=True).start()
    try:
        _wait_until_listening(started, port)
        yield started
    finally:
        _stop(process)


# --- AWS: embedded or real ---------------------------------------------------------------------


@dataclass(frozen=True)
class Aws:
    """Where AWS calls go: `env` is given to every process that calls AWS (cfn test, function)."""

    region: str
    env: dict[str, str]
    embedded: bool

    def client(self, service: str) -> Any:
        session: Any  # services beyond cognito-idp have no stubs installed
        if not self.embedded:
            session = boto3.Session(region_name=self.region)
            return session.client(service)
        proxy = self.env["HTTPS_PROXY"]
        session = boto3.Session(
            aws_access_key_id=DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=DUMMY_CREDENTIALS["AWS_SESSION_TOKEN"],
            region_name=self.region,
        )
        return session.client(
            service,
            verify=self.env["AWS_CA_BUNDLE"],
            config=Config(proxies={"https": proxy, "http": proxy}),
        )


@contextlib.contextmanager
def embedded_aws(region: str = DEFAULT_REGION) -> Iterator[Aws]:
    """moto_proxy on 127.0.0.1: Cognito, Secrets Manager, CloudFormation, STS and IAM in one
    process."""
    import moto  # the proxy's certificate ships inside the package

    port = free_port()
    proxy = f"http://127.0.0.1:{port}"
    env = {
        "HTTPS_PROXY": proxy,
        "HTTP_PROXY": proxy,
        "NO_PROXY": "127.0.0.1,localhost",
        "AWS_CA_BUNDLE": str(Path(moto.__file__).parent / "moto_proxy" / "ca.crt"),
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        **DUMMY_CREDENTIALS,
    }
    extended = str(Path(__file__).with_name("moto_proxy_extended.py"))
    command = [sys.executable, extended, "-H", "127.0.0.1", "-p", str(port)]
    with server("moto_proxy", command, {**os.environ, **env}, port):
        yield Aws(region, env, embedded=True)


def real_aws(region: str | None) -> Aws:
    """The caller's account, with the credentials and region of their usual AWS configuration."""
    chosen = region or boto3.Session().region_name
    if not chosen:
        raise HarnessError("AWS=real needs a region: set AWS_REGION or REGION=...")
    return Aws(chosen, {"AWS_REGION": chosen, "AWS_DEFAULT_REGION": chosen}, embedded=False)


# --- prerequisites -----------------------------------------------------------------------------

# In moto, a stack of only a WaitConditionHandle can export values passed as parameters.
_EXPORT_TEMPLATE = {
    "Parameters": {name: {"Type": "String"} for name in EXPORTS},
    "Resources": {"Nothing": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
    "Outputs": {name: {"Value": {"Ref": name}, "Export": {"Name": name}} for name in EXPORTS},
}


def _create_embedded_prerequisites(aws: Aws) -> None:
    cognito = aws.client("cognito-idp")
    pool_id = cognito.create_user_pool(PoolName="contract-test-pool")["UserPool"]["Id"]
    cognito.create_resource_server(
        UserPoolId=pool_id,
        Identifier=RESOURCE_SERVER,
        Name=RESOURCE_SERVER,
        Scopes=[
            {"ScopeName": scope, "ScopeDescription": f"{scope} access"}
            for scope in RESOURCE_SERVER_SCOPES
        ],
    )
    values = {POOL_EXPORT: pool_id}
    aws.client("cloudformation").create_stack(
        StackName=SETUP_STACK,
        TemplateBody=json.dumps(_EXPORT_TEMPLATE),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()],
    )


def exported_values(aws: Aws) -> dict[str, str]:
    pages = aws.client("cloudformation").get_paginator("list_exports").paginate()
    return {export["Name"]: export["Value"] for page in pages for export in page["Exports"]}


TOKEN = re.compile(r"{{([^{}]+)}}")


def tokens_in(texts: Iterable[str]) -> set[str]:
    """The `{{Name}}` tokens used in these texts."""
    return {match.strip() for text in texts for match in TOKEN.findall(text)}


def prerequisites(aws: Aws, needed: Iterable[str]) -> dict[str, str]:
    """The exports inputs and events refer to: created when embedded, looked up when real.
    Only the `needed` ones must exist."""
    if aws.embedded:
        _create_embedded_prerequisites(aws)
    exports = exported_values(aws)
    missing = sorted(set(needed) & set(EXPORTS) - set(exports))
    if missing:
        raise HarnessError(
            f"No export {', '.join(missing)} in {aws.region}: deploy contract-test-setup.yaml "
            f"first (aws cloudformation deploy --template-file contract-test-setup.yaml "
            f"--stack-name {SETUP_STACK}); see guides/development.md"
        )
    return exports


def resolve_tokens(text: str, values: Mapping[str, str], source: str) -> str:
    """Replace `{{Name}}` tokens, as `cfn test` does with exports; unknown names are an error."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name not in values:
            raise HarnessError(f"{source}: unknown token {{{{{name}}}}}")
        return values[name]

    return TOKEN.sub(value, text)


# --- the function in the emulator --------------------------------------------------------------


def _sam_site_packages() -> Path:
    found = sorted(SAM_VENV.glob("lib/python*/site-packages"))
    if not found:
        raise HarnessError(f"{SAM_VENV} is missing: run `make contract` once to create it")
    return found[-1]


def emulator_binary() -> Path:
    arch = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}
    name = f"aws-lambda-rie-{arch.get(platform.machine().lower(), platform.machine())}"
    binary = _sam_site_packages() / "samcli" / "local" / "rapid" / name
    if not binary.exists():
        raise HarnessError(f"No Lambda emulator for this machine in aws-sam-cli: {binary}")
    return binary


@functools.cache
def runtime_client(python: str) -> Path:
    """awslambdaric for `python`, installed with --target once per Python version."""
    version = subprocess.run(  # noqa: S603  # the interpreter chosen above
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = SAM_VENV / f"lambda-runtime-{version}"
    stamp = target / ".requirements"
    wanted = RUNTIME_REQUIREMENTS.read_text()
    if not (stamp.exists() and stamp.read_text() == wanted):
        shutil.rmtree(target, ignore_errors=True)
        installed = subprocess.run(  # noqa: S603  # pip of that interpreter, pinned requirements
            [
                python,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
                str(target),
                "-r",
                str(RUNTIME_REQUIREMENTS),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if installed.returncode != 0:
            raise HarnessError(f"Installing the Lambda runtime client failed:\n{installed.stderr}")
        stamp.write_text(wanted)
    return target


@dataclass
class Function:
    """A function in the emulator, invoked through Lambda's Invoke API."""

    endpoint: str
    emulator: Server
    python: str

    def invoke(self, payload: Mapping[str, Any]) -> Any:
        """The function's response, once the emulator has printed the invocation's REPORT."""
        reported = len(self.reports())
        request = urllib.request.Request(  # noqa: S310  # http://127.0.0.1 only
            self.endpoint + INVOKE_PATH, data=json.dumps(payload).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=FUNCTION_TIMEOUT_SECONDS + 10) as answer:  # noqa: S310
            response = json.loads(answer.read())
        deadline = time.monotonic() + 5
        while len(self.reports()) == reported and time.monotonic() < deadline:
            time.sleep(0.001)
        return response

    def reports(self) -> list[str]:
        """The emulator's REPORT lines so far, one per invocation."""
        return [line for line in self.emulator.lines if line.startswith("REPORT")]


@contextlib.contextmanager
def lambda_function(
    aws: Aws, code: Path, handler: str = ENTRYPOINT, extra_path: Path | None = None
) -> Iterator[Function]:
    """The Runtime Interface Emulator running `handler` from `code` (and `extra_path`).

    Like Lambda: the runtime sees only the standard library, the runtime client and the package
    (`-S`, no site-packages); no .pyc is written into the code; the function's environment has
    no AWS credentials, so the handler can only use the caller credentials of the request.
    """
    python = lambda_python()
    client_dir = runtime_client(python)
    api_port, runtime_port = free_port(), free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "PYTHONPATH": ":".join(str(path) for path in (code, extra_path, client_dir) if path),
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(FUNCTION_TIMEOUT_SECONDS),
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(FUNCTION_MEMORY_MB),
        **{k: v for k, v in aws.env.items() if k not in DUMMY_CREDENTIALS},
    }
    command = [
        str(emulator_binary()),
        "--runtime-interface-emulator-address",
        f"127.0.0.1:{api_port}",
        "--runtime-api-address",
        f"127.0.0.1:{runtime_port}",
        python,
        "-S",
        "-m",
        "awslambdaric",
        handler,
    ]
    with server("lambda emulator", command, env, api_port, cwd=code) as emulator:
        yield Function(f"http://127.0.0.1:{api_port}", emulator, python)


# --- requests ----------------------------------------------------------------------------------


def caller_credentials(aws: Aws) -> dict[str, str]:
    """What CloudFormation puts in requestData.callerCredentials; never printed."""
    if aws.embedded:
        return {
            "accessKeyId": DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            "secretAccessKey": DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            "sessionToken": DUMMY_CREDENTIALS["AWS_SESSION_TOKEN"],
        }
    found = boto3.Session(region_name=aws.region).get_credentials()
    if found is None:
        raise HarnessError("AWS=real: no AWS credentials found in the usual places")
    frozen = found.get_frozen_credentials()
    return {
        "accessKeyId": frozen.access_key or "",
        "secretAccessKey": frozen.secret_key or "",
        "sessionToken": frozen.token or "",
    }


def handler_request(event: Mapping[str, Any], aws: Aws) -> dict[str, Any]:
    """An event as CloudFormation sends it: credentials and region filled in, the rest kept."""
    request_data = dict(event.get("requestData") or {})
    request_data["callerCredentials"] = caller_credentials(aws)
    return {
        "awsAccountId": "123456789012",
        "bearerToken": "harness-request",
        "resourceType": TYPE_NAME,
        **event,
        "region": aws.region,
        "requestData": request_data,
    }


def _masked_model(model: Any) -> Any:
    if isinstance(model, dict) and "ClientSecret" in model:
        return {**model, "ClientSecret": "****"}
    return model


def masked(response: Any) -> Any:
    """A progress event fit to print: every client secret replaced by ****."""
    if not isinstance(response, dict):
        return response
    shown = dict(response)
    if "resourceModel" in shown:
        shown["resourceModel"] = _masked_model(shown["resourceModel"])
    if isinstance(shown.get("resourceModels"), list):
        shown["resourceModels"] = [_masked_model(model) for model in shown["resourceModels"]]
    return shown
