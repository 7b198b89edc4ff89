"""moto_proxy with the test suite's extension of moto's Cognito backend (tests/moto_cognito.py).

The contract harness runs the handler against this proxy, so the input sets meet the same Cognito
as the in-process tests: creation dates, updates that reset, and the 2026 secret operations.
Arguments are moto_proxy's own (`-H 127.0.0.1 -p PORT`).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The extension reads the provider's own lists (the flows and scope Cognito documents).
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from moto.proxy import main

from tests import moto_cognito

if __name__ == "__main__":
    moto_cognito.extend()
    main()
