"""``planloop serve`` with its relay instrumented, for ``bench.replicas --probe`` (never used
in production).

    BENCH_RELAY_OUT=/tmp/relay-a.json python -m bench.relay_probe serve ...

Patches ``planloop.engine.relay.Relay`` from outside src/ (the same code runs; it is only
counted) to say how each event reached this process's broker:

* every notification (``hint``): when it arrived (``time.time()``, per ``run first_seq``),
  and whether it was for a run nobody watches here, for events published here already, or
  started a fetch; or was **dropped because a fetch for that run was already in flight**
  (the relay keeps one fetch per run and ignores hints meanwhile);
* every fetch: started by a notification or by the 1 s poll, how long it took from the
  hint to ``Broker.publish``, and how many new events it published; the ``(run, seq)`` of
  every event the poll published (the ones no notification brought).

``SIGUSR1`` writes the cumulative figures to ``BENCH_RELAY_OUT`` (JSON).

``BENCH_RELAY_REFETCH=1`` (an experiment, not planloop's behaviour) also applies the fix the
replicas findings suggest: a notification that arrives while a fetch of its run is in
flight marks the run, and the fetch reads again after publishing, instead of the event
waiting for the poll.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

OUT = Path(os.environ.get("BENCH_RELAY_OUT", "relay-probe.json"))

counts: Counter[str] = Counter()
fetch_s: dict[str, list[float]] = {"notify": [], "poll": []}
poll_events: list[tuple[str, int]] = []
hint_at: dict[str, float] = {}  # "run first_seq" -> arrival time (time.time())
_origin: str | None = None


def _dump(_sig: int, _frame: Any) -> None:
    data = {
        "pid": os.getpid(),
        "counts": dict(counts),
        "fetch_s": fetch_s,
        "poll_events": poll_events,
        "hint_at": hint_at,
    }
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    tmp.replace(OUT)


def refetch_fix() -> None:
    """The what-if: re-read after a fetch when a notification came in meanwhile."""
    from planloop.engine.relay import Relay

    fetch, publish_after = Relay._fetch, Relay._publish_after
    again: dict[int, set[str]] = {}

    def fixed_fetch(self: Relay, run_id: str, fallback_after: int) -> None:
        if run_id in self._fetching:
            again.setdefault(id(self), set()).add(run_id)
            return
        fetch(self, run_id, fallback_after)

    async def fixed_publish_after(self: Relay, run_id: str, fallback_after: int) -> None:
        marks = again.setdefault(id(self), set())
        while True:
            marks.discard(run_id)
            await publish_after(self, run_id, fallback_after)
            if run_id not in marks:
                return
            counts["refetches"] += 1

    Relay._fetch = fixed_fetch  # type: ignore[method-assign]
    Relay._publish_after = fixed_publish_after  # type: ignore[method-assign]


def install() -> None:
    from planloop.engine.relay import Relay

    if os.environ.get("BENCH_RELAY_REFETCH"):
        refetch_fix()
    hint, fetch, publish_after = Relay.hint, Relay._fetch, Relay._publish_after
    origins: dict[int, dict[str, tuple[str, float]]] = {}

    def probed_hint(self: Relay, run_id: str, first_seq: int) -> None:
        global _origin
        now = time.time()
        counts["notify"] += 1
        if not self.broker.subscriber_count(run_id):
            counts["notify_unwatched"] += 1
        elif first_seq <= self.broker.seen(run_id):
            counts["notify_published_here"] += 1
        else:
            if len(hint_at) < 200_000:
                hint_at[f"{run_id} {first_seq}"] = now
        _origin = "notify"
        try:
            hint(self, run_id, first_seq)
        finally:
            _origin = None

    def probed_fetch(self: Relay, run_id: str, fallback_after: int) -> None:
        origin = _origin or "poll"
        if run_id in self._fetching:
            counts[f"{origin}_dropped_fetch_in_flight"] += 1
        else:
            counts[f"{origin}_fetches"] += 1
            origins.setdefault(id(self), {})[run_id] = (origin, time.perf_counter())
        fetch(self, run_id, fallback_after)

    async def probed_publish_after(self: Relay, run_id: str, fallback_after: int) -> None:
        origin, t0 = origins.get(id(self), {}).pop(run_id, ("?", time.perf_counter()))
        seen = self.broker.seen(run_id)
        base = seen if seen else fallback_after
        await publish_after(self, run_id, fallback_after)
        top = self.broker.seen(run_id)
        fetch_s.setdefault(origin, []).append(time.perf_counter() - t0)
        new = max(0, top - base)
        counts[f"{origin}_events"] += new
        if new == 0:
            counts[f"{origin}_fetches_empty"] += 1
        if origin == "poll" and len(poll_events) < 100_000:
            poll_events.extend((run_id, s) for s in range(base + 1, top + 1))

    Relay.hint = probed_hint  # type: ignore[method-assign]
    Relay._fetch = probed_fetch  # type: ignore[method-assign]
    Relay._publish_after = probed_publish_after  # type: ignore[method-assign]


def main() -> None:
    signal.signal(signal.SIGUSR1, _dump)
    install()
    from planloop.cli.main import main as cli_main

    sys.argv = ["planloop", *sys.argv[1:]]
    cli_main()


if __name__ == "__main__":
    main()
