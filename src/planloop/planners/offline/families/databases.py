"""A database upgraded or moved: PostgreSQL 13 to 16, MySQL to a managed service (found in
a page trial: "Migrate our 3-person team's PostgreSQL 13 database to PostgreSQL 16 by March
15 with less than 10 minutes of downtime" got an application's waves, "low-risk read paths"
moved behind a switch with 10% → 50% → 100% of the traffic, and its downtime was in no part
of the plan). A database does not move a path at a time: a copy is upgraded and tested,
the new version is kept in sync beside the old, then the clients are switched in one
cutover, whose downtime is what the goal caps. The migration family (kinds.py) in those
words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_DATABASE = re.compile(
    r"\b(?:postgres(?:ql)?|mysql|mariadb|mongo(?:db)?|sql\sserver|oracle\sdb|sqlite"
    r"|(?:the\s|our\s|a\s|production\s)database)\b",
    re.I,
)
STEPS = "Upgrade steps"  # its structure section (upgrades.py)


def moves_a_database(goal: str) -> bool:
    return _DATABASE.search(goal) is not None


def for_database(family: Family, goal: str) -> Family:
    """The migration family for a database's upgrade or move."""
    if family.id != "migration" or not moves_a_database(goal):
        return family
    phases = (
        phase(
            "Inventory agreed: versions, extensions, size, clients; rollback plan",
            0.1,
            "Tech lead",
            "inventory rollback database",
        ),
        phase(
            "Rehearsal: a copy of production on the new database; the application's tests pass",
            0.35,
            "Engineering team",
            "rehearsal staging test testing",
        ),
        phase(
            "New database kept in sync beside the old; lag and slow queries watched",
            0.6,
            "Engineering team",
            "replication replica sync",
        ),
        phase(
            "Cutover rehearsed and timed on the copy", 0.8, "Engineering team", "rehearsal cutover"
        ),
        phase(
            "Cutover: writes paused, clients switched; the old database kept",
            0.92,
            "Tech lead",
            "cutover",
        ),
        phase("Old database decommissioned", 1.0, "Tech lead", "decommission"),
    )
    return dataclasses.replace(
        family, title="A database upgrade or move", phases=phases, structure=STEPS
    )  # fmt: skip
