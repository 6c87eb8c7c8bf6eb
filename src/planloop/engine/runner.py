"""Executes a run: iteration after iteration until it parks at a checkpoint, pauses or ends.

The runner holds no state between drives. Each step does its work and commits the new
state together with its events in one transaction, fenced by the lease: if the run was
cancelled, decided or re-claimed meanwhile, the commit raises LeaseLost and nothing is
written. Recovery after a crash is therefore "drive the run again".

While it drives a run, the runner keeps the run as its last commit left it; the next
commit checks that the row is still at that revision and leased here
(``Transaction.check_run``) instead of loading and validating the run again. If anyone
else saved the run meanwhile (a pause, a cancel), the check fails, nothing is written, and
the commit loads the run and decides again.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from planloop import metrics
from planloop.checks import Seen, check_iteration
from planloop.domain import MAX_NOTE_PLAN_CHARS, Run, RunError, RunStatus, fit_note
from planloop.engine.attempts import attempt_of
from planloop.engine.completion import complete, plan_facts
from planloop.engine.iteration import record_iteration, with_kept_sections
from planloop.engine.ledger import Fence, Ledger, Mutation
from planloop.engine.outbox import Outbox, Stamped
from planloop.engine.writers import unsave_plan, write_memory
from planloop.errors import (
    LeaseLost,
    PlanloopError,
    PlannerFailed,
    StoreUnavailable,
    storage_fault,
)
from planloop.events import (
    Complete,
    ErrorEvent,
    EventBody,
    IterationProgress,
    IterationStarted,
    RunPaused,
)
from planloop.memory import Memory, MemorySpaces, as_spaces, grounding
from planloop.plan_processes import PlanProcesses
from planloop.planners.base import IterationContext, IterationResult, MemoryNote, Planner
from planloop.store import RunChanged, Transaction

log = logging.getLogger(__name__)

STORE_RETRY_DELAYS_S = (0.1, 0.3, 1.0, 2.0, 4.0)  # then StoreUnavailable


async def _whole(step: Coroutine[Any, Any, Run]) -> Run:
    """Await a commit to its end even if the drive is cancelled meanwhile (a lease lost, a
    cancel, a shutdown), then let the cancel go on. Cut in half, a commit could be stored
    and never published nor counted by this process: the sweep renewing the lease of a run
    whose drive had just committed its completion cancelled it between COMMIT and return."""
    commit = asyncio.ensure_future(step)
    try:
        return await asyncio.shield(commit)
    except asyncio.CancelledError:
        while not commit.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait((commit,))
        if not commit.cancelled():
            commit.exception()  # seen: the cancel is what the drive is told
        raise


@dataclass(frozen=True)
class RunLimits:
    max_run_tokens: int = 500_000
    max_run_seconds: float = 1800.0


class Runner:
    def __init__(
        self,
        ledger: Ledger,
        planner: Planner,
        memory: MemorySpaces | Memory,
        worker: str,
        limits: RunLimits | None = None,
        processes: PlanProcesses | None = None,
    ) -> None:
        self.limits = limits or RunLimits()
        self.processes = processes or PlanProcesses(0)  # where each plan's checks run
        self.ledger = ledger
        self.planner = planner
        self.spaces = as_spaces(memory)  # a run's memory is its owner's space
        self.worker = worker  # this process, as the holder of run leases
        self._known: dict[str, Run] = {}  # runs being driven, as their last commit left them
        # What a failed iteration had reported and not yet written: fail() writes it first.
        self._unsaid: dict[str, list[Stamped]] = {}
        self._driving: set[str] = set()

    async def drive(self, run_id: str, approved: Run | None = None) -> bool:
        """Advance the run as far as it goes without a person. The caller holds the lease.

        ``approved``: the run as the approval of its checkpoint, or its creation, just
        committed it (with the caller's lease): it is not read again, and its next iteration
        is a first attempt (it parked after its last one ended, or it has none yet). A stale
        copy is caught by the first commit's check, which then reads the run.

        Returns whether a commit of this drive let the lease go (the run parked, paused or
        ended): then the caller has nothing to release."""
        grounded: list[str] | None = None  # memory chosen for the goal, once per drive
        committed = False  # ``run`` is as a commit of this drive left it
        run = approved if approved is not None else await self.ledger.store.get_run(run_id)
        self._driving.add(run_id)
        try:
            self._keep(run)
            # An iteration this drive starts again (abandoned by a crash or a failure) says so.
            attempt = (
                await attempt_of(self.ledger.store, run)
                if run is not None and approved is None
                else None
            )
            while True:
                if (
                    run is None
                    or run.status is not RunStatus.RUNNING
                    or run.lease_holder != self.worker
                ):
                    return committed and run is not None and run.lease_holder is None
                if run.iteration >= run.max_iterations:
                    await self._finish(run)
                    return True
                if run.pause_requested:
                    await self._pause(run)
                    return True
                if grounded is None:
                    grounded = await self._grounding(run)
                # The run as the iteration's commit left it: checked (or read) inside that
                # transaction, so a pause or cancel committed before it is seen; one
                # committed after it is seen by the next iteration's first write (cancel:
                # LeaseLost) or at its end.
                run = await self._iterate(run, grounded, attempt)
                committed = True
                attempt = None
        except Exception as exc:
            fault = storage_fault(exc)
            if fault is None:
                raise
            # A full disk or a read-only memory: the run fails with it named, not as an
            # "internal error: OSError".
            log.error("run %s: %s: %s", run_id, fault.code, fault.message)
            raise fault from exc
        finally:
            self._driving.discard(run_id)
            self._known.pop(run_id, None)

    def _keep(self, run: Run | None) -> None:
        """Keep the run for its next commit, if it is being driven here and may go on."""
        if (
            run is not None
            and run.id in self._driving
            and run.status is RunStatus.RUNNING
            and run.lease_holder == self.worker
        ):
            self._known[run.id] = run

    async def fail(self, run_id: str, error: PlanloopError) -> None:
        """End the run as failed with a clear error event (no-op if it is no longer ours)."""

        async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
            run.status = RunStatus.FAILED
            run.error = RunError(code=error.code, message=error.message)
            run.lease_holder = None
            return [ErrorEvent.of(error.code, error.message), Complete(status="failed")]

        with contextlib.suppress(LeaseLost):
            await self.commit(run_id, mutate, self._unsaid.pop(run_id, ()))

    async def commit(
        self,
        run_id: str,
        mutate: Mutation | None,
        earlier: Sequence[Stamped] = (),
    ) -> Run:
        """Apply ``mutate`` to the run if it is still ours and running, through the one
        commit path (:class:`~planloop.engine.ledger.Ledger`), after ``earlier``: events
        written behind that happened before this commit. Without ``mutate`` the commit only
        adds ``earlier``.

        A transient store fault (busy, restarting) is retried with backoff a bounded
        number of times; each attempt is a whole transaction, so nothing is half-written.
        """
        # Taken, not read: a failed attempt may have changed it half-way.
        known = self._known.pop(run_id, None)
        for attempt, delay in enumerate((*STORE_RETRY_DELAYS_S, None)):
            step = self.ledger.apply(
                run_id, mutate, admit=self._admit, fence=Fence(known, self.worker), earlier=earlier
            )
            try:
                # Writes behind run in the outbox's own task, which lets a batch it began
                # end (Outbox.close); the drive's own commits are seen through here.
                run = await (step if mutate is None else _whole(step))
            except RunChanged:
                known = None  # saved by someone else since: load it and decide again
                continue
            except Exception as exc:
                known = None
                if not self.ledger.store.is_transient(exc):
                    raise
                if delay is None:
                    raise StoreUnavailable(
                        f"the store failed {attempt + 1} times in a row: {exc}"
                    ) from exc
                log.warning("store fault on run %s (attempt %d): %s", run_id, attempt + 1, exc)
                await asyncio.sleep(delay)
                continue
            self._keep(run)
            return run
        raise AssertionError("unreachable")

    def _admit(self, run: Run | None) -> Run:
        """A run read afresh may go on only if it is still running under our lease."""
        if run is None or run.status is not RunStatus.RUNNING or run.lease_holder != self.worker:
            raise LeaseLost("the run is no longer executed here")
        return run

    async def _write_behind(self, run_id: str, batch: list[Stamped]) -> None:
        await self.commit(run_id, None, batch)

    async def _iterate(self, run: Run, grounded: list[str], attempt: int | None = None) -> Run:
        iteration = run.iteration + 1
        started = time.monotonic()
        # The iteration's reports are written behind it; its result is committed with
        # whatever of them is still waiting, in order (planloop.engine.outbox).
        outbox = Outbox(lambda batch: self._write_behind(run.id, batch))
        try:
            outbox.post(
                IterationStarted(
                    iteration=iteration, max_iterations=run.max_iterations, attempt=attempt
                )
            )
            memory = await self._memory(run, grounded)
            if self.ledger.broker.subscriber_count(run.id):
                # Its streams show the start before the planner's work holds the loop.
                await outbox.written()
            ctx = IterationContext(
                run_id=run.id,
                goal=run.goal,
                proposal=run.proposal,
                proposal_text=run.proposal_text,
                iteration=iteration,
                max_iterations=run.max_iterations,
                state=run.state,
                memory=memory,
                started_on=run.created_at.date(),
                checks=run.state.checks,
            )
            try:
                result = await self._run_planner(run, ctx, outbox)
            except PlannerFailed:
                # The stream shows the iteration start (and its progress) before its failure,
                # however soon it failed: a 50 ms time budget outran the write behind.
                self._unsaid[run.id] = await outbox.settle()
                raise
            duration_ms = int((time.monotonic() - started) * 1000)
            metrics.iteration_done(self.planner.name, duration_ms, result.usage)  # metrics hook
            # Checked as it will be kept: a person's edited sections are put back first.
            plan = with_kept_sections(run.state, result.plan)
            seen = Seen(memory=ctx.memory, started_on=ctx.started_on)
            checks = await self.processes.run(
                check_iteration, run.goal, plan, run.state.feedback, seen
            )
            earlier = await outbox.settle()
            return await self.commit(
                run.id, record_iteration(iteration, result, duration_ms, checks), earlier
            )
        finally:
            await outbox.close()

    async def _run_planner(
        self, run: Run, ctx: IterationContext, outbox: Outbox
    ) -> IterationResult:
        """One iteration of the planner, within the run's token and time budgets."""
        spent = run.state.usage.total
        if spent >= self.limits.max_run_tokens:
            raise PlannerFailed(
                f"the run has used {spent} tokens, its cap is {self.limits.max_run_tokens}",
                code="token_budget_exceeded",
            )
        remaining_s = self.limits.max_run_seconds - run.state.executed_ms / 1000
        if remaining_s <= 0:
            raise PlannerFailed(
                f"the run has used its {self.limits.max_run_seconds:g} s of execution time",
                code="time_budget_exceeded",
            )
        updates = self.planner.iterate(ctx)
        stages = metrics.StageClock(self.planner.name)  # metrics hook
        try:
            async with asyncio.timeout(remaining_s):
                async for update in updates:
                    stages.saw(update)
                    if isinstance(update, IterationResult):
                        return update
                    if (
                        update.tokens is not None
                        and spent + update.tokens > self.limits.max_run_tokens
                    ):
                        raise PlannerFailed(
                            f"the run went over its cap of {self.limits.max_run_tokens} tokens",
                            code="token_budget_exceeded",
                        )
                    outbox.post(
                        IterationProgress(
                            iteration=ctx.iteration, **update.model_dump(exclude_none=True)
                        )
                    )
        except TimeoutError:
            raise PlannerFailed(
                f"the run went over its {self.limits.max_run_seconds:g} s of execution time",
                code="time_budget_exceeded",
            ) from None
        finally:
            # Close the planner's generator now, not at garbage collection: it may hold
            # an open model stream.
            aclose = getattr(updates, "aclose", None)
            if aclose is not None:
                await aclose()
        raise PlannerFailed("the planner ended an iteration without a result")

    async def _grounding(self, run: Run) -> list[str]:
        # Memory grounding (issue 5): the entities chosen when the run was created (none
        # when nothing was related, or the person chose no memory). Only a run saved before
        # runs recorded that choice (``memory_chosen``) searches for its goal, per drive.
        if run.no_memory or run.memory_chosen or run.selected_entities:
            return list(run.selected_entities)
        return await asyncio.to_thread(lambda: grounding.choose(self._space(run), run.goal))

    async def _memory(self, run: Run, names: list[str]) -> list[MemoryNote]:
        # Read afresh each iteration; an entity deleted meanwhile is skipped.
        if not names:
            return []
        # Notes unchanged since they were last read need no reading, nor a thread.
        space = self.spaces.space_if_open(run.owner)
        if space is not None and (unchanged := space.unchanged_notes(names)) is not None:
            return unchanged
        return await asyncio.to_thread(lambda: self._space(run).existing_notes(names))

    def _space(self, run: Run) -> Memory:
        """The run's memory: its owner's space, never another's (blocking briefly)."""
        return self.spaces.space_for(run.owner)

    async def _pause(self, run: Run) -> None:
        async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
            run.status = RunStatus.PAUSED
            run.pause_requested = False
            run.lease_holder = None
            return [RunPaused(iteration=run.iteration)]

        await self.commit(run.id, mutate)

    async def _finish(self, run: Run) -> None:
        # Idempotent: the entity's name follows from the run id, so a retry after a crash
        # rewrites the same file instead of adding a second one.
        # The thread writes on even if this task is cancelled meanwhile (a cancel of the
        # run may cancel its drive): the note is then taken back below, once written.
        space = self._space(run)
        saving = asyncio.ensure_future(
            write_memory(
                functools.partial(
                    space.save_plan,
                    run_id=run.id,
                    goal=run.goal,
                    plan=fit_note(run.state.plan, MAX_NOTE_PLAN_CHARS),
                    facts=plan_facts(run),
                    links=run.selected_entities,
                )
            )
        )
        try:
            entity = await asyncio.shield(saving)
            await self.commit(run.id, complete(run, entity))
        except BaseException:
            # The completion did not commit (a cancel or a decision got there first, the
            # store failed, the drive was cancelled): only a completed run may have a plan
            # note, so the one written goes again, unless the run completed after all.
            await asyncio.shield(unsave_plan(self.ledger.store, self.worker, run.id, space, saving))
            raise
