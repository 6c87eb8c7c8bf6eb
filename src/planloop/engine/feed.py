"""A run's event feed: replay from the store, then the live tail; no gaps, no duplicates.

Subscribe first, then replay, then de-duplicate by seq: an event published between the
two is seen twice and dropped once; an event the live tail skipped (a lag, or a gap in
what arrived) is read back from the store. The feed ends after the run's ``complete``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from planloop.engine.broker import Broker
from planloop.events import StoredEvent
from planloop.store import Store

REPLAY_BATCH = 500


async def follow(
    store: Store, broker: Broker, run_id: str, after_seq: int = 0
) -> AsyncIterator[StoredEvent]:
    sub = broker.subscribe(run_id)
    last = after_seq
    try:
        while True:
            # Replay everything stored after `last`.
            while True:
                batch = await store.events_after(run_id, last, REPLAY_BATCH)
                for event in batch:
                    yield event
                    last = event.seq
                    if event.is_terminal:
                        return
                if len(batch) < REPLAY_BATCH:
                    break
            # Live tail until it lags or shows a gap; then replay again.
            while True:
                live = await sub.get()
                if live is None:
                    sub.reset()
                    break
                if live.seq <= last:
                    continue
                if live.seq != last + 1:
                    break
                yield live
                last = live.seq
                if live.is_terminal:
                    return
    finally:
        sub.close()
