"""The Engine's review operations: decide a checkpoint, give it a new deadline, read a
checkpoint and the plan history, fork a run, save a plan to memory on request.

A part of :class:`~planloop.engine.runs.Engine` (it inherits them), kept in a room of its
own: each is a check of the request, then one commit through the ledger.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from planloop.domain import (
    MAX_EDIT_PLAN_CHARS,
    MAX_FEEDBACK_CHARS,
    MAX_ITERATIONS,
    MAX_NOTE_PLAN_CHARS,
    Checkpoint,
    Run,
    RunStatus,
    fit_note,
    utcnow,
)
from planloop.engine import deadlines
from planloop.engine.decisions import DECIDED, Decide, Decision, DecisionKind, owned_by
from planloop.engine.forks import forked
from planloop.engine.idempotency import KeyTaken, Once
from planloop.engine.iteration import window_start
from planloop.engine.requests import MAX_TIMEOUT_S, clean_text
from planloop.errors import Conflict, InvalidInput, NotFound, shown
from planloop.events import EventBody, PlanningStarted, PlanSaved
from planloop.export.formats import without_header
from planloop.store import EntityRecord, PlanVersion, Transaction

if TYPE_CHECKING:
    from planloop.engine.ledger import Ledger
    from planloop.engine.scheduler import Scheduler
    from planloop.memory import Memory
    from planloop.planners.base import Planner
    from planloop.settings import Settings
    from planloop.store import Store


class Reviews:
    """What a person does at and after a checkpoint (mixed into the Engine)."""

    if TYPE_CHECKING:
        _store: Store
        _ledger: Ledger
        _scheduler: Scheduler
        planner: Planner
        settings: Settings

        def _once(self, owner: str, key: str | None, *parts: object) -> Once | None: ...
        def memory_of(self, owner: str) -> Memory: ...
        async def get_run(self, owner: str, run_id: str) -> Run: ...

    async def decide(
        self,
        owner: str,
        run_id: str,
        number: int,
        decision: DecisionKind,
        feedback: str = "",
        *,
        plan_markdown: str | None = None,
        revision: int | None = None,
        key: str | None = None,
        by: str | None = None,
        guard: Callable[[Transaction], Awaitable[None]] | None = None,
    ) -> Decision:
        """Record a decision. The identical decision again is answered as the first was; a
        different one, once one is recorded, is AlreadyDecided (409, naming the winner).
        With an Idempotency-Key (``key``) a request sent again gets its first answer.
        ``by`` and ``guard``: an approver share link's decision (engine/shares.py)."""
        if decision not in DECIDED:
            raise InvalidInput('decision must be "approve", "reject", "revise" or "edit"')
        if not 1 <= number <= MAX_ITERATIONS:
            raise InvalidInput(f"checkpoint must be between 1 and {MAX_ITERATIONS}, got {number}")
        feedback = clean_text(feedback, "feedback", MAX_FEEDBACK_CHARS, required=False)
        plan = _checked_plan(decision, plan_markdown)
        if decision == "revise" and not feedback:
            raise InvalidInput(
                "revise needs feedback: say what should change", code="feedback_required"
            )
        once = self._once(owner, key, "decide", run_id, number, decision, feedback, plan, revision)
        if once is not None and (answer := await once.recorded(self._store)) is not None:
            return Decision.of_answer(answer)
        decide = Decide(
            number, decision, feedback, once, plan=plan, revision=revision, by=by, guard=guard
        )
        try:
            run = await self._ledger.apply(run_id, decide, admit=owned_by(owner, run_id))
        except KeyTaken:
            assert once is not None
            answer = await once.recorded(self._store)
            assert answer is not None
            return Decision.of_answer(answer)
        if decide.written and run.status is RunStatus.RUNNING:
            await self._scheduler.wake(run_id, run)  # its drive starts from this copy
        assert decide.result is not None  # set by every path that does not raise
        return decide.result

    async def expire(self, run_id: str, number: int) -> None:
        """A checkpoint's deadline passed: what the run's ``on_timeout`` says, once."""
        try:
            run = await self._ledger.apply(run_id, deadlines.expire(number))
        except NotFound:
            return  # deleted meanwhile: nothing to expire
        if run.status is RunStatus.RUNNING:
            await self._scheduler.wake(run_id, run)  # approved by its deadline

    async def extend(
        self, owner: str, run_id: str, number: int, seconds: float
    ) -> tuple[Checkpoint, str]:
        """A new deadline, ``seconds`` from now, for a checkpoint that waits or expired."""
        if not 1 <= seconds <= MAX_TIMEOUT_S:
            raise InvalidInput(f"seconds must be between 1 and {MAX_TIMEOUT_S}, got {seconds:g}")
        await self._ledger.apply(
            run_id, deadlines.extend(number, seconds), admit=owned_by(owner, run_id)
        )
        return await self.checkpoint(owner, run_id, number)

    # -- reading the review ------------------------------------------------------------

    async def checkpoint(self, owner: str, run_id: str, number: int) -> tuple[Checkpoint, str]:
        """Checkpoint ``number`` and the plan its stretch started from (what its changes
        compare against: the previous checkpoint's plan as decided, or "" at the start)."""
        run = await self.get_run(owner, run_id)
        checkpoints = await self._store.list_checkpoints(run_id)
        for cp in checkpoints:
            if cp.number == number:
                start = window_start(run, number)
                kept = await self._store.get_plan(run_id, start) if start > 0 else None
                return cp, kept.plan if kept is not None else ""
        raise NotFound(
            _no_checkpoint(run, number, sorted(cp.number for cp in checkpoints)),
            code="checkpoint_not_found",
        )

    async def plan(
        self, owner: str, run_id: str, iteration: int | None = None
    ) -> tuple[Run, PlanVersion]:
        """The plan after ``iteration`` (its latest revision), else the run's latest."""
        run = await self.get_run(owner, run_id)
        at = run.iteration if iteration is None else iteration
        if at == 0:
            return run, PlanVersion(run.id, 0, 0, run.state.plan, run.created_at)
        kept = await self._store.get_plan(run.id, at)
        if kept is not None:
            return run, kept
        if at == run.iteration:  # a run from before plan history: only its latest
            return run, PlanVersion(run.id, at, 0, run.state.plan, run.updated_at)
        raise NotFound(
            f"run {shown(run_id)} has no plan after iteration {at}"
            f" (it has completed {run.iteration})",
            code="iteration_not_found",
        )

    # -- forks and saves ------------------------------------------------------------------

    async def fork(
        self,
        owner: str,
        run_id: str,
        from_iteration: int,
        feedback: str = "",
        max_iterations: int | None = None,
        *,
        key: str | None = None,
    ) -> Run:
        """A new run of ``owner``'s that starts from the plan and state after iteration
        ``from_iteration`` of ``run_id`` and continues with ``feedback``."""
        feedback = clean_text(feedback, "feedback", MAX_FEEDBACK_CHARS, required=False)
        asked = ("fork", run_id, from_iteration, feedback, max_iterations)
        once = self._once(owner, key, *asked)
        if once is not None and (answer := await once.recorded(self._store)) is not None:
            return await self.get_run(owner, str(answer["run_id"]))
        parent = await self.get_run(owner, run_id)
        run, history = await forked(
            self._store, parent, from_iteration, feedback, max_iterations, self.planner.name
        )
        cap = self.settings.max_active_runs_per_session

        async def start(run: Run, tx: Transaction) -> list[EventBody]:
            await tx.admit_run(run.id, owner, cap)
            for version in history:
                await tx.put_plan(run.id, version.iteration, version.plan)
            if once is not None:
                await once.record(tx, {"run_id": run.id, "status": run.status.value})
            return [
                PlanningStarted(
                    goal=run.goal,
                    max_iterations=run.max_iterations,
                    checkpoint_interval=run.checkpoint_interval,
                    planner=run.planner,
                    parent_run_id=parent.id,
                    from_iteration=from_iteration,
                )
            ]

        try:
            await self._ledger.apply(run.id, start, create=run)
        except KeyTaken:
            assert once is not None
            answer = await once.recorded(self._store)
            assert answer is not None
            return await self.get_run(owner, str(answer["run_id"]))
        await self._scheduler.wake(run.id)
        return run

    async def save_run(self, owner: str, run_id: str) -> Run:
        """Save the run's plan as it stands (a partial one too) to its owner's memory, as
        the run's own note: saving again rewrites it, a finish later updates it."""
        run = await self.get_run(owner, run_id)
        if run.status is RunStatus.RUNNING:
            raise Conflict(
                "the run is executing an iteration; save it at a checkpoint or once it ends",
                code="run_running",
            )
        if not run.state.plan.strip():
            raise Conflict("the run has no plan yet", code="nothing_to_save")
        facts = {
            "goal": run.goal,
            "run_id": run.id,
            "date": run.created_at.date().isoformat(),
            "iterations": str(run.iteration),
            "status": run.status.value,
            "planner": run.planner,
        }
        space = self.memory_of(owner)
        entity = await asyncio.to_thread(
            space.save_plan,
            run_id=run.id,
            goal=run.goal,
            plan=fit_note(run.state.plan, MAX_NOTE_PLAN_CHARS),
            facts=facts,
            links=run.selected_entities,
        )

        async def record(run: Run, tx: Transaction) -> list[EventBody]:
            await tx.put_entity(
                EntityRecord(entity, run.id, run.owner, run.goal, created_at=utcnow())
            )
            run.memory_entity = entity
            if run.status.terminal:
                return []  # nothing follows a run's ``complete``: the run's view says it
            return [PlanSaved(iteration=run.iteration, memory_entity=entity)]

        return await self._ledger.apply(run_id, record, admit=owned_by(owner, run_id))


def _no_checkpoint(run: Run, number: int, reached: list[int]) -> str:
    """Why checkpoint ``number`` is not there, as the run stands: one it has not reached
    yet, or one it will never have (a run that ended: a trial's "has not reached
    checkpoint 2" of a completed run read as if it still might)."""
    planned = (run.max_iterations - 1) // run.checkpoint_interval
    has = f"it has {len(reached)}"
    if reached and reached != list(range(1, len(reached) + 1)):  # a fork's: not from 1
        has += f" ({', '.join(map(str, reached))})"
    if run.status.terminal and run.status is not RunStatus.FAILED:  # a failed run may retry
        ended = f"it has ended ({run.status.value})"
        return f"run {run.id} has no checkpoint {number}: {has}, and {ended}"
    if number > planned:
        every = f"one every {run.checkpoint_interval} of its {run.max_iterations} iterations"
        return f"run {run.id} has no checkpoint {number}: it has {planned} ({every})"
    return (
        f"run {run.id} has not reached checkpoint {number} yet: it is {run.status.value}"
        f" after iteration {run.iteration}"
    )


def _checked_plan(decision: DecisionKind, plan: str | None) -> str | None:
    if decision != "edit":
        if plan is not None:
            raise InvalidInput(
                "plan_markdown is only taken with the decision edit", code="plan_not_expected"
            )
        return None
    if plan is not None:
        plan = without_header(plan)  # an export given back as it was downloaded
    if plan is None or not plan.strip():
        raise InvalidInput(
            "edit needs plan_markdown: the plan as you want it", code="plan_required"
        )
    if len(plan) > MAX_EDIT_PLAN_CHARS:
        raise InvalidInput(
            f"plan_markdown is {len(plan):,} characters; the limit is {MAX_EDIT_PLAN_CHARS:,}",
            code="plan_too_long",
        )
    if any(ord(c) < 32 and c not in "\n\r\t" for c in plan):
        raise InvalidInput("plan_markdown contains control characters", code="invalid_plan")
    if _SECTION.search(plan) is None:
        # a plan is its sections: text with none would replace them all, and be lost itself
        # (found by a user trial: "just some text" saved, the next plan without its
        # schedule, budget or the text)
        raise InvalidInput(
            "plan_markdown has no sections: keep the plan's “## ” headings (Schedule, Budget,"
            " …) and change the text under them, or add your own “## ” section",
            code="plan_without_sections",
        )
    return plan


_SECTION = re.compile(r"^#{2,3}[ \t]+\S", re.M)  # "## Budget", a section of the plan
