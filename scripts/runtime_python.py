"""The Python the function runs on: Lambda's runtime (.rpdk-config's python312) when this machine
has it. `make package` compiles the package's bytecode for it, and the harness runs the function
with it."""

import contextlib
import functools
import os
import subprocess
import sys
from pathlib import Path


def _runs(python: str) -> bool:
    with contextlib.suppress(OSError):
        checked = subprocess.run(  # noqa: S603  # probing a Python interpreter
            [python, "-c", "import sys; sys.exit(sys.version_info[:2] != (3, 12))"],
            capture_output=True,
            check=False,
        )
        return checked.returncode == 0
    return False


@functools.cache
def lambda_python() -> str:
    """Python 3.12, the runtime of .rpdk-config, when this machine has it; else this Python."""
    candidates = [os.environ.get("LAMBDA_PYTHON", ""), "python3.12"]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += [str(path) for path in sorted(pyenv_root.glob("versions/3.12*/bin/python3.12"))]
    for candidate in filter(None, candidates):
        if _runs(candidate):
            return candidate
    return sys.executable
