"""The Engine: what people do to runs — create, decide, pause, resume, cancel, watch.

Every operation is one store transaction that checks the run's owner and status, changes
it, and appends the events that say so. Nothing here knows about HTTP.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from planloop import metrics
from planloop.domain import (
    MAX_FEEDBACK_CHARS,
    MAX_GOAL_CHARS,
    MAX_ITERATIONS,
    Checkpoint,
    CheckpointStatus,
    Feedback,
    Proposal,
    Run,
    RunStatus,
    utcnow,
)
from planloop.engine.broker import Broker
from planloop.engine.feed import Feed, follow
from planloop.engine.relay import Relay
from planloop.engine.runner import RunLimits, Runner
from planloop.engine.scheduler import Scheduler
from planloop.errors import Conflict, InvalidInput, LimitExceeded, NotFound
from planloop.events import (
    CheckpointApproved,
    CheckpointRejected,
    Complete,
    ErrorEvent,
    EventBody,
    PlanningStarted,
    RunResumed,
    StoredEvent,
)
from planloop.memory import Memory, grounding
from planloop.planners.base import MemoryNote, Planner
from planloop.settings import Settings
from planloop.store import Store, Transaction

DecisionKind = Literal["approve", "reject"]
_DECIDED = {"approve": CheckpointStatus.APPROVED, "reject": CheckpointStatus.REJECTED}


@dataclass
class RunRequest:
    goal: str
    proposal: Proposal | None = None
    proposal_text: str = ""
    max_iterations: int | None = None
    checkpoint_interval: int | None = None
    checkpoint_timeout_s: float | None = None
    selected_entities: list[str] = field(default_factory=list)
    conversation: str = "default"


@dataclass(frozen=True)
class Decision:
    run_id: str
    checkpoint: int
    decision: DecisionKind
    feedback: str
    run_status: RunStatus


def clean_text(value: str, what: str, limit: int, *, required: bool) -> str:
    """Strip, and refuse empty (when required), oversized or control-character text."""
    text = value.strip()
    if required and not text:
        raise InvalidInput(f"{what} must not be empty")
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters; the limit is {limit}")
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        raise InvalidInput(f"{what} contains control characters")
    return text


def _bounded(value: int, what: str) -> int:
    if not 1 <= value <= MAX_ITERATIONS:
        raise InvalidInput(f"{what} must be between 1 and {MAX_ITERATIONS}, got {value}")
    return value


class Engine:
    def __init__(
        self, store: Store, broker: Broker, planner: Planner, vault: Memory, settings: Settings
    ) -> None:
        self.store = store
        self.broker = broker
        self.planner = planner
        self.vault = vault
        self.settings = settings
        self.owner_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.relay = Relay(store, broker, settings.relay_poll_s)
        limits = RunLimits(settings.max_run_tokens, settings.max_run_seconds)
        self.runner = Runner(store, broker, planner, vault, self.owner_id, limits)
        self.scheduler = Scheduler(
            store,
            self.runner,
            self.expire,
            owner=self.owner_id,
            lease_s=settings.lease_s,
            sweep_interval_s=settings.sweep_interval_s,
        )

    async def start(self) -> None:
        await self.relay.start()
        await self.scheduler.start()

    async def stop(self) -> None:
        await self.scheduler.stop()
        await self.relay.stop()

    # -- proposals and runs -------------------------------------------------------------

    async def memory_notes(self, names: Sequence[str]) -> list[MemoryNote]:
        if not names:
            return []
        try:
            return await asyncio.to_thread(self.vault.notes, list(names))
        except (LookupError, ValueError) as exc:
            raise InvalidInput(str(exc)) from exc

    # -- memory grounding (issue 5) ------------------------------------------------------
    async def ground(self, goal: str, selected: Sequence[str]) -> list[MemoryNote]:
        """The selected entities (unknown ones refused), else the best matches for the goal."""
        if selected:
            return await self.memory_notes(selected)
        names = await asyncio.to_thread(grounding.choose, self.vault, goal)
        return await asyncio.to_thread(self.vault.existing_notes, names)

    async def propose(self, goal: str, selected_entities: Sequence[str] = ()) -> Proposal:
        goal = clean_text(goal, "goal", MAX_GOAL_CHARS, required=True)
        memory = await self.ground(goal, selected_entities)
        proposal = await self.planner.propose(goal, memory)
        return proposal.model_copy(update={"memory": grounding.coverage(goal, memory)})

    # -- end of memory grounding ------------------------------------------------------------

    async def create_run(self, owner: str, req: RunRequest) -> Run:
        goal = clean_text(req.goal, "goal", MAX_GOAL_CHARS, required=True)
        proposal_text = clean_text(req.proposal_text, "proposal", 20_000, required=False)
        # Memory grounding (issue 5): the run keeps the entities it is grounded on.
        memory = await self.ground(goal, req.selected_entities)
        proposal = req.proposal or (await self.planner.propose(goal, memory))
        proposal = proposal.model_copy(update={"memory": grounding.coverage(goal, memory)})
        max_iterations = _bounded(req.max_iterations or proposal.max_iterations, "max_iterations")
        interval = _bounded(
            req.checkpoint_interval or proposal.checkpoint_interval, "checkpoint_interval"
        )
        timeout = req.checkpoint_timeout_s or self.settings.checkpoint_timeout_s
        if not 1 <= timeout <= 30 * 24 * 3600:
            raise InvalidInput("checkpoint_timeout_s must be between 1 and 2592000 seconds")
        run = Run(
            id=uuid.uuid4().hex,
            owner=owner,
            conversation=req.conversation,
            goal=goal,
            proposal=proposal.model_copy(
                update={"max_iterations": max_iterations, "checkpoint_interval": interval}
            ),
            proposal_text=proposal_text,
            max_iterations=max_iterations,
            checkpoint_interval=interval,
            checkpoint_timeout_s=timeout,
            planner=self.planner.name,
            selected_entities=[note.name for note in memory],  # memory grounding (issue 5)
        )
        cap = self.settings.max_active_runs_per_session
        async with self.store.transaction() as tx:
            if await tx.count_active_runs(owner) >= cap:
                raise LimitExceeded(
                    f"this session already has {cap} active runs; finish or cancel one first"
                )
            stored = await tx.append(
                run,
                [
                    PlanningStarted(
                        goal=goal,
                        max_iterations=max_iterations,
                        checkpoint_interval=interval,
                        planner=run.planner,
                    )
                ],
            )
            await tx.put_run(run)
        self.broker.publish(stored)
        metrics.count_events(stored)  # metrics hook
        await self.scheduler.wake(run.id)
        return run

    async def get_run(self, owner: str, run_id: str) -> Run:
        run = await self.store.get_run(run_id)
        if run is None or run.owner != owner:
            raise NotFound(f"run {run_id} not found")
        return run

    async def check_owner(self, owner: str, run_id: str) -> None:
        """NotFound unless the run exists and is ``owner``'s (without loading it)."""
        if await self.store.run_owner(run_id) != owner:
            raise NotFound(f"run {run_id} not found")

    async def list_runs(self, owner: str, limit: int = 100) -> list[Run]:
        return await self.store.list_runs(owner, limit=limit)

    async def checkpoints(self, run_id: str) -> list[Checkpoint]:
        return await self.store.list_checkpoints(run_id)

    async def latest_run(self, owner: str, conversation: str) -> Run | None:
        for run in await self.store.list_runs(owner, limit=50):
            if run.conversation == conversation:
                return run
        return None

    def follow(self, run_id: str, after_seq: int = 0) -> AsyncIterator[StoredEvent]:
        return follow(self.store, self.broker, run_id, after_seq)

    def feed(self, run_id: str, after_seq: int = 0) -> Feed:
        """Events after ``after_seq``, one at a time, with a timeout (for streams)."""
        return Feed(self.store, self.broker, run_id, after_seq)

    # -- decisions and control ----------------------------------------------------------

    async def decide(
        self, owner: str, run_id: str, number: int, decision: DecisionKind, feedback: str = ""
    ) -> Decision:
        if decision not in _DECIDED:
            raise InvalidInput('decision must be "approve" or "reject"')
        feedback = clean_text(feedback, "feedback", MAX_FEEDBACK_CHARS, required=False)
        wanted = _DECIDED[decision]
        async with self.store.transaction() as tx:
            run = await self._owned(tx, owner, run_id)
            cp = await tx.get_checkpoint(run_id, number)
            if cp is None:
                raise Conflict(
                    f"checkpoint {number} of run {run_id} is not waiting for a decision"
                    f" (the run is {run.status.value} after iteration {run.iteration})",
                    code="checkpoint_not_waiting",
                )
            if cp.status is not CheckpointStatus.WAITING:
                if cp.status is wanted:
                    # The same decision again: answer with the first one's result.
                    return Decision(run_id, number, decision, cp.feedback, run.status)
                raise Conflict(
                    f"checkpoint {number} was already {cp.status.value}",
                    code="checkpoint_already_decided",
                )
            cp.status = wanted
            cp.feedback = feedback
            cp.decided_at = utcnow()
            metrics.approval_waited(decision, cp.created_at, cp.decided_at)  # metrics hook
            await tx.put_checkpoint(cp)
            bodies: list[EventBody]
            if decision == "approve":
                if feedback:
                    run.state.feedback.append(Feedback(checkpoint=number, text=feedback))
                run.status = RunStatus.RUNNING
                bodies = [
                    CheckpointApproved(
                        checkpoint_number=number, checkpoint=number, feedback=feedback
                    )
                ]
            else:
                run.status = RunStatus.REJECTED
                bodies = [
                    CheckpointRejected(
                        checkpoint_number=number, checkpoint=number, feedback=feedback
                    ),
                    Complete(status="rejected"),
                ]
            run.lease_owner = None
            stored = await tx.append(run, bodies)
            await tx.put_run(run)
        self.broker.publish(stored)
        metrics.count_events(stored)  # metrics hook
        if run.status is RunStatus.RUNNING:
            await self.scheduler.wake(run_id)
        return Decision(run_id, number, decision, feedback, run.status)

    async def pause(self, owner: str, run_id: str) -> Run:
        async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
            if run.status is RunStatus.PAUSED:
                return []
            if run.status is not RunStatus.RUNNING:
                raise Conflict(f"run is {run.status.value}; only a running run can be paused")
            run.pause_requested = True  # takes effect after the current iteration
            return []

        return await self._control(owner, run_id, mutate)

    async def resume(self, owner: str, run_id: str) -> Run:
        async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
            if run.status is RunStatus.RUNNING:
                run.pause_requested = False
                return []
            if run.status is not RunStatus.PAUSED:
                raise Conflict(f"run is {run.status.value}; only a paused run can be resumed")
            run.status = RunStatus.RUNNING
            return [RunResumed(iteration=run.iteration)]

        run = await self._control(owner, run_id, mutate)
        if run.status is RunStatus.RUNNING:
            await self.scheduler.wake(run_id)
        return run

    async def cancel(self, owner: str, run_id: str) -> Run:
        async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
            if run.status.terminal:
                raise Conflict(f"run already ended ({run.status.value})")
            if run.status is RunStatus.AWAITING_APPROVAL:
                cp = await tx.get_checkpoint(run_id, run.iteration // run.checkpoint_interval)
                if cp is not None and cp.status is CheckpointStatus.WAITING:
                    cp.status = CheckpointStatus.CANCELLED
                    await tx.put_checkpoint(cp)
            run.status = RunStatus.CANCELLED
            run.lease_owner = None
            return [Complete(status="cancelled")]

        run = await self._control(owner, run_id, mutate)
        await self.scheduler.cancel(run_id)
        return run

    async def retry(self, owner: str, run_id: str) -> Run:
        """Continue a failed run from the iteration that failed; earlier ones are kept."""

        async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
            if run.status is not RunStatus.FAILED:
                raise Conflict(f"run is {run.status.value}; only a failed run can be retried")
            run.status = RunStatus.RUNNING
            run.error = None
            return [RunResumed(iteration=run.iteration)]

        run = await self._control(owner, run_id, mutate)
        await self.scheduler.wake(run_id)
        return run

    async def expire(self, run_id: str, number: int) -> None:
        """A checkpoint's deadline passed: end the run as expired (exactly once)."""
        async with self.store.transaction() as tx:
            run = await tx.get_run(run_id)
            cp = await tx.get_checkpoint(run_id, number)
            if run is None or cp is None or cp.status is not CheckpointStatus.WAITING:
                return
            if cp.expires_at > utcnow():
                return
            cp.status = CheckpointStatus.EXPIRED
            await tx.put_checkpoint(cp)
            run.status = RunStatus.EXPIRED
            run.lease_owner = None
            message = (
                f"Checkpoint {number} was not decided within {run.checkpoint_timeout_s:g} s;"
                " the run has expired."
            )
            stored = await tx.append(
                run, [ErrorEvent.of("checkpoint_expired", message), Complete(status="expired")]
            )
            await tx.put_run(run)
        self.broker.publish(stored)
        metrics.count_events(stored)  # metrics hook

    async def _owned(self, tx: Transaction, owner: str, run_id: str) -> Run:
        run = await tx.get_run(run_id)
        if run is None or run.owner != owner:
            raise NotFound(f"run {run_id} not found")
        return run

    async def _control(
        self,
        owner: str,
        run_id: str,
        mutate: Callable[[Run, Transaction], Awaitable[list[EventBody]]],
    ) -> Run:
        async with self.store.transaction() as tx:
            run = await self._owned(tx, owner, run_id)
            bodies = await mutate(run, tx)
            stored = await tx.append(run, bodies) if bodies else []
            await tx.put_run(run)
        self.broker.publish(stored)
        metrics.count_events(stored)  # metrics hook
        return run
