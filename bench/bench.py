"""`make bench`: Cognito calls, warm and cold invocation time, list paging and package size.

Three handlers run side by side against one embedded Cognito (moto_proxy): ours, a no-op handler
on the same library, and a straightforward handler that builds a boto3 client per invocation
(both in bench/reference/, not shipped). Each is timed through the Lambda emulator (its REPORT
Duration) and in this process (the entrypoint called directly), with the handlers taking turns
so that noise on this shared machine falls on all of them alike. Calls are counted in this
process, on the same code. Cold start is the emulator's INIT REPORT, over fresh emulators.

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
import statistics
import sys
import tempfile
import time
import unittest.mock
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "src"), str(BENCH / "reference")]

import botocore.client
import package
from cfn_project import TYPE_NAME
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
    stop_on_sigterm,
)

HANDLERS = {
    "ours": ENTRYPOINT,
    "no-op": "noop_handler.resource",
    "fresh client": "fresh_client_handler.resource",
}
ACTIONS = ("CREATE", "READ", "UPDATE", "DELETE", "LIST")
LIST_POOL_SIZE = 1000
DURATION = re.compile(r"\tDuration: ([\d.]+) ms")
INIT_DURATION = re.compile(r"INIT REPORT\(durationMs: ([\d.]+)\)")
TARGET_WARM_READ = 1.3
TARGET_COLD_START = 1.1

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
            event = handler_request(
                {
                    "action": "LIST",
                    "nextToken": token,
                    "requestData": {"resourceProperties": {"UserPoolId": pool}},
                },
                aws,
            )
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


def cold_starts(aws: Aws, code: Path, workload: Workload, repeats: int) -> dict[str, Any]:
    """INIT REPORT of a fresh emulator per start, ours and the no-op back to back.

    On a shared machine the noise comes in bursts longer than a pair of starts, so the ratio is
    the median of the ratios within each pair, and each pair alternates which goes first.
    """
    samples: dict[str, list[float]] = {"ours": [], "no-op": []}
    for repeat in range(repeats):
        order = list(samples) if repeat % 2 == 0 else list(reversed(samples))
        for name in order:
            with lambda_function(aws, code, HANDLERS[name], BENCH / "reference") as function:
                event = handler_request(workload.event("READ"), aws)
                check_success(function.invoke(event), name, "READ")
                found = [m for line in function.emulator.lines if (m := INIT_DURATION.search(line))]
                samples[name].append(float(found[-1].group(1)))
    pair_ratios = [
        ours / noop for ours, noop in zip(samples["ours"], samples["no-op"], strict=True)
    ]
    return {
        **{name: summary(values) for name, values in samples.items()},
        "pair_ratio_median": round(statistics.median(pair_ratios), 3),
    }


def package_size() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        return package.build(TYPE_NAME, Path(temporary)).stat().st_size


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
    figures["cold_start"] = {
        "value": round(results["cold_start"]["pair_ratio_median"], 2),
        "target": TARGET_COLD_START,
        "formula": "ours Init Duration / no-op Init Duration, median over back-to-back pairs",
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
    bare, cold = results["bare_describe"], results["cold_start"]
    listed = results["list_1000"]
    lines += [
        f"bare DescribeUserPoolClient from a built client: {spread(bare).strip()}",
        "",
        f"cold start, emulator Init Duration, ms, {cold['ours']['n']} starts each: "
        + ", ".join(f"{name} {spread(cold[name]).strip()}" for name in ("ours", "no-op")),
        f"list {listed['clients']} clients: {listed['cognito_calls']} calls, "
        f"{listed['emulator']['pages']} pages, {listed['emulator']['total_ms']:.0f} ms in the "
        f"emulator, {listed['in_process']['total_ms']:.0f} ms in-process",
        f"registry package: {results['package_bytes'] / 1_000_000:.1f} MB",
        "",
        "ratios (target):",
    ]
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
    results: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()} here",
        "repeats": args.repeats,
    }
    with embedded_aws() as aws, unittest.mock.patch.dict(os.environ, aws.env):
        # in this process too, the handlers reach the embedded Cognito
        BaseClient._make_api_call = _counted_api_call
        workload = Workload(aws, prerequisites(aws, [POOL_EXPORT])[POOL_EXPORT])
        with functions_running(aws, code) as functions:
            results["runtime_python"] = functions["ours"].python
            results["warm"] = warm_times(aws, workload, functions, args.repeats)
            results["bare_describe"] = bare_describe(workload, args.repeats)
            results["list_1000"] = list_everything(aws, workload, functions["ours"])
        results["cold_start"] = cold_starts(aws, code, workload, args.cold_repeats)
    results["package_bytes"] = package_size()
    results["ratios"] = ratios(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
