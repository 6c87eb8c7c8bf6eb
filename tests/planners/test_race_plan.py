"""A race to organise is planned from the organiser's side (found as a user: "Organise a
charity 5k run for 300 runners in Bristol in June" got an athlete's training plan: base
weeks, a peak long run, a taper, and the athlete as the one who decides)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints import gather
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.tables import structure
from tests.planners.test_memory_plans import _run

START = date(2026, 12, 4)
RACE = "Organise a charity 5k run for 300 runners in Bristol in June"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (RACE, "race"),
        ("Host a 10k for 500 runners in the park next spring", "race"),
        ("We are staging the town's first half-marathon in October", "race"),
        ("A fun-run for 120 entrants at the school in May", "race"),
        ("Run my first 5k in June", "training"),
        ("Run a marathon in under 4 hours next October", "training"),
        ("Train for a half-marathon with my running club", "training"),
        ("Organise a team-building away day for 30 staff", "retreat"),
    ],
)
def test_a_race_to_organise_is_not_a_race_to_run(goal: str, family: str) -> None:
    assert pick(goal).id == family


def test_a_race_counts_down_to_race_day_with_permits_timing_and_marshals() -> None:
    out = outline.build(RACE, gather(RACE, START))
    assert out.end == date(2027, 6, 30)  # "in June": by the end of June
    assert [m.title for m in out.milestones] == [
        "Date, route, entry cap and budget fixed",
        "Race permit, road closures and insurance granted",
        "Entries open; chip timing booked",
        "Marshals, first aid and water stations confirmed",
        "Course walked; race packs sent; marshals briefed",
        "Race day",
    ]
    table = structure(out)
    assert "apply for the race permit and road closures" in table
    assert "Recruit marshals and water-station volunteers" in table
    assert "| Race day | 2027-06-30 | The race | Race director |" in table
    for training_word in ("taper", "long run", "km"):
        assert training_word not in table.lower()


def test_the_permit_is_applied_for_well_before_it_is_granted() -> None:
    """Found as a user: "apply for the race permit" was dated with M2, the day the permit
    is to be granted."""
    out = outline.build(RACE, gather(RACE, START))
    m1, m2 = out.milestones[0].due, out.milestones[1].due
    table = structure(out)
    applied = next(row for row in table.splitlines() if "apply for the race permit" in row)
    assert applied.startswith(f"| With M1 | {m1.isoformat()} |")
    assert m1 < m2


def test_an_excluded_part_of_a_race_is_dropped_from_its_countdown() -> None:
    goal = f"{RACE}, no medals"
    table = structure(outline.build(goal, gather(goal, START)))
    assert "Order T-shirts for the entry cap" in table
    assert "medals" not in table.split("| Task |", 1)[1].lower()


async def test_a_race_plan_is_the_organisers() -> None:
    plan, _ = await _run(RACE, [])
    assert "Plan type: a race to organise." in plan
    assert "## Countdown to race day" in plan
    assert "Race director" in plan
    assert "Athlete" not in plan
    assert "Week-by-week training schedule" not in plan
    assert "sub-package per unit" not in plan  # 300 runners are not units delivered in waves
