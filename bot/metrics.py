"""What the bot counts for an operator's Prometheus (served at /metrics in webhook mode when
METRICS_ENABLED is set; see bot/webhook.py). One registry per application, so tests that
build several never share counters.

- `kombel_updates_handled_total`: updates processed to the end (answered, or dropped as
  duplicates); `kombel_updates_failed_total`: those of them whose handling raised (the person
  got an apology); `kombel_updates_unrecorded_total`: updates left with Telegram because the
  database was away (they come again).
- `kombel_send_seconds`: how long each Bot API request took (its HTTP round trip, by method;
  long polling's getUpdates is not counted).
- `kombel_outgoing_backlog`: scheduled messages (reminders, digests, nudges) due and not yet
  sent, read from the database at each scrape.
"""

from __future__ import annotations

from time import perf_counter
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from telegram.request import BaseRequest, RequestData

from bot.wrapped_request import WrappedRequest

__all__ = ["CONTENT_TYPE_LATEST", "Metrics", "TimedRequest"]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.handled = Counter("kombel_updates_handled", "Updates processed to the end.", registry=self.registry)
        self.failed = Counter("kombel_updates_failed", "Updates whose handling raised an error.",
                              registry=self.registry)
        self.unrecorded = Counter("kombel_updates_unrecorded",
                                  "Updates left with Telegram because the database was away.",
                                  registry=self.registry)
        self.send_seconds = Histogram("kombel_send_seconds", "Bot API request time, by method.", ["method"],
                                      registry=self.registry,
                                      buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
        self.backlog = Gauge("kombel_outgoing_backlog", "Scheduled messages due and not yet sent.",
                             registry=self.registry)

    def render(self, backlog: int | None) -> bytes:
        if backlog is not None:
            self.backlog.set(backlog)
        return generate_latest(self.registry)


class TimedRequest(WrappedRequest):
    """The bot's HTTP layer, timing each request into `kombel_send_seconds`."""

    def __init__(self, inner: BaseRequest, metrics: Metrics) -> None:
        super().__init__(inner)
        self._metrics = metrics

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE,
                         write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        started = perf_counter()
        try:
            return await super().do_request(url, method, request_data, read_timeout=read_timeout,
                                            write_timeout=write_timeout, connect_timeout=connect_timeout,
                                            pool_timeout=pool_timeout)
        finally:
            endpoint = url.rsplit("/", 1)[-1]
            self._metrics.send_seconds.labels(endpoint).observe(perf_counter() - started)


