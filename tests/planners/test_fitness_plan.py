"""A weight or fitness goal is planned as one, not as a race (found as a user: "Lose 8 kg
before my wedding in May" got a long run, a taper, "Race day" and a race entry fee)."""

from __future__ import annotations

from datetime import date

from planloop.constraints import gather
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.tables import structure

START = date(2026, 12, 4)


def _plan(goal: str, start: date = START) -> tuple[outline.Outline, str]:
    out = outline.build(goal, gather(goal, start))
    return out, structure(out)


def test_a_weight_goal_gets_weekly_check_ins_and_a_pace_not_a_race() -> None:
    out, table = _plan("Lose 8 kg before my wedding in May")
    assert out.family.id == "fitness"
    titles = [m.title for m in out.milestones]
    assert titles[0].startswith("Baseline measured") and titles[-1].startswith("Target reached")
    # before a wedding in May: done by the end of April, not after the wedding
    assert out.milestones[-1].due == date(2027, 4, 30)
    assert not any("race" in t.lower() or "long run" in t.lower() for t in titles)
    assert "Race" not in table and "Long run" not in table
    assert "| 21 | 2027-04-23 | 4 | −8.0 kg |" in table  # the whole target by the last week
    assert "0.4 kg a week, within the usual safe pace of up to 1 kg a week" in table
    assert [name for name, _, _ in out.family.lines] == [
        "Gym or classes",
        "Shoes and kit",
        "Coaching or nutrition advice",
    ]


def test_a_pace_faster_than_is_safe_is_said_and_a_goal_without_kg_tracks_habits() -> None:
    _, fast = _plan("Lose 15 kg in 8 weeks")
    assert "1.9 kg a week: faster than about 1 kg a week, the usual safe pace" in fast
    assert "check the target with a doctor" in fast
    _, habits = _plan("Get fitter and build strength at the gym by June")
    assert "No target weight change stated" in habits and "| — |" in habits
