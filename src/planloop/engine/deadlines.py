"""What a checkpoint's deadline does, and a new deadline: the mutations of the sweep's
``expire`` and of ``extend``.

A deadline is not death. What it does is the run's ``on_timeout``: ``expire`` (the
default) marks the checkpoint ``expired`` and leaves the run waiting
(``awaiting_approval``): it still takes approve, revise, edit or reject, or a new deadline
(``extend``). ``approve`` and ``reject`` decide as a person would, marked ``by_deadline``.
Each fires exactly once: nothing is written unless the checkpoint still waits and is due.
"""

from __future__ import annotations

from datetime import timedelta

from planloop.domain import CheckpointStatus, Run, RunStatus, iso, utcnow
from planloop.engine.decisions import Decide, DecisionKind
from planloop.engine.ledger import Mutation
from planloop.errors import Conflict, InvalidInput
from planloop.events import CheckpointExpired, CheckpointExtended, EventBody
from planloop.store import Transaction


def expire(number: int) -> Mutation:
    """A checkpoint's deadline passed: do what the run's ``on_timeout`` says, once."""

    async def mutate(run: Run, tx: Transaction) -> list[EventBody] | None:
        cp = await tx.get_checkpoint(run.id, number)
        if cp is None or cp.status is not CheckpointStatus.WAITING or cp.expires_at > utcnow():
            return None
        if run.status is not RunStatus.AWAITING_APPROVAL:
            return None
        if run.on_timeout == "expire":
            cp.status = CheckpointStatus.EXPIRED
            await tx.put_checkpoint(cp)
            return [CheckpointExpired(checkpoint_number=number)]
        decision: DecisionKind = "approve" if run.on_timeout == "approve" else "reject"
        return await Decide(number, decision, "", by_deadline=True)(run, tx)

    return mutate


def extend(number: int, seconds: float) -> Mutation:
    """A new deadline for a checkpoint that waits (or has expired): ``seconds`` from now,
    and no earlier than the one it has."""

    async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
        cp = await tx.get_checkpoint(run.id, number)
        if cp is None or not cp.status.open or run.status is not RunStatus.AWAITING_APPROVAL:
            state = cp.status.value if cp is not None else "not reached"
            raise Conflict(
                f"checkpoint {number} of run {run.id} is not waiting for a decision"
                f" ({state}; the run is {run.status.value})",
                code="checkpoint_not_waiting",
            )
        later = utcnow() + timedelta(seconds=seconds)
        if later < cp.expires_at:  # extending gives more time, never less (a user's trial)
            left = (cp.expires_at - utcnow()).total_seconds()
            raise InvalidInput(
                f"checkpoint {number} of run {run.id} already waits until"
                f" {iso(cp.expires_at)}, {left:.0f} s from now: give more seconds than that",
                code="deadline_not_later",
            )
        cp.expires_at = later
        cp.status = CheckpointStatus.WAITING
        await tx.put_checkpoint(cp)
        return [CheckpointExtended(checkpoint_number=number, expires_at=iso(cp.expires_at))]

    return mutate
