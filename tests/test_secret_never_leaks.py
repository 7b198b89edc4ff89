"""The client secret never appears in a log record, an exception or a progress-event message."""

import logging
from typing import Any

import pytest

from .conftest import Invoke


def test_the_secret_is_in_no_log_record_nor_message(
    invoke: Invoke,
    pool_id: str,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)  # every record, the library's and botocore's included
    created = invoke("CREATE", {"UserPoolId": pool_id, "GenerateSecret": True})
    secret = created["resourceModel"]["ClientSecret"]
    assert secret
    ids = {"UserPoolId": pool_id, "ClientId": created["resourceModel"]["ClientId"]}
    responses: list[dict[str, Any]] = [
        created,
        invoke("READ", ids),
        invoke(
            "UPDATE",
            {**ids, "GenerateSecret": True, "AuthSessionValidity": 9},
            previous=created["resourceModel"],
        ),
        invoke("LIST", {"UserPoolId": pool_id}),
        # a failing update must not echo the secret it was sent in the previous state
        invoke("UPDATE", {**ids, "GenerateSecret": False}, previous=created["resourceModel"]),
    ]
    assert caplog.records, "nothing was logged: the test would prove nothing"
    for record in caplog.records:
        assert secret not in record.getMessage(), record.name
        assert secret not in str(record.exc_info), record.name
    for response in responses:
        assert secret not in response.get("message", "")
    printed = capsys.readouterr()
    assert secret not in printed.out
    assert secret not in printed.err
