"""A week partly away keeps its runs before the time away (found as a user: away skiing from
Saturday 13 February, week 10 still had its full long run, on that Saturday)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 7)
RACE = "Prepare for a half marathon on 12 April while working full time"


async def test_the_week_before_a_trip_says_when_it_runs() -> None:
    driven = await drive(RACE, {1: "I'm away skiing 13-20 February."}, START)
    weeks = sections(driven.plan)["Week-by-week training schedule"]
    week10 = next(row for row in weeks.splitlines() if row.startswith("| 10 |"))
    assert week10.endswith("; away from Sat 13 February: the long run and the rest before then |")
    assert "| 11 | 2027-02-15 | 0 | 0 | 0 | Away (13-20 February): no runs planned |" in weeks
    assert "away from" not in weeks.replace(week10, "")  # only the week partly away says so


ULTRA = "Train for my first 50 km ultramarathon on 19 September 2027; I currently run 30 km a week"


async def test_no_running_while_away_is_no_ban_on_running() -> None:
    """Found by a user trial: "I'm away on holiday 2-16 August with no running." excluded
    running from the whole plan ("Won't have: running"), and two checks flagged every
    week of it. "No running" said with the time away is what stops then."""
    driven = await drive(ULTRA, {1: "I'm away on holiday 2–16 August with no running."}, START)
    cs = gather(
        ULTRA,
        START,
        [Feedback(checkpoint=1, text="I'm away on holiday 2–16 August with no running.")],
    )
    assert [(c.kind, c.subject) for c in cs.items if c.source == "feedback:1"] == [
        ("away", "running")
    ]
    weeks = sections(driven.plan)["Week-by-week training schedule"]
    assert "| 35 | 2027-08-02 | 0 | 0 | 0 | Away (2–16 August): no runs planned |" in weeks
    assert "running —" not in sections(driven.plan)["MoSCoW priorities"]
    assert driven.flags == []
    alone = gather(ULTRA, START, [Feedback(checkpoint=1, text="No alcohol. I'm away 2–16 August.")])
    assert [c.kind for c in alone.items if c.source == "feedback:1"] == ["away", "exclusion"]
