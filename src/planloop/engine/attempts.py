"""Which attempt an iteration is: a run's next iteration may have been started before.

After a crash in the middle of an iteration (its reports were written behind it, its
result never committed), or a failed run that was retried, the same iteration starts
again. Its ``iteration_started`` then carries ``attempt`` (2, 3, ...), so a client drops
what the abandoned attempt showed.
"""

from __future__ import annotations

from planloop.domain import Run
from planloop.store import Store

LOOKBACK = 500  # events read back from the log's end


async def attempt_of(store: Store, run: Run) -> int | None:
    """The attempt the run's next iteration is, if not its first: the log's tail has an
    ``iteration_started`` (or progress) for it and no ``iteration_completed`` after that.
    None for a first attempt."""
    iteration, last = run.iteration + 1, run.last_seq
    if last == 0:
        return None
    tail = await store.events_after(run.id, max(0, last - LOOKBACK), LOOKBACK)
    attempt: int | None = None
    for event in tail:
        if event.type == "iteration_completed":
            attempt = None
        elif event.type == "iteration_started":
            data = event.data
            if data.get("iteration") == iteration:
                attempt = int(data.get("attempt") or 1) + 1
        elif (
            event.type == "iteration_progress"
            and attempt is None
            and event.data.get("iteration") == iteration
        ):
            attempt = 2  # its start is further back than the tail read: at least 2
    return attempt
