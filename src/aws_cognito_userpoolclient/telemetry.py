"""Provider logs and metrics on the registry path, at the cost of the caller path.

A type registered with a logging configuration gets `providerCredentials` and
`providerLogGroupName` on every request. cloudformation-cli-python-lib 2.1.20 then builds a boto3
Session, a CloudWatch Logs client and a CloudWatch client per invocation (each parses its service
model again), sends one PutMetricData per metric and one PutLogEvents per log record, and leaves
those objects in reference cycles. The two replacements here keep what the registry relies on:

- `BatchedMetricsPublisher` is the library's `MetricsPublisher`, so the metric names, namespace,
  dimensions and units are the library's own; it collects the invocation's metrics instead of
  sending each, and `flush` sends them in one PutMetricData.
- `BufferedLogDelivery` stands in for `ProviderLogHandler`: the same log group and stream and the
  same filter on the platform's log handler, but records are held until `flush` sends them in one
  PutLogEvents. At Lambda's default level (WARNING) the handlers log nothing, so nothing is sent.

Clients come from the provider's long-lived botocore session (see client.py) and are reused only
by a request that carries the very same provider credentials and region.
"""

import contextlib
import logging
import time
from collections.abc import Iterator, Mapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.log_delivery import ProviderFilter
from cloudformation_cli_python_lib.metrics import MetricsPublisher, format_dimensions
from cloudformation_cli_python_lib.utils import HandlerRequest

from .client import service_client, session_keys
from .failures import api_error_code

_pending_metrics: list[tuple[Any, str, dict[str, Any]]] = []  # (client, namespace, datum)


def _client_of(session: SessionProxy, service: str, region: str | None) -> Any:
    # The library hands over the provider's session only when the request carries credentials.
    access_key, secret_key, token = session_keys(session) or (None, None, None)
    return service_client(service, region, access_key, secret_key, token)


class BatchedMetricsPublisher(MetricsPublisher):
    """The library's metrics publisher, which collects the invocation's metrics to send at once."""

    region: str | None = None  # the request's, set by BufferedLogDelivery.setup

    def __init__(self, session: SessionProxy, resource_type: str) -> None:  # no client per call
        self._session = session
        self._resource_type = resource_type
        self._namespace = self._make_namespace(resource_type)

    def publish_metric(  # the datum exactly as the library builds it
        self,
        metric_name: Any,
        dimensions: Mapping[str, str],
        unit: Any,
        value: float,
        timestamp: Any,
    ) -> None:
        datum = {
            "MetricName": metric_name.name,
            "Dimensions": format_dimensions(dimensions),
            "Unit": unit.name,
            "Timestamp": str(timestamp),
            "Value": value,
        }
        client = _client_of(self._session, "cloudwatch", BatchedMetricsPublisher.region)
        _pending_metrics.append((client, self._namespace, datum))


class BufferedLogDelivery(logging.Handler):
    """The provider log handler, holding an invocation's records to send in one call."""

    installed: "BufferedLogDelivery | None" = None

    def __init__(self) -> None:
        super().__init__()
        self.client: Any = None
        self.group = self.stream = ""
        self.records: list[dict[str, Any]] = []

    @classmethod
    def setup(
        cls,
        request: HandlerRequest,
        provider_sess: SessionProxy,
        log_format: logging.Formatter | None = None,
    ) -> None:
        """The library's ProviderLogHandler.setup, without a new client per invocation.

        `log_format` is the Resource's, and ours is built without one: records keep the default
        format, as with the library's handler."""
        BatchedMetricsPublisher.region = request.region
        group = request.requestData.providerLogGroupName
        if not (group and request.resourceType):
            return
        client = _client_of(provider_sess, "logs", request.region)
        if request.stackId and request.requestData.logicalResourceId:
            stream = f"{request.stackId}/{request.requestData.logicalResourceId}"
        else:
            stream = f"{request.awsAccountId}-{request.region}"
        handler = cls.installed
        if handler is None:
            handler = cls.installed = cls()
            root = logging.getLogger()
            if root.handlers:  # the platform's handler: provider records go to the provider
                root.handlers[0].addFilter(
                    ProviderFilter(request.resourceType.replace("::", "_").lower())
                )
            root.addHandler(handler)
        handler.client, handler.group, handler.stream = client, group, stream.replace(":", "__")

    def emit(self, record: logging.LogRecord) -> None:
        if self.client is not None:
            message = {"timestamp": round(time.time() * 1000), "message": self.format(record)}
            self.records.append(message)

    def send(self) -> None:
        records, self.records = self.records, []
        if not records or self.client is None:
            return
        events = {"logGroupName": self.group, "logStreamName": self.stream, "logEvents": records}
        try:
            self.client.put_log_events(**events)
        except self.client.exceptions.ResourceNotFoundException as missing:
            if "log group does not exist" in str(missing):
                _ignore_existing(self.client.create_log_group, logGroupName=self.group)
            _ignore_existing(
                self.client.create_log_stream, logGroupName=self.group, logStreamName=self.stream
            )
            self.client.put_log_events(**events)


def _ignore_existing(call: Any, **kwargs: Any) -> None:
    try:
        call(**kwargs)
    except ClientError as error:
        if api_error_code(error) != "ResourceAlreadyExistsException":
            raise


def _forget() -> None:
    """Drop every trace of an invocation's telemetry: credentials, log group, stream, records."""
    _pending_metrics.clear()
    BatchedMetricsPublisher.region = None
    handler = BufferedLogDelivery.installed
    if handler is not None:
        handler.client, handler.group, handler.stream, handler.records = None, "", "", []


@contextlib.contextmanager
def invocation() -> Iterator[None]:
    """One invocation's telemetry: nothing of an earlier one before, sent and forgotten after."""
    _forget()
    try:
        yield
    finally:
        flush()


def flush() -> None:
    """Send what the invocation collected: one PutMetricData, and one PutLogEvents if any."""
    pending = list(_pending_metrics)
    try:
        if pending:
            client, namespace, _ = pending[0]
            client.put_metric_data(Namespace=namespace, MetricData=[d for _, _, d in pending])
        if BufferedLogDelivery.installed is not None:
            BufferedLogDelivery.installed.send()
    except (ClientError, BotoCoreError) as error:
        # As the library does: telemetry that cannot be delivered never fails the operation.
        print(f"provider telemetry not delivered: {type(error).__name__}")
    finally:
        _forget()
