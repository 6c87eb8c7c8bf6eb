"""A ratio of people to what they serve (a new user's trial, 2026-12-07): "one marshal per
50 runners" counted 50 runners as the race's field and measured the plan by them, and "two
volunteer mentors per table of six" was read as nothing; no plan said how many to find."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.extraction import extract_data_points
from tests.quality.drive import START, drive

RACE = (
    "Organise a charity 10k run for 500 runners in Sheffield on 18 April 2027 with a £15,000 "
    "budget and one marshal per 50 runners"
)
WORKSHOP = (
    "Run a weekend coding workshop for 40 teenagers in Lisbon on 13-14 March 2027 on a €2,000 "
    "budget with two volunteer mentors per table of six"
)


@pytest.mark.parametrize(
    ("goal", "said", "task"),
    [
        (RACE, "one marshal per 50 runners", "find 10 marshals for 500 runners"),
        (WORKSHOP, "two volunteer mentors per table of six",
         "find 14 volunteer mentors for 40 teenagers"),
        ("A summer camp for 45 kids with 1 leader for every 8 children", "1 leader for every 8 "
         "children", "find 6 leaders for 45 kids"),
    ],
)  # fmt: skip
def test_a_ratio_makes_a_number_of_people_to_find(goal: str, said: str, task: str) -> None:
    cs = gather(goal, START)
    assert [(c.text, c.subject) for c in cs.of("ratio")] == [(said, task)]
    # what the ratio is per is no count of the plan's
    assert [c.text for c in cs.of("quantity") if c.text in said] == []
    assert not [p for p in extract_data_points(goal, "goal") if p.value in said]


def test_money_and_cadence_per_something_are_no_ratio() -> None:
    cs = gather("Lessons at £5 per person, two sessions per week, for 20 people", START)
    assert cs.of("ratio") == []


def test_a_later_count_makes_the_ratio_larger() -> None:
    cs = gather(RACE, START, [Feedback(checkpoint=1, text="We now expect 800 runners.")])
    assert [c.subject for c in cs.of("ratio")] == ["find 16 marshals for 800 runners"]


async def test_the_plan_says_how_many_to_find_and_is_not_measured_by_the_ratio() -> None:
    run = await drive(RACE)
    parts = sections(run.plan)
    assert (
        "| Ratio | one marshal per 50 runners → find 10 marshals for 500 runners | goal |"
        in parts["Constraints"]
    )
    assert "| Find 10 marshals for 500 runners | Volunteer lead | 2027-03-15 | goal |" in run.plan
    assert "measured by 50 runners" not in run.plan and "and 50 runners" not in run.plan
    assert run.flags == []
