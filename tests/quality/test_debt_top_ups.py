"""Debts named by their cards and money added at a checkpoint (found by a new user's
trial: "Pay off £3,800 on a Barclaycard and £2,150 on an MBNA card" was a personal project,
"Cancelling the gym saves £42 a month, put that in too" replaced the £300 a month the goal
said, and £42 a month against £119 of interest was "not cleared in 1 months")."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.constraints.periods import MORE, a_period
from planloop.domain import Feedback
from planloop.planners.offline.families import pick
from tests.quality.drive import START, drive, not_cleared_in_time

CARDS = (
    "Pay off £3,800 on a Barclaycard and £2,150 on an MBNA card by end of 2027. I can pay £300"
    " a month."
)


@pytest.mark.parametrize(
    "goal",
    [
        CARDS,
        "Clear £2,000 on my Halifax card by June 2027",
        "Pay off £1,200 owed on my store card before Christmas",
    ],
)
def test_a_debt_on_a_named_card_is_a_debt(goal: str) -> None:
    assert pick(goal).id == "debt"


def test_cards_of_another_kind_are_no_debt() -> None:
    assert pick("Clear out my old Pokémon cards and sell them by March").id != "debt"


async def test_money_put_in_too_is_added_to_the_monthly_repayment() -> None:
    run = await drive(CARDS, {1: "Cancelling the gym saves £42 a month, put that in too."})
    parts = sections(run.plan)
    assert "Plan type: paying off a debt." in parts["Schedule"]
    assert "Paid £342.00 a month (goal, feedback:1)" in parts["Repayment schedule"]
    assert "| 1 | 2027-01-02 | £342.00 |" in parts["Repayment schedule"]
    assert (
        "“Cancelling the gym saves £42 a month” — added to the monthly repayment in Repayment"
        " schedule: £342." in parts["Feedback applied"]
    )
    assert "a 0% balance transfer" in parts["Schedule"]  # cards, not a loan
    assert not_cleared_in_time(run.flags)  # the schedule says so too


@pytest.mark.parametrize(
    ("said", "total"),
    [
        ("Cancelling the gym saves £42 a month, put that in too.", 342),
        ("I can add an extra £50 a month.", 350),
        ("I can also put £25 a month towards it", 325),
        ("Actually I can pay £250 a month.", 250),  # said outright: it replaces
        ("I can pay £250 a month, no more.", 250),
    ],
)
def test_what_a_month_comes_to(said: str, total: float) -> None:
    cs = gather(CARDS, START, [Feedback(checkpoint=1, text=said)])
    made = a_period(cs.of("period_cap"), "month")
    assert made is not None and made[0] == total
    assert [c.scope.endswith(MORE) for c in made[1]][-1] is (total not in (250,))


async def test_paying_less_than_the_interest_never_clears_it() -> None:
    run = await drive(CARDS.replace("£300 a month", "£42 a month"))
    lead = sections(run.plan)["Repayment schedule"]
    assert (
        "At that, it is never cleared: £42.00 a month does not cover the £119.00 of interest a"
        " month, so what is owed grows." in lead
    )
    assert "not cleared in 1 months" not in lead and "Interest paid" not in lead
