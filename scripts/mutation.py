"""`make mutation [MODULE=rules]`: how many wrong handlers the in-process tests notice.

mutmut (pinned in requirements-dev.txt, configured in pyproject.toml) changes the handler package
one small edit at a time (a mutant) and runs the tests that cover the changed function; a mutant
is killed when a test fails. Some mutants cannot be told apart from the original by any test
(equivalent: the same behaviour written differently); they are listed, each with one line on why,
in tests/mutation-equivalents.txt, and the score of each module is

    killed / (mutants - equivalent)

A timeout counts as killed (the changed code never finished). mutmut 3.8 cannot mutate decorated
functions (the five handlers) or module-level tables and constants; tests pin those entry by
entry (see guides/development.md, "Test strength").
"""

import argparse
import collections
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "aws_cognito_userpoolclient"
EQUIVALENTS = ROOT / "tests" / "mutation-equivalents.txt"
TARGET = 0.90
RESULT = re.compile(rf"^\s*({PACKAGE}\.(\w+)\.\S+): (.+)$")
KILLED = {"killed", "timeout"}


def equivalents() -> dict[str, str]:
    """Mutant name -> why it is equivalent, from the list kept in the repository."""
    listed: dict[str, str] = {}
    for line in EQUIVALENTS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(":")
            if not reason.strip():
                raise SystemExit(f"{EQUIVALENTS.name}: {name} has no reason")
            listed[name.strip()] = reason.strip()
    return listed


def statuses() -> dict[str, tuple[str, str]]:
    """Mutant name -> (module, status), as mutmut recorded them."""
    shown = subprocess.run(  # noqa: S603  # our venv's mutmut
        [str(Path(sys.executable).parent / "mutmut"), "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        m.group(1): (m.group(2), m.group(3)) for m in map(RESULT.match, shown.splitlines()) if m
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--module", help="one module of the package, such as rules")
    parser.add_argument("--report-only", action="store_true", help="report the last run")
    args = parser.parse_args()
    if not args.report_only:
        pattern = f"{PACKAGE}.{args.module}.*" if args.module else f"{PACKAGE}.*"
        mutmut = str(Path(sys.executable).parent / "mutmut")
        env = {**os.environ, "HYPOTHESIS_PROFILE": "mutation"}  # few examples per mutant
        run = subprocess.run([mutmut, "run", pattern], cwd=ROOT, env=env, check=False)  # noqa: S603
        if run.returncode:  # such as the tests failing before any mutant was tried
            raise SystemExit(f"mutmut run failed (exit {run.returncode}): no score")
    listed = equivalents()
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    survivors: list[str] = []
    stale: list[str] = []
    recorded = statuses()
    for name, (module, status) in sorted(recorded.items()):
        if (args.module and module != args.module) or status == "not checked":
            continue
        # A test tells a listed one apart: not equivalent. (A timeout may be the machine's load.)
        if name in listed and status == "killed":
            stale.append(name)
        if name in listed:
            counts[module]["equivalent"] += 1
            continue
        counts[module]["all"] += 1
        if status in KILLED:
            counts[module]["killed"] += 1
        else:
            survivors.append(f"{name}: {status}")
    unknown = [name for name in listed if name not in recorded]
    print(f"{'module':14} {'killed':>7} {'of':>5} {'equivalent':>11} {'score':>7}")
    below = []
    for module, count in sorted(counts.items()):
        score = count["killed"] / count["all"] if count["all"] else 1.0
        below += [module] if score < TARGET else []
        print(
            f"{module:14} {count['killed']:7} {count['all']:5} {count['equivalent']:11}"
            f" {score:7.1%}"
        )
    for survivor in survivors:
        print(f"  survived: {survivor}")
    if unknown:
        print(f"{EQUIVALENTS.name}: {len(unknown)} listed mutants no longer exist: {unknown[:5]}")
    if stale:
        print(f"{EQUIVALENTS.name}: {len(stale)} listed mutants were killed: {stale[:5]}")
    if below or stale or unknown:
        raise SystemExit(f"below {TARGET:.0%}: {', '.join(below)}" if below else "stale list")


if __name__ == "__main__":
    main()
