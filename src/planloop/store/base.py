"""The one Store interface; the database URL picks its backend (``open_store``).

Writes happen in a :class:`Transaction`: the engine loads a run, changes it, appends its
events and saves it, all-or-nothing. Events get their ``seq`` inside that transaction, so
"every event is stored before it is sent" and "state is saved with its events" both hold.

Where it is written: the statements once, in ``sql.py``, and what both backends do with
them in ``sql_store.py``; the schemas in ``sqlite_schema.py`` and ``postgres_schema.py``,
applied by the one runner in ``migrations.py``. ``sqlite.py`` (with
``sqlite_transaction.py``: trips batched to aiosqlite's thread) and ``postgres.py`` (row
locks, ``SKIP LOCKED`` claims, advisory locks, LISTEN/NOTIFY) hold only what differs.

The plan of run X: the store is the record. The run's own row names its plan note
(``Run.memory_entity``, committed with its ``final_plan``), and the ``entities`` table
records each saved plan note with its run, owner and goal: ``/api/save-entity`` finds a
plan already saved for a goal there (:meth:`Store.entity_by_goal`), whether a run or a
manual save wrote it; memory has no owners to answer that. Memory holds the notes
themselves; a note's ``run_id`` fact only lets memory give a save retried after a crash
(written to memory, not yet committed here) the name it gave the first time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from planloop.domain import Checkpoint, Run, RunStatus, iso
from planloop.errors import LimitExceeded
from planloop.events import EventBody, StoredEvent


@dataclass(frozen=True)
class EntityRecord:
    name: str
    run_id: str | None
    owner: str | None
    goal: str
    created_at: datetime


@dataclass(frozen=True)
class IdempotencyRecord:
    """The first answer to a request sent with an ``Idempotency-Key`` (engine/idempotency.py)."""

    owner: str
    key: str
    fingerprint: str
    """A digest of what the request asked for: the same key with another is refused."""
    answer: str
    """JSON, as the engine recorded it."""
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class PlanVersion:
    """A run's plan as one iteration left it (or as a person edited it then)."""

    run_id: str
    iteration: int
    revision: int
    """1 for the iteration's first plan; each redo of the iteration (a ``revise``) or
    edit of its plan adds one."""
    plan: str
    created_at: datetime


@dataclass(frozen=True)
class WebhookDelivery:
    """One webhook to send (engine/webhooks.py), kept in the outbox table
    ``webhook_deliveries``: written in the transaction of the event it tells of, sent by
    the courier (engine/courier.py) until it is delivered or has failed for good."""

    id: str
    """The ``webhook-id``: the same on every attempt, so receivers can de-duplicate."""
    run_id: str
    type: str
    """``checkpoint.reached``, ``run.completed``, ``run.failed`` or ``run.expired``."""
    target: str
    """Whose receiver: ``server`` (PLANLOOP_WEBHOOK_URL) or ``run`` (the run's own)."""
    url: str
    payload: str
    """The JSON body, exactly as every attempt sends it."""
    created_at: datetime
    next_attempt_at: datetime
    status: str = "pending"
    """``pending``, ``delivered`` or ``failed`` (given up after the last attempt)."""
    attempts: int = 0
    last_status: int | None = None
    """The receiver's HTTP status at the last attempt (None: no answer)."""
    last_error: str | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True)
class WebhookOutcome:
    """What one attempt came to, as the courier records it."""

    status: str
    next_attempt_at: datetime
    last_status: int | None
    last_error: str | None
    delivered_at: datetime | None


@dataclass(frozen=True)
class ShareRecord:
    """A share link of a run (engine/shares.py): only the SHA-256 of its token is kept."""

    token_hash: str
    token_id: str
    run_id: str
    owner: str
    role: str
    """``viewer`` (reads the run) or ``approver`` (also decides its checkpoints)."""
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class RunChanged(Exception):
    """The run was saved by someone else since the caller last saw it (check_run)."""

    @classmethod
    def of(cls, run_id: str) -> RunChanged:
        """The refusal of a commit behind ``run_id``'s fence, which no longer holds."""
        return cls(f"run {run_id} was saved elsewhere since it was read")


class Transaction(Protocol):
    async def get_run(self, run_id: str) -> Run | None:
        """Load a run and lock it for the rest of the transaction."""

    async def check_run(self, run: Run, worker: str) -> None:
        """Instead of loading ``run`` again: lock its row for the rest of the transaction,
        which raises :class:`RunChanged` (here or when it commits, before anything is
        written) unless the row is still at ``run.revision`` and leased to
        ``worker``, and ``worker`` is still present (:meth:`Store.attend`)."""

    async def put_run(self, run: Run) -> None:
        """Insert or update a run (the store sets its ``updated_at`` and advances its
        ``revision``)."""

    async def put_seq(self, run: Run) -> None:
        """Save only what appending changed (``last_seq``) and advance the ``revision``,
        for a commit that adds events and changes nothing else: the run's body, which
        grows with its plan, is not written again."""

    async def append(
        self, run: Run, bodies: Sequence[EventBody], at: Sequence[str] | None = None
    ) -> list[StoredEvent]:
        """Append events after ``run.last_seq``; advances ``run.last_seq`` (save it with
        put_run or put_seq).
        ``at``: each event's ``ts`` when it happened earlier than now (written behind)."""

    async def count_active_runs(self, owner: str) -> int:
        """Runs of this owner that have not ended, counted inside the transaction."""

    async def admit_run(self, run_id: str, owner: str, cap: int) -> None:
        """Refuse the new run ``run_id`` (:class:`~planloop.errors.LimitExceeded`) if
        ``owner`` already has ``cap`` runs that have not ended, counted so that concurrent
        creations cannot overrun the cap together. A backend may count with the
        transaction's writes: the refusal then comes when the transaction ends."""

    async def get_checkpoint(self, run_id: str, number: int) -> Checkpoint | None: ...

    async def checkpoints_between(
        self, run_id: str, first: int, last: int
    ) -> dict[int, Checkpoint]:
        """The run's checkpoints numbered ``first`` to ``last``, in one read."""

    async def put_checkpoint(self, checkpoint: Checkpoint) -> None: ...

    async def put_entity(self, record: EntityRecord) -> None:
        """Record a memory entity; a second record for the same run keeps the first."""

    async def put_plan(self, run_id: str, iteration: int, plan: str) -> None:
        """Keep ``plan`` as the next revision of the plan after ``iteration``."""

    async def get_plan(self, run_id: str, iteration: int) -> PlanVersion | None:
        """The latest revision of the plan after ``iteration`` (None: none kept)."""

    async def put_share(self, record: ShareRecord) -> None: ...

    async def get_share(self, token_hash: str) -> ShareRecord | None:
        """The share of this token hash, locked for the rest of the transaction (a decision
        made through it and its revocation never interleave)."""

    async def revoke_share(
        self, owner: str, run_id: str, token_id: str, at: datetime
    ) -> ShareRecord | None:
        """Mark the share revoked (the first revocation's time is kept); None: no such
        share of ``owner``'s run."""

    async def put_idempotency(self, record: IdempotencyRecord) -> bool:
        """Keep the answer to a keyed request, unless a live record of the key exists
        (False: a concurrent request with the key committed first). Drops expired records."""

    async def put_webhooks(self, deliveries: Sequence[WebhookDelivery]) -> None:
        """Add webhooks to the outbox, committed with the events they tell of (a delivery
        whose id is there already is kept as it is)."""


class Store(Protocol):
    async def open(self) -> None: ...

    async def close(self) -> None: ...

    def transaction(self) -> AbstractAsyncContextManager[Transaction]: ...

    async def get_run(self, run_id: str) -> Run | None: ...

    async def add_events(
        self, run: Run, worker: str, bodies: Sequence[EventBody], at: Sequence[str]
    ) -> list[StoredEvent]:
        """A commit that only adds events (written behind, at times ``at``) to a run whose
        copy the caller holds under ``worker``'s lease: the check of ``check_run``, the
        append and ``put_seq``, in one trip on every backend, committed with those other
        runs make at the same time (group commit), each behind its own check. Raises
        RunChanged, with nothing written, if the run was saved elsewhere since."""

    async def run_owner(self, run_id: str) -> str | None:
        """Whose run this is (None: no such run), without loading the run: a stream that
        opens or reconnects needs no more."""

    async def log_head(self, run_id: str) -> tuple[int, RunStatus] | None:
        """The seq of the run's last event and the run's status (None: no such run),
        without loading the run: a stream that resumes checks its point is not past them."""

    async def list_runs(self, owner: str, *, limit: int = 100) -> list[Run]: ...

    async def count_active_runs(self, owner: str) -> int: ...

    async def unfinished(self, run_ids: Sequence[str]) -> set[str]:
        """Which of these runs have not ended (unknown ids left out)."""

    async def status_counts(self) -> dict[str, int]:
        """Number of runs in each status, over all owners."""

    async def last_seqs(self, run_ids: Sequence[str]) -> dict[str, int]:
        """The newest seq of each of these runs (runs with no events are left out)."""

    async def listen(self, on_event: Callable[[str, int], None]) -> None:
        """Call ``on_event(run_id, first_seq)`` when another process commits events (a
        wake-up hint; a no-op where one process owns the database)."""

    async def events_after(
        self, run_id: str, after_seq: int, limit: int = 500
    ) -> list[StoredEvent]:
        """Stored events with ``seq > after_seq`` in order, at most ``limit``."""

    async def list_checkpoints(self, run_id: str) -> list[Checkpoint]: ...

    async def get_plan(self, run_id: str, iteration: int) -> PlanVersion | None:
        """The latest revision of the plan after ``iteration`` (None: none kept)."""

    async def plans(self, run_id: str, up_to: int) -> list[PlanVersion]:
        """The latest revision of each kept plan after iterations 1..``up_to``, in order."""

    async def due_checkpoints(self, now: datetime) -> list[tuple[str, int]]:
        """(run_id, number) of waiting checkpoints whose deadline has passed."""

    exclusive: bool
    """True when one process owns the database (SQLite): leases left by a crash are void."""

    async def attend(self, worker: str, lost: Callable[[], None]) -> None:
        """Make ``worker`` present until :meth:`close`. Where processes share the database
        (PostgreSQL, store/postgres_presence.py) the leases of a worker that is no longer
        present are void at once: claims take its runs (:meth:`orphans`) and its commits
        are refused. ``lost`` is called when this process loses its presence (it must stop
        executing runs); the store regains it by itself (:attr:`present`). A no-op where
        one process owns the database."""

    @property
    def present(self) -> bool:
        """False while this process's presence is lost (never, where it is a no-op)."""

    async def orphans(self, limit: int) -> list[str]:
        """Running runs leased to a worker that is no longer present: what a claim would
        take before their leases lapse (none where one process owns the database)."""

    def is_transient(self, exc: BaseException) -> bool:
        """A fault worth retrying: the database is busy, restarting or briefly unreachable."""

    async def claim(
        self, worker: str, now: datetime, until: datetime, limit: int, run_id: str | None = None
    ) -> list[str]:
        """Lease up to ``limit`` running runs whose lease is free, lapsed or void (its
        holder is no longer present, see :meth:`attend`) (only ``run_id``
        when given); return their ids. A run leased by anyone, us included, is not claimed
        again, so two claims can never both win."""

    async def runnable(self, now: datetime, limit: int) -> list[str]:
        """Running runs nobody holds (free, lapsed or void lease), longest waiting first: what a
        claim would take, without taking it."""

    async def renew(self, run_ids: Sequence[str], worker: str, until: datetime) -> set[str]:
        """Extend our leases of ``run_ids``, a statement per 500: those still ours (a run
        missing from the answer is no longer ours)."""

    async def release(self, run_id: str, worker: str) -> None: ...

    async def release_all(self, worker: str | None = None) -> None:
        """Drop leases (all of them when ``worker`` is None: a single-process restart)."""

    async def entity_by_goal(self, owner: str, goal: str) -> EntityRecord | None: ...

    async def share(self, token_hash: str) -> ShareRecord | None: ...

    async def shares_of(self, run_id: str) -> list[ShareRecord]:
        """Every share of the run, newest first."""

    async def touch_share(self, token_hash: str, at: datetime) -> None:
        """Note that the share was used at ``at``."""

    async def idempotency(self, owner: str, key: str, now: datetime) -> IdempotencyRecord | None:
        """The record of ``owner``'s key, unless it has expired by ``now``."""

    async def claim_webhooks(
        self, worker: str, now: datetime, until: datetime, limit: int
    ) -> list[WebhookDelivery]:
        """Claim up to ``limit`` pending deliveries that are due by ``now`` and not claimed
        (or whose claim lapsed) until ``until``; concurrent claims pass each other by."""

    async def finish_webhook(self, delivery_id: str, worker: str, outcome: WebhookOutcome) -> bool:
        """Record an attempt of a delivery ``worker`` claimed (counting it) and drop the
        claim; False when the claim was lost (another worker re-claimed it)."""

    async def release_webhooks(self) -> None:
        """Drop every claim (a single-process restart: the claims of the dead are void)."""

    async def webhooks_of(self, run_id: str) -> list[WebhookDelivery]:
        """A run's deliveries, oldest first."""


def stamp(ts: datetime) -> str:
    """Timestamps in the store: fixed-width UTC text, so text order is time order."""
    return iso(ts)


def session_full(cap: int) -> LimitExceeded:
    """The refusal of :meth:`Transaction.admit_run`."""
    return LimitExceeded(f"this session already has {cap} active runs; finish or cancel one first")
