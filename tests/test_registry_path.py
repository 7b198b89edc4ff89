"""The registry path: provider credentials and a log group on every request, as `cfn submit` sets.

Provider logs and metrics must cost about what the caller-only path costs: reused clients, one
PutMetricData and at most one PutLogEvents per invocation, no boto3 Session, no cyclic garbage;
and they must be what the library itself would deliver (names, namespace, dimensions, log group
and stream), which the parity test checks against the library's own classes.
"""

import gc
import logging
import time
from typing import Any

import boto3.session
import botocore.client
import pytest
from botocore.exceptions import ClientError
from cloudformation_cli_python_lib import log_delivery, metrics
from cloudformation_cli_python_lib import resource as library_resource

from aws_cognito_userpoolclient import client as client_module
from aws_cognito_userpoolclient import entrypoint, handlers, telemetry

from . import events
from .events import CALLER_CREDENTIALS, LOG_GROUP, PROVIDER_CREDENTIALS, event, registry_event

AWS_CALLS = ("PutMetricData", "PutLogEvents", "CreateLogGroup", "CreateLogStream")


class AwsCalls:
    """Every AWS call made in this process, with its parameters."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def named(self, *operations: str) -> list[tuple[str, dict[str, Any]]]:
        return [(name, params) for name, params in self.calls if name in operations]


@pytest.fixture
def aws_calls(monkeypatch: pytest.MonkeyPatch) -> AwsCalls:
    recorded = AwsCalls()
    base_client: Any = botocore.client.BaseClient
    make_api_call = base_client._make_api_call

    def recording(client: Any, operation: str, params: Any) -> Any:
        recorded.calls.append((operation, dict(params)))
        return make_api_call(client, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", recording)
    return recorded


@pytest.fixture
def root_logger() -> logging.Logger:
    """The root logger as Lambda leaves it (WARNING); conftest restores it afterwards."""
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    return root


@pytest.fixture
def client_id(cognito: Any, pool_id: str) -> str:
    created = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="registry")
    return str(created["UserPoolClient"]["ClientId"])


def read(pool_id: str, client_id: str) -> dict[str, Any]:
    response: dict[str, Any] = handlers.resource(
        registry_event("READ", {"UserPoolId": pool_id, "ClientId": client_id}), None
    )
    assert response["status"] == "SUCCESS", response.get("message")
    return response


def test_a_warm_read_sends_one_metrics_call_and_no_logs_at_lambdas_default_level(
    aws_calls: AwsCalls,
    root_logger: logging.Logger,
    pool_id: str,
    client_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read(pool_id, client_id)  # warm
    sessions: list[Any] = []
    original_init = boto3.session.Session.__init__

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        sessions.append(self)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(boto3.session.Session, "__init__", counting_init)
    aws_calls.calls.clear()
    read(pool_id, client_id)
    assert [name for name, _ in aws_calls.calls] == ["DescribeUserPoolClient", "PutMetricData"]
    (_, put), *_ = aws_calls.named("PutMetricData")
    names = [datum["MetricName"] for datum in put["MetricData"]]
    assert names == ["HandlerInvocationCount", "HandlerInvocationDuration"]
    assert sessions == []


def test_at_info_level_the_invocations_records_go_out_in_one_call(
    aws_calls: AwsCalls, root_logger: logging.Logger, pool_id: str, client_id: str
) -> None:
    root_logger.setLevel(logging.INFO)
    read(pool_id, client_id)
    aws_calls.calls.clear()
    read(pool_id, client_id)
    (_, put), *more = aws_calls.named("PutLogEvents")
    assert more == []
    assert put["logGroupName"] == LOG_GROUP
    assert any("read_handler: SUCCESS" in e["message"] for e in put["logEvents"])


def test_clients_are_reused_only_with_the_same_provider_credentials(
    root_logger: logging.Logger, pool_id: str, client_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[Any] = []
    send = telemetry.BufferedLogDelivery.send

    def sending(handler: telemetry.BufferedLogDelivery) -> None:
        used.append(handler.client)
        send(handler)

    monkeypatch.setattr(telemetry.BufferedLogDelivery, "send", sending)
    read(pool_id, client_id)
    read(pool_id, client_id)
    assert used[0] is not None
    assert used[1] is used[0]
    PROVIDER_CREDENTIALS["accessKeyId"] = "AKIDOTHER"
    try:
        read(pool_id, client_id)
    finally:
        PROVIDER_CREDENTIALS["accessKeyId"] = "AKIDPROVIDER"
    assert used[2] is not used[0]
    assert used[2]._request_signer._credentials.access_key == "AKIDOTHER"


def test_logs_and_metrics_are_signed_with_the_whole_provider_credentials(
    root_logger: logging.Logger, pool_id: str, client_id: str
) -> None:
    root_logger.setLevel(logging.INFO)
    signed: dict[str, set[tuple[str, str]]] = {}

    def record(**kwargs: Any) -> None:
        request = kwargs["request"]
        service = request.url.split("//")[1].split(".")[0]
        key = request.headers["Authorization"].decode().split("Credential=")[1].split("/")[0]
        token = request.headers.get("X-Amz-Security-Token", b"").decode()
        signed.setdefault(service, set()).add((key, token))

    session = client_module._BOTOCORE_SESSION
    session.register("before-send", record)
    try:
        read(pool_id, client_id)
    finally:
        session.unregister("before-send", record)
    provider = (PROVIDER_CREDENTIALS["accessKeyId"], PROVIDER_CREDENTIALS["sessionToken"])
    assert signed["logs"] == signed["monitoring"] == {provider}
    assert signed["cognito-idp"] == {
        (CALLER_CREDENTIALS["accessKeyId"], CALLER_CREDENTIALS["sessionToken"])
    }


def test_metrics_and_log_events_are_the_librarys_own(
    aws_calls: AwsCalls,
    root_logger: logging.Logger,
    pool_id: str,
    client_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root_logger.setLevel(logging.INFO)
    delivered: dict[str, Any] = {}
    for path in ("ours", "library"):
        if path == "library":
            monkeypatch.setattr(entrypoint, "TELEMETRY_REPLACEMENTS", ())
            root_logger.handlers[:] = [
                h for h in root_logger.handlers if not isinstance(h, telemetry.BufferedLogDelivery)
            ]
        read(pool_id, client_id)  # the first creates the log stream
        aws_calls.calls.clear()
        read(pool_id, client_id)
        metric_calls = aws_calls.named("PutMetricData")
        logs = aws_calls.named("PutLogEvents")
        delivered[path] = {
            "namespaces": {params["Namespace"] for _, params in metric_calls},
            "metrics": sorted(
                (d["MetricName"], str(d["Dimensions"]), d["Unit"])
                for _, params in metric_calls
                for d in params["MetricData"]
            ),
            "streams": {(p["logGroupName"], p["logStreamName"]) for _, p in logs},
            "messages": [e["message"] for _, p in logs for e in p["logEvents"]],
            "calls": len(metric_calls) + len(logs),
        }
    # outside this resource's invocations, the library keeps its own classes
    assert library_resource.ProviderLogHandler is log_delivery.ProviderLogHandler  # type: ignore[attr-defined]
    assert metrics.MetricsPublisher is telemetry.BatchedMetricsPublisher.__bases__[0]
    ours, library = delivered["ours"], delivered["library"]
    assert library["calls"] > ours["calls"] == 2
    for key in ("namespaces", "metrics", "streams", "messages"):
        assert ours[key] == library[key], key
    assert ours["streams"] == {
        (LOG_GROUP, event("READ", {})["stackId"].replace(":", "__") + "/AppClient")
    }


# Per-invocation objects of these modules in a reference cycle are what the library leaves (about
# 30,000 per warm invocation on this path); moto's own request objects are not counted.
PROVIDER_SIDE = (
    "boto3",
    "botocore.session",
    "botocore.configprovider",
    "botocore.model",
    "botocore.hooks",
    "cloudformation_cli_python_lib",
    "aws_cognito_userpoolclient",
)


def test_an_invocation_leaves_no_cyclic_garbage(
    root_logger: logging.Logger, pool_id: str, client_id: str
) -> None:
    for _ in range(3):
        read(pool_id, client_id)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.disable()
    try:
        for _ in range(10):
            read(pool_id, client_id)
        gc.collect()
        ours = [o for o in gc.garbage if type(o).__module__.startswith(PROVIDER_SIDE)]
        total = len(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert ours == []
    assert total < 10 * 100, total  # moto's side of each call only


def test_a_new_log_group_and_stream_are_made_once_and_events_carry_their_time(
    aws_calls: AwsCalls,
    root_logger: logging.Logger,
    pool_id: str,
    client_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root_logger.setLevel(logging.INFO)
    monkeypatch.setattr(events, "LOG_GROUP", "a-group-never-seen")
    before = int(time.time() * 1000)
    read(pool_id, client_id)
    after = int(time.time() * 1000) + 1
    assert [name for name, _ in aws_calls.named(*AWS_CALLS) if name != "PutMetricData"] == [
        "PutLogEvents",
        "CreateLogGroup",
        "CreateLogStream",
        "PutLogEvents",
    ]
    (_, put) = aws_calls.named("PutLogEvents")[-1]
    assert put["logGroupName"] == "a-group-never-seen"
    assert all(before <= e["timestamp"] <= after for e in put["logEvents"])
    aws_calls.calls.clear()
    read(pool_id, client_id)
    assert [
        name for name, _ in aws_calls.named("PutLogEvents", "CreateLogGroup", "CreateLogStream")
    ] == ["PutLogEvents"]


def test_a_request_without_the_optional_envelope_fields_is_answered(
    pool_id: str, client_id: str
) -> None:
    request = event("READ", {"UserPoolId": pool_id, "ClientId": client_id})
    for field in ("awsAccountId", "bearerToken", "region", "stackId", "resourceType", "nextToken"):
        del request[field]
    response = handlers.resource(request, None)
    assert response["status"] == "SUCCESS", response.get("message")


@pytest.mark.parametrize(
    "credentials",
    [
        {"accessKeyId": "AKIDONLY"},
        {"secretAccessKey": "s"},
        {"accessKeyId": "", "secretAccessKey": "s"},
    ],
)
def test_caller_credentials_without_both_keys_are_named(
    pool_id: str, client_id: str, credentials: dict[str, str]
) -> None:
    request = event("READ", {"UserPoolId": pool_id, "ClientId": client_id})
    request["requestData"]["callerCredentials"] = credentials
    response = handlers.resource(request, None)
    assert response["errorCode"] == "InvalidCredentials"
    assert response["message"] == "The request carries no caller credentials."


@pytest.fixture
def regions(monkeypatch: pytest.MonkeyPatch) -> dict[str, set[str]]:
    """The region of every logs and metrics client built."""
    built: dict[str, set[str]] = {}
    make = client_module.service_client

    def recording(service: str, region: str | None, *args: Any, **kwargs: Any) -> Any:
        client = make(service, region, *args, **kwargs)
        built.setdefault(service, set()).add(client.meta.region_name)
        return client

    monkeypatch.setattr(telemetry, "service_client", recording)
    return built


def test_logs_and_metrics_go_to_the_requests_region(
    aws_calls: AwsCalls, root_logger: logging.Logger, regions: dict[str, set[str]]
) -> None:
    root_logger.setLevel(logging.INFO)
    request = registry_event("READ", {"UserPoolId": "eu-west-1_Ab1", "ClientId": "c1"})
    request["region"] = "eu-west-1"
    handlers.resource(request, None)
    assert regions == {"logs": {"eu-west-1"}, "cloudwatch": {"eu-west-1"}}


def test_without_a_resource_type_no_log_is_delivered(
    aws_calls: AwsCalls, root_logger: logging.Logger, pool_id: str, client_id: str
) -> None:
    root_logger.setLevel(logging.INFO)
    request = registry_event("READ", {"UserPoolId": pool_id, "ClientId": client_id})
    del request["resourceType"]
    assert handlers.resource(request, None)["status"] == "SUCCESS"
    assert aws_calls.named("PutLogEvents") == []


def test_without_a_logical_id_the_stream_is_named_for_the_account_and_region(
    aws_calls: AwsCalls, root_logger: logging.Logger, pool_id: str, client_id: str
) -> None:
    root_logger.setLevel(logging.INFO)
    request = registry_event("READ", {"UserPoolId": pool_id, "ClientId": client_id})
    del request["requestData"]["logicalResourceId"]
    handlers.resource(request, None)
    streams = {params["logStreamName"] for _, params in aws_calls.named("PutLogEvents")}
    assert streams == {"123456789012-us-east-1"}


def test_one_log_handler_and_one_filter_for_every_invocation(
    root_logger: logging.Logger, pool_id: str, client_id: str
) -> None:
    platform = logging.StreamHandler()  # Lambda's own handler
    root_logger.handlers[:] = [platform]
    for _ in range(3):
        read(pool_id, client_id)
    assert [type(h) for h in root_logger.handlers] == [
        logging.StreamHandler,
        telemetry.BufferedLogDelivery,
    ]
    # the provider's own records go to the provider's log, not to the platform's
    assert len(platform.filters) == 1
    ours = logging.makeLogRecord({"name": "aws_cognito_userpoolclient.operations"})
    assert not platform.filter(ours)
    assert platform.filter(logging.makeLogRecord({"name": "botocore.hooks"}))


def test_telemetry_that_cannot_be_delivered_is_said_so_and_never_fails_the_read(
    pool_id: str,
    client_id: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied"}}, "PutMetricData")

    make = client_module.service_client

    def failing(service: str, *args: Any, **kwargs: Any) -> Any:
        client = make(service, *args, **kwargs)
        if service == "cloudwatch":
            monkeypatch.setattr(client, "put_metric_data", refuse)
        return client

    monkeypatch.setattr(telemetry, "service_client", failing)
    assert read(pool_id, client_id)["status"] == "SUCCESS"
    assert capsys.readouterr().out.strip().endswith("provider telemetry not delivered: ClientError")


def test_an_existing_log_group_or_stream_is_no_failure() -> None:
    def exists(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "ResourceAlreadyExistsException"}}, "CreateLogStream")

    def denied(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDeniedException"}}, "CreateLogStream")

    telemetry._ignore_existing(exists, logGroupName="g")
    with pytest.raises(ClientError):
        telemetry._ignore_existing(denied, logGroupName="g")
