"""A migration's structure: an application's waves, each moved behind a switch, or a
database's steps (its family is databases.py's), each with the downtime it takes and its
way back, and the cutover in the window the goal allows; all on the milestones' days."""

from __future__ import annotations

from planloop.constraints.quantities import OUTAGE, said_now
from planloop.planners.offline.families.databases import STEPS
from planloop.planners.offline.families.outline import Outline, date_at
from planloop.terms import cell


def migration(out: Outline) -> str:
    """The migration family's structure section: steps for a database, else waves."""
    return _steps(out) if out.family.structure == STEPS else _waves(out)


def _waves(out: Outline) -> str:
    """An application's migration: waves, each behind a switch, on the milestones' days."""
    first = [p.subject for p in out.cs.priorities]
    waves = [*first, "low-risk read paths", "core write paths", "remaining modules"]
    rows = ["| Wave | Scope | Migrated by | Cutover | Rollback |", "|---|---|---|---|---|"]
    # On the milestones' days: wave 1, wave 2, then (a wave asked for first makes four) one
    # between, and the last with "Remaining waves migrated".
    _, one, two, last = (ph.share for ph in out.family.phases[:4])
    shares = [one, two, last] if len(waves) == 3 else [one, two, (two + last) / 2, last]
    for i, (scope, share) in enumerate(zip(waves, shares, strict=False), start=1):
        due = date_at(out, share)
        rows.append(
            f"| {i} | {cell(scope)} | {due.isoformat()} | behind a switch, traffic moved in steps "
            f"| switch back to the old path at once; data written by both kept in sync |"
        )
    notes = [
        "Each wave: shadow traffic first, then 10% → 50% → 100%; a wave is done when the "
        "old path has been idle for a week."
    ]
    for c in out.cs.focus:
        notes.append(f"Focus asked for ({c.source}): **{c.subject}** — rehearsed in every wave.")
    return "\n".join([*rows, "", *notes])


def _steps(out: Outline) -> str:
    """The steps of a database's upgrade, on its milestones' days, with the downtime the
    goal allows at the cutover."""
    outage = next((c for c in reversed(out.cs.of("quantity")) if c.subject == OUTAGE), None)
    allowed = f"{outage.text} ({outage.source})" if outage else ""
    for was, now in out.cs.changed_quantities():  # "cut downtime to 2 hours"
        if was is outage:
            allowed = f"{said_now(was, now)} ({now.source})"
    window = allowed or "a window announced a week ahead"
    rehearsal, sync, timed, cutover = out.family.phases[1:5]
    steps = (
        (
            rehearsal,
            "Restore a copy of production and bring it to the new database as the cutover "
            "will; run the application's tests and its slowest queries against it",
            "none: a copy",
            "drop the copy",
        ),
        (
            sync,
            "Stand up the new database beside the old and keep it in sync (logical "
            "replication or the vendor's migration tool); check extensions and settings; "
            "watch the lag; set up the sync back for a rollback",
            "none: the old database still serves",
            "stop the sync; the old server is untouched",
        ),
        (
            timed,
            "Rehearse the cutover on the copy and time it, from writes paused to clients back",
            "none: a copy",
            "repeat until it fits the window",
        ),
        (
            cutover,
            "Pause writes; let the new database catch up; switch the clients' "
            "connection strings; check row counts and the application's health",
            window,
            "switch the clients back; the writes made since are synced back to the old",
        ),
    )
    rows = ["| # | What | Owner | Done by | Downtime | Rollback |", "|---|---|---|---|---|---|"]
    for i, (step, what, down, back) in enumerate(steps, start=1):
        # on its milestone's day, by its owner (a person named for it, if one was)
        m = next((m for m in out.milestones if m.title.startswith(step.title)), None)
        owner, due = (m.owner, m.due) if m else (step.owner, date_at(out, step.share))
        rows.append(
            f"| {i} | {cell(what)} | {cell(owner)} | {due.isoformat()} | {cell(down)} | {back} |"
        )
    notes = []
    if allowed:
        notes.append(
            f"Downtime allowed: {allowed}. The rehearsed cutover (step "
            "3) must fit it with room to spare; if it does not, fix the slow part before the "
            "cutover's date, not on it."
        )
    for c in out.cs.priorities:
        notes.append(f"Asked first ({c.source}): **{c.subject}**, checked in the rehearsal.")
    for c in out.cs.focus:
        notes.append(f"Focus asked for ({c.source}): **{c.subject}**, in every step.")
    return "\n".join([*rows, *(["", *notes] if notes else [])])
