"""A child's birthday party is planned as a party, not a wedding (found as a user: "Plan my
daughter's 8th birthday party for 15 kids on a $400 budget" got 26 weeks, a venue booked 25
weeks ahead, a caterer, photography, a finance holder's monthly spend review and "one
sub-package per unit: 15 kids, delivered in waves")."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.constraints import gather
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.tables import structure
from tests.planners.test_memory_plans import _run

START = date(2026, 12, 4)
PARTY = "Plan my daughter's 8th birthday party for 15 kids on a $400 budget"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (PARTY, "party"),
        ("Throw a dinner party for 8 friends next month", "party"),
        ("Host a housewarming barbecue in June", "party"),
        ("Organise the company summer party for 200 staff", "event"),
        ("Plan our wedding next September for 120 guests", "event"),
    ],
)
def test_a_party_at_home_is_its_own_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


def test_a_party_counts_down_weeks_not_months() -> None:
    out = outline.build(PARTY, gather(PARTY, START))
    assert out.end == date(2027, 1, 15)  # six weeks: no deadline stated
    assert [m.title for m in out.milestones][-1] == "Party day"
    table = structure(out)
    assert "| With M3 | 2026-12-21 | Send invitations with a reply-by date | Host |" in table
    assert "| 1 day before | 2027-01-14 | Decorate and set up the games | Host |" in table
    assert "| Party day | 2027-01-15 | The party | Host |" in table
    for wedding_word in ("caterer", "photography", "flowers", "vendor"):
        assert wedding_word not in table.lower()
    assert [name for name, _, _ in out.family.lines] == [
        "Place or room hire",
        "Food and cake",
        "Entertainment",
        "Games and prizes",
        "Decorations",
        "Party bags or favours",
        "Invitations",
    ]


async def test_a_party_plan_has_no_launch_waves_or_finance_holder() -> None:
    plan, _ = await _run(PARTY, [])
    assert "| Food and cake | $120 | 30% of $400 (goal) |" in plan
    assert "sub-package per unit" not in plan
    assert "Launch and hand over" not in plan and "acceptance checks" not in plan
    assert "**Hold it and wrap up** — run the day to its plan" in plan
    assert "Finance / budget holder" not in plan


async def test_a_business_plan_still_opens_and_a_software_one_hands_over() -> None:
    plan, _ = await _run("Open a bakery in Lisbon with a budget of $40,000 within 6 months", [])
    # found as a user: a café was told to "train the people who run it"
    assert "**Open and settle in** — open the doors, ask the first customers" in plan
    assert "Launch and hand over" not in plan
    app, _ = await _run("Build an MVP of our booking app by June with a budget of $40,000", [])
    assert "**Launch and hand over** — go live, train the people who run it, confirm the " in app
    assert "Finance / budget holder" in plan


def test_no_entertainer_drops_the_entertainer_not_the_games_or_the_cake() -> None:
    """Found in the page: the reviewer wrote "No entertainer, we do games ourselves. Grandma
    bakes the cake." and the plan kept "Book entertainment" and its budget line, which
    "entertainer" did not name; now it names them, and only them."""
    from planloop.domain import Feedback

    feedback = [Feedback(checkpoint=1, text="No entertainer, we do games ourselves.")]
    out = outline.build(PARTY, gather(PARTY, START, feedback))
    table = structure(out)
    assert "Book entertainment" not in table
    assert "Order or bake the cake" in table and "Plan the games" in table
    lines = [line.name for line in out.lines]
    assert "Entertainment" not in lines and "Games and prizes" in lines


def test_a_countdown_label_is_the_dates_own_count_of_weeks() -> None:
    """Found in a user trial: "8 weeks before 2027-02-05" was 52 days before the day,
    "14 weeks before" 13.1 weeks."""
    out = outline.build(PARTY, gather(PARTY, START))
    for weeks, day in re.findall(r"^\| (\d+) weeks before \| ([\d-]+) \|", structure(out), re.M):
        assert (out.end - date.fromisoformat(day)).days == 7 * int(weeks), (weeks, day)
