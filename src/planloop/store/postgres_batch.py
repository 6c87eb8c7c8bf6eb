"""PostgreSQL: the events many runs write behind at once, committed together (group commit).

Each run's outbox commits its events on its own (``Store.add_events``): alone, one
statement, ``planloop_add_events``, and one transaction. With many runs going at once, two
such commits an iteration were a third of PostgreSQL's CPU per iteration: each a message
that wakes a server process, a transaction to commit and a NOTIFY to signal
(docs/benchmarks.md, the peer, finding 17). Here the calls that arrive while a group is on
its way wait (groups.py); the next trip sends them all as one statement,
``planloop_add_event_groups``, which makes each call ``planloop_add_events`` would, in one
transaction.

Each call keeps its own fence: one whose run changed writes nothing and is refused with
``RunChanged``, as alone. A group that fails as a whole for a reason of PostgreSQL's (a
call's rows that break a constraint, a deadlock) is sent again call by call, so only the
call at fault fails; a connection lost or a server going down (``Store.is_transient``)
fails the group, and each caller retries as it would alone.

The runs' rows are locked in the order of their ids, as the leases' renewal locks them, so
a group and a renewal never wait for each other in a circle.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg

from planloop.domain import Run
from planloop.events import StoredEvent
from planloop.store.base import RunChanged
from planloop.store.groups import CommitGroups
from planloop.store.postgres_transaction import ADD_EVENTS, CHANNEL, rows_and_note

log = logging.getLogger(__name__)

# Arguments: run ids, revisions, workers, where each run's events begin and end in the
# arrays that follow, the events' seqs, types, stamps and payloads (one run's after
# another's), the channel, and the NOTIFY note of each run. The calls are made in the order
# of their runs' ids (the database's own order, as the renewal's ORDER BY id; two of one
# run in the order given), and it returns whether each was written, in the order given.
ADD_EVENT_GROUPS_FUNCTION = (
    "CREATE OR REPLACE FUNCTION planloop_add_event_groups(TEXT[], BIGINT[], TEXT[],"
    " INTEGER[], INTEGER[], INTEGER[], TEXT[], TEXT[], TEXT[], TEXT, TEXT[])"
    " RETURNS BOOLEAN[] LANGUAGE plpgsql AS $body$ DECLARE"
    " written BOOLEAN[] := array_fill(false, ARRAY[cardinality($1)]); i BIGINT; BEGIN"
    " FOR i IN SELECT t.n FROM unnest($1) WITH ORDINALITY AS t(id, n) ORDER BY t.id, t.n LOOP"
    " written[i] := planloop_add_events($1[i], $2[i], $3[i], $6[$4[i]:$5[i]],"
    " $7[$4[i]:$5[i]], $8[$4[i]:$5[i]], $9[$4[i]:$5[i]], $10, $11[i]); END LOOP;"
    " RETURN written; END $body$"
)
ADD_EVENT_GROUPS = "SELECT planloop_add_event_groups($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"


@dataclass(frozen=True, slots=True)
class _Item:
    run_id: str
    revision: int
    worker: str
    events: Sequence[StoredEvent]

    def args(self) -> tuple[object, ...]:
        return (self.run_id, self.revision, self.worker, *rows_and_note(self.events))


class EventGroups:
    """Events written behind, committed group by group on the store's pool."""

    def __init__(
        self, pool: Callable[[], asyncpg.Pool], transient: Callable[[BaseException], bool]
    ) -> None:
        self._pool, self._transient = pool, transient
        self._groups = CommitGroups(self._commit)

    async def add(self, run: Run, worker: str, events: Sequence[StoredEvent]) -> None:
        """Commit ``events`` (numbered already, ``run.last_seq`` their last) with ``run``'s
        fence; ``run.revision`` advances once they are in. Raises what refused them."""
        await self._groups.wait(_Item(run.id, run.revision, worker, events))
        run.revision += 1

    async def close(self) -> None:
        """Let the group being committed end (its callers are told its outcome)."""
        await self._groups.close()

    async def _commit(self, items: Sequence[_Item]) -> list[BaseException | None]:
        pool = self._pool()
        if len(items) == 1:
            return [_refused(items[0], await pool.fetchval(ADD_EVENTS, *items[0].args()))]
        try:
            written = await pool.fetchval(ADD_EVENT_GROUPS, *_columns(items))
        except asyncpg.PostgresError as exc:  # one call's fault, or a deadlock: each alone
            if self._transient(exc):
                raise  # the connection or the server: the group failed, its callers retry
            log.warning(
                "a group of %d commits failed (%s, SQLSTATE %s): each goes alone",
                len(items),
                type(exc).__name__,
                exc.sqlstate,
            )
            return [await self._alone(item) for item in items]
        return [_refused(item, ok) for item, ok in zip(items, written, strict=True)]

    async def _alone(self, item: _Item) -> BaseException | None:
        try:
            return _refused(item, await self._pool().fetchval(ADD_EVENTS, *item.args()))
        except Exception as exc:  # this call's own outcome; the others' stand
            return exc


def _columns(items: Sequence[_Item]) -> tuple[object, ...]:
    """The group's calls as the arguments of ``planloop_add_event_groups``."""
    events = [e for item in items for e in item.events]
    lasts = list(itertools.accumulate(len(item.events) for item in items))
    return (
        [item.run_id for item in items],
        [item.revision for item in items],
        [item.worker for item in items],
        [last - len(item.events) + 1 for item, last in zip(items, lasts, strict=True)],
        lasts,
        [e.seq for e in events],
        [e.type for e in events],
        [e.ts for e in events],
        [e.payload for e in events],
        CHANNEL,
        [f"{item.run_id} {item.events[0].seq}" for item in items],
    )


def _refused(item: _Item, written: bool) -> RunChanged | None:
    if written:
        return None
    return RunChanged.of(item.run_id)
