"""What a person's decision, a control or a deadline does to a run: the mutations their
commits apply (through :class:`~planloop.engine.ledger.Ledger`, like an iteration's).

Each function returns a :data:`~planloop.engine.ledger.Mutation` that checks the run's
status inside the transaction, changes it and returns the events that say so, or raises a
:class:`~planloop.errors.Conflict` that leaves everything as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from planloop import metrics
from planloop.domain import (
    MAX_FEEDBACK_CHARS,
    MAX_RUN_FEEDBACK_CHARS,
    CheckpointStatus,
    Feedback,
    Run,
    RunStatus,
    utcnow,
)
from planloop.engine.idempotency import Once
from planloop.engine.ledger import Admit, Mutation
from planloop.errors import Conflict, InvalidInput, NotFound
from planloop.events import (
    CheckpointApproved,
    CheckpointRejected,
    Complete,
    ErrorEvent,
    EventBody,
    RunResumed,
)
from planloop.store import Transaction

DecisionKind = Literal["approve", "reject"]
DECIDED: dict[DecisionKind, CheckpointStatus] = {
    "approve": CheckpointStatus.APPROVED,
    "reject": CheckpointStatus.REJECTED,
}
KIND_OF: dict[CheckpointStatus, DecisionKind] = {v: k for k, v in DECIDED.items()}


class AlreadyDecided(Conflict):
    """Another decision was recorded first: this one was not. ``details`` carries the one
    that won, so a client learns that its own (and its feedback) was dropped."""

    code = "checkpoint_already_decided"

    def __init__(self, number: int, decision: DecisionKind, feedback: str) -> None:
        shown = feedback if len(feedback) <= 200 else feedback[:200] + "…"
        said = f" with feedback {shown!r}" if feedback else " without feedback"
        super().__init__(
            f"checkpoint {number} was already {DECIDED[decision].value}{said};"
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

    def answer(self) -> dict[str, Any]:
        """What an Idempotency-Key replays (:meth:`of_answer` reads it back)."""
        return {
            "run_id": self.run_id,
            "checkpoint": self.checkpoint,
            "decision": self.decision,
            "feedback": self.feedback,
            "run_status": self.run_status.value,
        }

    @classmethod
    def of_answer(cls, answer: dict[str, Any]) -> Decision:
        return cls(
            answer["run_id"],
            int(answer["checkpoint"]),
            answer["decision"],
            answer["feedback"],
            RunStatus(answer["run_status"]),
        )


def owned_by(owner: str, run_id: str) -> Admit:
    """Admit a run only to the session that owns it; to anyone else it does not exist."""

    def admit(run: Run | None) -> Run:
        if run is None or run.owner != owner:
            raise NotFound(f"run {run_id} not found")
        return run

    return admit


class Decide:
    """The mutation of a checkpoint decision; after the commit, ``result`` says what was
    decided (the first decision's, when the same decision comes again)."""

    def __init__(
        self, number: int, decision: DecisionKind, feedback: str, once: Once | None = None
    ) -> None:
        self.number = number
        self.decision = decision
        self.feedback = feedback
        self.once = once  # an Idempotency-Key: its answer is recorded with the decision
        self.result: Decision | None = None
        self.written = False  # False for a repeat of the decision already recorded

    async def __call__(self, run: Run, tx: Transaction) -> list[EventBody] | None:
        number, decision, feedback = self.number, self.decision, self.feedback
        wanted = DECIDED[decision]
        cp = await tx.get_checkpoint(run.id, number)
        if cp is None:
            raise Conflict(
                f"checkpoint {number} of run {run.id} is not waiting for a decision"
                f" (the run is {run.status.value} after iteration {run.iteration})",
                code="checkpoint_not_waiting",
            )
        if cp.status is not CheckpointStatus.WAITING:
            if cp.status is wanted and cp.feedback == feedback:
                # The same decision again: answer with the first one's result.
                self.result = Decision(run.id, number, decision, cp.feedback, run.status)
                return None
            if cp.status in KIND_OF:
                # Another decision won (a race, or a second thought): say which.
                raise AlreadyDecided(number, KIND_OF[cp.status], cp.feedback)
            raise Conflict(
                f"checkpoint {number} was already {cp.status.value}",
                code="checkpoint_already_decided",
            )
        given = sum(len(fb.text) for fb in run.state.feedback)
        if decision == "approve" and given + len(feedback) > MAX_RUN_FEEDBACK_CHARS:
            raise InvalidInput(
                f"feedback is {len(feedback)} characters and this run already has {given};"
                f" a run takes at most {MAX_RUN_FEEDBACK_CHARS} characters of feedback in"
                f" all ({MAX_FEEDBACK_CHARS} per checkpoint)",
                code="feedback_too_long",
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
            bodies = [CheckpointApproved(checkpoint_number=number, feedback=feedback)]
        else:
            run.status = RunStatus.REJECTED
            bodies = [
                CheckpointRejected(checkpoint_number=number, feedback=feedback),
                Complete(status="rejected"),
            ]
        run.lease_holder = None
        self.result = Decision(run.id, number, decision, feedback, run.status)
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
        if cp is not None and cp.status is CheckpointStatus.WAITING:
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


def expire(number: int) -> Mutation:
    """A checkpoint's deadline passed: end the run as expired, exactly once (nothing is
    written unless the checkpoint still waits and is due)."""

    async def mutate(run: Run, tx: Transaction) -> list[EventBody] | None:
        cp = await tx.get_checkpoint(run.id, number)
        if cp is None or cp.status is not CheckpointStatus.WAITING or cp.expires_at > utcnow():
            return None
        cp.status = CheckpointStatus.EXPIRED
        await tx.put_checkpoint(cp)
        run.status = RunStatus.EXPIRED
        run.lease_holder = None
        message = (
            f"Checkpoint {number} was not decided within {run.checkpoint_timeout_s:g} s;"
            " the run has expired."
        )
        return [ErrorEvent.of("checkpoint_expired", message), Complete(status="expired")]

    return mutate
