"""The store's statements, written once (how their rows read back: :mod:`planloop.store.rows`).

Every statement is written here with ``?`` placeholders. A :class:`Dialect` says what one
backend changes: PostgreSQL numbers its placeholders (``$1``, ``$2``…) and locks the rows
a transaction reads (``FOR UPDATE``) or claims (``FOR UPDATE SKIP LOCKED``); SQLite needs
neither, since ``BEGIN IMMEDIATE`` already makes its one writer the only one, and stores
timestamps as fixed-width text. :class:`Statements` renders them for a dialect once, when
the backend's module is imported, so no statement is built on the way to the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from planloop.domain import TERMINAL_STATUSES, CheckpointStatus, Run
from planloop.store.base import (
    IdempotencyRecord,
    ShareRecord,
    WebhookDelivery,
    WebhookOutcome,
)

TERMINAL = tuple(s.value for s in TERMINAL_STATUSES)
WAITING = CheckpointStatus.WAITING.value
# A run is its row in ``runs`` and its head in ``run_heads``: the revision and the last seq,
# which every commit that only adds events changes. Kept apart, such a commit (ten a second
# per streaming run) writes a small row that shares its page with ~90 others, not the run's
# own row, whose body fills a page (docs/benchmarks.md, pacing findings 9).
RUNS = "runs JOIN run_heads heads ON heads.run_id = runs.id"
RUN_COLUMNS = "runs.body, runs.lease_owner, runs.lease_expires_at, heads.revision, heads.last_seq"
ENTITY_COLUMNS = "name, run_id, owner, goal, created_at"
PLAN_COLUMNS = "run_id, iteration, revision, plan, created_at"
KEY_COLUMNS = "owner, key, fingerprint, answer, created_at, expires_at"
HOOK_COLUMNS = (
    "id, run_id, type, target, url, payload, created_at, next_attempt_at, status, attempts,"
    " last_status, last_error, delivered_at"
)
SHARE_COLUMNS = (
    "token_hash, token_id, run_id, owner, role, created_at, expires_at, revoked_at, last_used_at"
)
_NO_LEASE = "UPDATE runs SET lease_owner=NULL, lease_expires_at=NULL WHERE"


@dataclass(frozen=True)
class Dialect:
    numbered: bool
    """Placeholders are ``$1``, ``$2``… instead of ``?``."""
    lock_rows: str
    """Ends a read in a transaction that must keep what it read unchanged until it ends."""
    skip_locked: str
    """Ends claim's choice of runs, so that concurrent claims pass each other by."""
    timestamp: Callable[[datetime], Any]
    """A timestamp as its column takes it."""
    id_list: str
    """A subquery of the ids of one parameter, which :attr:`ids` makes from a list."""
    ids: Callable[[Sequence[str]], Any]
    dead_holder: str = ""
    """Ends the test "this lease (or claim) is lapsed" with another way for it to be void:
    its holder, the column ``{holder}``, is no longer present (PostgreSQL:
    store/postgres_presence.py)."""
    live_holder: str = ""
    """Ends the fence check of a runner's commit: its worker is still present."""

    def render(self, sql: str) -> str:
        if not self.numbered:
            return sql
        first, *rest = sql.split("?")
        return first + "".join(f"${n}{part}" for n, part in enumerate(rest, 1))

    def gone(self, holder: str) -> str:
        """``dead_holder`` for the column ``holder``."""
        return self.dead_holder.format(holder=holder)


class Statements:
    """Every statement of the store, rendered for one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        q = dialect.render
        lock = dialect.lock_rows
        self.timestamp = dialect.timestamp
        # Runs
        self.get_run = q(f"SELECT {RUN_COLUMNS} FROM {RUNS} WHERE runs.id=?")  # noqa: S608
        self.lock_run = q(f"SELECT {RUN_COLUMNS} FROM {RUNS} WHERE runs.id=?{lock}")  # noqa: S608
        self.check_run = q(
            f"SELECT 1 FROM {RUNS} WHERE runs.id=? AND heads.revision=?"  # noqa: S608
            f" AND lease_owner=?{dialect.live_holder}{lock}"
        )
        # A run is saved in two statements, its row and its head (put_head, same fields).
        self.put_run = q(
            "INSERT INTO runs (id, owner, conversation, status, created_at, updated_at,"
            " lease_owner, lease_expires_at, body) VALUES (?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (id) DO UPDATE SET status=EXCLUDED.status,"
            " updated_at=EXCLUDED.updated_at, lease_owner=EXCLUDED.lease_owner,"
            " lease_expires_at=EXCLUDED.lease_expires_at, body=EXCLUDED.body"
        )
        self.put_head = q(
            "INSERT INTO run_heads (run_id, revision, last_seq) VALUES (?,?,?)"
            " ON CONFLICT (run_id) DO UPDATE SET"
            " revision=EXCLUDED.revision, last_seq=EXCLUDED.last_seq"
        )
        self.put_seq = q("UPDATE run_heads SET last_seq=?, revision=? WHERE run_id=?")
        # put_seq behind check_run's fence, in one statement: no row changed, refused.
        self.put_seq_checked = q(
            "UPDATE run_heads SET last_seq=?, revision=?"  # noqa: S608
            " WHERE run_id=? AND revision=? AND EXISTS (SELECT 1 FROM runs"
            f" WHERE runs.id=run_heads.run_id AND lease_owner=?{dialect.live_holder})"
        )
        self.run_owner = q("SELECT owner FROM runs WHERE id=?")
        self.log_head = q(f"SELECT heads.last_seq, runs.status FROM {RUNS} WHERE runs.id=?")  # noqa: S608
        self.list_runs = q(
            f"SELECT {RUN_COLUMNS} FROM {RUNS} WHERE runs.owner=?"  # noqa: S608
            " ORDER BY runs.created_at DESC, runs.id LIMIT ?"
        )
        terminal = ",".join("?" for _ in TERMINAL)
        self.count_active = q(
            f"SELECT COUNT(*) FROM runs WHERE owner=? AND status NOT IN ({terminal})"  # noqa: S608
        )
        self.unfinished = q(
            f"SELECT id FROM runs WHERE id IN ({dialect.id_list})"  # noqa: S608
            f" AND status NOT IN ({terminal})"
        )
        self.ids = dialect.ids
        self.status_counts = "SELECT status, COUNT(*) FROM runs GROUP BY status"
        # Events
        self.append = q("INSERT INTO events (run_id, seq, type, ts, payload) VALUES (?,?,?,?,?)")
        self.events_after = q(
            "SELECT seq, type, ts, payload FROM events WHERE run_id=? AND seq>?"
            " ORDER BY seq LIMIT ?"
        )
        # Checkpoints
        self.get_checkpoint = q(f"SELECT body FROM checkpoints WHERE run_id=? AND number=?{lock}")  # noqa: S608
        self.checkpoints_between = q(
            "SELECT number, body FROM checkpoints WHERE run_id=? AND number BETWEEN ? AND ?"  # noqa: S608
            f" ORDER BY number{lock}"
        )
        self.put_checkpoint = q(
            "INSERT INTO checkpoints (run_id, number, status, expires_at, body)"
            " VALUES (?,?,?,?,?) ON CONFLICT (run_id, number) DO UPDATE SET"
            " status=EXCLUDED.status, expires_at=EXCLUDED.expires_at, body=EXCLUDED.body"
        )
        self.list_checkpoints = q("SELECT body FROM checkpoints WHERE run_id=? ORDER BY number")
        self.due_checkpoints = q(
            "SELECT run_id, number FROM checkpoints WHERE status=? AND expires_at<=?"
            " ORDER BY expires_at LIMIT 500"
        )
        # Plan history: the next revision of an iteration's plan, numbered in the insert
        # (the run's row is locked by the transaction, so two never race for a number).
        self.put_plan = q(
            "INSERT INTO plan_versions (run_id, iteration, revision, plan, created_at)"
            " SELECT CAST(? AS TEXT), CAST(? AS INTEGER), COALESCE(MAX(revision), 0) + 1,"
            " CAST(? AS TEXT), CAST(? AS TEXT) FROM plan_versions WHERE run_id=? AND iteration=?"
        )
        self.get_plan = q(
            f"SELECT {PLAN_COLUMNS} FROM plan_versions WHERE run_id=? AND iteration=?"  # noqa: S608
            " ORDER BY revision DESC LIMIT 1"
        )
        self.plans = q(
            f"SELECT {PLAN_COLUMNS} FROM plan_versions WHERE run_id=? AND iteration<=?"  # noqa: S608
            " ORDER BY iteration, revision"
        )
        # Leases: free, lapsed, or void (its holder is gone: dead_holder)
        free = f"(lease_owner IS NULL OR lease_expires_at<=?{dialect.gone('lease_owner')})"
        self.claim_any, self.claim_one = (
            q(
                "UPDATE runs SET lease_owner=?, lease_expires_at=? WHERE id IN ("  # noqa: S608
                f" SELECT id FROM runs WHERE status='running' AND {free}{only}"
                f" ORDER BY updated_at LIMIT ?{dialect.skip_locked}) RETURNING id"
            )
            for only in ("", " AND id=?")
        )
        self.runnable = q(
            f"SELECT id FROM runs WHERE status='running' AND {free}"  # noqa: S608
            " ORDER BY updated_at LIMIT ?"
        )
        # Leased to a holder that is gone (never, without dead_holder).
        self.orphans = q(
            "SELECT id FROM runs WHERE status='running' AND lease_owner IS NOT NULL"  # noqa: S608
            f" AND (1=0{dialect.gone('lease_owner')}) LIMIT ?"
        )
        # The rows locked in the order of their ids, as a group commit of events written
        # behind locks them (postgres_batch.py): the two never wait for each other in a circle.
        self.renew = q(
            "UPDATE runs SET lease_expires_at=? WHERE id IN (SELECT id FROM runs"  # noqa: S608
            f" WHERE lease_owner=? AND id IN ({dialect.id_list}) ORDER BY id{lock}) RETURNING id"
        )
        self.release = q(f"{_NO_LEASE} id=? AND lease_owner=?")
        self.release_worker = q(f"{_NO_LEASE} lease_owner=?")
        self.release_all = f"{_NO_LEASE} lease_owner IS NOT NULL"
        # Saved plans (see base.py: the plan of a run)
        self.put_entity = q(
            f"INSERT INTO entities ({ENTITY_COLUMNS}) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING"  # noqa: S608
        )
        self.entity_by_goal = q(
            f"SELECT {ENTITY_COLUMNS} FROM entities"  # noqa: S608
            " WHERE owner=? AND goal=? ORDER BY created_at DESC LIMIT 1"
        )

        # Idempotency keys (engine/idempotency.py): a live record is never overwritten;
        # an expired one is, and the rest of the expired go on each keyed write.
        self.put_idempotency = q(
            f"INSERT INTO idempotency ({KEY_COLUMNS}) VALUES (?,?,?,?,?,?)"  # noqa: S608
            " ON CONFLICT (owner, key) DO UPDATE SET fingerprint=EXCLUDED.fingerprint,"
            " answer=EXCLUDED.answer, created_at=EXCLUDED.created_at,"
            " expires_at=EXCLUDED.expires_at WHERE idempotency.expires_at<=EXCLUDED.created_at"
            " RETURNING 1"
        )
        self.purge_idempotency = q("DELETE FROM idempotency WHERE expires_at<=?")
        self.get_idempotency = q(
            f"SELECT {KEY_COLUMNS} FROM idempotency"  # noqa: S608
            " WHERE owner=? AND key=? AND expires_at>?"
        )

        # The webhook outbox (engine/webhooks.py, engine/courier.py): rows are added with
        # the events they tell of; a claim is a short lease, so a worker that dies while
        # sending leaves the row to be sent again (at least once, never lost): when its
        # claim lapses, or at once where the store sees that its holder is gone.
        self.put_webhook = q(
            f"INSERT INTO webhook_deliveries ({HOOK_COLUMNS})"  # noqa: S608
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING"
        )
        self.claim_webhooks = q(
            "UPDATE webhook_deliveries SET claimed_by=?, claimed_until=? WHERE id IN ("  # noqa: S608
            " SELECT id FROM webhook_deliveries WHERE status='pending' AND next_attempt_at<=?"
            f" AND (claimed_until IS NULL OR claimed_until<=?{dialect.gone('claimed_by')})"
            f" ORDER BY next_attempt_at LIMIT ?{dialect.skip_locked}) RETURNING {HOOK_COLUMNS}"
        )
        self.finish_webhook = q(
            "UPDATE webhook_deliveries SET status=?, attempts=attempts+1, next_attempt_at=?,"
            " last_status=?, last_error=?, delivered_at=?, claimed_by=NULL, claimed_until=NULL"
            " WHERE id=? AND claimed_by=?"
        )
        self.release_webhooks = (
            "UPDATE webhook_deliveries SET claimed_by=NULL, claimed_until=NULL"
            " WHERE claimed_by IS NOT NULL"
        )
        self.webhooks_of = q(
            f"SELECT {HOOK_COLUMNS} FROM webhook_deliveries"  # noqa: S608
            " WHERE run_id=? ORDER BY created_at, id"
        )
        # Share links (engine/shares.py): looked up by the hash of their token only.
        self.put_share = q(f"INSERT INTO shares ({SHARE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)")  # noqa: S608
        self.get_share = q(f"SELECT {SHARE_COLUMNS} FROM shares WHERE token_hash=?")  # noqa: S608
        self.lock_share = q(f"SELECT {SHARE_COLUMNS} FROM shares WHERE token_hash=?{lock}")  # noqa: S608
        self.shares_of = q(
            f"SELECT {SHARE_COLUMNS} FROM shares WHERE run_id=?"  # noqa: S608
            " ORDER BY created_at DESC, token_id"
        )
        self.revoke_share = q(
            "UPDATE shares SET revoked_at=COALESCE(revoked_at, ?)"  # noqa: S608
            f" WHERE owner=? AND run_id=? AND token_id=? RETURNING {SHARE_COLUMNS}"
        )
        self.touch_share = q("UPDATE shares SET last_used_at=? WHERE token_hash=?")

    def webhook_values(self, d: WebhookDelivery) -> tuple[Any, ...]:
        """The parameters of :attr:`put_webhook`."""
        ts = self.timestamp
        return (
            d.id,
            d.run_id,
            d.type,
            d.target,
            d.url,
            d.payload,
            ts(d.created_at),
            ts(d.next_attempt_at),
            d.status,
            d.attempts,
            d.last_status,
            d.last_error,
            ts(d.delivered_at) if d.delivered_at else None,
        )

    def outcome_values(self, outcome: WebhookOutcome) -> tuple[Any, ...]:
        """The first parameters of :attr:`finish_webhook` (then the id and the worker)."""
        ts = self.timestamp
        return (
            outcome.status,
            ts(outcome.next_attempt_at),
            outcome.last_status,
            outcome.last_error,
            ts(outcome.delivered_at) if outcome.delivered_at else None,
        )

    def share_values(self, record: ShareRecord) -> tuple[Any, ...]:
        ts = self.timestamp
        return (
            record.token_hash,
            record.token_id,
            record.run_id,
            record.owner,
            record.role,
            ts(record.created_at),
            ts(record.expires_at),
            ts(record.revoked_at) if record.revoked_at else None,
            ts(record.last_used_at) if record.last_used_at else None,
        )

    def idempotency_values(self, record: IdempotencyRecord) -> tuple[Any, ...]:
        ts = self.timestamp
        return (
            record.owner,
            record.key,
            record.fingerprint,
            record.answer,
            ts(record.created_at),
            ts(record.expires_at),
        )

    def run_values(self, run: Run) -> tuple[Any, ...]:
        """The parameters of :attr:`put_run`."""
        ts = self.timestamp
        return (
            run.id,
            run.owner,
            run.conversation,
            run.status.value,
            ts(run.created_at),
            ts(run.updated_at),
            run.lease_holder,
            ts(run.lease_expires_at) if run.lease_expires_at else None,
            run.model_dump_json(),
        )

    def head_values(self, run: Run) -> tuple[Any, ...]:
        """The parameters of :attr:`put_head`."""
        return (run.id, run.revision, run.last_seq)
