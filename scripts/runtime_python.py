"""The Python the function runs on: Lambda's runtime (.rpdk-config's python312) when this machine
has it. The harness runs the function with it; `make package` compiles the package's bytecode
with exactly the release recorded here, so that the same source builds the same package."""

import contextlib
import functools
import os
import subprocess
import sys
from pathlib import Path

# The Python release that compiles the registry package's bytecode (any 3.12 loads it; one release
# makes the bytes the same on every machine). Change it knowingly: it changes every package.
BYTECODE_RELEASE = "3.12.1"


def release(python: str) -> str | None:
    """The release of a Python interpreter (such as 3.12.1), or None where none runs."""
    with contextlib.suppress(OSError):
        ran = subprocess.run(  # noqa: S603  # probing a Python interpreter
            [python, "-c", "import platform; print(platform.python_version())"],
            capture_output=True,
            text=True,
            check=False,
        )
        return ran.stdout.strip() if ran.returncode == 0 else None
    return None


def _runs(python: str) -> bool:
    found = release(python)
    return found is not None and found.startswith("3.12.")


def _candidates() -> list[str]:
    candidates = [os.environ.get("LAMBDA_PYTHON", ""), "python3.12"]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += [str(path) for path in sorted(pyenv_root.glob("versions/3.12*/bin/python3.12"))]
    return [candidate for candidate in candidates if candidate]


@functools.cache
def lambda_python() -> str:
    """Python 3.12, the runtime of .rpdk-config, when this machine has it; else this Python."""
    for candidate in _candidates():
        if _runs(candidate):
            return candidate
    return sys.executable


@functools.cache
def bytecode_python() -> str:
    """Python BYTECODE_RELEASE, which compiles the package; refused at once, saying what to do,
    when this machine has none."""
    for candidate in _candidates():
        if release(candidate) == BYTECODE_RELEASE:
            return candidate
    found = ", ".join(f"{c} ({release(c) or 'does not run'})" for c in _candidates())
    raise SystemExit(
        f"Python {BYTECODE_RELEASE} is needed: it compiles the package's bytecode for Lambda's"
        f" python3.12 runtime, and one release makes every build of a source the same (tried:"
        f" {found}). Install it (`pyenv install {BYTECODE_RELEASE}`, or python.org) and run again,"
        " or set LAMBDA_PYTHON to its python3.12"
    )
