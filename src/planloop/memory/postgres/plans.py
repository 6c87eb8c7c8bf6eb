"""Plan entities in PostgreSQL: ``plan_<slug>_<run>``, one per run, linked from user.md.

The same names and content as the folder's (:mod:`planloop.memory.plans`). Saves take one
transaction-scoped advisory lock, so replicas finishing — or retrying — the same run at the
same moment cannot both create an entity: the second finds the first's by its ``run_id``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from planloop.memory import notes
from planloop.memory.names import InvalidEntityName, is_entity_name
from planloop.memory.pg_rows import derive, find_by_run, insert, replace, storable

if TYPE_CHECKING:
    import psycopg

    from planloop.memory.pg import PgMemory

log = logging.getLogger(__name__)

PLAN_LOCK = 7_311_205_002  # pg_advisory_xact_lock key for plan saves


def save_plan(
    conn: psycopg.Connection[Any],
    memory: PgMemory,
    *,
    run_id: str,
    goal: str,
    plan: str,
    facts: Mapping[str, str],
    links: Sequence[str] = (),
) -> str:
    """See :meth:`planloop.memory.vault.Vault.save_plan`; ``conn`` is in a transaction."""
    if isinstance(links, str):
        raise TypeError("links must be a sequence of entity names, not one string")
    tag = notes.run_tag(run_id)
    if not tag:
        raise InvalidEntityName(run_id, "a run_id needs letters or digits to name its plan")
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (PLAN_LOCK,))
    name = find_by_run(conn, run_id) or _free_name(
        conn, f"plan_{notes.slugify(goal)}_{tag}", run_id
    )
    wanted = [n for n in dict.fromkeys(links) if n != name and is_entity_name(n)]
    found = conn.execute(
        "SELECT name FROM memory_entities WHERE name = ANY(%s)", (wanted,)
    ).fetchall()
    present = {r[0] for r in found}
    linked = [n for n in wanted if n in present]
    rendered = notes.render_plan(
        goal=goal, plan=plan, facts=notes.plan_facts(run_id, goal, facts), links=linked
    )
    row = derive(name, storable(rendered))
    current = conn.execute(
        "SELECT text, version, written, folder FROM memory_entities WHERE name = %s FOR UPDATE",
        (name,),
    ).fetchone()
    if current is None:
        insert(conn, row, written=True)
    elif current[0] != row.text:
        if current[1] != current[2]:
            # A person changed the note since planloop wrote it: theirs is kept.
            log.warning("kept %s as it is: it was edited since planloop wrote it", name)
        else:
            replace(conn, derive(name, row.text, current[3]), written=True, base_version=None)
    memory.edit_user(conn, lambda text: notes.add_entity_link(text, name))
    return name


def _free_name(conn: psycopg.Connection[Any], base: str, run_id: str) -> str:
    """``base``, or — taken by another note — ``base_<digest>[n]``, the first one free."""

    def taken(name: str) -> bool:
        found = conn.execute("SELECT 1 FROM memory_entities WHERE name = %s", (name,))
        return found.fetchone() is not None

    if not taken(base):
        return base
    digest = hashlib.sha256(notes.one_line(run_id).encode()).hexdigest()[:8]
    candidate, counter = f"{base}_{digest}", 1
    while taken(candidate):
        counter += 1
        candidate = f"{base}_{digest}{counter}"
    return candidate
