"""Prometheus metrics: one per-process registry, updated where things change or read at scrape.

Counters and histograms are fed by one-line hooks in the engine (``count_events``,
``iteration_done``, ``StageClock``, ``approval_waited``). Gauges that describe the
present (runs by status, parked runs, open streams, executing runs) are read from the
store, the broker and the scheduler when ``/metrics`` is scraped (:func:`refresh`).

Nothing here imports the engine: the engine imports this module.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from planloop.domain import RunStatus, Usage
from planloop.events import StoredEvent

REGISTRY = CollectorRegistry(auto_describe=True)

RUNS = Gauge(
    "planloop_runs", "Runs in the store, by status (read at scrape).", ["status"], registry=REGISTRY
)
RUNS_PARKED = Gauge(
    "planloop_runs_awaiting_approval",
    "Runs parked at a checkpoint, waiting for a person (read at scrape).",
    registry=REGISTRY,
)
RUNS_EXECUTING = Gauge(
    "planloop_runs_executing",
    "Runs this process is executing right now (read at scrape).",
    registry=REGISTRY,
)
OPEN_STREAMS = Gauge(
    "planloop_open_streams",
    "Event streams open on this process: SSE, seed-compatible and AG-UI (read at scrape).",
    registry=REGISTRY,
)
EVENTS_WRITTEN = Counter(
    "planloop_events_written",
    "Events stored and published by this process, by event type.",
    ["type"],
    registry=REGISTRY,
)
WEBHOOK_ATTEMPTS = Counter(
    "planloop_webhook_attempts",
    "Webhook delivery attempts by this process, by webhook type and outcome"
    " (delivered, retry, failed).",
    ["type", "outcome"],
    registry=REGISTRY,
)
ITERATION_SECONDS = Histogram(
    "planloop_iteration_seconds",
    "Wall time of one iteration (planner work plus its writes).",
    ["planner"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
    registry=REGISTRY,
)
MODEL_CALL_SECONDS = Histogram(
    "planloop_model_call_seconds",
    "Wall time of one planner stage; for the openai planner one model call "
    "(with its repair retry, if any).",
    ["planner", "stage"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
    registry=REGISTRY,
)
APPROVAL_WAIT_SECONDS = Histogram(
    "planloop_approval_wait_seconds",
    "Time from a checkpoint being reached to its decision, by decision.",
    ["decision"],
    buckets=(1, 5, 15, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600),
    registry=REGISTRY,
)
TOKENS = Counter(
    "planloop_tokens",
    "Model tokens spent by iterations on this process, by planner and kind.",
    ["planner", "kind"],
    registry=REGISTRY,
)

# Offline stages are framework ids; keep label cardinality bounded for any planner.
MAX_STAGE_LABEL = 40


# -- hooks the engine calls (each a single line at its call site) -------------------------


_EVENTS_BY_TYPE: dict[str, Counter] = {}  # each type's child of EVENTS_WRITTEN, looked up once


def count_events(events: Sequence[StoredEvent]) -> None:
    for event in events:
        child = _EVENTS_BY_TYPE.get(event.type)
        if child is None:  # labels() validates and locks: ~1 µs an event at model pacing
            child = _EVENTS_BY_TYPE[event.type] = EVENTS_WRITTEN.labels(event.type)
        child.inc()


def webhook_attempt(kind: str, outcome: str) -> None:
    """One webhook delivery attempt ended: ``delivered``, ``retry`` (to be sent again) or
    ``failed`` (its last attempt)."""
    WEBHOOK_ATTEMPTS.labels(type=kind, outcome=outcome).inc()


def iteration_done(planner: str, duration_ms: int, usage: Usage | None) -> None:
    ITERATION_SECONDS.labels(planner).observe(duration_ms / 1000)
    if usage is not None:
        TOKENS.labels(planner, "prompt").inc(usage.prompt_tokens)
        TOKENS.labels(planner, "completion").inc(usage.completion_tokens)


def approval_waited(decision: str, reached: datetime, decided: datetime) -> None:
    APPROVAL_WAIT_SECONDS.labels(decision).observe(max(0.0, (decided - reached).total_seconds()))


def _observe_stage(planner: str, stage: str | None, seconds: float) -> None:
    if stage is not None:
        MODEL_CALL_SECONDS.labels(planner, stage[:MAX_STAGE_LABEL]).observe(seconds)


class StageClock:
    """Times a planner's stages from the updates it yields, each shown to :meth:`saw`: a
    stage lasts from its first update to the first update of the next stage, or to the
    iteration's result. (Told, not wrapped around the planner's generator: a wrapper is an
    extra async generator step per update, ~1 µs each at model pacing.)"""

    __slots__ = ("planner", "stage", "started")

    def __init__(self, planner: str) -> None:
        self.planner = planner
        self.stage: str | None = None
        self.started = time.monotonic()

    def saw(self, update: object) -> None:
        if not hasattr(update, "stage"):  # the IterationResult: the last stage ends
            _observe_stage(self.planner, self.stage, time.monotonic() - self.started)
            self.stage = None
        elif (current := update.stage) is not None and current != self.stage:
            now = time.monotonic()
            _observe_stage(self.planner, self.stage, now - self.started)
            self.stage, self.started = current, now


# -- scrape -------------------------------------------------------------------------------


class _Counts(Protocol):
    async def status_counts(self) -> dict[str, int]: ...


async def refresh(store: _Counts, open_streams: int, executing: int) -> None:
    """Set the gauges that describe the present from the store and this process."""
    counts = await store.status_counts()
    for status in RunStatus:
        RUNS.labels(status.value).set(counts.get(status.value, 0))
    RUNS_PARKED.set(counts.get(RunStatus.AWAITING_APPROVAL.value, 0))
    OPEN_STREAMS.set(open_streams)
    RUNS_EXECUTING.set(executing)


def exposition() -> bytes:
    return generate_latest(REGISTRY)
