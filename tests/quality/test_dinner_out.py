"""A birthday dinner, as a new user's trial planned it: "Organise a 40th birthday dinner
for 18 people on 13 March 2027 in Manchester, budget £900" was a party at home ("shop for
the food", "Place or room hire"), and "We are 22 people now" at its checkpoint made a team
of 22 with a coordination risk while the dinner stayed at 18."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families.parties import eats_out
from tests.quality.drive import START, drive

DINNER = "Organise a 40th birthday dinner for 18 people on 13 March 2027 in Manchester, budget £900"


def test_we_are_n_people_now_is_who_comes_to_a_dinner() -> None:
    cs = gather(DINNER, START, [Feedback(checkpoint=1, text="We are 22 people now")])
    assert not cs.teams
    counted = cs.quantity("person")
    assert counted is not None and counted.number == 22 and counted.source == "feedback:1"


def test_we_are_n_people_now_is_still_a_teams_size_for_a_team_offsite() -> None:
    goal = "Plan a 3-day team offsite in Lisbon for 12 people in March, budget €9,000"
    cs = gather(goal, START, [Feedback(checkpoint=1, text="We are now 14 people, not 12.")])
    assert [t.number for t in cs.teams] == [14]


@pytest.mark.parametrize(
    ("goal", "out"),
    [
        (DINNER, True),
        ("Book a leaving lunch for 12 colleagues in Leeds", True),
        ("Host a dinner party for 8 friends on 20 March", False),
        ("Cook a birthday dinner for 6 at home", False),
        ("Cook a Christmas dinner for 10 people", False),
        ("Christmas dinner for the family at ours on 25 December", False),
    ],
)
def test_a_dinner_for_a_party_is_eaten_out_unless_cooked(goal: str, out: bool) -> None:
    assert eats_out(goal) is out


async def test_the_dinner_is_booked_and_its_budget_said_a_head() -> None:
    run = await drive(DINNER, {1: "We are 22 people now"})
    secs = sections(run.plan)
    assert "Plan type: a celebration meal out." in secs["Schedule"]
    assert "Restaurant booked for the date and the numbers; deposit paid" in secs["Schedule"]
    assert "shop for the food" not in run.plan and "Place or room hire" not in run.plan
    assert (
        "For 22 people (feedback:1): £40.90 a head in all; the dinner line is £22.50 a head:"
        " ask the restaurant for a set menu within it." in secs["Budget"]
    )
    assert "Coordination overhead" not in run.plan and "Team" not in secs["Constraints"]
    assert "the plan is now for 22 people, not 18 people (goal)" in secs["Feedback applied"]
    assert run.flags == []


async def test_a_party_at_home_says_its_budget_a_head() -> None:
    run = await drive(
        "Throw a surprise 50th birthday party at home for 30 people in May, budget £600"
    )
    assert (
        "For 30 people (goal): £20 a head in all; the food and cake line is £7 a head."
        in sections(run.plan)["Budget"]
    )


async def test_a_party_at_home_says_each_task_on_its_milestones_day() -> None:
    """The same trial's page: "Fix the date, guest list and budget" was due 12 December in the
    countdown and 16 December as M1; the food and the shopping two days apart as well."""
    run = await drive("Throw a surprise 50th birthday party at home for 30 people, budget £600")
    secs = sections(run.plan)
    milestones = {
        row.split("|")[2].strip(): row.split("|")[4].strip()
        for row in secs["Schedule"].splitlines()
        if row.startswith("| M")
    }
    countdown = secs["Party countdown"]
    for task, milestone in [
        ("Fix the date, the guest list and the budget", "Date, guest list and budget fixed"),
        ("Order the cake and the food, or plan the menu", "Cake, food and drinks ordered"),
        ("Count the replies; ask about diets; shop for the food", "Replies counted; shopping done"),
    ]:
        row = next(r for r in countdown.splitlines() if f"| {task} |" in r)
        assert f"| {milestones[milestone]} |" in row, (row, milestones[milestone])


LEAVING = (
    "Organise a leaving lunch for 14 colleagues at a restaurant in Leeds on 26 February 2027,"
    " budget £500"
)


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (LEAVING, "A celebration meal out"),
        ("Organise a retirement dinner for 30 people", "A celebration meal out"),
        ("Host a fundraising dinner for 100 guests on 6 November 2027, budget £5,000", "An event"),
        ("Plan our wedding reception dinner for 80 guests", "An event"),
    ],
)
def test_a_meal_for_an_occasion_is_a_meal_out(goal: str, family: str) -> None:
    from planloop.planners.offline.families import pick

    assert pick(goal).title == family


async def test_a_leaving_lunch_is_a_lunch_for_the_people_said_last() -> None:
    """A second page trial's: the leaving lunch was an event with a photographer and
    flowers, and "We're now 18 people and it's £35 a head at most" made 18 people who do the
    work, with a coordination risk, the lunch still for 14 colleagues."""
    run = await drive(LEAVING, {1: "We're now 18 people and it's £35 a head at most"})
    secs = sections(run.plan)
    assert "| M6 | Lunch day | Host | 2027-02-26 |" in secs["Schedule"]
    assert "| Lunch day | 2027-02-26 | The lunch | Host |" in secs["Party countdown"]
    assert "| Lunch: food for every guest | £275 |" in secs["Budget"]
    assert (
        "For 18 people (feedback:1): £27.77 a head in all; the lunch line is £15.27 a head: ask"
        " the restaurant for a set menu within it." in secs["Budget"]
    )
    assert "Photograph" not in run.plan and "flowers" not in run.plan.lower()
    assert "Coordination overhead" not in run.plan and "| 18 people | Does the work" not in run.plan
    assert run.flags == []
