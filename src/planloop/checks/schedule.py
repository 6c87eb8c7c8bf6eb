"""The plan's dates as its checks read them: every milestone between the start and the
deadline (or, when the goal's own day is already past, said to have none), and in order;
and a debt's schedule that still owes at the deadline is a goal not reached in time."""

from __future__ import annotations

from datetime import date

from planloop.checks.markdown import Table, cell_date, money_in
from planloop.constraints import ConstraintSet
from planloop.domain import PlanCheck


def milestone_tables(found: list[Table]) -> list[Table]:
    """The tables with a date for each row: the schedule, its milestones, countdowns."""
    return [
        t for t in found if t.col("date", "due", "done by", "migrated by", "decide by") is not None
    ]


def date_checks(found: list[Table], cs: ConstraintSet) -> list[PlanCheck]:
    """Every dated row between the start and the deadline, and the rows in order."""
    late: list[str] = []
    early: list[str] = []
    unordered: list[str] = []
    where: list[str] = []
    count = 0
    # preparing before a stated start ("from February 2027") is in the plan's time: a club's
    # members and room found before its first meeting
    opens = cs.made_on or cs.start
    for t in milestone_tables(found):
        col = t.col("date", "due", "done by", "migrated by", "decide by")
        assert col is not None
        seen: list[date] = []
        for r in t.rows:
            when = cell_date(r[col], cs.start) if len(r) > col else None
            if when is None:
                continue
            count += 1
            where.append(t.section)
            if cs.end and when > cs.end:
                late.append(f"{r[0]} {when.isoformat()}")
            if when < opens:
                early.append(f"{r[0]} {when.isoformat()}")
            seen.append(when)
        if seen != sorted(seen) and t.col("when") is None:
            unordered.append(t.section)
        late += _still_owed(t, cs)
    start = f"the start {opens.isoformat()}" + (
        f" (the start said {cs.start.isoformat()})" if cs.made_on else ""
    )
    window = (
        f"between {start} and the deadline {cs.end.isoformat()}"
        if cs.end
        else f"from {start} on (no deadline stated)"
    )
    # a day the goal is for that is already past sets no deadline: the plan's window is
    # assumed, and said so, but a person must say the day (found by a new user's trial: a
    # reunion "on 15 August 2026", planned to an assumed June, with every check passed)
    past = [c for c in cs.of("passed") if c.when is not None] if cs.deadline is None else []
    if past and count and not late and not early:
        said = "; ".join(f"“{c.text}” ({c.source})" for c in past[:2])
        return [
            PlanCheck.of(
                "dates_within_deadline",
                False,
                f"Already past, so no deadline: {said}; the plan's end is assumed. Say the"
                " day it is for.",
                where,
            ),
            _in_order(count, unordered, where),
        ]
    inside = PlanCheck.of(
        "dates_within_deadline",
        not late and not early and count > 0,
        f"{count} dated row{'s' if count != 1 else ''} {window}."
        if count and not late and not early
        else (
            "No dated milestones found."
            if not count
            # each once: two tables dating a milestone alike named it twice (a page trial's)
            else "Outside the plan's window: "
            + "; ".join([*dict.fromkeys([*late, *early])][:5])
            + "."
        ),
        where,
    )
    return [inside, _in_order(count, unordered, where)]


def _still_owed(t: Table, cs: ConstraintSet) -> list[str]:
    """What a repayment schedule still owes at its last payment by the deadline (found by
    a new user's trial: a debt cleared 16 months late passed every check)."""
    owed, col = t.col("owed after"), t.col("date")
    if owed is None or col is None or cs.end is None:
        return []
    by_then = [
        r for r in t.rows if len(r) > owed and (d := cell_date(r[col], cs.start)) and d <= cs.end
    ]
    left = money_in(by_then[-1][owed]) if by_then else None
    if left is None or left <= 0.005:
        return []
    return [f"{by_then[-1][owed]} still owed at the deadline ({t.section}): not cleared in time"]


def _in_order(count: int, unordered: list[str], where: list[str]) -> PlanCheck:
    return PlanCheck.of(
        "dates_in_order",
        not unordered and count > 0,
        "Milestone dates run in order."
        if not unordered and count
        else (
            "No dated milestones found."
            if not count
            else "Dates out of order in " + ", ".join(unordered) + "."
        ),
        unordered or where,
    )
