"""The contract harness and the local invoke, run as a user runs them; no process outlives them."""

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# A process belongs to a harness run of this checkout when it runs from or on these folders.
MARKERS = [str(ROOT / name).encode() for name in (".venv/", ".venv-sam/", "build")]


PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def _parent(pid: str) -> int | None:
    try:
        stat = (Path("/proc") / pid / "stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def descendants() -> set[int]:
    """Processes below this one: with it as child subreaper, orphans of its runs stay below it."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            parent = _parent(proc.name)
            if parent is not None:
                children.setdefault(parent, []).append(int(proc.name))
    found, stack = set(), [os.getpid()]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def harness_processes() -> set[int]:
    """This test's own processes of the checkout's tools (moto_proxy, emulator, runtime, cfn).

    Only descendants count, so a `make demo` or an editor in another terminal is never blamed.
    """
    found = set()
    for pid in descendants():
        proc = Path("/proc") / str(pid)
        try:
            seen = (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes()
        except OSError:
            continue
        if any(marker in seen for marker in MARKERS):
            found.add(pid)
    return found


@pytest.fixture
def no_process_left() -> Iterator[None]:
    # A server that outlives the command that started it would be re-parented to init and lost
    # from view; as a subreaper, this process adopts it instead.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    before = harness_processes()
    yield
    left = harness_processes() - before
    assert not left, f"processes left running: {sorted(left)}"


def copy_sets(destination: Path, renumbered: dict[int, int]) -> Path:
    destination.mkdir()
    for old, new in renumbered.items():
        for kind in ("create", "update", "invalid"):
            shutil.copy(
                ROOT / "inputs" / f"inputs_{old}_{kind}.json",
                destination / f"inputs_{new}_{kind}.json",
            )
    return destination


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # the project's own commands
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.mark.usefixtures("no_process_left")
def test_make_contract_runs_a_copied_inputs_folder(tmp_path: Path) -> None:
    inputs = copy_sets(tmp_path / "my-inputs", {4: 9})
    result = run("make", "--no-print-directory", "contract", f"INPUTS={inputs}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{inputs}/inputs_9: passed" in result.stdout
    assert "11 passed" in result.stdout
    assert "contract: 1 of 1 input sets passed (embedded AWS)" in result.stdout


@pytest.mark.usefixtures("no_process_left")
def test_a_failing_run_reports_every_set_and_stops_its_processes(tmp_path: Path) -> None:
    inputs = copy_sets(tmp_path / "broken", {1: 1, 2: 2})
    # set 1: an "invalid" input that is valid; set 2: a create input the handler must refuse
    (inputs / "inputs_1_invalid.json").write_text(
        '{"UserPoolId": "{{UserPoolClientContractTestPoolId}}"}'
    )
    create = json.loads((inputs / "inputs_2_create.json").read_text())
    (inputs / "inputs_2_create.json").write_text(json.dumps({**create, "AuthSessionValidity": 99}))
    result = run(sys.executable, "scripts/contract.py", "--inputs", str(inputs))
    assert result.returncode == 1
    assert "inputs_1_invalid.json: a create left client(s)" in result.stdout
    assert f"{inputs}/inputs_2: FAILED" in result.stdout
    assert (
        "inputs_2_create.json sent as a create: FAILED InvalidRequest: Invalid properties: "
        "AuthSessionValidity: 99 is more than 15 (maximum)"
    ) in result.stdout
    assert "contract: 0 of 2 input sets passed" in result.stdout


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
@pytest.mark.usefixtures("no_process_left")
def test_an_interrupted_run_stops_its_processes(tmp_path: Path, stop: signal.Signals) -> None:
    inputs = copy_sets(tmp_path / "inputs", {1: 1})
    process = subprocess.Popen(  # noqa: S603  # the project's own script
        [sys.executable, "scripts/contract.py", "--inputs", str(inputs)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:  # wait until the emulator and moto_proxy are up
        if line.startswith("contract: the handler runs in the Lambda emulator"):
            break
    process.send_signal(stop)
    process.communicate(timeout=60)
    assert process.returncode != 0


@pytest.mark.usefixtures("no_process_left")
def test_make_invoke_prints_the_response_with_the_secret_masked(tmp_path: Path) -> None:
    event = json.loads((ROOT / "events" / "create.json").read_text())
    properties = event["requestData"]["resourceProperties"]
    properties.update(GenerateSecret=True, ClientName="invoke-secret-client")
    (tmp_path / "secret.json").write_text(json.dumps(event))
    result = run("make", "--no-print-directory", "invoke", f"EVENT={tmp_path / 'secret.json'}")
    assert result.returncode == 0, result.stdout + result.stderr
    response = json.loads(result.stdout[result.stdout.index("{") :])
    assert response["status"] == "SUCCESS"
    assert response["resourceModel"]["ClientName"] == "invoke-secret-client"
    assert response["resourceModel"]["ClientSecret"] == "****"
    assert "REPORT RequestId" in result.stderr


def test_make_invoke_names_a_bad_event_before_starting_anything(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"requestData": {}}')
    result = run(sys.executable, "scripts/invoke.py", str(tmp_path / "bad.json"))
    assert result.returncode == 1
    assert "must be a JSON object with an action" in result.stderr
