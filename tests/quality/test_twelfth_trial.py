"""Found by the twelfth round of new users' trials: "Lose 8 kg …; I'm 82 kg now" was a plan
to lose 82 kg, and "I hurt my knee, no running until February" was read as nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import pick
from tests.quality.drive import START, drive

WEDDING = "Lose 8 kg by my wedding on 12 June 2027; I'm 82 kg now and can exercise 4 times a week"


def test_a_weight_one_has_now_is_no_target() -> None:
    cs = gather(WEDDING, START)
    assert cs.changed_quantities() == []
    target = cs.quantity("kg", scope="")
    assert target is not None and target.number == 8
    # said at a checkpoint, "… now" still changes a count
    later = gather(WEDDING, START, [Feedback(checkpoint=1, text="Make it 6 kg now")])
    assert later.quantity("kg", scope="") is not None
    assert later.quantity("kg", scope="").number == 6  # type: ignore[union-attr]


async def test_the_weeks_lose_what_the_goal_says_and_rest_the_knee() -> None:
    run = await drive(WEDDING, {1: "I hurt my knee, no running until February."})
    parts = sections(run.plan)
    assert "Changed since the goal" not in run.plan
    assert "8 kg (goal) over 28 weeks is 0.3 kg a week, within the usual safe pace" in run.plan
    weeks = parts["Week-by-week plan"]
    assert "| 1 | 2026-12-02 | 2 | −0.3 kg | Low-impact only, no running until 2027-01-31" in weeks
    assert "| 10 | 2027-02-03 | 4 | −2.9 kg | Progress:" in weeks
    assert (
        "— the weeks until 2027-01-31 keep to low-impact exercise, without running."
        in parts["Feedback applied"]
    )
    assert run.flags == []


async def test_a_parent_and_toddler_group_meets_on_its_day_from_its_month() -> None:
    run = await drive(
        "Start a weekly parent and toddler group at St Mark's church hall on Wednesday mornings"
        " from January 2027"
    )
    parts = sections(run.plan)
    assert "Plan type: a club that meets." in parts["Schedule"]
    first = re.search(r"^\| 1 \| ([0-9-]{10}) \|", parts["Meetings"], re.M)
    assert first is not None and first[1].startswith("2027-01")
    assert date.fromisoformat(first[1]).weekday() == 2  # a Wednesday


def test_only_going_on_saturdays_leaves_saturdays() -> None:
    cs = gather(
        "Get my allotment ready for spring planting by 15 March 2027; I can only go on Saturdays",
        START,
    )
    days = cs.latest("days")
    assert days is not None and days.subject == "saturday"


async def test_a_hen_weekends_budget_each_and_who_dropped_out() -> None:
    run = await drive(
        "Organise my sister's hen weekend in Brighton for 10 people on 5-7 March 2027, budget"
        " £250 each",
        {1: "Two people dropped out, so 8 of us now. No strippers."},
    )
    parts = sections(run.plan)
    assert "Cap: £250 a person × 8 people = at most £2,000" in parts["Budget"]
    assert "Total budget £250" not in run.plan
    assert "the team is 2 people" not in run.plan and "2 people | Does the work" not in run.plan
    assert "_Changed since the goal: 8 people, not 10 people (checkpoint 1 feedback)._" in run.plan


async def test_a_tilers_start_is_the_tilings_day_not_the_plans() -> None:
    run = await drive(
        "Renovate our bathroom in Leeds for £9,000 by April 2027; we need a plumber and a tiler",
        {1: "The tiler can only start on 1 March."},
    )
    parts = sections(run.plan)
    assert "From 2026-12-02 to the deadline 2027-04-30" in parts["Schedule"]
    assert "| Tile; lay the floor; decorate; second fix | 2027-03-01 |" in parts["Works sequence"]
    assert "— the tiler's step starts on 2027-03-01 (Works sequence)" in run.plan


def test_away_for_a_whole_month_is_days_away() -> None:
    cs = gather(
        "Write and self-publish a 60,000-word fantasy novel by December 2027",
        START,
        [Feedback(checkpoint=1, text="I'm away for all of August.")],
    )
    (away,) = cs.of("away")
    assert (away.first, away.when) == (date(2027, 8, 1), date(2027, 8, 31))
    assert cs.deadline is not None and cs.deadline.when == date(2027, 12, 31)


async def test_a_groups_hall_cost_a_meeting_and_what_families_pay() -> None:
    run = await drive(
        "Start a weekly parent and toddler group at St Mark's church hall on Wednesday mornings"
        " from January 2027",
        {1: "The hall costs £15 a session; we'll charge £2 per family."},
    )
    budget = sections(run.plan)["Budget"]
    held = len(re.findall(r"^\| [0-9]+ \| [0-9-]{10} \|", sections(run.plan)["Meetings"], re.M))
    assert f"Cap: £15 a session × {held} meetings = at most £{15 * held:,}" in budget
    assert "At £2 a family (feedback:1), 8 families a meeting pay for it." in budget
    assert "Price: charge £2 a family (feedback:1)." in budget
    assert run.flags == []


async def test_the_words_a_day_given_are_no_work_package() -> None:
    run = await drive(
        "Write and self-publish a 60,000-word fantasy novel by December 2027, writing 500 words"
        " a day on weekdays"
    )
    parts = sections(run.plan)
    assert "500 words a day on weekdays" not in parts["Work breakdown"]
    assert "500 words a day on weekdays" not in parts["MoSCoW priorities"]


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        ("Organise my sister's hen weekend in Brighton for 10 people on 5-7 March 2027", "trip"),
        ("Plan a stag do in Newcastle for 12 lads in June 2027", "trip"),
        ("Build a hen house for our 4 chickens by spring", "general"),
    ],
)
def test_a_hen_weekend_is_a_trip_and_a_hen_house_is_not(goal: str, family: str) -> None:
    assert pick(goal).id == family
