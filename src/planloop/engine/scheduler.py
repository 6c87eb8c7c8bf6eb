"""Which runs execute here, and when: one asyncio task per *running* run, none when parked.

A periodic sweep (the safety net) fires due checkpoint deadlines, claims runnable runs that
nobody executes (after a crash, or a wake-up that was missed) and renews our leases.
``wake`` is the fast path after a decision or a resume.

Where processes share the database, each is *present* while it lives (``Store.attend``;
PostgreSQL: store/postgres_presence.py), and a dead process's leases are void at once: a
watch (every ``takeover_poll_s``) looks for such orphaned runs and sweeps at once to take
them. A process that loses its own presence stops executing its runs (others may take
them, and its commits are refused anyway), claims nothing while it is gone, and when it
is back releases what it still held, which is then claimed like any runnable run.

At most ``max_executing`` runs execute at once here; a run woken beyond that waits in a
queue, in the order it came, without a lease (another replica may take it meanwhile), and
is claimed when a run here parks, pauses or ends. Its status stays ``running``; where it
stands in the queue is :meth:`Scheduler.position` (``GET /api/runs/{id}``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from planloop.domain import Run, utcnow
from planloop.engine.runner import Runner
from planloop.errors import LeaseLost, PlanloopError, StoreUnavailable
from planloop.store import Store

log = logging.getLogger(__name__)

Expirer = Callable[[str, int], Awaitable[None]]
Before = Callable[[], Awaitable[None]]  # awaited by a drive before its run's first step


class Scheduler:
    def __init__(
        self,
        store: Store,
        runner: Runner,
        expire: Expirer,
        *,
        worker: str,
        lease_s: float,
        sweep_interval_s: float,
        max_executing: int = 32,
        takeover_poll_s: float = 0.2,
    ) -> None:
        self.store = store
        self.runner = runner
        self.expire = expire
        self.worker = worker  # this process, as the holder of run leases
        self.lease = timedelta(seconds=lease_s)
        self.sweep_interval_s = sweep_interval_s
        self.takeover_poll_s = takeover_poll_s
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.max_executing = max_executing
        self.queue: dict[str, None] = {}  # runs waiting for a slot, first come first
        self._claiming = 0  # slots held by claims in flight
        self._rewake: set[str] = set()
        self._handed: dict[str, Run] = {}  # runs woken with their copy, until claimed
        self._sweeper: asyncio.Task[None] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._nudge = asyncio.Event()  # sweep now, not at the next interval
        self._was_absent = False
        self._background: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        await self.store.attend(self.worker, self._absent)
        if self.store.exclusive:
            # One process owns this database, so leases still held belong to a dead process.
            await self.store.release_all()
        await self.sweep()
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="planloop-sweeper")
        if not self.store.exclusive:
            self._watcher = asyncio.create_task(self._watch_forever(), name="planloop-takeover")

    async def stop(self) -> None:
        tasks = [t for t in (self._watcher, self._sweeper, *self.tasks.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.tasks.clear()
        self.queue.clear()

    async def wake(self, run_id: str, known: Run | None = None) -> None:
        """Start executing ``run_id`` here if it is runnable and nobody holds its lease:
        now if a slot is free, else when its turn in the queue comes.

        ``known``: the run as the commit that made it runnable left it (an approval, a
        creation). A drive started by this call starts from it instead of reading the run
        again; a later one reads it (the copy may be stale by then)."""
        if run_id in self.tasks:
            self._rewake.add(run_id)
            return
        self.queue.setdefault(run_id, None)
        if known is None:
            await self._fill()
            return
        self._handed[run_id] = known
        try:
            await self._fill()
        finally:
            self._handed.pop(run_id, None)

    def hold(self, run: Run) -> bool:
        """Hold a slot for ``run``, about to be created here, when one is free and no run
        waits for one: ``run`` gets this process's lease, which its creation commits with
        it, so that :meth:`begin` starts it without a claim of its own (one statement
        less per creation, and on SQLite one write transaction less). False: nothing held
        (wake it once created). A hold ends in :meth:`begin` or :meth:`drop`."""
        if self.queue or self._free() <= 0 or not self.store.present or self._was_absent:
            return False
        self._claiming += 1
        run.lease_holder, run.lease_expires_at = self.worker, utcnow() + self.lease
        return True

    def begin(self, run: Run, after: Before | None = None) -> None:
        """Execute ``run``, created with the lease of its :meth:`hold`, from this copy;
        once ``after()`` is done, when given."""
        self._claiming -= 1
        self._start(run.id, run, after)

    def drop(self) -> None:
        """Give back the slot of a :meth:`hold` whose run was not created."""
        self._claiming -= 1
        if self.queue:
            self._background_fill()

    def position(self, run_id: str) -> int | None:
        """Where ``run_id`` waits in the queue (1: next), or None when it does not wait."""
        for n, queued in enumerate(self.queue, 1):
            if queued == run_id:
                return n
        return None

    def _free(self) -> int:
        return self.max_executing - len(self.tasks) - self._claiming

    def _absent(self) -> None:
        """This process's presence is lost: other processes may take its runs now, and its
        commits are refused, so it stops executing them (their tasks release what they can)."""
        self._was_absent = True
        self.queue.clear()
        self._rewake.clear()
        for task in list(self.tasks.values()):
            task.cancel()

    async def _fill(self) -> None:
        """Claim queued runs, first come first, while slots are free. A run that is no
        longer runnable, or that someone else holds, leaves the queue unclaimed."""
        while self.queue and self._free() > 0 and self.store.present and not self._was_absent:
            run_id = next(iter(self.queue))
            del self.queue[run_id]
            if run_id in self.tasks:
                continue
            self._claiming += 1
            try:
                now = utcnow()
                until = now + self.lease
                claimed = await self.store.claim(self.worker, now, until, 1, run_id=run_id)
            finally:
                self._claiming -= 1
            known = self._handed.pop(run_id, None)
            if claimed:
                if known is not None:  # the claim set its lease (and nothing else)
                    known.lease_holder, known.lease_expires_at = self.worker, until
                self._start(run_id, known)

    async def cancel(self, run_id: str) -> None:
        """Abort the run's task (and any model call in flight); its writes are fenced anyway."""
        self.queue.pop(run_id, None)
        task = self.tasks.get(run_id)
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(task), timeout=5)

    async def sweep(self) -> None:
        now = utcnow()
        for run_id, number in await self.store.due_checkpoints(now):
            try:
                await self.expire(run_id, number)
            except PlanloopError:
                log.exception("could not expire checkpoint %s of run %s", number, run_id)
        if not self.store.present:
            return  # gone: claims and renewals wait until this process is back
        if self._was_absent:
            # Back: leases this process still holds are of runs it no longer executes.
            await self.store.release_all(self.worker)
            self._was_absent = False
        # Every lease this process holds, in one statement per 500 runs: one statement
        # per run made a thousand streaming runs a thousand write transactions a second.
        running = list(self.tasks)
        ours = await self.store.renew(running, self.worker, now + self.lease)
        for run_id in running:
            if run_id not in ours:
                # Someone else owns it now: stop before our next write is refused.
                task = self.tasks.get(run_id)  # it may have ended meanwhile
                if task is not None:
                    task.cancel()
        await self._fill()
        free = self._free()
        if free > 0:
            self._claiming += free
            try:
                claimed = await self.store.claim(self.worker, now, now + self.lease, min(100, free))
            finally:
                self._claiming -= free
            for run_id in claimed:
                if run_id not in self.tasks:
                    self.queue.pop(run_id, None)
                    self._start(run_id)
        if self._free() <= 0:
            # Full: runnable runs nobody holds (after a restart, or woken elsewhere) wait
            # in the queue, visibly, for their turn.
            for run_id in await self.store.runnable(now, 500):
                if run_id not in self.tasks:
                    self.queue.setdefault(run_id, None)

    async def _sweep_forever(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):  # a cancel always ends it (not wait_for)
                async with asyncio.timeout(self.sweep_interval_s):
                    await self._nudge.wait()
            self._nudge.clear()
            try:
                await self.sweep()
            except Exception:
                log.exception("scheduler sweep failed")

    async def _watch_forever(self) -> None:
        """Sweep at once when a process that is gone left runs leased (and we have room)."""
        while True:
            await asyncio.sleep(self.takeover_poll_s)
            try:
                if self._free() > 0 and self.store.present and await self.store.orphans(1):
                    self._nudge.set()
            except Exception as exc:
                log.debug("takeover watch skipped: %s", exc)

    async def _fail(self, run_id: str, error: PlanloopError) -> None:
        try:
            await self.runner.fail(run_id, error)
        except Exception:
            log.exception("could not record the failure of run %s", run_id)

    def _start(self, run_id: str, known: Run | None = None, after: Before | None = None) -> None:
        if run_id in self.tasks:
            return
        task = asyncio.create_task(self._drive(run_id, known, after), name=f"planloop-run-{run_id}")
        self.tasks[run_id] = task
        # A task cancelled before it ever ran skips _drive's finally: forget it here too.
        task.add_done_callback(
            lambda t: self.tasks.pop(run_id) if self.tasks.get(run_id) is t else None
        )

    async def _drive(
        self, run_id: str, known: Run | None = None, after: Before | None = None
    ) -> None:
        released = False  # by the drive's last commit: a parked or ended run is let go there
        try:
            if after is not None:
                await after()
            released = await self.runner.drive(run_id, known)
        except LeaseLost:
            pass
        except StoreUnavailable as exc:
            # Not the run's fault: it stays runnable and is claimed again once the store is back.
            log.error("run %s paused by a store outage: %s", run_id, exc)
        except PlanloopError as exc:
            await self._fail(run_id, exc)
        except Exception as exc:
            log.exception("run %s failed", run_id)
            await self._fail(
                run_id,
                PlanloopError(f"internal error: {type(exc).__name__}", code="internal_error"),
            )
        finally:
            self.tasks.pop(run_id, None)
            if not released:
                with contextlib.suppress(Exception):
                    await asyncio.shield(self.store.release(run_id, self.worker))
            if run_id in self._rewake:
                self._rewake.discard(run_id)
                self.queue = {run_id: None, **self.queue}  # it was executing: first in line
            if self.queue:  # a slot is free: the next in line
                self._background_fill()

    def _background_fill(self) -> None:
        task = asyncio.create_task(self._fill_logged())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _fill_logged(self) -> None:
        try:
            await self._fill()
        except Exception:
            log.exception("could not start the next queued run (the sweep will)")
