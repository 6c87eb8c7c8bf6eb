"""How the rows the store's statements (:mod:`planloop.store.sql`) read back become runs,
records and plans, on either backend: timestamps are text on SQLite and datetimes on
PostgreSQL, and a run's lease and head come from their columns, not from its body."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from planloop.domain import Run
from planloop.store.base import (
    EntityRecord,
    IdempotencyRecord,
    PlanVersion,
    ShareRecord,
    WebhookDelivery,
)


def timestamp_of(value: Any) -> datetime:
    """A timestamp column read back: text on SQLite, a datetime on PostgreSQL."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def run_from_row(row: Sequence[Any]) -> Run:
    """A run from its ``RUN_COLUMNS``."""
    body, lease_owner, lease_expires_at, revision, last_seq = row
    # Leases (claim/renew/release) change in their own columns without the body, and the
    # head (put_seq) in its own table; the columns are the truth.
    run = Run.model_validate_json(body)
    run.revision = revision
    run.last_seq = last_seq
    run.lease_holder = lease_owner
    run.lease_expires_at = timestamp_of(lease_expires_at) if lease_expires_at else None
    return run


def first_run(rows: Sequence[Sequence[Any]]) -> Run | None:
    return run_from_row(rows[0]) if rows else None


def first_count(rows: Sequence[Sequence[Any]]) -> int:
    return int(rows[0][0] or 0) if rows else 0


def idempotency_from_row(row: Sequence[Any]) -> IdempotencyRecord:
    """A record from its ``KEY_COLUMNS``."""
    owner, key, fingerprint, answer, created_at, expires_at = row
    return IdempotencyRecord(
        owner, key, fingerprint, answer, timestamp_of(created_at), timestamp_of(expires_at)
    )


def entity_from_row(row: Sequence[Any]) -> EntityRecord:
    """An entity from its ``ENTITY_COLUMNS``."""
    name, run_id, owner, goal, created_at = row
    return EntityRecord(name, run_id, owner, goal, timestamp_of(created_at))


def webhook_from_row(row: Sequence[Any]) -> WebhookDelivery:
    """A delivery from its ``HOOK_COLUMNS``."""
    (id_, run_id, type_, target, url, payload, created_at, next_at, status, attempts) = row[:10]
    last_status, last_error, delivered_at = row[10:13]
    return WebhookDelivery(
        id=id_,
        run_id=run_id,
        type=type_,
        target=target,
        url=url,
        payload=payload,
        created_at=timestamp_of(created_at),
        next_attempt_at=timestamp_of(next_at),
        status=status,
        attempts=int(attempts),
        last_status=last_status,
        last_error=last_error,
        delivered_at=timestamp_of(delivered_at) if delivered_at else None,
    )


def plan_from_row(row: Sequence[Any]) -> PlanVersion:
    """A plan version from its ``PLAN_COLUMNS``."""
    run_id, iteration, revision, plan, created_at = row
    return PlanVersion(run_id, int(iteration), int(revision), plan, timestamp_of(created_at))


def share_from_row(row: Sequence[Any]) -> ShareRecord:
    """A share from its ``SHARE_COLUMNS``."""
    token_hash, token_id, run_id, owner, role, created, expires, revoked, used = row
    return ShareRecord(
        token_hash,
        token_id,
        run_id,
        owner,
        role,
        timestamp_of(created),
        timestamp_of(expires),
        timestamp_of(revoked) if revoked else None,
        timestamp_of(used) if used else None,
    )
