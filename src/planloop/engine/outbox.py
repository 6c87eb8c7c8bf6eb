"""Events written behind the planner: it never waits for a commit to go on working.

A model planner reports progress a dozen times a call (the coalesced tokens, "draft
ready"...). Committed one by one on the planner's path, each report held the model calls
back by a whole transaction; that was most of the engine's overhead per iteration
(docs/benchmarks.md). Now a report is stamped when it happens and posted here; one task
commits whatever has gathered, batch after batch, in order, each batch in one
transaction. The iteration's own commit settles the outbox first and takes what is still
waiting into its transaction, so the order of a run's events never changes.

Nothing is published before it is stored: the commit publishes, as any commit does. A
failed commit (the lease is lost, the store is down) is raised by the next ``post`` or
``settle``, on the planner's path, as a commit of its own would have been.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from planloop.domain import iso, utcnow
from planloop.events import EventBody

Stamped = tuple[str, EventBody]  # (ts, body): when it happened, what happened


class Outbox:
    __slots__ = ("_failure", "_flusher", "_pending", "_write", "_writing")

    def __init__(self, write: Callable[[list[Stamped]], Awaitable[None]]) -> None:
        self._write = write
        self._pending: list[Stamped] = []
        self._flusher: asyncio.Task[None] | None = None
        self._failure: BaseException | None = None
        self._writing = False  # a batch is in the store's hands

    def post(self, body: EventBody) -> None:
        """Queue an event, stamped now; it is committed and published soon after."""
        if self._failure is not None:
            raise self._failure
        self._pending.append((iso(utcnow()), body))
        if self._flusher is None:
            self._flusher = asyncio.get_running_loop().create_task(self._flush())

    async def settle(self) -> list[Stamped]:
        """Wait for the batch being written; return (and drop) what has not started, for
        the caller to commit in its own transaction. Raises a failed write's error."""
        taken, self._pending = self._pending, []
        if self._flusher is not None:
            if self._writing:
                await self._flusher  # finds nothing more to write, once its batch is in
            else:  # posted to but not started: there is nothing of it to wait for
                self._flusher.cancel()
                self._flusher = None
        if self._failure is not None:
            raise self._failure
        return taken

    async def written(self) -> None:
        """Wait until everything posted so far is committed and published, and the streams
        it woke have had their turn. A failed write is raised by the next ``post`` or
        ``settle``; a cancel of this wait leaves the batch going."""
        flusher = self._flusher
        if flusher is not None:
            await asyncio.wait((flusher,))

    async def close(self) -> None:
        """Stop writing (the iteration ended or was cancelled); unwritten events are
        dropped: nobody has seen them, and a re-run iteration reports afresh. A batch
        already in the store's hands is let end: cut, it could be stored and never
        published."""
        self._pending = []
        flusher, self._flusher = self._flusher, None
        if flusher is None or flusher.done():
            return
        if not self._writing:
            flusher.cancel()
        await asyncio.wait((flusher,))  # a cancel of this wait leaves the batch going

    async def _flush(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                self._writing = True
                await self._write(batch)
                self._writing = False
        except Exception as exc:
            self._failure = exc
        finally:
            self._writing = False
            if self._flusher is asyncio.current_task():
                self._flusher = None
