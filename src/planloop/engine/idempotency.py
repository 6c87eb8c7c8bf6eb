"""Idempotency keys: a request sent again with the same key gets the first answer.

A client that lost an answer (a crash, a dropped connection) sends the request again with
the same ``Idempotency-Key``. The key belongs to the principal that sent it (the run's
owner), and the answer is recorded in the same transaction as what it answers (the run
created, the decision recorded), so a request either did its work and left its answer, or
did nothing and may be done again. The same key with another request is refused (it names
a different operation: the client has a bug), and a key lives ``ttl`` (24 h by default).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from planloop.domain import utcnow
from planloop.errors import InvalidInput
from planloop.store import IdempotencyRecord, Store, Transaction

MAX_KEY_CHARS = 200


class KeyTaken(Exception):
    """A concurrent request with the same key committed first: roll back, replay its answer."""


def fingerprint(*parts: Any) -> str:
    """A digest of what a request asks for (its operation, target and cleaned body)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Once:
    """One keyed request: whose key, the key, and what the request asked for."""

    owner: str
    key: str
    fingerprint: str
    ttl: timedelta

    @classmethod
    def of(cls, owner: str, key: str | None, ttl_s: float, *parts: Any) -> Once | None:
        if key is None:
            return None
        if not key or len(key) > MAX_KEY_CHARS or not key.isascii() or not key.isprintable():
            raise InvalidInput(
                f"Idempotency-Key must be 1 to {MAX_KEY_CHARS} printable ASCII characters",
                code="invalid_idempotency_key",
            )
        return cls(owner, key, fingerprint(*parts), timedelta(seconds=ttl_s))

    async def recorded(self, store: Store) -> dict[str, Any] | None:
        """The first answer to this key (None: none yet, or it expired); the same key with
        another request is a 422."""
        found = await store.idempotency(self.owner, self.key, utcnow())
        if found is None:
            return None
        if found.fingerprint != self.fingerprint:
            raise InvalidInput(
                "this Idempotency-Key was already used for a different request;"
                " use a new key for a new request",
                code="idempotency_key_reused",
            )
        answer: dict[str, Any] = json.loads(found.answer)
        return answer

    async def record(self, tx: Transaction, answer: dict[str, Any]) -> None:
        """Keep ``answer`` for this key in the transaction that did the work; KeyTaken if a
        concurrent request with the key committed first."""
        now = utcnow()
        record = IdempotencyRecord(
            owner=self.owner,
            key=self.key,
            fingerprint=self.fingerprint,
            answer=json.dumps(answer, ensure_ascii=False),
            created_at=now,
            expires_at=now + self.ttl,
        )
        if not await tx.put_idempotency(record):
            raise KeyTaken(self.key)
