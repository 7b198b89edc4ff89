"""`make contract [INPUTS=dir] [AWS=real REGION=...]`: the contract test suite on every input set.

The handler package runs in the Lambda emulator; Cognito is embedded (moto) unless AWS=real.
Each inputs_N set runs through the real `cfn test` on its own, in a temporary copy of the
project whose inputs/ holds that set alone: `cfn test` stops at the first failing set and
silently at the first gap in the numbering, so one run per set reports every set. Then the
set's invalid input is sent as a create: it must fail with InvalidRequest and leave no client.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cfn_project import ROOT, SCHEMA_FILE, copy_project
from lambda_harness import (
    POOL_EXPORT,
    Aws,
    Function,
    HarnessError,
    built_function,
    embedded_aws,
    handler_request,
    lambda_function,
    prerequisites,
    real_aws,
    resolve_tokens,
    stop_on_sigterm,
    tokens_in,
)

INPUT_FILE = re.compile(r"inputs_(\d+)_(create|update|invalid)\.json")
KINDS = ("create", "update", "invalid")
PYTEST_SUMMARY = re.compile(r"^=+ (.+ in [\d.]+s.*?) =+$")


def input_sets(folder: Path) -> dict[int, dict[str, Path]]:
    """The input sets of a folder, each with its three files; every problem named at once."""
    if not folder.is_dir():
        raise HarnessError(f"INPUTS={folder}: no such folder")
    sets: dict[int, dict[str, Path]] = {}
    problems = []
    for path in sorted(folder.glob("*.json")):
        match = INPUT_FILE.fullmatch(path.name)
        if not match:
            problems.append(f"{path.name} is not named inputs_N_create|update|invalid.json")
            continue
        try:
            content = json.loads(path.read_text())
        except json.JSONDecodeError as error:
            problems.append(f"{path.name} is not valid JSON ({error})")
            continue
        if not isinstance(content, dict):
            problems.append(f"{path.name} must hold one JSON object of resource properties")
        sets.setdefault(int(match.group(1)), {})[match.group(2)] = path
    for number, files in sorted(sets.items()):
        missing = [kind for kind in KINDS if kind not in files]
        problems += [f"inputs_{number}_{kind}.json is missing" for kind in missing]
    if not sets and not problems:
        problems.append("no inputs_N_create.json, inputs_N_update.json, inputs_N_invalid.json")
    if problems:
        raise HarnessError(f"INPUTS={folder}: " + "; ".join(problems))
    return dict(sorted(sets.items()))


@dataclass
class SetResult:
    number: int
    suite_passed: bool
    suite_summary: str
    suite_output: str
    invalid_problem: str | None

    @property
    def passed(self) -> bool:
        return self.suite_passed and self.invalid_problem is None


def enforced_timeout_seconds() -> int:
    """`cfn test --enforce-timeout N` for the schema: N seconds for read and list, 2N for create,
    update and delete, whose `timeoutInMinutes` the handler waits within."""
    schema = json.loads((ROOT / SCHEMA_FILE).read_text())
    minutes = [
        schema["handlers"][action]["timeoutInMinutes"] for action in ("create", "update", "delete")
    ]
    return int(min(minutes)) * 60 // 2


def run_suite(aws: Aws, function: Function, files: dict[str, Path]) -> tuple[bool, str, str]:
    """`cfn test` on one input set: passed, the pytest summary line, the whole output."""
    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary))
        (project / "inputs").mkdir()
        for kind, path in files.items():
            shutil.copy(path, project / "inputs" / f"inputs_1_{kind}.json")
        command = [
            str(Path(sys.executable).parent / "cfn"),
            "test",
            "--endpoint",
            function.endpoint,
            "--function-name",
            "function",
            "--region",
            aws.region,
            "--enforce-timeout",
            str(enforced_timeout_seconds()),
        ]
        result = subprocess.run(  # noqa: S603  # our venv's cfn, arguments built here
            command,
            cwd=project,
            env={**os.environ, **aws.env},
            capture_output=True,
            text=True,
            check=False,
        )
    output = result.stdout + result.stderr
    summaries = [m.group(1) for line in output.splitlines() if (m := PYTEST_SUMMARY.match(line))]
    summary = summaries[-1] if summaries else "no pytest summary"
    return result.returncode == 0, summary, output


def _client_ids(aws: Aws, pool_id: str) -> set[str]:
    pages = aws.client("cognito-idp").get_paginator("list_user_pool_clients")
    return {
        client["ClientId"]
        for page in pages.paginate(UserPoolId=pool_id, MaxResults=60)
        for client in page["UserPoolClients"]
    }


def create_with(
    aws: Aws, function: Function, path: Path, exports: dict[str, str]
) -> tuple[dict[str, Any], set[str]]:
    """Send an input file as a create: the handler's response and the clients it left."""
    properties = json.loads(resolve_tokens(path.read_text(), exports, path.name))
    pool_id = exports[POOL_EXPORT]
    before = _client_ids(aws, pool_id)
    event = {
        "action": "CREATE",
        "requestData": {"resourceProperties": properties, "logicalResourceId": "Harness"},
    }
    response: dict[str, Any] = function.invoke(handler_request(event, aws))
    return response, _client_ids(aws, pool_id) - before


def check_invalid(aws: Aws, function: Function, path: Path, exports: dict[str, str]) -> str | None:
    """None when the invalid input, sent as a create, fails with InvalidRequest and no client."""
    response, created = create_with(aws, function, path, exports)
    if created:
        return f"{path.name}: a create left client(s) {', '.join(sorted(created))} behind"
    if response.get("status") != "FAILED" or response.get("errorCode") != "InvalidRequest":
        return (
            f"{path.name}: expected FAILED with InvalidRequest, got "
            f"{response.get('status')} {response.get('errorCode', '')}".rstrip()
        )
    return None


def diagnose_create(aws: Aws, function: Function, path: Path, exports: dict[str, str]) -> str:
    """Why a set failed, when its create input is refused: the suite shows only the status."""
    response, created = create_with(aws, function, path, exports)
    cognito = aws.client("cognito-idp")
    for client_id in created:
        cognito.delete_user_pool_client(UserPoolId=exports[POOL_EXPORT], ClientId=client_id)
    if response.get("status") == "SUCCESS":
        return f"{path.name} alone creates a client; the cfn test output above says what failed"
    return (
        f"{path.name} sent as a create: {response.get('status')} "
        f"{response.get('errorCode', '')}: {response.get('message', '')}"
    )


def run_set(
    aws: Aws, function: Function, number: int, files: dict[str, Path], exports: dict[str, str]
) -> SetResult:
    passed, summary, output = run_suite(aws, function, files)
    if not passed:
        output += "\n" + diagnose_create(aws, function, files["create"], exports)
    problem = check_invalid(aws, function, files["invalid"], exports)
    return SetResult(number, passed, summary, output, problem)


def report(result: SetResult, folder: Path) -> None:
    invalid = result.invalid_problem or "rejected with InvalidRequest, nothing created"
    verdict = "passed" if result.passed else "FAILED"
    print(f"{folder}/inputs_{result.number}: {verdict}")
    print(f"    cfn test: {result.suite_summary}")
    print(f"    invalid create: {invalid}", flush=True)
    if not result.suite_passed:
        print(result.suite_output, flush=True)


def main() -> None:
    stop_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inputs", type=Path, default=ROOT / "inputs")
    parser.add_argument("--aws", choices=("embedded", "real"), default="embedded")
    parser.add_argument("--region", default="")
    args = parser.parse_args()
    sets = input_sets(args.inputs)  # before anything starts, so a typo costs nothing
    code = built_function()
    where: AbstractContextManager[Aws] = (
        embedded_aws(args.region or "us-east-1")
        if args.aws == "embedded"
        else nullcontext(real_aws(args.region or None))
    )
    with where as aws:
        texts = [path.read_text() for files in sets.values() for path in files.values()]
        exports = prerequisites(aws, tokens_in(texts))
        with lambda_function(aws, code) as function:
            print(f"contract: the handler runs in the Lambda emulator on {function.python}")
            results = []
            for number, files in sets.items():
                results.append(run_set(aws, function, number, files, exports))
                report(results[-1], args.inputs)
    passed = sum(result.passed for result in results)
    print(f"contract: {passed} of {len(results)} input sets passed ({args.aws} AWS)")
    if passed != len(results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
