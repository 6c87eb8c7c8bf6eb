"""The threads finished plans are written to memory on, and taking a plan note back.

A write waits for its folder's lock and fsyncs, and many runs finishing together used to
hold every thread of asyncio's default pool, so the runs still going (their memory reads)
queued behind them. Plan writes get threads of their own.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from planloop.domain import RunStatus
from planloop.memory import Memory
from planloop.store import Store

PLAN_WRITERS = 2
_plan_writers = ThreadPoolExecutor(PLAN_WRITERS, thread_name_prefix="planloop-plan-writer")
T = TypeVar("T")
log = logging.getLogger(__name__)


async def write_memory(call: Callable[[], T]) -> T:
    """``call`` (a memory write) on the plan writers' threads."""
    return await asyncio.get_running_loop().run_in_executor(_plan_writers, call)


async def unsave_plan(
    store: Store, worker: str, run_id: str, space: Memory, saving: asyncio.Future[str]
) -> None:
    """Take back the plan note a finish wrote, once it is written, unless the run completed
    after all or is driven elsewhere now (that finish decides). The log names the run, not
    the note: a plan note's name carries its goal's words, which stay out of logs."""
    try:
        entity = await saving
    except Exception:
        return  # not written: nothing to take back
    try:
        now = await store.get_run(run_id)
    except Exception:
        log.exception("run %s: cannot tell whether its plan note may stay", run_id)
        return
    if now is not None and (
        now.status is RunStatus.COMPLETED
        or (now.status is RunStatus.RUNNING and now.lease_holder not in (None, worker))
    ):
        return  # completed after all, or driven elsewhere now: that finish decides
    try:
        await write_memory(functools.partial(space.delete, entity))
    except Exception as exc:  # gone already, or the memory cannot be written
        log.warning("run %s: its plan note was not removed: %s", run_id, type(exc).__name__)
    else:
        log.info("run %s did not complete: removed its plan note", run_id)
