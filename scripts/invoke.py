"""`make invoke EVENT=events/create.json`: one event through the handler in the Lambda emulator.

Like `sam local invoke TypeFunction -e EVENT`, without Docker: the event goes to the built package
in the emulator, Cognito is embedded, and the handler's response is printed (client secret
masked), then the emulator's REPORT line. The event carries no credentials: the invoke fills in
the embedded ones. `{{UserPoolClientContractTestPoolId}}` is a user pool made for the run and
`{{ExistingClientId}}` an app client already in it, for read, update and delete events.
"""

import argparse
import json
import sys
from pathlib import Path

from lambda_harness import (
    POOL_EXPORT,
    HarnessError,
    built_function,
    embedded_aws,
    handler_request,
    lambda_function,
    masked,
    prerequisites,
    resolve_tokens,
    stop_on_sigterm,
    tokens_in,
)

EXISTING_CLIENT_TOKEN = "ExistingClientId"


def read_event(path: Path) -> str:
    """The event's text, once it is known to be one JSON object with an action."""
    try:
        text = path.read_text()
        event = json.loads(text)
    except OSError as error:
        raise HarnessError(f"EVENT={path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise HarnessError(f"EVENT={path}: not valid JSON ({error})") from None
    if not isinstance(event, dict) or "action" not in event:
        raise HarnessError(f"EVENT={path}: must be a JSON object with an action, as in events/")
    return text


def main() -> None:
    stop_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("event", type=Path)
    args = parser.parse_args()
    text = read_event(args.event)
    code = built_function()
    with embedded_aws() as aws:
        values = prerequisites(aws, tokens_in([text]))
        existing = aws.client("cognito-idp").create_user_pool_client(
            UserPoolId=values[POOL_EXPORT], ClientName="existing-client"
        )
        values[EXISTING_CLIENT_TOKEN] = existing["UserPoolClient"]["ClientId"]
        event = json.loads(resolve_tokens(text, values, str(args.event)))
        with lambda_function(aws, code) as function:
            response = function.invoke(handler_request(event, aws))
            print(json.dumps(masked(response), indent=2, sort_keys=True))
            print("\n".join(function.reports()), file=sys.stderr)
    if isinstance(response, dict) and "errorType" in response:
        raise SystemExit(1)  # the function itself failed, not the handler's request


if __name__ == "__main__":
    main()
