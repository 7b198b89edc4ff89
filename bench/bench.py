"""`make bench`: AWS calls, warm and cold invocation time, list paging and package size.

Three handlers run side by side against one embedded AWS (moto_proxy): ours, a no-op handler on
the same library, and a straightforward handler that builds a boto3 client per invocation (both
in bench/reference/, not shipped). Each is timed through the Lambda emulator (its REPORT
Duration) and in this process (the entrypoint called directly), with the handlers taking turns
so that noise on this shared machine falls on all of them alike. Calls are counted in this
process, on the same code.

Two paths are measured. The caller path: requests with caller credentials only, as `cfn test`
and direct invokes send them. The registry path: requests that also carry provider credentials
and a log group, as every request to a type registered with a logging configuration does; there
the library delivers provider logs and metrics. Ours and the no-op run on both, in-process.

Cold start: the package as built (with bytecode) against the same package without bytecode, in
fresh Python 3.12 processes (import time, PYTHONDONTWRITEBYTECODE=1) and as the emulator's INIT
REPORT.

Linting: cfn-lint on a template of LINT_CLIENTS app clients of the private type, with the type's
registry schema, alone and with the provider's rules (cognito_userpoolclient_lint), taking turns:
what an editor pays on every save.

It prints one table and writes the same figures to bench/results.json. Compare the ratios, which
come from one run; absolute times depend on the machine. It is not a test.
"""

import argparse
import collections
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unittest.mock
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "src"), str(BENCH / "reference"), str(ROOT)]

import botocore.client
import lint_templates
import package
from cfn_project import TYPE_NAME, write_registry_schema
from lambda_harness import (
    ENTRYPOINT,
    POOL_EXPORT,
    Aws,
    Function,
    built_function,
    embedded_aws,
    handler_request,
    lambda_function,
    prerequisites,
    runtime_client,
    stop_on_sigterm,
)
from runtime_python import lambda_python

BUSY_POOL_STACKS = (30, 60)

HANDLERS = {
    "ours": ENTRYPOINT,
    "no-op": "noop_handler.resource",
    "fresh client": "fresh_client_handler.resource",
}
ACTIONS = ("CREATE", "READ", "UPDATE", "DELETE", "LIST")
LIST_POOL_SIZE = 1000
LIST_SIZES = (1000, 5000)
DURATION = re.compile(r"\tDuration: ([\d.]+) ms")
INIT_DURATION = re.compile(r"INIT REPORT\(durationMs: ([\d.]+)\)")
TARGET_WARM_READ = 1.3
TARGET_REGISTRY_READ = 3.0
TARGET_TELEMETRY_CALLS = 1
TARGET_COLD_IMPORT = 0.5
TARGET_PACKAGE_MB = 12.0
TARGET_REGISTRY_LIST = 3.0
TARGET_LINT = 1.5
LINT_CLIENTS = 50
LINT_RUNS = ("cfn-lint alone", "with the rules")
TELEMETRY_OPERATIONS = ("PutMetricData", "PutLogEvents", "CreateLogGroup", "CreateLogStream")
PROVIDER = {"providerLogGroupName": "bench-provider-logs"}

# Calls this process makes through botocore, by operation; the handlers run here for counting.
CALLS: collections.Counter[str] = collections.Counter()
BaseClient: Any = botocore.client.BaseClient  # patched below to count calls
_make_api_call = BaseClient._make_api_call


def _counted_api_call(self: Any, operation_name: str, api_params: Any) -> Any:
    CALLS[operation_name] += 1
    return _make_api_call(self, operation_name, api_params)


def summary(samples: list[float]) -> dict[str, float]:
    """Median and spread (the middle half: 25th to 75th percentile), in milliseconds."""
    quartiles = statistics.quantiles(samples, n=4) if len(samples) > 1 else samples * 3
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p25_ms": round(quartiles[0], 2),
        "p75_ms": round(quartiles[-1], 2),
        "n": len(samples),
    }


class Workload:
    """The events of each action, each against state that makes it succeed."""

    def __init__(self, aws: Aws, pool_id: str) -> None:
        self.cognito = aws.client("cognito-idp")
        self.pool_id = pool_id
        self.list_pool = self.cognito.create_user_pool(PoolName="bench-list")["UserPool"]["Id"]
        for number in range(10):
            self.new_client(self.list_pool, f"listed-{number}")
        self.read_client = self.new_client(pool_id, "bench-read")

    def new_client(self, pool_id: str, name: str) -> str:
        created = self.cognito.create_user_pool_client(UserPoolId=pool_id, ClientName=name)
        return str(created["UserPoolClient"]["ClientId"])

    def event(self, action: str) -> dict[str, Any]:
        """An event for one invocation; a delete gets a client of its own, made untimed."""
        pool, client = self.pool_id, self.read_client
        data: dict[str, Any] = {"logicalResourceId": "BenchClient"}
        if action == "CREATE":
            data["resourceProperties"] = {
                "UserPoolId": pool,
                "ClientName": "bench-create",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            }
        elif action == "READ":
            data["resourceProperties"] = {"UserPoolId": pool, "ClientId": client}
        elif action == "UPDATE":
            data["resourceProperties"] = {
                "UserPoolId": pool,
                "ClientId": client,
                "ClientName": "bench-read",
                "AccessTokenValidity": 2,
            }
            data["previousResourceProperties"] = {
                "UserPoolId": pool,
                "ClientId": client,
                "ClientName": "bench-read",
            }
        elif action == "DELETE":
            doomed = self.new_client(pool, "bench-delete")
            data["resourceProperties"] = {"UserPoolId": pool, "ClientId": doomed}
        else:
            data["resourceProperties"] = {"UserPoolId": self.list_pool}
        return {
            "action": action,
            "stackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/bench/0",
            "requestData": data,
        }


def in_process_handlers() -> dict[str, Callable[[Any, Any], Any]]:
    """The three entrypoints, imported into this process once the proxy settings are in place."""
    import fresh_client_handler
    import noop_handler

    from aws_cognito_userpoolclient import handlers

    return {
        "ours": handlers.resource,
        "no-op": noop_handler.resource,
        "fresh client": fresh_client_handler.resource,
    }


def check_success(response: Any, handler: str, action: str) -> None:
    if not isinstance(response, dict) or response.get("status") != "SUCCESS":
        raise SystemExit(f"bench: {handler} {action} did not succeed: {response}")


def emulator_duration(
    function: Function, event: Mapping[str, Any], name: str, action: str
) -> float:
    check_success(function.invoke(event), name, action)
    match = DURATION.search(function.reports()[-1])
    assert match, function.reports()[-1]
    return float(match.group(1))


def warm_times(
    aws: Aws, workload: Workload, functions: dict[str, Function], repeats: int
) -> dict[str, dict[str, Any]]:
    """Per action and handler: calls per invocation, emulator and in-process times."""
    entrypoints = in_process_handlers()
    results: dict[str, dict[str, Any]] = {}
    for action in ACTIONS:
        emulator: dict[str, list[float]] = {name: [] for name in HANDLERS}
        in_process: dict[str, list[float]] = {name: [] for name in HANDLERS}
        calls: dict[str, set[int]] = {name: set() for name in HANDLERS}
        for repeat in range(repeats + 2):  # the first two warm each handler up, untimed
            for name in HANDLERS:
                duration = emulator_duration(
                    functions[name], handler_request(workload.event(action), aws), name, action
                )
                event = handler_request(workload.event(action), aws)
                before = sum(CALLS.values())
                started = time.perf_counter()
                response = entrypoints[name](event, None)
                elapsed = (time.perf_counter() - started) * 1000
                check_success(response, name, action)
                calls[name].add(sum(CALLS.values()) - before)
                if repeat >= 2:
                    emulator[name].append(duration)
                    in_process[name].append(elapsed)
        results[action] = {
            name: {
                "cognito_calls": sorted(calls[name]),
                "emulator": summary(emulator[name]),
                "in_process": summary(in_process[name]),
            }
            for name in HANDLERS
        }
    return results


def bare_describe(workload: Workload, repeats: int) -> dict[str, float]:
    """One DescribeUserPoolClient from a client built beforehand: the floor of a read."""
    samples = []
    for _ in range(repeats + 2):
        started = time.perf_counter()
        workload.cognito.describe_user_pool_client(
            UserPoolId=workload.pool_id, ClientId=workload.read_client
        )
        samples.append((time.perf_counter() - started) * 1000)
    return summary(samples[2:])


def list_request(pool: str, token: str | None, aws: Aws) -> dict[str, Any]:
    """One page of a list, as CloudFormation asks for it."""
    event = {
        "action": "LIST",
        "nextToken": token,
        "requestData": {"resourceProperties": {"UserPoolId": pool}},
    }
    return handler_request(event, aws)


def list_everything(aws: Aws, workload: Workload, function: Function) -> dict[str, Any]:
    """Page through a pool of LIST_POOL_SIZE clients, through the emulator and in-process."""
    pool = workload.cognito.create_user_pool(PoolName="bench-list-1000")["UserPool"]["Id"]
    for number in range(LIST_POOL_SIZE):
        workload.new_client(pool, f"many-{number}")
    ours = in_process_handlers()["ours"]
    figures: dict[str, Any] = {}
    for where in ("emulator", "in_process"):
        seen: set[str] = set()
        token, pages, durations = None, 0, 0.0
        before = CALLS["ListUserPoolClients"]
        started = time.perf_counter()
        while True:
            event = list_request(pool, token, aws)
            if where == "emulator":
                response = function.invoke(event)
                match = DURATION.search(function.reports()[-1])
                durations += float(match.group(1)) if match else 0.0
            else:
                response = ours(event, None)
            check_success(response, "ours", "LIST")
            pages += 1
            seen |= {model["ClientId"] for model in response["resourceModels"]}
            token = response.get("nextToken")
            if not token:
                break
        wall = (time.perf_counter() - started) * 1000
        if len(seen) != LIST_POOL_SIZE:
            raise SystemExit(f"bench: listing found {len(seen)} of {LIST_POOL_SIZE} clients")
        figures[where] = {
            "pages": pages,
            "total_ms": round(durations if where == "emulator" else wall, 1),
        }
        if where == "in_process":
            figures["cognito_calls"] = CALLS["ListUserPoolClients"] - before
    figures["clients"] = LIST_POOL_SIZE
    return figures


def on_registry_path(request: dict[str, Any]) -> dict[str, Any]:
    """The request as a type registered with a logging configuration receives it."""
    data = dict(request["requestData"])
    data["providerCredentials"] = dict(data["callerCredentials"])
    data.update(PROVIDER)
    return {**request, "requestData": data}


def registry_reads(aws: Aws, workload: Workload, repeats: int) -> dict[str, Any]:
    """Warm reads in-process, ours and the no-op, on the caller and the registry path, in turns."""
    entrypoints = in_process_handlers()
    keys = [(name, path) for name in ("ours", "no-op") for path in ("caller", "registry")]
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in keys}
    calls: dict[tuple[str, str], set[int]] = {key: set() for key in keys}
    telemetry: dict[tuple[str, str], set[int]] = {key: set() for key in keys}
    for repeat in range(repeats + 2):  # the first two warm up (and create the log stream)
        for name, path in keys:
            request = handler_request(workload.event("READ"), aws)
            if path == "registry":
                request = on_registry_path(request)
            before = CALLS.copy()
            started = time.perf_counter()
            response = entrypoints[name](request, None)
            elapsed = (time.perf_counter() - started) * 1000
            check_success(response, f"{name} ({path} path)", "READ")
            if repeat >= 2:
                made = CALLS - before
                samples[name, path].append(elapsed)
                calls[name, path].add(sum(made.values()))
                telemetry[name, path].add(sum(made[op] for op in TELEMETRY_OPERATIONS))
    return {
        f"{name} {path}": {
            "in_process": summary(samples[name, path]),
            "aws_calls": sorted(calls[name, path]),
            "telemetry_calls": sorted(telemetry[name, path]),
        }
        for name, path in keys
    }


def list_paths(aws: Aws, workload: Workload) -> dict[str, Any]:
    """Paging through LIST_SIZES clients in-process, ours on both paths: calls and CPU time."""
    ours = in_process_handlers()["ours"]
    figures: dict[str, Any] = {}
    for size in LIST_SIZES:
        pool = workload.cognito.create_user_pool(PoolName=f"bench-paths-{size}")["UserPool"]["Id"]
        for number in range(size):
            workload.new_client(pool, f"paged-{number}")
        for path in ("caller", "registry"):
            token, pages, seen = None, 0, 0
            before = CALLS.copy()
            cpu, wall = time.process_time(), time.perf_counter()
            while True:
                request = list_request(pool, token, aws)
                if path == "registry":
                    request = on_registry_path(request)
                response = ours(request, None)
                check_success(response, f"ours ({path} path)", "LIST")
                pages += 1
                seen += len(response["resourceModels"])
                token = response.get("nextToken")
                if not token:
                    break
            made = CALLS - before
            if seen != size:
                raise SystemExit(f"bench: listing found {seen} of {size} clients")
            figures[f"{size} {path}"] = {
                "pages": pages,
                "cognito_calls": made["ListUserPoolClients"],
                "telemetry_calls": sum(made[op] for op in TELEMETRY_OPERATIONS),
                "cpu_s": round(time.process_time() - cpu, 3),
                "wall_ms": round((time.perf_counter() - wall) * 1000, 1),
            }
    return figures


def _holds(read: Any, desired: Any) -> bool:
    """Whether a read model holds every desired setting (lists as sets)."""
    if isinstance(desired, dict):
        return isinstance(read, dict) and all(_holds(read.get(k), v) for k, v in desired.items())
    if isinstance(desired, list):
        return isinstance(read, list) and sorted(desired) == sorted(read)
    return bool(read == desired)


def busy_pool(stacks: int, time_scale: float = 0.05) -> dict[str, Any]:
    """`stacks` stacks at once, each creating, updating, reading and deleting its own client in
    one pool, through the test suite's Cognito double that is busy as Cognito is (in-process).
    Waits are in CloudFormation's seconds (the callbacks' delays), slept `time_scale` as long."""
    import boto3
    from moto import mock_aws

    from aws_cognito_userpoolclient import handlers, operation
    from tests import moto_cognito
    from tests.busy_pool import BusyPools, Stacks
    from tests.events import event

    def invoke(action: str, properties: Any, **kwargs: Any) -> dict[str, Any]:
        response: dict[str, Any] = handlers.resource(event(action, properties, **kwargs), None)
        return response

    moto_cognito.extend()
    with mock_aws(), unittest.mock.patch("botocore.endpoint.time.sleep"):
        cognito = boto3.client("cognito-idp", region_name="us-east-1")
        pool = cognito.create_user_pool(PoolName="bench-busy")["UserPool"]["Id"]
        invoke("LIST", {"UserPoolId": pool})  # the provider's client, built before the threads
        run = Stacks(invoke, pool, count=stacks, time_scale=time_scale)
        started = time.perf_counter()
        # A write holds the pool 0.3 s of CloudFormation's time, about what Cognito's takes.
        with BusyPools(hold_seconds=0.3 * time_scale).installed() as busy:
            run.run()
        wall = time.perf_counter() - started
        left = cognito.list_user_pool_clients(UserPoolId=pool, MaxResults=60)["UserPoolClients"]
    writes = [o for o in run.outcomes if o.action != "READ"]
    exact = all(_holds(run.reads[stack], desired) for stack, desired in run.desired.items())
    return {
        "stacks": stacks,
        "operations": len(run.outcomes),
        "succeeded": sum(o.last["status"] == "SUCCESS" for o in run.outcomes),
        "invocations": sum(o.invocations for o in run.outcomes),
        "callbacks": sum(o.invocations - 1 for o in run.outcomes),
        "worst_wait_s": max(o.waited for o in writes),
        "median_wait_s": statistics.median(o.waited for o in writes),
        "budget_s": operation.budget_seconds("CREATE"),
        "refused_busy": busy.refused_busy,
        "refused_throttled": busy.refused_throttled,
        "reads_exact": exact,
        "clients_left": len(left),
        "errors": run.errors,
        "wall_s": round(wall, 1),
    }


def without_bytecode(code: Path, destination: Path) -> Path:
    """The same package with every .pyc taken out, as the cfn plugin alone would ship it."""
    shutil.copytree(code, destination, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return destination


IMPORT_TIME = (
    "import time; started = time.perf_counter(); "
    f"import {ENTRYPOINT.rsplit('.', 1)[0]}; print(time.perf_counter() - started)"
)


def cold_imports(packages: Mapping[str, Path], repeats: int) -> dict[str, Any]:
    """The handler module's import time in fresh Python 3.12 processes, the packages in turns."""
    python = lambda_python()
    samples: dict[str, list[float]] = {name: [] for name in packages}
    for repeat in range(repeats):
        order = list(packages) if repeat % 2 == 0 else list(reversed(list(packages)))
        for name in order:
            env = {"PATH": os.environ["PATH"], "PYTHONDONTWRITEBYTECODE": "1"}
            env["PYTHONPATH"] = str(packages[name])
            printed = subprocess.run(  # noqa: S603  # Python 3.12 importing our own package
                [python, "-S", "-c", IMPORT_TIME],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            samples[name].append(float(printed) * 1000)
    return paired(samples)


def paired(samples: dict[str, list[float]]) -> dict[str, Any]:
    """Summaries, and the median of the first's ratio to the second within each pair.

    On a shared machine the noise comes in bursts longer than a pair of starts, so the ratio is
    the median of the ratios within each pair, and each pair alternates which goes first.
    """
    first, second = samples
    pair_ratios = [a / b for a, b in zip(samples[first], samples[second], strict=True)]
    return {
        **{name: summary(values) for name, values in samples.items()},
        "pair_ratio_median": round(statistics.median(pair_ratios), 3),
    }


def cold_starts(
    aws: Aws, packages: Mapping[str, Path], workload: Workload, repeats: int
) -> dict[str, Any]:
    """INIT REPORT of a fresh emulator per start, the two packages back to back."""
    samples: dict[str, list[float]] = {name: [] for name in packages}
    for repeat in range(repeats):
        order = list(packages) if repeat % 2 == 0 else list(reversed(list(packages)))
        for name in order:
            with lambda_function(aws, packages[name], ENTRYPOINT) as function:
                event = handler_request(workload.event("READ"), aws)
                check_success(function.invoke(event), name, "READ")
                found = [m for line in function.emulator.lines if (m := INIT_DURATION.search(line))]
                samples[name].append(float(found[-1].group(1)))
    return paired(samples)


def package_size() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        return package.build(TYPE_NAME, Path(temporary)).archive.stat().st_size


def lint_times(repeats: int) -> dict[str, Any]:
    """cfn-lint on LINT_CLIENTS app clients, with the type's schema, without and with the rules."""
    clients = {
        f"Client{n}": {
            "Type": lint_templates.EXAMPLES_TYPE,
            "Properties": {
                "UserPoolId": {"Ref": "UserPool"},
                "ClientName": {"Fn::Sub": f"${{AWS::StackName}}-{n}"},
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "AllowedOAuthFlowsUserPoolClient": True,
                "AllowedOAuthFlows": ["code"],
                "AllowedOAuthScopes": ["openid", "email"],
                "CallbackURLs": [f"https://app{n}.example.com/callback"],
                "AccessTokenValidity": 30,
                "TokenValidityUnits": {"AccessToken": "minutes"},
            },
        }
        for n in range(LINT_CLIENTS)
    }
    template = {"Resources": {"UserPool": {"Type": "AWS::Cognito::UserPool"}, **clients}}
    # (the ratio of a pair is the first's to the second's: with the rules, to cfn-lint alone)
    samples: dict[str, list[float]] = {"with the rules": [], "cfn-lint alone": []}
    with tempfile.TemporaryDirectory() as temporary:
        stack = Path(temporary) / "clients.json"
        stack.write_text(json.dumps(template))
        schemas = write_registry_schema(lint_templates.EXAMPLES_TYPE, Path(temporary) / "s").parent
        runs = (("with the rules", True), ("cfn-lint alone", False))
        for repeat in range(repeats):
            for name, rules in runs if repeat % 2 == 0 else reversed(runs):
                command, env = lint_templates.cfn_lint(schemas, [stack], rules)
                start = time.perf_counter()
                ran = subprocess.run(  # noqa: S603  # this venv's cfn-lint
                    command, env=env, capture_output=True, check=False
                )
                samples[name].append((time.perf_counter() - start) * 1000)
                if ran.returncode != 0:
                    failed = (ran.stdout + ran.stderr)[-800:]
                    raise SystemExit(f"bench: cfn-lint {name} failed: {failed!r}")
    return {"clients": LINT_CLIENTS, **paired(samples)}


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    read = results["warm"]["READ"]
    bare = results["bare_describe"]["median_ms"]
    figures: dict[str, Any] = {}
    for where in ("emulator", "in_process"):
        floor = read["no-op"][where]["median_ms"] + bare
        figures[f"warm_read_{where}"] = {
            "value": round(read["ours"][where]["median_ms"] / floor, 2),
            "target": TARGET_WARM_READ,
            "formula": "ours read / (no-op read + bare DescribeUserPoolClient)",
        }
    reads = results["registry_reads"]
    figures["registry_warm_read"] = {
        "value": round(
            reads["ours registry"]["in_process"]["median_ms"]
            / reads["ours caller"]["in_process"]["median_ms"],
            2,
        ),
        "target": TARGET_REGISTRY_READ,
        "formula": "ours read, registry path / ours read, caller path (in-process)",
    }
    figures["registry_telemetry_calls"] = {
        "value": max(reads["ours registry"]["telemetry_calls"]),
        "target": TARGET_TELEMETRY_CALLS,
        "formula": "logs and metrics calls per warm read, registry path, Lambda's default level",
    }
    lists = results["list_paths"]
    figures["registry_list_5000"] = {
        "value": round(lists["5000 registry"]["cpu_s"] / lists["5000 caller"]["cpu_s"], 2),
        "target": TARGET_REGISTRY_LIST,
        "formula": "CPU paging 5,000 clients, registry path / caller path",
    }
    figures["cold_import"] = {
        "value": round(results["cold_import"]["pair_ratio_median"], 2),
        "target": TARGET_COLD_IMPORT,
        "formula": "handler import, package as built / same without bytecode (fresh Python 3.12)",
    }
    lint = results["lint"]
    figures["lint_50_clients"] = {
        "value": round(lint["pair_ratio_median"], 2),
        "target": TARGET_LINT,
        "formula": f"cfn-lint of {lint['clients']} clients with the rules / without them",
    }
    figures["package_mb"] = {
        "value": round(results["package_bytes"] / 1_000_000, 1),
        "target": TARGET_PACKAGE_MB,
        "formula": "registry package as stored, MB",
    }
    for figure in figures.values():
        figure["met"] = figure["value"] <= figure["target"]
    return figures


def table(results: dict[str, Any]) -> str:
    def spread(figure: dict[str, float]) -> str:
        return f"{figure['median_ms']:8.1f} ({figure['p25_ms']:.1f}-{figure['p75_ms']:.1f})"

    lines = [
        f"make bench, {results['date']}, {results['machine']}, {results['repeats']} repeats",
        "",
        "warm invocation, ms: median (25th-75th percentile)",
        f"{'action':8} {'handler':13} {'calls':>5}  {'emulator':>24}  {'in-process':>24}",
    ]
    for action, handlers in results["warm"].items():
        for name, figure in handlers.items():
            calls = ",".join(str(count) for count in figure["cognito_calls"])
            lines.append(
                f"{action:8} {name:13} {calls:>5}  {spread(figure['emulator']):>24}  "
                f"{spread(figure['in_process']):>24}"
            )
    bare, listed = results["bare_describe"], results["list_1000"]
    lines += [
        f"bare DescribeUserPoolClient from a built client: {spread(bare).strip()}",
        "",
        "warm read in-process, caller path (caller credentials only) and registry path (also",
        "provider credentials and a log group): ms, AWS calls, of which logs and metrics",
    ]
    for name, figure in results["registry_reads"].items():
        lines.append(
            f"  {name:16} {spread(figure['in_process']):>24}  calls "
            f"{','.join(map(str, figure['aws_calls']))}, logs+metrics "
            f"{','.join(map(str, figure['telemetry_calls']))}"
        )
    lines.append("list, ours in-process: pages, Cognito calls, logs+metrics calls, CPU s, wall ms")
    for name, figure in results["list_paths"].items():
        lines.append(
            f"  {name:16} {figure['pages']:5} {figure['cognito_calls']:5} "
            f"{figure['telemetry_calls']:5} {figure['cpu_s']:8.2f} {figure['wall_ms']:10.0f}"
        )
    lines.append(
        f"  {listed['clients']} caller through the emulator: {listed['emulator']['pages']} pages,"
        f" {listed['emulator']['total_ms']:.0f} ms"
    )
    for key, label in (("cold_import", "import in Python 3.12"), ("cold_start", "emulator INIT")):
        cold = results[key]
        lines.append(
            f"cold start, {label}, ms, {cold['built']['n']} each: "
            + ", ".join(f"{name} {spread(cold[name]).strip()}" for name in ("built", "no bytecode"))
            + f"; ratio {cold['pair_ratio_median']:.2f}"
        )
    lint = results["lint"]
    lines.append(
        f"cfn-lint of {lint['clients']} app clients, ms, {lint['cfn-lint alone']['n']} each: "
        + ", ".join(
            f"{name} {spread(lint[name]).strip()}" for name in ("cfn-lint alone", "with the rules")
        )
        + f"; ratio {lint['pair_ratio_median']:.2f}"
    )
    lines += [
        f"registry package: {results['package_bytes'] / 1_000_000:.1f} MB",
        "",
        "busy pool: stacks at once in one pool, each creating, updating, reading and deleting",
        "its own client; waits in CloudFormation's seconds (callback delays), budget per operation",
    ]
    for busy in results["busy_pool"]:
        lines.append(
            f"  {busy['stacks']:3} stacks: {busy['succeeded']}/{busy['operations']} operations"
            f" succeeded, {busy['invocations']} invocations, {busy['callbacks']} callbacks;"
            f" wait worst {busy['worst_wait_s']} s, median {busy['median_wait_s']} s"
            f" (budget {busy['budget_s']:.0f} s); refused busy {busy['refused_busy']}, throttled"
            f" {busy['refused_throttled']}; reads exact {busy['reads_exact']}, clients left"
            f" {busy['clients_left']}"
        )
    lines += ["", "ratios (target):"]
    for name, figure in results["ratios"].items():
        verdict = "met" if figure["met"] else "NOT MET"
        lines.append(
            f"  {name:22} {figure['value']:5.2f} (<= {figure['target']}) {verdict}: "
            f"{figure['formula']}"
        )
    return "\n".join(lines)


@contextlib.contextmanager
def functions_running(aws: Aws, code: Path) -> Iterator[dict[str, Function]]:
    with contextlib.ExitStack() as stack:
        yield {
            name: stack.enter_context(lambda_function(aws, code, handler, BENCH / "reference"))
            for name, handler in HANDLERS.items()
        }


def main() -> None:
    stop_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--cold-repeats", type=int, default=20)
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    args = parser.parse_args()
    code = built_function()
    runtime_client(lambda_python())  # pip must not go through the embedded AWS's proxy below
    results: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()} here",
        "repeats": args.repeats,
    }
    with (
        embedded_aws() as aws,
        unittest.mock.patch.dict(os.environ, aws.env),
        tempfile.TemporaryDirectory() as temporary,
    ):
        # in this process too, the handlers reach the embedded Cognito
        BaseClient._make_api_call = _counted_api_call
        workload = Workload(aws, prerequisites(aws, [POOL_EXPORT])[POOL_EXPORT])
        with functions_running(aws, code) as functions:
            results["runtime_python"] = functions["ours"].python
            results["warm"] = warm_times(aws, workload, functions, args.repeats)
            results["bare_describe"] = bare_describe(workload, args.repeats)
            results["list_1000"] = list_everything(aws, workload, functions["ours"])
        results["registry_reads"] = registry_reads(aws, workload, args.repeats)
        results["list_paths"] = list_paths(aws, workload)
        packages = {"built": code, "no bytecode": without_bytecode(code, Path(temporary) / "bare")}
        results["cold_import"] = cold_imports(packages, args.cold_repeats)
        results["cold_start"] = cold_starts(aws, packages, workload, args.cold_repeats)
    results["lint"] = lint_times(max(3, args.cold_repeats // 2))
    results["package_bytes"] = package_size()
    results["busy_pool"] = [busy_pool(stacks) for stacks in BUSY_POOL_STACKS]
    results["ratios"] = ratios(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
