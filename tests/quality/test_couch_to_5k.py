"""A beginners' running group walks before it runs (found by a new user's trial: "Run a
6-week Couch to 5K group for 15 beginners … starting 10 January 2027" ran 12 weeks, with a
7 km long run in week 1, a taper and race day; its Tuesday and Saturday sessions and its
coach were read as nothing)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.constraints.weekdays import read_days
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 6)
GOAL = "Run a 6-week Couch to 5K group for 15 beginners in our park starting 10 January 2027"
SAID = (
    "Sessions are Tuesday and Saturday mornings. Our coach Priya Shah leads every session."
    " We need a first aid kit."
)


def test_six_weeks_from_the_start_and_the_days_of_the_sessions() -> None:
    cs = gather(GOAL, START)
    assert (cs.start, cs.end) == (date(2027, 1, 10), date(2027, 2, 20))
    # a deadline said wins over the span
    said = gather("A 6-week plan starting 10 January 2027, done by 1 March 2027", START)
    assert said.end == date(2027, 3, 1)
    [days] = read_days("Sessions are Tuesday and Saturday mornings.", "feedback:1")
    assert days.subject == "tuesday saturday"
    assert pick(GOAL).title == "A beginners' run-walk to 5 km"
    assert pick("Train for my first half marathon in April 2027").title != (
        "A beginners' run-walk to 5 km"
    )


async def test_run_walk_to_thirty_minutes_on_the_sessions_days_led_by_the_coach() -> None:
    run = await drive(GOAL, {1: SAID}, start=START)
    parts = sections(run.plan)
    schedule = parts["Schedule"]
    assert "| M5 | Graduation run: 5 km, or 30 minutes without stopping | Priya Shah |" in (
        schedule
    )
    weeks = parts["Week-by-week training schedule"]
    assert "| 1 | 2027-01-10 | Tuesday and Saturday | 1 min run, 90 s walk, × 8 |" in weeks
    assert "| 6 | 2027-02-14 | Tuesday and Saturday | 30 min run, or 5 km | Graduation run |" in (
        weeks
    )
    for racing in ("Long run", "Taper", "Race day", "Athlete"):
        assert racing not in run.plan, racing
    assert schedule.count("| Priya Shah |") == 5  # she leads every session: all of it
    assert not run.flags
