"""What a person's decision, a control or a deadline does to a run: the mutations their
commits apply (through :class:`~planloop.engine.ledger.Ledger`, like an iteration's).

Each function returns a :data:`~planloop.engine.ledger.Mutation` that checks the run's
status inside the transaction, changes it and returns the events that say so, or raises a
:class:`~planloop.errors.Conflict` that leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from planloop import metrics
from planloop.domain import (
    MAX_FEEDBACK_CHARS,
    MAX_RUN_FEEDBACK_CHARS,
    Checkpoint,
    CheckpointRevision,
    CheckpointStatus,
    Feedback,
    Run,
    RunStatus,
    utcnow,
)
from planloop.engine.idempotency import Once
from planloop.engine.ledger import Admit
from planloop.engine.review import apply_edit, request_changes
from planloop.errors import Conflict, InvalidInput, NotFound, shown
from planloop.events import (
    CheckpointApproved,
    CheckpointRejected,
    Complete,
    EventBody,
    RunResumed,
)
from planloop.store import Transaction

DecisionKind = Literal["approve", "reject", "revise", "edit"]
DECIDED: dict[DecisionKind, CheckpointStatus] = {
    "approve": CheckpointStatus.APPROVED,
    "reject": CheckpointStatus.REJECTED,
    "revise": CheckpointStatus.CHANGES_REQUESTED,
    "edit": CheckpointStatus.EDITED,
}
KIND_OF: dict[CheckpointStatus, DecisionKind] = {v: k for k, v in DECIDED.items()}
# What happened to a checkpoint, in words ("was already changes_requested" read badly).
SAID: dict[CheckpointStatus, str] = {
    CheckpointStatus.APPROVED: "approved",
    CheckpointStatus.REJECTED: "rejected",
    CheckpointStatus.CHANGES_REQUESTED: "sent back with changes requested",
    CheckpointStatus.EDITED: "edited",
}


class AlreadyDecided(Conflict):
    """Another decision was recorded first: this one was not. ``details`` carries the one
    that won, so a client learns that its own (and its feedback) was dropped."""

    code = "checkpoint_already_decided"

    def __init__(self, number: int, decision: DecisionKind, feedback: str) -> None:
        shown = feedback if len(feedback) <= 200 else feedback[:200] + "…"
        said = f" with feedback {shown!r}" if feedback else " without feedback"
        super().__init__(
            f"checkpoint {number} was already {SAID[DECIDED[decision]]}{said};"
            " this decision was not recorded"
        )
        self.details: dict[str, Any] = {"decided": {"decision": decision, "feedback": feedback}}


@dataclass(frozen=True)
class Decision:
    run_id: str
    checkpoint: int
    decision: DecisionKind
    feedback: str
    run_status: RunStatus
    revision: int = 1
    """The revision of the checkpoint that was decided."""
    already_recorded: bool = False
    """This same decision was recorded before: this one changed nothing (no event, no
    write). An Idempotency-Key's replay is the first answer, and says False as it did."""

    def answer(self) -> dict[str, Any]:
        """What an Idempotency-Key replays (:meth:`of_answer` reads it back)."""
        return {
            "run_id": self.run_id,
            "checkpoint": self.checkpoint,
            "decision": self.decision,
            "feedback": self.feedback,
            "run_status": self.run_status.value,
            "revision": self.revision,
        }

    @classmethod
    def of_answer(cls, answer: dict[str, Any]) -> Decision:
        return cls(
            answer["run_id"],
            int(answer["checkpoint"]),
            answer["decision"],
            answer["feedback"],
            RunStatus(answer["run_status"]),
            int(answer.get("revision", 1)),
        )


def owned_by(owner: str, run_id: str) -> Admit:
    """Admit a run only to the session that owns it; to anyone else it does not exist."""

    def admit(run: Run | None) -> Run:
        if run is None or run.owner != owner:
            raise NotFound(f"run {shown(run_id)} not found")
        return run

    return admit


class Decide:
    """The mutation of a checkpoint decision; after the commit, ``result`` says what was
    decided (the first decision's, when the same decision comes again).

    ``plan``: the person's plan (``edit`` only). ``revision``: the revision the person saw;
    a decision meant for an earlier one is answered as that one was, or refused.
    ``by_deadline``: the run's ``on_timeout`` decides, not a person. ``by``: who decided
    when not the owner (``share:<token_id>``); ``guard``: checked first, inside the
    transaction (a share link still valid), raising to refuse."""

    def __init__(
        self,
        number: int,
        decision: DecisionKind,
        feedback: str,
        once: Once | None = None,
        *,
        plan: str | None = None,
        revision: int | None = None,
        by_deadline: bool = False,
        by: str | None = None,
        guard: Callable[[Transaction], Awaitable[None]] | None = None,
    ) -> None:
        self.number = number
        self.by = by
        self.guard = guard
        self.decision = decision
        self.feedback = feedback
        self.once = once  # an Idempotency-Key: its answer is recorded with the decision
        self.plan = plan
        self.revision = revision
        self.by_deadline = by_deadline
        self.result: Decision | None = None
        self.written = False  # False for a repeat of the decision already recorded

    def _same(self, seen: CheckpointRevision) -> bool:
        return (
            seen.status is DECIDED[self.decision]
            and seen.feedback == self.feedback
            and (self.decision != "edit" or seen.edited_plan == self.plan)
        )

    def _settled(self, run: Run, cp: Checkpoint) -> None:
        """The checkpoint (or the revision the person saw) is no longer open: answer a
        repeat as the first was, refuse anything else."""
        number = cp.number
        seen: CheckpointRevision = cp
        if self.revision is not None and self.revision != cp.revision:
            if not 1 <= self.revision <= len(cp.revisions):
                raise Conflict(
                    f"checkpoint {number} is at revision {cp.revision}, not {self.revision}",
                    code="checkpoint_revision_mismatch",
                )
            seen = cp.revisions[self.revision - 1]
        if self._same(seen):
            self.result = Decision(
                run.id,
                number,
                self.decision,
                seen.feedback,
                run.status,
                seen.revision,
                already_recorded=True,
            )
            return
        if seen.status in KIND_OF:
            raise AlreadyDecided(number, KIND_OF[seen.status], seen.feedback)
        raise Conflict(
            f"checkpoint {number} was already {SAID.get(seen.status, seen.status.value)}",
            code="checkpoint_already_decided",
        )

    async def __call__(self, run: Run, tx: Transaction) -> list[EventBody] | None:
        number, decision, feedback = self.number, self.decision, self.feedback
        if self.guard is not None:
            await self.guard(tx)
        cp = await tx.get_checkpoint(run.id, number)
        planned = (run.max_iterations - 1) // run.checkpoint_interval
        if cp is None and number > planned:
            every = f"one every {run.checkpoint_interval} of its {run.max_iterations} iterations"
            raise NotFound(
                f"run {run.id} has no checkpoint {number}: it has {planned} ({every})",
                code="checkpoint_not_found",
            )
        if cp is None:
            raise Conflict(
                f"checkpoint {number} of run {run.id} is not waiting for a decision"
                f" (the run is {run.status.value} after iteration {run.iteration})",
                code="checkpoint_not_waiting",
            )
        if not cp.status.open or (self.revision is not None and self.revision != cp.revision):
            self._settled(run, cp)
            return None
        given = sum(len(fb.text) for fb in run.state.feedback)
        if decision != "reject" and given + len(feedback) > MAX_RUN_FEEDBACK_CHARS:
            raise InvalidInput(
                f"feedback is {len(feedback)} characters and this run already has {given};"
                f" a run takes at most {MAX_RUN_FEEDBACK_CHARS} characters of feedback in"
                f" all ({MAX_FEEDBACK_CHARS} per checkpoint)",
                code="feedback_too_long",
            )
        cp.status = DECIDED[decision]
        cp.feedback = feedback
        cp.decided_at = utcnow()
        cp.by_deadline = self.by_deadline
        cp.decided_by = self.by
        if decision == "edit":
            cp.edited_plan = self.plan
        metrics.approval_waited(decision, cp.created_at, cp.decided_at)  # metrics hook
        await tx.put_checkpoint(cp)
        bodies: list[EventBody]
        if decision == "approve":
            if feedback:
                run.state.feedback.append(
                    Feedback(checkpoint=number, text=feedback, iteration=cp.iteration)
                )
            run.status = RunStatus.RUNNING
            bodies = [
                CheckpointApproved(
                    checkpoint_number=number, feedback=feedback, by_deadline=self.by_deadline
                )
            ]
        elif decision == "revise":
            bodies = [await request_changes(run, tx, cp, feedback)]
        elif decision == "edit":
            assert self.plan is not None  # checked by Engine.decide
            bodies = [await apply_edit(run, tx, cp, self.plan, feedback)]
        else:
            run.status = RunStatus.REJECTED
            bodies = [
                CheckpointRejected(
                    checkpoint_number=number, feedback=feedback, by_deadline=self.by_deadline
                ),
                Complete(status="rejected"),
            ]
        for body in bodies:
            if hasattr(body, "by"):
                body.by = self.by
        run.lease_holder = None
        self.result = Decision(run.id, number, decision, feedback, run.status, cp.revision)
        self.written = True
        if self.once is not None:
            await self.once.record(tx, self.result.answer())
        return bodies


async def pause(run: Run, tx: Transaction) -> list[EventBody]:
    if run.status is RunStatus.PAUSED:
        return []
    if run.status is not RunStatus.RUNNING:
        raise Conflict(f"run is {run.status.value}; only a running run can be paused")
    run.pause_requested = True  # takes effect after the current iteration
    return []


async def resume(run: Run, tx: Transaction) -> list[EventBody]:
    if run.status is RunStatus.RUNNING:
        run.pause_requested = False
        return []
    if run.status is not RunStatus.PAUSED:
        raise Conflict(f"run is {run.status.value}; only a paused run can be resumed")
    run.status = RunStatus.RUNNING
    return [RunResumed(iteration=run.iteration)]


async def cancel(run: Run, tx: Transaction) -> list[EventBody]:
    if run.status.terminal:
        raise Conflict(f"run already ended ({run.status.value})")
    if run.status is RunStatus.AWAITING_APPROVAL:
        cp = await tx.get_checkpoint(run.id, run.iteration // run.checkpoint_interval)
        if cp is not None and cp.status.open:
            cp.status = CheckpointStatus.CANCELLED
            await tx.put_checkpoint(cp)
    run.status = RunStatus.CANCELLED
    run.lease_holder = None
    return [Complete(status="cancelled")]


async def retry(run: Run, tx: Transaction) -> list[EventBody]:
    """Continue a failed run from the iteration that failed; earlier ones are kept."""
    if run.status is not RunStatus.FAILED:
        raise Conflict(f"run is {run.status.value}; only a failed run can be retried")
    run.status = RunStatus.RUNNING
    run.error = None
    return [RunResumed(iteration=run.iteration)]
